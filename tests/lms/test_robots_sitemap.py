"""What search engines see: /robots.txt and /sitemap.xml."""

import xml.etree.ElementTree as ET  # noqa: S405  (parses the site's own sitemap, not outside input)
from urllib.parse import urlsplit

import pytest

from home.models import StandardPage

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(response):
    root = ET.fromstring(response.content)  # noqa: S314
    return [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]


class TestRobotsTxt:
    def test_robots_keeps_crawlers_out_of_the_editor_and_accounts(self, client, site_pages):
        response = client.get("/robots.txt")

        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        lines = response.content.decode().splitlines()
        assert "User-agent: *" in lines
        assert "Disallow: /admin/" in lines
        assert "Disallow: /account/" in lines

    def test_robots_points_to_the_sitemap_by_its_full_address(self, client, site_pages):
        lines = client.get("/robots.txt").content.decode().splitlines()

        assert "Sitemap: http://testserver/sitemap.xml" in lines


class TestSitemap:
    def test_the_sitemap_lists_the_live_pages_by_full_address(self, client, site_pages):
        response = client.get("/sitemap.xml")

        assert response.status_code == 200
        locations = sitemap_locations(response)
        assert all(urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc for url in locations)
        assert sorted(urlsplit(url).path for url in locations) == ["/", "/courses/", "/library/", "/seminars/"]

    def test_a_published_page_is_added_and_a_draft_is_not(self, client, site_pages):
        site_pages["home"].add_child(instance=StandardPage(title="เกี่ยวกับเรา", slug="about"))
        site_pages["home"].add_child(instance=StandardPage(title="ร่าง", slug="draft", live=False))

        paths = {urlsplit(url).path for url in sitemap_locations(client.get("/sitemap.xml"))}

        assert "/about/" in paths
        assert "/draft/" not in paths
