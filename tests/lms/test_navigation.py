"""The main menu: the home page's children shown in menus, live and open to everyone."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from home.models import StandardPage
from lms.context_processors import menu_pages

pytestmark = pytest.mark.django_db


def menu_of(response):
    return [a["href"] for a in BeautifulSoup(response.content, "html.parser").select("#site-nav a")]


def restrict(page):
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def test_a_page_restricted_to_signed_in_users_is_left_out_of_the_menu(client, site_pages):
    restrict(site_pages["library"])

    assert menu_of(client.get("/search/")) == ["/courses/", "/seminars/"]


def test_a_restriction_below_a_menu_page_leaves_the_menu_page_in(client, site_pages):
    inner = StandardPage(title="สมาชิก", slug="members")
    site_pages["library"].add_child(instance=inner)
    restrict(inner)

    assert menu_of(client.get("/search/")) == ["/courses/", "/library/", "/seminars/"]


def test_a_restricted_home_page_leaves_the_menu_empty(client, site_pages):
    restrict(site_pages["home"])

    assert menu_of(client.get("/search/")) == []


@pytest.mark.parametrize("restricted", [(), ("library",), ("home",), ("courses", "seminars")])
def test_the_menu_pages_are_those_wagtails_public_filter_keeps(site_pages, restricted):
    for key in restricted:
        restrict(site_pages[key])
    home = site_pages["home"]

    expected = list(home.get_children().live().in_menu().public().values_list("pk", flat=True))

    assert list(menu_pages(home).values_list("pk", flat=True)) == expected


def test_the_menu_is_found_in_one_query(site_pages, django_assert_num_queries):
    restrict(site_pages["library"])

    with django_assert_num_queries(1):
        list(menu_pages(site_pages["home"]))


def test_a_page_made_private_leaves_the_cached_menu_and_rejoins_it_when_public_again(client, site_pages):
    assert menu_of(client.get("/search/")) == ["/courses/", "/library/", "/seminars/"]

    restriction = restrict(site_pages["library"])
    assert menu_of(client.get("/search/")) == ["/courses/", "/seminars/"]

    restriction.delete()
    assert menu_of(client.get("/search/")) == ["/courses/", "/library/", "/seminars/"]
