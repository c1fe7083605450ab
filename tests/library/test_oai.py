"""OAI-PMH 2.0 at /library/oai/: the verbs, the records, selective harvesting, resumption and errors.

Every response a test reads is validated against the official OAI-PMH, oai_dc and
oai-identifier schemas (``tests/library/oai_schema.py``, offline copies in ``schemas/``).
"""

import datetime
from urllib.parse import quote, urlencode

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from library import oai
from library.models import LibraryItemPage, OaiRecord, Subject
from library.oai_records import sync_all
from tests.factories import make_library_item
from tests.library.oai_schema import assert_valid_oai_pmh

pytestmark = pytest.mark.django_db

OAI_URL = "/library/oai/"
NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "id": "http://www.openarchives.org/OAI/2.0/oai-identifier",
}
HOST = "elearning.example.go.th"
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def public_site(settings):
    settings.PUBLIC_BASE_URL = f"https://{HOST}"
    settings.OAI_ADMIN_EMAIL = "library@example.go.th"


@pytest.fixture
def library(site_pages):
    return site_pages["library"]


def make_item(library, **fields):
    """A published item with an address only (no PDF to make)."""
    fields.setdefault("external_url", "https://example.go.th/x")
    return make_library_item(library, document=False, **fields)


def add_items(library, count, prefix="batch"):
    """``count`` live items added straight into the tree (no revisions), then given records."""
    for n in range(count):
        library.add_child(
            instance=LibraryItemPage(
                title=f"รายการ {prefix} {n}", slug=f"{prefix}-{n}", external_url="https://example.go.th/x"
            )
        )
    sync_all()


def harvest(client, method="get", **params):
    """The parsed, schema-validated answer to an OAI-PMH request (``from_`` stands for ``from``)."""
    if "from_" in params:
        params["from"] = params.pop("from_")
    if method == "post":
        response = client.post(OAI_URL, urlencode(params), content_type="application/x-www-form-urlencoded")
    else:
        response = client.get(OAI_URL, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return assert_valid_oai_pmh(response.content)


def error_code(document):
    errors = document.findall("oai:error", NS)
    return errors[0].get("code") if errors else None


def identifiers(document):
    return [element.text for element in document.iterfind(".//oai:header/oai:identifier", NS)]


def oai_id(item):
    return f"oai:{HOST}:library/{quote(item.identifier, safe=':/')}"


def token_of(document):
    return document.find(".//oai:resumptionToken", NS)


def dc_values(record, element):
    return [node.text for node in record.iterfind(f".//dc:{element}", NS)]


class TestIdentify:
    def test_identify_describes_the_repository(self, client, library):
        older = make_item(library)
        make_item(library)
        OaiRecord.objects.filter(identifier=older.identifier).update(
            datestamp=datetime.datetime(2023, 5, 1, 3, 4, 5, 600, tzinfo=UTC)
        )

        identify = harvest(client, verb="Identify").find("oai:Identify", NS)

        assert identify.findtext("oai:repositoryName", namespaces=NS) == "ศูนย์ฝึกอบรมภาครัฐ (Government Training Centre)"
        assert identify.findtext("oai:baseURL", namespaces=NS) == f"https://{HOST}/library/oai/"
        assert identify.findtext("oai:protocolVersion", namespaces=NS) == "2.0"
        assert identify.findtext("oai:adminEmail", namespaces=NS) == "library@example.go.th"
        assert identify.findtext("oai:earliestDatestamp", namespaces=NS) == "2023-05-01T03:04:05Z"
        assert identify.findtext("oai:deletedRecord", namespaces=NS) == "persistent"
        assert identify.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
        description = identify.find("oai:description/id:oai-identifier", NS)
        assert description.findtext("id:repositoryIdentifier", namespaces=NS) == HOST
        assert description.findtext("id:sampleIdentifier", namespaces=NS).startswith(f"oai:{HOST}:library/")

    def test_the_admin_address_falls_back_to_the_sites_contact_address(self, client, library, settings):
        from courses.services.certificates import site_settings

        settings.OAI_ADMIN_EMAIL = ""
        organisation = site_settings()
        organisation.email = "contact@training.go.th"
        organisation.save()

        identify = harvest(client, verb="Identify")

        assert identify.findtext(".//oai:adminEmail", namespaces=NS) == "contact@training.go.th"

    def test_a_host_without_a_domain_name_gets_no_oai_identifier_description(self, client, library, settings):
        settings.PUBLIC_BASE_URL = "http://127.0.0.1:8000"

        identify = harvest(client, verb="Identify")

        assert identify.find(".//oai:description", NS) is None
        assert identify.findtext(".//oai:baseURL", namespaces=NS) == "http://127.0.0.1:8000/library/oai/"


class TestRequests:
    def test_a_post_is_answered_like_a_get_and_needs_no_csrf_token(self, library):
        item = make_item(library)
        harvester = Client(enforce_csrf_checks=True)

        by_post = harvest(harvester, method="post", verb="GetRecord", identifier=oai_id(item), metadataPrefix="oai_dc")
        by_get = harvest(harvester, verb="GetRecord", identifier=oai_id(item), metadataPrefix="oai_dc")

        assert identifiers(by_post) == identifiers(by_get) == [oai_id(item)]
        assert dc_values(by_post, "title") == dc_values(by_get, "title")

    def test_valid_arguments_are_echoed_in_the_request_element(self, client, library):
        make_item(library)

        document = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", from_="2020-01-01")

        request = document.find("oai:request", NS)
        assert request.text == f"https://{HOST}/library/oai/"
        assert dict(request.attrib) == {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": "2020-01-01"}

    @pytest.mark.parametrize(
        "query",
        ["", "verb=Explain", "verb=", "verb=Identify&verb=ListSets", "verb=identify"],
        ids=["missing", "unknown", "empty", "repeated", "wrong-case"],
    )
    def test_a_missing_unknown_or_repeated_verb_is_bad_verb_without_echo(self, client, library, query):
        response = client.get(f"{OAI_URL}?{query}")
        document = assert_valid_oai_pmh(response.content)

        assert response.status_code == 200
        assert error_code(document) == "badVerb"
        assert dict(document.find("oai:request", NS).attrib) == {}

    @pytest.mark.parametrize(
        "query",
        [
            "verb=Identify&metadataPrefix=oai_dc",
            "verb=ListRecords",
            "verb=GetRecord&metadataPrefix=oai_dc",
            "verb=GetRecord&identifier=oai:x.y:library/1",
            "verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc",
            "verb=ListIdentifiers&metadataPrefix=oai_dc&colour=red",
            "verb=ListRecords&metadataPrefix=oai_dc&from=2024-13-01",
            "verb=ListRecords&metadataPrefix=oai_dc&from=yesterday",
            "verb=ListRecords&metadataPrefix=oai_dc&until=2024-01-01T10:00:00",
            "verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-02-01T00:00:00Z",
            "verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-01&until=2024-01-01",
            "verb=ListRecords&metadataPrefix=oai_dc&set=type:",
            "verb=ListRecords&metadataPrefix=oai%20dc",
            "verb=ListRecords&resumptionToken=abc&metadataPrefix=oai_dc",
            "verb=GetRecord&resumptionToken=abc",
            "verb=ListMetadataFormats&identifier=",
        ],
        ids=[
            "identify-with-argument",
            "missing-prefix",
            "missing-identifier",
            "missing-prefix-for-record",
            "repeated-argument",
            "illegal-argument",
            "impossible-date",
            "not-a-date",
            "time-without-z",
            "mixed-granularity",
            "from-after-until",
            "malformed-set",
            "malformed-prefix",
            "token-with-other-arguments",
            "token-for-a-verb-without-lists",
            "empty-identifier",
        ],
    )
    def test_illegal_missing_or_repeated_arguments_are_bad_argument_without_echo(self, client, library, query):
        document = assert_valid_oai_pmh(client.get(f"{OAI_URL}?{query}").content)

        assert error_code(document) == "badArgument"
        assert dict(document.find("oai:request", NS).attrib) == {}

    @pytest.mark.parametrize(
        "params",
        [
            {"verb": "ListRecords", "metadataPrefix": "marc21"},
            {"verb": "ListIdentifiers", "metadataPrefix": "mods"},
            {"verb": "GetRecord", "metadataPrefix": "marc21", "identifier": f"oai:{HOST}:library/x"},
        ],
    )
    def test_a_format_other_than_oai_dc_cannot_be_disseminated(self, client, library, params):
        make_item(library)

        document = harvest(client, **params)

        assert error_code(document) == "cannotDisseminateFormat"
        assert document.find("oai:request", NS).get("metadataPrefix") == params["metadataPrefix"]

    @pytest.mark.parametrize(
        "identifier",
        [f"oai:{HOST}:library/nothing-here", "oai:other.example.org:library/1", "urn:isbn:9786160000000"],
    )
    def test_an_unknown_identifier_does_not_exist(self, client, library, identifier):
        make_item(library)

        record = harvest(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
        formats = harvest(client, verb="ListMetadataFormats", identifier=identifier)

        assert error_code(record) == error_code(formats) == "idDoesNotExist"

    @pytest.mark.parametrize(
        "query",
        [
            "verb=GetRecord&metadataPrefix=oai_dc&identifier=%01%02",
            "verb=GetRecord&metadataPrefix=oai_dc&identifier=a%3Cb%3E%22%26",
            "verb=GetRecord&metadataPrefix=oai_dc&identifier=" + "ก" * 5000,
            "verb=ListRecords&metadataPrefix=oai_dc&from=%00",
            "verb=ListRecords&metadataPrefix=oai_dc&from=0001-01-01&until=9999-12-31",
            "verb=ListIdentifiers&metadataPrefix=oai_dc&from=9999-12-31T23:59:59Z",
            "verb=ListRecords&resumptionToken=%FF%FE%00",
            "verb=ListIdentifiers&metadataPrefix=oai_dc&set=" + "a:" * 500 + "b",
            "verb=%00Identify",
            "verb=ListRecords&metadataPrefix=oai_dc&set=%E0%B8%81",
        ],
    )
    def test_odd_input_gets_a_protocol_answer_never_a_server_error(self, client, library, query):
        make_item(library)

        response = client.get(f"{OAI_URL}?{query}")

        assert response.status_code == 200
        assert_valid_oai_pmh(response.content)

    def test_lists_that_select_nothing_say_no_records_match(self, client, library):
        empty = harvest(client, verb="ListRecords", metadataPrefix="oai_dc")
        make_item(library)

        too_early = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until="2000-01-01")
        no_such_set = harvest(client, verb="ListRecords", metadataPrefix="oai_dc", set="subject:999999")

        assert error_code(empty) == error_code(too_early) == error_code(no_such_set) == "noRecordsMatch"


class TestMetadataFormatsAndSets:
    def test_oai_dc_is_the_one_metadata_format(self, client, library):
        item = make_item(library)

        for document in (
            harvest(client, verb="ListMetadataFormats"),
            harvest(client, verb="ListMetadataFormats", identifier=oai_id(item)),
        ):
            formats = document.findall(".//oai:metadataFormat", NS)
            assert [f.findtext("oai:metadataPrefix", namespaces=NS) for f in formats] == ["oai_dc"]
            assert formats[0].findtext("oai:schema", namespaces=NS) == "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"

    def test_sets_are_the_types_and_the_subjects_with_items_named_in_thai_and_english(self, client, library):
        make_item(library, subjects=["การเงินการคลัง"])
        Subject.objects.filter(name="การเงินการคลัง").update(name_en="Public finance")
        unused = Subject.objects.create(name="ไม่มีรายการ")
        finance = Subject.objects.get(name="การเงินการคลัง")

        sets = {
            element.findtext("oai:setSpec", namespaces=NS): element.findtext("oai:setName", namespaces=NS)
            for element in harvest(client, verb="ListSets").iterfind(".//oai:set", NS)
        }

        assert {"type", "subject", "type:book", "type:law", "type:course_material"} <= set(sets)
        assert "Manual or guide" in sets["type:manual"]
        assert sets[f"subject:{finance.pk}"] == "การเงินการคลัง (Public finance)"
        assert f"subject:{unused.pk}" not in sets

    def test_list_sets_takes_no_resumption_token(self, client, library):
        assert error_code(harvest(client, verb="ListSets", resumptionToken="anything")) == "badResumptionToken"


class TestRecords:
    def test_a_record_carries_the_items_dublin_core(self, client, library):
        item = make_item(
            library,
            title="คู่มือการบริหารราชการแผ่นดิน",
            title_en="Manual of State Administration",
            creators=["สมชาย ใจดี", "Jane Doe", "กรมบัญชีกลาง"],
            subjects=["การบริหารราชการ", "กฎหมายมหาชน"],
            description="<p>บทนำ &amp; <b>หลักการ</b></p><p>ภาค 2 &lt;ฉบับปรับปรุง&gt;</p>",
            publisher="สำนักงาน ก.พ.ร.",
            date_issued="2567-03-15",
            item_type="manual",
            language="th",
            identifier="10.1234/opdc.2024.1",
            rights="CC BY 4.0",
            rights_url="https://creativecommons.org/licenses/by/4.0/",
        )

        document = harvest(client, verb="GetRecord", identifier=oai_id(item), metadataPrefix="oai_dc")
        record = document.find(".//oai:record", NS)

        assert record.find("oai:header", NS).get("status") is None
        assert identifiers(document) == [f"oai:{HOST}:library/10.1234/opdc.2024.1"]
        titles = record.findall(".//dc:title", NS)
        assert [(t.text, t.get("{http://www.w3.org/XML/1998/namespace}lang")) for t in titles] == [
            ("คู่มือการบริหารราชการแผ่นดิน", "th"),
            ("Manual of State Administration", "en"),
        ]
        assert dc_values(record, "creator") == ["สมชาย ใจดี", "Jane Doe", "กรมบัญชีกลาง"]
        assert sorted(dc_values(record, "subject")) == ["กฎหมายมหาชน", "การบริหารราชการ"]
        assert dc_values(record, "description") == ["บทนำ & หลักการ\nภาค 2 <ฉบับปรับปรุง>"]
        assert dc_values(record, "publisher") == ["สำนักงาน ก.พ.ร."]
        assert dc_values(record, "date") == ["2024-03-15"]
        assert dc_values(record, "type")[0] == "Text"
        assert "Manual or guide" in dc_values(record, "type")
        assert dc_values(record, "format") == ["text/html"]
        assert dc_values(record, "language") == ["th"]
        assert dc_values(record, "identifier") == [f"https://{HOST}{item.url}", "10.1234/opdc.2024.1"]
        assert dc_values(record, "rights") == ["CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"]

    def test_an_item_with_a_file_gives_the_files_media_type_and_its_dcmi_type(self, client, library):
        item = make_item(library, item_type="video")
        LibraryItemPage.objects.filter(pk=item.pk).update(file_format="video/mp4")

        record = harvest(client, verb="GetRecord", identifier=oai_id(item), metadataPrefix="oai_dc")

        assert dc_values(record, "format") == ["video/mp4"]
        assert dc_values(record, "type")[0] == "MovingImage"

    def test_an_identifier_that_is_not_uri_safe_is_url_encoded_and_found_again(self, client, library):
        item = make_item(library, identifier="ทะเบียน 12/2567")

        listed = identifiers(harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc"))
        record = harvest(client, verb="GetRecord", identifier=listed[0], metadataPrefix="oai_dc")

        assert listed == [
            f"oai:{HOST}:library/%E0%B8%97%E0%B8%B0%E0%B9%80%E0%B8%9A%E0%B8%B5%E0%B8%A2%E0%B8%99%2012/2567"
        ]
        assert dc_values(record, "title") == [item.title]

    def test_the_header_lists_the_items_type_and_subjects_as_sets(self, client, library):
        item = make_item(library, item_type="report", subjects=["สถิติ", "งบประมาณ"])
        subjects = sorted(Subject.objects.filter(name__in=["สถิติ", "งบประมาณ"]).values_list("pk", flat=True))

        document = harvest(client, verb="GetRecord", identifier=oai_id(item), metadataPrefix="oai_dc")

        assert [s.text for s in document.iterfind(".//oai:setSpec", NS)] == [
            "type:report",
            *(f"subject:{pk}" for pk in subjects),
        ]

    def test_an_unpublished_item_is_a_deleted_record_without_metadata(self, client, library):
        item = make_item(library)
        item.unpublish()

        document = harvest(client, verb="GetRecord", identifier=oai_id(item), metadataPrefix="oai_dc")

        assert document.find(".//oai:header", NS).get("status") == "deleted"
        assert document.find(".//oai:metadata", NS) is None

    def test_a_deleted_item_stays_as_a_deleted_record(self, client, library):
        item = make_item(library)
        identifier = oai_id(item)
        item.delete()

        records = harvest(client, verb="ListRecords", metadataPrefix="oai_dc")

        assert identifiers(records) == [identifier]
        assert records.find(".//oai:header", NS).get("status") == "deleted"
        assert records.find(".//oai:metadata", NS) is None

    def test_an_item_behind_a_privacy_restriction_is_reported_deleted_until_it_is_lifted(self, client, library):
        item = make_item(library)
        before = OaiRecord.objects.get(identifier=item.identifier).datestamp

        restriction = PageViewRestriction.objects.create(page=library, restriction_type="password", password="x")
        restricted = harvest(client, verb="GetRecord", identifier=oai_id(item), metadataPrefix="oai_dc")
        during = OaiRecord.objects.get(identifier=item.identifier).datestamp
        restriction.delete()
        lifted = harvest(client, verb="GetRecord", identifier=oai_id(item), metadataPrefix="oai_dc")

        assert restricted.find(".//oai:header", NS).get("status") == "deleted"
        assert restricted.find(".//oai:metadata", NS) is None
        assert lifted.find(".//oai:header", NS).get("status") is None
        assert dc_values(lifted, "title") == [item.title]
        assert before < during < OaiRecord.objects.get(identifier=item.identifier).datestamp

    def test_a_restriction_made_without_signals_still_keeps_the_metadata_back(self, client, library):
        item = make_item(library)
        PageViewRestriction.objects.bulk_create(
            [PageViewRestriction(page=item, restriction_type="password", password="x")]
        )

        document = harvest(client, verb="ListRecords", metadataPrefix="oai_dc")

        assert document.find(".//oai:header", NS).get("status") == "deleted"

    @pytest.mark.parametrize("access", ["signed_in", "civil_servants"])
    def test_an_item_for_signed_in_users_or_civil_servants_is_harvested_with_its_metadata(
        self, client, library, access
    ):
        item = make_item(library, access=access)

        document = harvest(client, verb="GetRecord", identifier=oai_id(item), metadataPrefix="oai_dc")

        assert document.find(".//oai:header", NS).get("status") is None
        assert dc_values(document, "title") == [item.title]


class TestSelectiveHarvesting:
    @pytest.fixture
    def dated(self, library):
        """Three items whose records changed on 1, 2 and 3 March 2024 at 10:00:00 UTC."""
        items = [make_item(library, title=f"รายการ {day}") for day in (1, 2, 3)]
        for day, item in zip((1, 2, 3), items, strict=True):
            OaiRecord.objects.filter(identifier=item.identifier).update(
                datestamp=datetime.datetime(2024, 3, day, 10, 0, 0, 250_000, tzinfo=UTC)
            )
        return items

    def test_from_and_until_select_by_day_inclusively(self, client, dated):
        document = harvest(
            client, verb="ListIdentifiers", metadataPrefix="oai_dc", from_="2024-03-02", until="2024-03-02"
        )

        assert identifiers(document) == [oai_id(dated[1])]

    def test_from_and_until_select_by_second_inclusively(self, client, dated):
        inside = harvest(
            client,
            verb="ListRecords",
            metadataPrefix="oai_dc",
            from_="2024-03-02T10:00:00Z",
            until="2024-03-03T10:00:00Z",
        )
        after = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", from_="2024-03-03T10:00:01Z")

        assert identifiers(inside) == [oai_id(dated[1]), oai_id(dated[2])]
        assert error_code(after) == "noRecordsMatch"

    def test_only_from_or_only_until_leave_the_other_end_open(self, client, dated):
        since = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", from_="2024-03-02")
        before = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until="2024-03-01T10:00:00Z")

        assert identifiers(since) == [oai_id(dated[1]), oai_id(dated[2])]
        assert identifiers(before) == [oai_id(dated[0])]

    def test_a_set_selects_its_records_and_a_parent_set_those_of_its_children(self, client, library):
        book = make_item(library, item_type="book", subjects=["ประวัติศาสตร์"])
        law = make_item(library, item_type="law")
        history = Subject.objects.get(name="ประวัติศาสตร์")

        books = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="type:book")
        laws = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="type:law")
        about_history = harvest(client, verb="ListRecords", metadataPrefix="oai_dc", set=f"subject:{history.pk}")
        every_type = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="type")
        typo = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="type:boo")

        assert identifiers(books) == identifiers(about_history) == [oai_id(book)]
        assert identifiers(laws) == [oai_id(law)]
        assert identifiers(every_type) == [oai_id(book), oai_id(law)]
        assert error_code(typo) == "noRecordsMatch"


class TestResumption:
    @pytest.fixture
    def five_items_two_a_page(self, library, monkeypatch):
        monkeypatch.setattr(oai, "PAGE_SIZE", 2)
        return [make_item(library) for _ in range(5)]

    def test_a_long_list_comes_in_pages_with_cursor_and_complete_list_size(self, client, five_items_two_a_page):
        pages = [harvest(client, verb="ListRecords", metadataPrefix="oai_dc")]
        while token_of(pages[-1]) is not None and token_of(pages[-1]).text:
            pages.append(harvest(client, verb="ListRecords", resumptionToken=token_of(pages[-1]).text))

        tokens = [token_of(page) for page in pages]
        assert [len(page.findall(".//oai:record", NS)) for page in pages] == [2, 2, 1]
        assert [token.get("cursor") for token in tokens] == ["0", "2", "4"]
        assert {token.get("completeListSize") for token in tokens} == {"5"}
        assert tokens[0].get("expirationDate").endswith("Z")
        assert tokens[-1].text is None and tokens[-1].get("expirationDate") is None
        harvested = [identifier for page in pages for identifier in identifiers(page)]
        assert harvested == [oai_id(item) for item in five_items_two_a_page]

    def test_a_single_page_list_has_no_resumption_token(self, client, library):
        make_item(library)

        assert token_of(harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")) is None

    def test_the_token_keeps_the_query(self, client, library, monkeypatch):
        monkeypatch.setattr(oai, "PAGE_SIZE", 1)
        books = [make_item(library, item_type="book") for _ in range(2)]
        make_item(library, item_type="law")

        first = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="type:book")
        second = harvest(client, verb="ListIdentifiers", resumptionToken=token_of(first).text)

        assert identifiers(first) + identifiers(second) == [oai_id(item) for item in books]
        assert token_of(second).get("completeListSize") == "2"
        assert dict(second.find("oai:request", NS).attrib) == {
            "verb": "ListIdentifiers",
            "resumptionToken": token_of(first).text,
        }

    def test_items_published_during_a_harvest_neither_shift_nor_repeat_records(
        self, client, library, five_items_two_a_page
    ):
        first = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
        newcomer = make_item(library)
        rest, token = [], token_of(first).text
        while token:
            page = harvest(client, verb="ListIdentifiers", resumptionToken=token)
            rest += identifiers(page)
            token = token_of(page).text

        harvested = identifiers(first) + rest
        assert harvested == [oai_id(item) for item in [*five_items_two_a_page, newcomer]]

    def test_an_altered_token_is_a_bad_resumption_token(self, client, five_items_two_a_page):
        token = token_of(harvest(client, verb="ListRecords", metadataPrefix="oai_dc")).text
        altered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")

        assert error_code(harvest(client, verb="ListRecords", resumptionToken=altered)) == "badResumptionToken"

    @pytest.mark.parametrize("token", ["garbage", "a:b:c", "eyJ2ZXJiIjoiTGlzdFJlY29yZHMifQ:1t:abc", "x" * 2000])
    def test_a_made_up_token_is_a_bad_resumption_token(self, client, library, token):
        document = harvest(client, verb="ListIdentifiers", resumptionToken=token)

        assert error_code(document) == "badResumptionToken"
        assert document.find("oai:request", NS).get("resumptionToken") == token

    def test_a_token_for_another_list_is_refused(self, client, five_items_two_a_page):
        token = token_of(harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")).text

        assert error_code(harvest(client, verb="ListRecords", resumptionToken=token)) == "badResumptionToken"

    def test_an_expired_token_is_refused(self, client, five_items_two_a_page, settings):
        token = token_of(harvest(client, verb="ListRecords", metadataPrefix="oai_dc")).text
        settings.OAI_RESUMPTION_TOKEN_MAX_AGE = -1

        assert error_code(harvest(client, verb="ListRecords", resumptionToken=token)) == "badResumptionToken"


class TestQueryCount:
    @pytest.mark.parametrize("verb", ["ListRecords", "ListIdentifiers"])
    def test_a_page_of_records_takes_the_same_number_of_queries_for_5_or_100_items(
        self, client, library, django_assert_max_num_queries, verb
    ):
        add_items(library, 5, prefix="few")
        with django_assert_max_num_queries(8):
            few = harvest(client, verb=verb, metadataPrefix="oai_dc")
        add_items(library, 95, prefix="many")
        with django_assert_max_num_queries(8):
            many = harvest(client, verb=verb, metadataPrefix="oai_dc")

        assert len(identifiers(few)) == 5
        assert len(identifiers(many)) == 100

    def test_the_next_page_costs_no_more_than_the_first(self, client, library, monkeypatch):
        monkeypatch.setattr(oai, "PAGE_SIZE", 10)
        add_items(library, 15)
        with CaptureQueriesContext(connection) as first_queries:
            first = harvest(client, verb="ListRecords", metadataPrefix="oai_dc")
        with CaptureQueriesContext(connection) as next_queries:
            second = harvest(client, verb="ListRecords", resumptionToken=token_of(first).text)

        assert len(identifiers(first)) == 10 and len(identifiers(second)) == 5
        assert len(next_queries) <= len(first_queries)


class TestEveryKindOfResponseIsValid:
    @pytest.fixture
    def repository(self, library):
        live = make_item(library, title_en="A manual", creators=["ก"], subjects=["เรื่อง"], description="<p>x</p>")
        gone = make_item(library)
        gone.unpublish()
        return {"live": oai_id(live), "gone": oai_id(gone)}

    @pytest.mark.parametrize(
        "params",
        [
            {"verb": "Identify"},
            {"verb": "ListMetadataFormats"},
            {"verb": "ListSets"},
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"},
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2000-01-01"},
            {"verb": "GetRecord", "identifier": "live", "metadataPrefix": "oai_dc"},
            {"verb": "GetRecord", "identifier": "gone", "metadataPrefix": "oai_dc"},
            {"verb": "Dance"},
            {"verb": "ListRecords"},
            {"verb": "ListRecords", "resumptionToken": "nope"},
            {"verb": "ListRecords", "metadataPrefix": "marc21"},
            {"verb": "GetRecord", "identifier": "oai:x.org:1", "metadataPrefix": "oai_dc"},
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "1999-01-01"},
        ],
        ids=[
            "Identify",
            "ListMetadataFormats",
            "ListSets",
            "ListIdentifiers",
            "ListRecords",
            "GetRecord",
            "GetRecord-deleted",
            "badVerb",
            "badArgument",
            "badResumptionToken",
            "cannotDisseminateFormat",
            "idDoesNotExist",
            "noRecordsMatch",
        ],
    )
    def test_the_response_is_valid_against_the_oai_pmh_schema(self, client, repository, params):
        params = {key: repository.get(value, value) for key, value in params.items()}

        response = client.get(OAI_URL, params)

        assert_valid_oai_pmh(response.content)

    def test_the_validator_does_reject_what_the_schema_forbids(self, client, repository):
        content = client.get(
            OAI_URL, {"verb": "GetRecord", "identifier": repository["live"], "metadataPrefix": "oai_dc"}
        )
        broken = content.content.replace(b"<dc:title", b"<dc:heading").replace(b"</dc:title>", b"</dc:heading>")

        with pytest.raises(AssertionError, match="not valid OAI-PMH"):
            assert_valid_oai_pmh(broken)


class TestRecordKeeping:
    def test_publishing_an_item_gives_it_a_record_and_republishing_moves_its_datestamp(self, library):
        item = make_item(library)
        first = OaiRecord.objects.get(identifier=item.identifier)
        item.title = "ชื่อใหม่"
        item.save_revision().publish()
        second = OaiRecord.objects.get(identifier=item.identifier)

        assert first.page_id == item.pk and not first.deleted
        assert second.datestamp > first.datestamp

    def test_an_item_never_published_has_no_record(self, library):
        draft = make_library_item(library, publish=False, document=False, external_url="https://example.go.th/x")

        assert not OaiRecord.objects.filter(identifier=draft.identifier).exists()

    def test_unpublishing_then_republishing_goes_deleted_then_live(self, library):
        item = make_item(library)
        item.unpublish()
        unpublished = OaiRecord.objects.get(identifier=item.identifier)
        item = LibraryItemPage.objects.get(pk=item.pk)
        item.save_revision().publish()
        republished = OaiRecord.objects.get(identifier=item.identifier)

        assert unpublished.deleted
        assert not republished.deleted and republished.datestamp > unpublished.datestamp

    def test_changing_an_items_identifier_withdraws_the_old_record(self, client, library):
        item = make_item(library, identifier="local:old-number")
        old = oai_id(item)
        item.identifier = "local:new-number"
        item.save_revision().publish()

        document = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
        statuses = {
            h.findtext("oai:identifier", namespaces=NS): h.get("status") for h in document.iterfind(".//oai:header", NS)
        }

        assert statuses == {old: "deleted", f"oai:{HOST}:library/local:new-number": None}

    def test_moving_the_library_moves_the_datestamps_and_addresses_of_its_items(self, client, site_pages, library):
        from home.models import StandardPage

        item = make_item(library)
        before = OaiRecord.objects.get(identifier=item.identifier).datestamp
        archive = site_pages["home"].add_child(instance=StandardPage(title="คลัง", slug="archive"))
        library.move(archive, pos="last-child")

        record = harvest(client, verb="GetRecord", identifier=oai_id(item), metadataPrefix="oai_dc")

        assert OaiRecord.objects.get(identifier=item.identifier).datestamp > before
        assert dc_values(record, "identifier") == [f"https://{HOST}/archive/library/{item.slug}/"]

    def test_renaming_a_subject_moves_the_datestamps_of_its_items(self, library):
        item = make_item(library, subjects=["เดิม"])
        other = make_item(library)
        before = {r.identifier: r.datestamp for r in OaiRecord.objects.all()}
        subject = Subject.objects.get(name="เดิม")
        subject.name = "ใหม่"
        subject.save()
        after = {r.identifier: r.datestamp for r in OaiRecord.objects.all()}

        assert after[item.identifier] > before[item.identifier]
        assert after[other.identifier] == before[other.identifier]

    def test_deleting_a_subject_updates_the_sets_of_its_items(self, library):
        item = make_item(library, subjects=["ชั่วคราว"])
        Subject.objects.get(name="ชั่วคราว").delete()

        assert OaiRecord.objects.get(identifier=item.identifier).set_specs == "type:manual"

    def test_rebuilding_restores_missing_records_and_keeps_the_dates_of_the_rest(self, library, capsys):
        kept = make_item(library)
        kept_datestamp = OaiRecord.objects.get(identifier=kept.identifier).datestamp
        library.add_child(instance=LibraryItemPage(title="นำเข้าโดยตรง", slug="raw", external_url="https://a.go.th"))
        gone = make_item(library)
        LibraryItemPage.objects.filter(pk=gone.pk).update(identifier="local:renumbered")

        call_command("rebuild_oai_records")
        again = sync_all()

        records = {r.identifier: r for r in OaiRecord.objects.all()}
        assert records[kept.identifier].datestamp == kept_datestamp
        assert not records["local:renumbered"].deleted
        assert records[gone.identifier].deleted
        assert len(records) == 4
        assert again == {"created": 0, "updated": 0, "withdrawn": 0}
        assert "สร้าง 2 รายการ" in capsys.readouterr().out  # the command speaks the site's language, Thai
