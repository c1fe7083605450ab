"""A library item's catalogue record: dates, identifiers, and what an editor must give."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from library.models import LibraryItemPage, identifier_kind, normalise_date_issued
from tests.factories import make_library_item

TODAY = datetime.date(2026, 11, 24)


class TestDateIssued:
    @pytest.mark.parametrize(
        ("typed", "stored"),
        [
            ("2024", "2024"),
            ("2567", "2024"),
            (" 2019 ", "2019"),
            ("2024-05-01", "2024-05-01"),
            ("2567-05-01", "2024-05-01"),
            ("๒๕๖๗", "2024"),
            ("", ""),
        ],
    )
    def test_a_year_or_a_date_in_either_era_is_kept_in_the_common_era(self, typed, stored):
        assert normalise_date_issued(typed, today=TODAY) == stored

    @pytest.mark.parametrize("typed", ["2024-02-30", "2030", "999", "24/05/2024", "May 2024", "2024-5-1", "٢٠٢٤"])
    def test_an_impossible_or_unreadable_date_is_refused_with_a_reason(self, typed):
        with pytest.raises(ValidationError) as error:
            normalise_date_issued(typed, today=TODAY)

        assert error.value.messages[0]


class TestIdentifiers:
    @pytest.mark.parametrize(
        ("identifier", "kind"),
        [
            ("10.99999/dga.2024.001", "doi"),
            ("https://doi.org/10.99999/abc", "doi"),
            ("978-616-123-456-7", "isbn"),
            ("ISBN 9786161234567", "isbn"),
            ("hdl:20.500.12345/678", "handle"),
            ("local:dga-2024-001", "local"),
        ],
    )
    def test_the_kind_of_identifier_is_recognised(self, identifier, kind):
        assert identifier_kind(identifier) == kind


@pytest.mark.django_db
class TestItems:
    def test_an_item_without_an_identifier_gets_a_local_one_that_stays(self, site_pages):
        item = make_library_item(site_pages["library"])
        first = item.identifier

        item.save_revision().publish()

        assert first.startswith("local:")
        assert LibraryItemPage.objects.get(pk=item.pk).identifier == first

    def test_the_year_issued_follows_the_date_for_facets_and_sorting(self, site_pages):
        item = make_library_item(site_pages["library"], date_issued="2023-10-01")

        assert item.year_issued == 2023

    def test_an_item_saved_from_code_with_a_buddhist_era_year_is_kept_in_the_common_era(self, site_pages):
        item = make_library_item(site_pages["library"], date_issued="2565")

        assert (item.date_issued, item.year_issued) == ("2022", 2022)

    def test_an_item_needs_a_file_or_an_address(self, site_pages):
        item = make_library_item(site_pages["library"], document=False, external_url="https://example.go.th/v")
        item.external_url = ""

        with pytest.raises(ValidationError) as error:
            item.full_clean()

        assert "document" in error.value.message_dict

    def test_a_buddhist_era_year_typed_by_an_editor_is_stored_in_the_common_era(self, site_pages):
        item = make_library_item(site_pages["library"])
        item.date_issued = "2566"

        item.full_clean()

        assert item.date_issued == "2023"

    def test_two_items_cannot_share_an_identifier(self, site_pages):
        make_library_item(site_pages["library"], identifier="local:dup")
        other = make_library_item(site_pages["library"])
        other.identifier = "local:dup"

        with pytest.raises(ValidationError) as error:
            other.full_clean()

        assert "identifier" in error.value.message_dict

    def test_only_items_go_under_the_library_and_items_nowhere_else(self, site_pages):
        assert LibraryItemPage.allowed_parent_page_models() == [type(site_pages["library"])]
        assert site_pages["library"].specific_class.allowed_subpage_models() == [LibraryItemPage]
