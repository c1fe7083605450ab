"""A real harvester (Sickle) harvests the whole repository from the live server, as an aggregator would.

The items are committed (a transactional test) so the live server's thread sees them;
serialized rollback puts back the data migrations' rows after the flush.
"""

import datetime
from collections import Counter
from urllib.parse import quote

import pytest
from sickle import Sickle, oaiexceptions

from library.models import LibraryItemPage, OaiRecord
from library.oai_records import sync_all
from tests.factories import build_site, make_library_item

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOST = "elearning.example.go.th"
ITEMS = 230


def oai_id(identifier):
    return f"oai:{HOST}:library/{quote(identifier, safe=':/')}"


@pytest.fixture
def repository(live_server, settings):
    """230 live items (made straight in the tree, records rebuilt once) and one unpublished item."""
    settings.PUBLIC_BASE_URL = f"https://{HOST}"
    settings.OAI_ADMIN_EMAIL = "library@example.go.th"
    library = build_site()["library"]
    for n in range(ITEMS):
        library.add_child(
            instance=LibraryItemPage(
                title=f"เอกสารทดสอบ {n}",
                title_en=f"Test document {n}",
                slug=f"doc-{n}",
                item_type="report" if n % 2 else "book",
                external_url="https://example.go.th/x",
            )
        )
    sync_all()
    withdrawn = make_library_item(library, document=False, external_url="https://example.go.th/x")
    withdrawn.unpublish()
    live = list(LibraryItemPage.objects.live().values_list("identifier", flat=True))
    return {
        "sickle": Sickle(f"{live_server.url}/library/oai/", max_retries=1, timeout=60),
        "live": {oai_id(identifier) for identifier in live},
        "withdrawn": oai_id(withdrawn.identifier),
    }


def test_the_whole_repository_is_harvested_once_with_resumption(repository):
    sickle = repository["sickle"]

    records = list(sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", ignore_deleted=False))
    only_live = list(sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=True))

    live_records = [record for record in records if not record.header.deleted]
    assert Counter(record.header.identifier for record in live_records) == Counter(repository["live"])
    assert len(repository["live"]) == ITEMS
    assert [record.header.identifier for record in records if record.header.deleted] == [repository["withdrawn"]]
    assert all(record.metadata["title"][0].startswith("เอกสารทดสอบ") for record in live_records)
    assert all(record.metadata["type"][0] == "Text" for record in live_records)
    assert Counter(header.identifier for header in headers) == Counter(record.header.identifier for record in records)
    assert [header.identifier for header in headers if header.deleted] == [repository["withdrawn"]]
    assert sorted(record.header.identifier for record in only_live) == sorted(repository["live"])


def test_identify_sets_and_a_single_record(repository):
    sickle = repository["sickle"]
    some_item = sorted(repository["live"])[0]

    identify = sickle.Identify()
    sets = {oai_set.setSpec: oai_set.setName for oai_set in sickle.ListSets()}
    record = sickle.GetRecord(identifier=some_item, metadataPrefix="oai_dc")
    gone = sickle.GetRecord(identifier=repository["withdrawn"], metadataPrefix="oai_dc")

    assert identify.baseURL == f"https://{HOST}/library/oai/"
    assert identify.deletedRecord == "persistent"
    assert {"type", "type:book", "type:report", "subject"} <= set(sets)
    assert record.header.identifier == some_item
    assert record.metadata["language"] == ["th"]
    assert gone.header.deleted
    with pytest.raises(oaiexceptions.IdDoesNotExist):
        sickle.GetRecord(identifier=f"oai:{HOST}:library/no-such-item", metadataPrefix="oai_dc")


def test_from_and_until_harvest_only_what_changed_in_between(repository):
    sickle = repository["sickle"]
    march = sorted(repository["live"])[:40]
    march_identifiers = [identifier.rsplit("/", 1)[1] for identifier in march]
    OaiRecord.objects.filter(identifier__in=march_identifiers).update(
        datestamp=datetime.datetime(2024, 3, 15, 8, 30, tzinfo=datetime.UTC)
    )

    in_march = sickle.ListIdentifiers(metadataPrefix="oai_dc", **{"from": "2024-03-01", "until": "2024-03-31"})
    to_the_second = sickle.ListRecords(
        metadataPrefix="oai_dc", **{"from": "2024-03-15T08:30:00Z", "until": "2024-03-15T08:30:00Z"}
    )
    since_april = sickle.ListIdentifiers(metadataPrefix="oai_dc", ignore_deleted=False, **{"from": "2024-04-01"})

    assert sorted(header.identifier for header in in_march) == march
    assert sorted(record.header.identifier for record in to_the_second) == march
    assert len(list(since_april)) == ITEMS - len(march) + 1
    with pytest.raises(oaiexceptions.NoRecordsMatch):
        list(sickle.ListIdentifiers(metadataPrefix="oai_dc", until="2024-02-29"))
