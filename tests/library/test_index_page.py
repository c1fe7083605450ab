"""The e-library index page: placement, listing and pagination."""

import pytest

from home.models import HomePage, StandardPage
from library.models import LibraryIndexPage
from tests.factories import make_library_item

pytestmark = pytest.mark.django_db


class TestLibraryIndexPage:
    def test_it_stands_only_under_the_home_page_and_once(self, site_pages):
        assert LibraryIndexPage.allowed_parent_page_models() == [HomePage]
        assert LibraryIndexPage.can_create_at(site_pages["home"]) is False

    def test_the_listing_is_paginated_twenty_to_a_page(self, client, site_pages):
        index = site_pages["library"]
        for n in range(22):
            make_library_item(index, title=f"เอกสาร {n}", document=False, external_url="https://www.example.go.th/doc")

        first = client.get(index.url)
        second = client.get(index.url, {"page": 2})
        beyond = client.get(index.url, {"page": 99})
        nonsense = client.get(index.url, {"page": "abc"})

        assert len(first.context["items"]) == 20
        assert len(second.context["items"]) == 2
        assert beyond.context["items"].number == 2
        assert nonsense.context["items"].number == 1

    def test_only_library_items_are_listed(self, client, site_pages):
        index = site_pages["library"]
        make_library_item(index, title="คู่มือ", document=False, external_url="https://www.example.go.th/doc")
        index.add_child(instance=StandardPage(title="หน้าอื่น", slug="other"))

        response = client.get(index.url)

        assert [item.title for item in response.context["items"]] == ["คู่มือ"]

    def test_an_empty_library_says_so(self, client, site_pages):
        client.cookies["lms_language"] = "en"

        assert "No library items yet." in client.get(site_pages["library"].url).content.decode()
