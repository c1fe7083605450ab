"""The public pages: home, standard pages, the privacy notice, the index pages and the menu."""

import datetime
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import cache
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Site

from home.models import SiteSettings, StandardPage
from lms.context_processors import NAV_CACHE_KEY
from tests.factories import add_privacy_notice, make_course, make_seminar

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def add_standard_page(parent, title, slug, **fields):
    page = StandardPage(title=title, slug=slug, **fields)
    parent.add_child(instance=page)
    return page


def make_image(title, description):
    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 600), "#12305f").save(buffer, "PNG")
    return Image.objects.create(title=title, description=description, file=ImageFile(buffer, name="hero.png"))


BODY = json.dumps(
    [
        {"type": "heading", "value": "ขั้นตอนการสมัคร"},
        {"type": "paragraph", "value": "<p>กรอกแบบฟอร์มให้ครบถ้วน</p>"},
        {"type": "callout", "value": {"kind": "warning", "title": "โปรดทราบ", "text": "<p>ปิดรับสมัครวันศุกร์</p>"}},
        {"type": "quote", "value": {"quote": "การเรียนรู้ไม่มีวันสิ้นสุด", "source": "ผู้อำนวยการ"}},
    ]
)


class TestHomePage:
    def test_the_hero_shows_its_title_text_and_button(self, client, site_pages):
        home = site_pages["home"]
        home.hero_text = "เรียนออนไลน์ได้ทุกที่ทุกเวลา"
        home.hero_cta_text = "ดูหลักสูตรทั้งหมด"
        home.hero_cta_link = site_pages["courses"]
        home.save_revision().publish()

        soup = soup_of(client.get("/"))

        assert soup.h1.get_text(strip=True) == "เรียนรู้ภาครัฐ"
        assert "เรียนออนไลน์ได้ทุกที่ทุกเวลา" in soup.find(class_="hero").get_text()
        button = soup.find("a", string="ดูหลักสูตรทั้งหมด")
        assert button["href"] == "/courses/"

    def test_the_hero_image_has_its_alternative_text(self, client, site_pages):
        home = site_pages["home"]
        home.hero_image = make_image("hero", "ผู้เรียนในห้องอบรม")
        home.save_revision().publish()

        soup = soup_of(client.get("/"))

        image = soup.find(class_="hero").find("img")
        assert image["alt"] == "ผู้เรียนในห้องอบรม"
        assert image["src"].startswith("/media/")

    def test_each_section_heading_links_to_its_index_page(self, client, site_pages):
        soup = soup_of(client.get("/"))

        headings = {h2.get_text(strip=True): h2.a["href"] for h2 in soup.select(".home-section h2")}
        assert headings == {"หลักสูตร": "/courses/", "ห้องสมุดอิเล็กทรอนิกส์": "/library/", "สัมมนา": "/seminars/"}

    def test_empty_sections_say_so_honestly(self, client, site_pages):
        soup = soup_of(english(client).get("/"))

        empty = [p.get_text(strip=True) for p in soup.select(".home-section .empty-state")]
        assert empty == ["No courses yet.", "No library items yet.", "No seminars yet."]
        assert not soup.select(".home-section .card")

    def test_a_section_shows_cards_of_the_pages_under_its_index(self, client, site_pages):
        make_course(
            site_pages["courses"],
            lessons=0,
            title="การเขียนหนังสือราชการ",
            slug="writing",
            search_description="หลักสูตรพื้นฐานสำหรับข้าราชการ",
        )

        soup = soup_of(english(client).get("/"))

        section = soup.find(class_="home-section--courses")
        card = section.find(class_="card")
        assert card.a.get_text(strip=True) == "การเขียนหนังสือราชการ"
        assert card.a["href"] == "/courses/writing/"
        assert "หลักสูตรพื้นฐานสำหรับข้าราชการ" in card.get_text()
        assert "All courses" in section.find("a", class_="section-header__more").get_text()
        assert not section.find(class_="empty-state")

    def test_a_card_without_a_search_description_shows_the_summary(self, client, site_pages):
        make_seminar(site_pages["seminars"], title="สัมมนา", slug="talk", summary="สัมมนาการใช้งานระบบ")

        soup = soup_of(client.get("/"))

        assert "สัมมนาการใช้งานระบบ" in soup.find(class_="home-section--seminars").find(class_="card").get_text()


class TestStandardPage:
    def test_the_introduction_and_every_kind_of_body_block_are_shown(self, client, site_pages):
        add_standard_page(site_pages["home"], "วิธีสมัคร", "how-to-apply", introduction="สมัครง่ายในสามขั้นตอน", body=BODY)

        response = english(client).get("/how-to-apply/")

        assert response.status_code == 200
        soup = soup_of(response)
        assert soup.h1.get_text(strip=True) == "วิธีสมัคร"
        assert soup.find(class_="lead").get_text(strip=True) == "สมัครง่ายในสามขั้นตอน"
        assert soup.find("h2", string="ขั้นตอนการสมัคร")
        assert "กรอกแบบฟอร์มให้ครบถ้วน" in soup.find("article").get_text()
        callout = soup.find(class_="callout--warning")
        assert callout["role"] == "note"
        assert "โปรดทราบ" in callout.get_text() and "ปิดรับสมัครวันศุกร์" in callout.get_text()
        quote = soup.find("figure", class_="quote")
        assert quote.blockquote.get_text(strip=True) == "การเรียนรู้ไม่มีวันสิ้นสุด"
        assert quote.figcaption.get_text(strip=True) == "ผู้อำนวยการ"

    def test_the_page_has_one_main_heading_and_a_breadcrumb_home(self, client, site_pages):
        add_standard_page(site_pages["home"], "ติดต่อเรา", "contact")

        soup = soup_of(client.get("/contact/"))

        assert len(soup.find_all("h1")) == 1
        breadcrumb = soup.find("nav", class_="breadcrumbs")
        assert breadcrumb.find("a", href="/")
        assert breadcrumb.find(attrs={"aria-current": "page"}).get_text(strip=True) == "ติดต่อเรา"


class TestPrivacyNoticePage:
    def test_the_notice_shows_its_version_and_buddhist_era_effective_date(self, client, site_pages):
        add_privacy_notice(site_pages["home"], version="2.1", effective=datetime.date(2026, 1, 1))

        soup = soup_of(client.get("/privacy/"))

        meta = soup.find(class_="page-meta").get_text(" ", strip=True)
        assert "2.1" in meta
        assert "1 มกราคม 2569" in meta
        assert soup.find("time")["datetime"] == "2026-01-01"

    def test_the_footer_links_to_the_notice(self, client, site_pages):
        add_privacy_notice(site_pages["home"])

        soup = soup_of(client.get("/"))

        assert soup.find("footer").find("a", href="/privacy/")


class TestIndexPages:
    @pytest.mark.parametrize(
        ("path", "message"),
        [("/courses/", "No courses yet."), ("/library/", "No library items yet."), ("/seminars/", "No seminars yet.")],
    )
    def test_an_empty_index_page_says_there_is_nothing_yet(self, client, site_pages, path, message):
        response = english(client).get(path)

        assert response.status_code == 200
        assert message in soup_of(response).find(class_="empty-state").get_text()

    def test_the_introduction_is_shown(self, client, site_pages):
        library = site_pages["library"]
        library.introduction = "<p>หนังสือและเอกสารเปิดให้อ่านฟรี</p>"
        library.save_revision().publish()

        soup = soup_of(client.get("/library/"))

        assert "หนังสือและเอกสารเปิดให้อ่านฟรี" in soup.find(class_="lead").get_text()


class TestMainNavigation:
    def test_the_menu_lists_the_pages_shown_in_menus(self, client, site_pages):
        soup = soup_of(client.get("/"))

        menu = {a.get_text(strip=True): a["href"] for a in soup.select("#site-nav a")}
        assert menu == {"หลักสูตร": "/courses/", "ห้องสมุดอิเล็กทรอนิกส์": "/library/", "สัมมนา": "/seminars/"}

    def test_the_current_section_is_marked_in_the_menu(self, client, site_pages):
        soup = soup_of(client.get("/library/"))

        assert soup.select_one("#site-nav a[aria-current=page]")["href"] == "/library/"

    def test_the_menu_is_kept_in_the_cache(self, client, site_pages):
        client.get("/")

        assert [item["url"] for item in cache.get(NAV_CACHE_KEY)] == ["/courses/", "/library/", "/seminars/"]

    def test_a_newly_published_page_shown_in_menus_appears_in_the_header(self, client, site_pages):
        client.get("/")  # the menu is now cached
        page = StandardPage(title="เกี่ยวกับเรา", slug="about", show_in_menus=True, live=False)
        site_pages["home"].add_child(instance=page)
        page.save_revision().publish()

        soup = soup_of(client.get("/"))

        assert soup.select_one("#site-nav a[href='/about/']").get_text(strip=True) == "เกี่ยวกับเรา"

    def test_the_menu_button_controls_the_menu(self, client, site_pages):
        soup = soup_of(client.get("/"))

        button = soup.find("button", class_="nav-toggle")
        assert button["aria-expanded"] == "false"
        assert soup.find(id=button["aria-controls"]).name == "nav"


class TestTheLogo:
    def test_without_a_logo_in_the_settings_the_header_shows_the_platforms_own(self, client, site_pages):
        soup = soup_of(client.get("/"))

        logo = soup.select_one(".site-brand img")
        assert logo["src"].endswith("img/logo.svg")
        assert logo["alt"] == ""

    def test_the_logo_uploaded_in_the_settings_is_shown_beside_the_organisation_name(self, client, site_pages):
        site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        site_settings.logo = make_image("ตราสัญลักษณ์", "ตราสัญลักษณ์ของหน่วยงาน")
        site_settings.save()

        soup = soup_of(client.get("/"))

        brand = soup.select_one(".site-brand")
        logo = brand.find("img")
        assert logo["src"].startswith("/media/images/")
        assert logo["height"] == "80"
        # The name next to it says what the logo would: the image itself is decorative.
        assert logo["alt"] == ""
        assert "logo.svg" not in str(brand)
        assert brand.select_one(".site-brand__name").get_text(strip=True) == site_settings.organisation_name_th


class TestNoInlineScriptOrStyle:
    @pytest.mark.parametrize("path", ["/", "/about/", "/courses/", "/search/?q=หลักสูตร", "/no-such-page/"])
    def test_pages_load_scripts_and_styles_only_from_files(self, client, site_pages, path):
        add_standard_page(site_pages["home"], "เกี่ยวกับเรา", "about", introduction="หลักสูตร", body=BODY)

        response = client.get(path)

        html = response.content.decode()
        soup = BeautifulSoup(html, "html.parser")
        assert soup.find_all("script"), "the site script is loaded"
        assert all(script.get("src") for script in soup.find_all("script"))
        assert not soup.find_all("style")
        assert "style=" not in html
        assert not soup.find_all(attrs={"onclick": True})
