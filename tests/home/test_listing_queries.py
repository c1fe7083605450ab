"""Listing pages make the same number of SQL queries however many pages they list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import CourseIndexPage, SeminarIndexPage
from home.models import StandardPage
from tests.factories import make_course, make_library_item, make_seminar

pytestmark = pytest.mark.django_db


def add_children(parent, count, start=0):
    """Pages the index lists: courses under the course catalogue, seminars under the seminar index."""
    for n in range(start, start + count):
        if isinstance(parent, SeminarIndexPage):
            make_seminar(parent, title=f"สัมมนาที่ {n}", slug=f"item-{n}", search_description=f"รายละเอียด {n}")
        elif isinstance(parent, CourseIndexPage):
            make_course(parent, lessons=0, title=f"หลักสูตรที่ {n}", slug=f"item-{n}", search_description=f"รายละเอียด {n}")
        else:
            parent.add_child(
                instance=StandardPage(title=f"เอกสารที่ {n}", slug=f"item-{n}", introduction=f"รายละเอียด {n}")
            )


def queries_for(client, path):
    client.get(path)  # warm the per-site caches, as any running server has them
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def add_library_items(library, count):
    for _number in range(count):
        make_library_item(library, document=False, external_url="https://example.go.th/item")


class TestListingQueries:
    # The e-library has its own facets and search: tests/library/test_catalogue.py counts its queries.
    @pytest.mark.parametrize("index", ["courses", "seminars"])
    def test_an_index_page_makes_as_many_queries_for_50_items_as_for_5(
        self, client, site_pages, index, django_assert_max_num_queries
    ):
        path = site_pages[index].url
        add_children(site_pages[index], 5)
        with_five = queries_for(client, path)
        add_children(site_pages[index], 45, start=5)

        client.get(path)
        with django_assert_max_num_queries(with_five):
            response = client.get(path)
        assert len(response.context["items"]) == 12

    def test_the_home_page_makes_as_many_queries_with_many_items_in_each_section(
        self, client, site_pages, django_assert_max_num_queries
    ):
        for key in ("courses", "seminars"):
            add_children(site_pages[key], 5, start=0)
        add_library_items(site_pages["library"], 5)
        with_five = queries_for(client, "/")
        for key in ("courses", "seminars"):
            add_children(site_pages[key], 45, start=5)
        add_library_items(site_pages["library"], 25)

        client.get("/")
        with django_assert_max_num_queries(with_five):
            response = client.get("/")
        assert [len(section["items"]) for section in response.context["sections"]] == [3, 3, 3]

    def test_the_search_page_makes_as_many_queries_for_many_results_as_for_few(
        self, client, site_pages, django_assert_max_num_queries
    ):
        from wagtail.search.backends import get_search_backend

        backend = get_search_backend()
        add_children(site_pages["library"], 5)
        for page in StandardPage.objects.all():
            backend.add(page)
        with_five = queries_for(client, "/search/?q=เอกสาร")
        add_children(site_pages["library"], 45, start=5)
        for page in StandardPage.objects.all():
            backend.add(page)

        client.get("/search/?q=เอกสาร")
        with django_assert_max_num_queries(with_five):
            response = client.get("/search/?q=เอกสาร")
        assert response.context["results"].paginator.count == 50
