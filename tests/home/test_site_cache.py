"""The site and its settings come from the shared cache, and every change shows on the next page."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from home import site_cache
from home.models import HomePage, SiteSettings
from lms import roles
from tests.factories import admin_form_data, member_of

pytestmark = pytest.mark.django_db


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def brand_name(response):
    return soup_of(response).select_one(".site-brand__name").get_text(strip=True)


def default_settings():
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


def make_logo():
    buffer = io.BytesIO()
    PILImage.new("RGB", (200, 200), "#12305f").save(buffer, "PNG")
    return Image.objects.create(title="ตราสัญลักษณ์", file=ImageFile(buffer, name="logo.png"))


class TestReadingFromTheCache:
    def test_once_cached_a_page_reads_neither_the_site_nor_its_settings_from_the_database(self, client, site_pages):
        default_settings()
        client.get("/search/")

        with CaptureQueriesContext(connection) as queries:
            response = client.get("/search/")

        assert brand_name(response) == "ศูนย์ฝึกอบรมภาครัฐ"
        tables = " ".join(query["sql"] for query in queries.captured_queries)
        assert "home_sitesettings" not in tables
        assert "wagtailcore_site" not in tables

    def test_a_site_without_settings_yet_shows_the_defaults_and_gets_its_row(self, client, site_pages):
        SiteSettings.objects.all().delete()

        response = client.get("/search/")

        assert brand_name(response) == "ศูนย์ฝึกอบรมภาครัฐ"
        assert SiteSettings.objects.filter(site__is_default_site=True).exists()
        assert brand_name(client.get("/search/")) == "ศูนย์ฝึกอบรมภาครัฐ"


class TestChangesShowOnTheNextPage:
    def test_settings_edited_in_the_admin_show_on_the_next_page(self, client, site_pages):
        client.get("/")  # the settings are now cached
        client.force_login(member_of(roles.ADMINISTRATORS))
        edit_url = f"/admin/settings/home/sitesettings/{Site.objects.get(is_default_site=True).pk}/"
        data = admin_form_data(client.get(edit_url).content.decode(), "w-editor-form")
        data.update(organisation_name_th="สำนักงาน ก.พ.", phone="02 547 1000")

        response = client.post(edit_url, data)

        assert response.status_code == 302
        for path in ("/", "/search/", "/certificates/verify/"):
            page = client.get(path)
            assert brand_name(page) == "สำนักงาน ก.พ."
            assert "02 547 1000" in soup_of(page).select_one(".site-footer").get_text()

    def test_settings_saved_in_code_show_on_the_next_page(self, client, site_pages):
        client.get("/search/")
        row = default_settings()
        row.organisation_name_th = "กรมพัฒนาบุคลากร"
        row.save()

        assert brand_name(client.get("/search/")) == "กรมพัฒนาบุคลากร"

    def test_a_logo_set_then_deleted_goes_back_to_the_platforms_own(self, client, site_pages):
        row = default_settings()
        row.logo = make_logo()
        row.save()
        assert soup_of(client.get("/search/")).select_one(".site-brand img")["src"].startswith("/media/images/")

        row.logo.delete()

        assert soup_of(client.get("/search/")).select_one(".site-brand img")["src"].endswith("img/logo.svg")

    def test_a_new_site_for_another_host_is_found_with_its_own_settings(self, client, site_pages):
        client.get("/search/")
        other_home = HomePage(title="สัมมนาออนไลน์", slug="seminar-home", hero_title="สัมมนา")
        site_pages["home"].get_parent().add_child(instance=other_home)
        site = Site.objects.create(hostname="seminar.example.go.th", port=80, root_page=other_home)
        SiteSettings.objects.create(site=site, organisation_name_th="ศูนย์สัมมนา")

        assert brand_name(client.get("/search/", HTTP_HOST="seminar.example.go.th")) == "ศูนย์สัมมนา"
        assert brand_name(client.get("/search/")) == "ศูนย์ฝึกอบรมภาครัฐ"


class TestFindingTheSite:
    """``site_cache.find_site`` picks the same site as Wagtail's own look-up, for every kind of match."""

    @pytest.fixture
    def sites(self, site_pages):
        home = site_pages["home"]
        default = Site.objects.get(is_default_site=True)
        default.hostname, default.port = "learn.example.go.th", 80
        default.save()
        Site.objects.create(hostname="learn.example.go.th", port=8443, root_page=home)
        Site.objects.create(hostname="seminar.example.go.th", port=80, root_page=home)
        Site.objects.create(hostname="twin.example.go.th", port=80, root_page=home)
        Site.objects.create(hostname="twin.example.go.th", port=81, root_page=home)
        Site.objects.create(hostname="alone.example.go.th", port=9000, root_page=home)

    @pytest.mark.parametrize(
        ("hostname", "port"),
        [
            ("learn.example.go.th", "80"),
            ("learn.example.go.th", "8443"),
            ("learn.example.go.th", "8000"),
            ("seminar.example.go.th", "80"),
            ("seminar.example.go.th", "8000"),
            ("twin.example.go.th", "81"),
            ("twin.example.go.th", "82"),
            ("alone.example.go.th", "80"),
            ("unknown.example.go.th", "80"),
        ],
    )
    def test_the_same_site_as_wagtail(self, sites, hostname, port):
        expected = get_site_for_hostname(hostname, port)

        assert site_cache.find_site(hostname, port) == expected

    def test_a_port_that_is_not_a_number_matches_the_host_alone(self, sites):
        assert site_cache.find_site("learn.example.go.th", "not-a-port") == Site.objects.get(is_default_site=True)

    def test_without_a_default_site_two_sites_on_one_host_match_neither_on_a_third_port(self, sites):
        Site.objects.filter(is_default_site=True).update(is_default_site=False)
        cache.clear()

        assert site_cache.find_site("twin.example.go.th", "82") is None
        assert site_cache.find_site("alone.example.go.th", "80").port == 9000
