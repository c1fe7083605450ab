"""No way around a restricted file: its earlier and draft versions, its cover, its words, its address."""

import pytest
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from library.citation import item_address
from library.models import LibraryItemPage
from tests.factories import CivilServantFactory, UserFactory, make_document, make_library_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(site_pages):
    return site_pages["library"]


def fetch(client, document):
    return client.get(document.url)


class TestEarlierDraftAndOrphanedFiles:
    def test_a_replaced_file_of_a_restricted_item_is_not_served_to_anyone(self, client, library):
        old = make_document(title="ฉบับเดิม", filename="old.pdf")
        item = make_library_item(library, document=old, access="civil_servants")
        item.document = make_document(title="ฉบับใหม่", filename="new.pdf")
        item.save_revision().publish()

        assert fetch(client, old).status_code == 302  # a guest is sent to log in
        client.force_login(CivilServantFactory())
        assert fetch(client, old).status_code == 403

    def test_a_file_given_only_in_a_draft_is_not_served(self, client, library):
        item = make_library_item(library, access="civil_servants")
        draft_file = make_document(title="ร่าง", filename="draft.pdf")
        item.document = draft_file
        item.save_revision()

        assert LibraryItemPage.objects.get(pk=item.pk).document_id != draft_file.pk
        client.force_login(UserFactory())
        assert fetch(client, draft_file).status_code == 403

    def test_the_file_of_a_deleted_item_is_not_served(self, client, library):
        item = make_library_item(library, access="open")
        document = item.document
        item.delete()

        client.force_login(UserFactory())
        assert fetch(client, document).status_code == 403

    def test_an_editor_who_may_change_the_document_still_gets_it(self, admin_client, library):
        old = make_document(title="ฉบับเดิม", filename="old.pdf")
        item = make_library_item(library, document=old)
        item.document = make_document(title="ฉบับใหม่", filename="new.pdf")
        item.save_revision().publish()

        assert fetch(admin_client, old).status_code == 200

    def test_a_document_the_library_never_used_is_left_to_wagtail(self, client, library):
        document = make_document(title="เอกสารทั่วไป", filename="other.pdf")

        assert fetch(client, document).status_code == 200


class TestCovers:
    def test_an_open_pdf_gets_a_cover_drawn_from_its_first_page(self, library):
        item = make_library_item(library, access="open")

        assert item.cover is not None and item.cover_generated

    def test_a_restricted_pdf_gets_no_public_picture_of_its_first_page(self, library):
        item = make_library_item(library, access="civil_servants")

        assert item.cover is None

    def test_restricting_an_item_takes_its_drawn_cover_away(self, library):
        item = make_library_item(library, access="open")
        item.access = "signed_in"
        item.save_revision().publish()

        assert LibraryItemPage.objects.get(pk=item.pk).cover is None


class TestWordsAndAddresses:
    def test_words_only_inside_a_restricted_file_do_not_find_it(self, library):
        restricted = make_library_item(
            library, access="civil_servants", document=make_document(text="ลับเฉพาะมาตรการพิเศษ"), publisher=""
        )
        open_item = make_library_item(library, access="open", document=make_document(text="มาตรการพิเศษ"), publisher="")
        backend = get_search_backend()

        found = {page.pk for page in backend.search("มาตรการ", LibraryItemPage.objects.live())}

        assert open_item.pk in found
        assert restricted.pk not in found

    def test_a_restricted_items_citation_gives_its_page_not_its_external_address(self, library):
        item = make_library_item(
            library, access="civil_servants", document=False, external_url="https://intra.example.go.th/secret.pdf"
        )

        assert "intra.example.go.th" not in item_address(item)
        assert item_address(item).endswith(item.url)

    def test_an_open_items_citation_gives_its_external_address(self, library):
        item = make_library_item(library, document=False, external_url="https://www.example.go.th/open.pdf")

        assert item_address(item) == "https://www.example.go.th/open.pdf"

    @pytest.mark.parametrize("name", ["library:download", "library:preview", "library:bibtex", "library:ris"])
    def test_an_id_too_large_for_the_database_is_a_404(self, client, name):
        assert client.get(reverse(name, args=[10**25])).status_code == 404
