"""A library item's page: its catalogue record, cover, file (preview and download) behind access, usage, courses."""

import io

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.images import ImageFile
from django.test import RequestFactory
from django.utils import translation
from PIL import Image as PILImage
from wagtail.images import get_image_model

from library.models import ItemUsageTotal, LibraryItemCreator, LibraryItemPage, Subject
from tests.factories import CivilServantFactory, UserFactory, make_course, make_document, make_library_item

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def record(response):
    """The catalogue record as ``{field: text}``."""
    return {dd["data-field"]: dd.get_text(" ", strip=True) for dd in soup_of(response).select("dd[data-field]")}


def web_item(index, title="คู่มือบนเว็บ", **fields):
    """An item with an external address only (no PDF to make)."""
    fields.setdefault("document", False)
    fields.setdefault("external_url", "https://www.example.go.th/manual")
    return make_library_item(index, title=title, **fields)


def cover_image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (300, 420), "#12305f").save(buffer, "PNG")
    return get_image_model().objects.create(title="ปก", file=ImageFile(buffer, name="cover.png"))


@pytest.fixture
def index(site_pages):
    return site_pages["library"]


class TestCatalogueRecord:
    def test_the_page_shows_the_whole_record(self, client, index):
        page = web_item(
            index,
            title="คู่มือการบริหารราชการแผ่นดิน",
            title_en="Handbook of public administration",
            creators=["สมชาย ใจดี", "Jane Smith", "สำนักงาน ก.พ."],
            subjects=["การบริหาร"],
            description="<p>แนวทาง <b>สำคัญ</b> สำหรับผู้บริหาร</p>",
            publisher="สำนักงานคณะกรรมการข้าราชการพลเรือน",
            date_issued="2024",
            item_type="manual",
            language="th",
            identifier="doi:10.1234/handbook.2024",
            rights="CC BY 4.0",
            rights_url="https://creativecommons.org/licenses/by/4.0/",
            access="open",
        )

        response = english(client).get(page.url)

        assert response.status_code == 200
        soup = soup_of(response)
        assert soup.select_one("h1").get_text(strip=True) == "คู่มือการบริหารราชการแผ่นดิน"
        assert soup.select_one(".library-item__title-en").get_text(strip=True) == "Handbook of public administration"
        creators = [li.get_text(strip=True) for li in soup.select('[data-field="creators"] li')]
        assert creators == ["สมชาย ใจดี", "Jane Smith", "สำนักงาน ก.พ."]
        assert soup.select_one(".library-item__section .prose b").get_text() == "สำคัญ"
        fields = record(response)
        assert fields["publisher"] == "สำนักงานคณะกรรมการข้าราชการพลเรือน"
        assert fields["date_issued"] == "2024"
        assert fields["type"] == "Manual or guide"
        assert fields["language"] == "Thai"
        assert fields["access"] == "Open to everyone"
        doi = soup.select_one('[data-field="identifier"] a')
        assert doi["href"] == "https://doi.org/10.1234/handbook.2024"
        licence = soup.select_one('[data-field="rights"] a')
        assert licence.get_text() == "CC BY 4.0"
        assert licence["href"] == "https://creativecommons.org/licenses/by/4.0/"
        assert licence["rel"] == ["license"]

    @pytest.mark.parametrize(
        ("date_issued", "thai", "english_text"),
        [("2024", "พ.ศ. 2567", "2024"), ("2024-05-01", "1 พฤษภาคม 2567", "1 May 2024")],
    )
    def test_the_date_issued_is_in_the_buddhist_era_in_thai(self, client, index, date_issued, thai, english_text):
        page = web_item(index, date_issued=date_issued)

        assert record(client.get(page.url))["date_issued"] == thai
        assert record(english(client).get(page.url))["date_issued"] == english_text

    def test_an_isbn_is_shown_without_a_link(self, client, index):
        page = web_item(index, identifier="ISBN 978-616-123-456-7")

        identifier = soup_of(client.get(page.url)).select_one('[data-field="identifier"]')

        assert "978-616-123-456-7" in identifier.get_text()
        assert identifier.select_one("a") is None

    def test_subjects_link_to_the_library_filtered_by_them(self, client, index):
        page = web_item(index, title="คู่มือธรรมาภิบาล", subjects=["ธรรมาภิบาล"])
        web_item(index, title="เอกสารอื่น", subjects=["อื่น ๆ"])
        subject = Subject.objects.get(name="ธรรมาภิบาล")

        link = soup_of(client.get(page.url)).select_one('[data-field="subjects"] a')
        listed = soup_of(client.get(link["href"])).select(".library-card__title a")

        assert link["href"] == f"{index.url}?subject={subject.pk}"
        assert [a.get_text(strip=True) for a in listed] == ["คู่มือธรรมาภิบาล"]

    def test_subjects_are_shown_in_the_visitors_language(self, client, index):
        page = web_item(index, subjects=["ธรรมาภิบาล"])
        Subject.objects.filter(name="ธรรมาภิบาล").update(name_en="Good governance")

        assert record(client.get(page.url))["subjects"] == "ธรรมาภิบาล"
        assert record(english(client).get(page.url))["subjects"] == "Good governance"

    def test_the_cover_is_shown_as_a_decorative_image(self, client, index):
        page = web_item(index, cover=cover_image())

        image = soup_of(client.get(page.url)).select_one(".library-item__cover img")

        assert image["alt"] == ""
        assert image["src"].endswith(".png")

    def test_a_draft_item_is_not_found(self, client, index):
        draft = web_item(index, publish=False)

        assert client.get(f"{index.url}{draft.slug}/").status_code == 404


@pytest.fixture
def pdf_item(index):
    return make_library_item(index, title="คู่มือ PDF", document=make_document(filename="manual.pdf"))


class TestTheFile:
    def test_an_open_pdf_is_previewed_inline_and_can_be_downloaded(self, client, pdf_item):
        response = english(client).get(pdf_item.url)

        soup = soup_of(response)
        frame = soup.select_one("iframe.library-preview__frame")
        assert frame["src"] == f"/library/items/{pdf_item.pk}/preview/"
        assert frame["title"] == "Preview of คู่มือ PDF"
        assert soup.select_one(".library-preview__fallback a")["href"] == frame["src"]
        download = soup.select_one(".library-file__download")
        assert download["href"] == f"/library/items/{pdf_item.pk}/download/"
        assert "PDF" in download.get_text()
        assert record(response)["format"] == "PDF"
        # The page's policy lets it frame its own preview.
        assert "frame-src 'self'" in response["Content-Security-Policy"]
        preview = client.get(frame["src"])
        assert preview.status_code == 200
        assert preview["Content-Type"] == "application/pdf"

    def test_a_file_for_signed_in_users_asks_a_visitor_to_log_in(self, client, index):
        page = make_library_item(index, title="คู่มือสมาชิก", access="signed_in")

        soup = soup_of(english(client).get(page.url))

        assert soup.select_one("iframe") is None
        assert soup.select_one(".library-file__download") is None
        assert "signed-in users" in soup.select_one(".library-file__reason").get_text()
        login = soup.select_one(".library-file__login")
        assert login["href"].startswith("/account/login/?next=")
        assert page.url in login["href"].replace("%2F", "/")

    def test_a_signed_in_user_gets_the_file_for_signed_in_users(self, client, index):
        page = make_library_item(index, title="คู่มือสมาชิก", access="signed_in")
        client.force_login(UserFactory())

        soup = soup_of(client.get(page.url))

        assert soup.select_one("iframe.library-preview__frame") is not None
        assert soup.select_one(".library-file__download") is not None

    def test_a_citizen_is_told_the_file_is_for_civil_servants_without_a_login_link(self, client, index):
        page = make_library_item(index, title="คู่มือข้าราชการ", access="civil_servants")
        client.force_login(UserFactory(preferred_language="en"))

        soup = soup_of(english(client).get(page.url))

        assert soup.select_one(".library-file__download") is None
        assert soup.select_one("iframe") is None
        assert "civil servants only" in soup.select_one(".library-file__reason").get_text()
        assert soup.select_one(".library-file__login") is None
        assert soup.select_one(".library-badge").get_text(strip=True) == "Civil servants only"

    def test_a_civil_servant_gets_the_file_for_civil_servants(self, client, index):
        page = make_library_item(index, title="คู่มือข้าราชการ", access="civil_servants")
        client.force_login(CivilServantFactory())

        soup = soup_of(client.get(page.url))

        assert soup.select_one(".library-file__download") is not None

    def test_a_file_that_is_not_a_pdf_has_a_download_but_no_preview(self, client, index):
        audio = make_document(filename="talk.mp3", content=b"ID3" + b"\x00" * 64)
        page = make_library_item(index, title="เสียงบรรยาย", item_type="audio", document=audio)

        soup = soup_of(client.get(page.url))

        assert soup.select_one("iframe") is None
        assert soup.select_one(".library-file__download")["href"] == f"/library/items/{page.pk}/download/"

    def test_an_address_without_a_file_is_followed_through_the_counted_download(self, client, index):
        page = web_item(index, external_url="https://www.example.go.th/law")

        link = soup_of(client.get(page.url)).select_one(".library-file__external")

        assert link["href"] == f"/library/items/{page.pk}/download/"
        followed = client.get(link["href"])
        assert followed.status_code == 302
        assert followed["Location"] == "https://www.example.go.th/law"

    def test_an_address_beside_a_file_links_straight_to_it(self, client, index):
        page = make_library_item(index, external_url="https://www.example.go.th/law")

        link = soup_of(client.get(page.url)).select_one(".library-file__external")

        assert link["href"] == "https://www.example.go.th/law"


class TestUsage:
    def test_totals_are_zero_before_anyone_came(self, client, index):
        page = web_item(index)

        soup = soup_of(client.get(page.url))  # no browser: a robot, not counted

        assert soup.select_one('[data-usage="views"]').get_text() == "0"
        assert soup.select_one('[data-usage="downloads"]').get_text() == "0"

    def test_totals_are_shown(self, client, index):
        page = web_item(index)
        ItemUsageTotal.objects.create(item=page, views=1234, downloads=56)

        soup = soup_of(client.get(page.url))

        assert soup.select_one('[data-usage="views"]').get_text() == "1234"
        assert soup.select_one('[data-usage="downloads"]').get_text() == "56"

    def test_a_visit_counts_as_a_view(self, client, index):
        page = web_item(index)

        client.get(page.url, HTTP_USER_AGENT=BROWSER)

        assert ItemUsageTotal.objects.get(item=page).views == 1


def preview_of(page, user):
    request = RequestFactory().get("/admin/", HTTP_USER_AGENT=BROWSER)
    request.user = user
    request.is_preview = True
    with translation.override("en"):
        return page.serve_preview(request, page.default_preview_mode).render()


class TestEditorPreview:
    def test_previewing_a_draft_shows_the_page_without_counting_a_view(self, index):
        draft = web_item(index, title="คู่มือฉบับร่าง", publish=False)

        response = preview_of(draft, UserFactory(is_superuser=True, is_staff=True))

        assert response.status_code == 200
        assert "คู่มือฉบับร่าง" in response.content.decode()
        assert not ItemUsageTotal.objects.filter(item=draft).exists()

    def test_previewing_a_new_item_before_it_is_saved_works(self, index):
        # As the editor's "create" preview builds it: in memory, placed under the library, no id.
        page = LibraryItemPage(
            title="คู่มือใหม่", slug="new-item", external_url="https://www.example.go.th/new", date_issued="2024"
        )
        page.creators.add(LibraryItemCreator(name="Jane Smith", sort_order=0))
        page.depth = index.depth + 1
        page.path = index.path + "9999"
        page.set_url_path(index)

        response = preview_of(page, UserFactory(is_superuser=True, is_staff=True))

        assert response.status_code == 200
        soup = soup_of(response)
        assert soup.select_one('[data-citation="apa"]').get_text().startswith("Smith, J. (2567). คู่มือใหม่.")
        assert soup.select_one(".library-citation__downloads") is None


class TestRelatedCourses:
    def test_only_live_related_courses_are_listed(self, client, site_pages, index):
        live = make_course(site_pages["courses"], lessons=0, title="หลักสูตรที่เปิดอยู่")
        draft = make_course(site_pages["courses"], lessons=0, title="หลักสูตรฉบับร่าง", publish=False)
        page = web_item(index)
        page.related_courses = [live, draft]
        page.save_revision().publish()

        soup = soup_of(client.get(page.url))

        links = soup.select(".library-related a")
        assert [(a.get_text(strip=True), a["href"]) for a in links] == [("หลักสูตรที่เปิดอยู่", live.url)]

    def test_no_related_courses_no_section(self, client, index):
        page = web_item(index)

        assert soup_of(client.get(page.url)).select_one(".library-related") is None


class TestAccessibility:
    def test_headings_follow_each_other_and_the_stylesheet_is_linked(self, client, pdf_item):
        soup = soup_of(client.get(pdf_item.url))

        main = soup.select_one("main")
        levels = [int(h.name[1]) for h in main.select("h1, h2, h3, h4")]
        assert levels[0] == 1
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
        assert soup.select_one('link[href$="css/library.css"]') is not None
