"""Downloading and previewing an item's file: the right type and disposition, and nothing run in the site's origin."""

from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from library.models import ItemUsageTotal
from tests.factories import CivilServantFactory, make_document, make_library_item, make_pdf_bytes
from tests.lms.test_storage_s3 import bucket, s3_endpoint, s3_media, s3_storage_config, unsigned  # noqa: F401

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
HTML_PAYLOAD = b"<!doctype html><script>document.title='pwned'</script><h1>hello</h1>"
SVG_PAYLOAD = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'><script>alert(2)</script></svg>"


def download_url(item):
    return f"/library/items/{item.pk}/download/"


def preview_url(item):
    return f"/library/items/{item.pk}/preview/"


def body(response):
    return b"".join(response.streaming_content)


def raw_document(filename, content):
    """A document saved the way code (not the editor's upload form) could save it, whatever its type."""
    document = get_document_model()(title=filename)
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


@pytest.fixture
def browser(client):
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    return client


class TestDownload:
    def test_the_file_comes_as_an_attachment_named_after_the_thai_title(self, site_pages, browser):
        pdf = make_pdf_bytes("คู่มือ")
        item = make_library_item(site_pages["library"], title="คู่มือการบริหาร/ราชการ", document=make_document(content=pdf))

        response = browser.get(download_url(item))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert body(response) == pdf
        assert response["Content-Length"] == str(len(pdf))
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert f'filename="library-item-{item.pk}.pdf"' in disposition
        encoded = disposition.split("filename*=UTF-8''", 1)[1]
        assert unquote(encoded) == "คู่มือการบริหาร ราชการ.pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]

    def test_an_english_title_gives_a_readable_ascii_name_too(self, site_pages, browser):
        item = make_library_item(site_pages["library"], title="Open Government Data Handbook 2024")

        disposition = browser.get(download_url(item))["Content-Disposition"]

        assert 'filename="Open-Government-Data-Handbook-2024.pdf"' in disposition
        assert "filename*=UTF-8''Open%20Government%20Data%20Handbook%202024.pdf" in disposition

    @pytest.mark.parametrize(
        ("filename", "media_type"),
        [
            ("guide.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ("book.epub", "application/epub+zip"),
            ("talk.mp4", "video/mp4"),
            ("podcast.mp3", "audio/mpeg"),
        ],
    )
    def test_each_kind_of_file_has_its_own_type(self, site_pages, browser, filename, media_type):
        item = make_library_item(site_pages["library"], document=make_document(filename=filename, content=b"data"))

        response = browser.get(download_url(item))

        assert response["Content-Type"] == media_type
        assert response["Content-Disposition"].startswith("attachment;")

    def test_an_item_with_only_an_external_address_sends_the_visitor_there(self, site_pages, browser):
        item = make_library_item(site_pages["library"], document=False, external_url="https://data.go.th/dataset/x")

        response = browser.get(download_url(item))

        assert response.status_code == 302
        assert response["Location"] == "https://data.go.th/dataset/x"
        assert ItemUsageTotal.objects.get(item=item).downloads == 1

    def test_an_unpublished_item_is_not_found(self, site_pages, browser):
        item = make_library_item(site_pages["library"], publish=False)

        assert browser.get(download_url(item)).status_code == 404
        assert browser.get(preview_url(item)).status_code == 404

    def test_an_unknown_item_is_not_found(self, site_pages, browser):
        assert browser.get("/library/items/999999/download/").status_code == 404

    def test_a_file_missing_from_the_storage_is_not_found_rather_than_an_error(self, site_pages, browser):
        item = make_library_item(site_pages["library"])
        item.document.file.storage.delete(item.document.file.name)

        assert browser.get(download_url(item)).status_code == 404

    def test_a_form_cannot_post_to_the_download(self, site_pages, browser):
        item = make_library_item(site_pages["library"])

        assert browser.post(download_url(item)).status_code == 405

    def test_an_open_file_is_not_marked_private_but_a_restricted_one_is(self, site_pages, browser):
        open_item = make_library_item(site_pages["library"])
        restricted = make_library_item(site_pages["library"], access="civil_servants")
        browser.force_login(CivilServantFactory())

        open_response = browser.get(download_url(open_item))
        restricted_response = browser.get(download_url(restricted))

        assert "private" not in open_response.get("Cache-Control", "")
        assert "private" in restricted_response["Cache-Control"]
        assert "private" in browser.get(preview_url(restricted))["Cache-Control"]


class TestPreview:
    def test_a_pdf_is_shown_inline_in_a_sandbox(self, site_pages, browser):
        pdf = make_pdf_bytes("ตัวอย่าง")
        item = make_library_item(site_pages["library"], document=make_document(content=pdf))

        response = browser.get(preview_url(item))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline;")
        assert response["Content-Security-Policy"].startswith("sandbox")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert body(response) == pdf

    @pytest.mark.parametrize(("filename", "media_type"), [("talk.mp4", "video/mp4"), ("podcast.mp3", "audio/mpeg")])
    def test_video_and_audio_play_inline(self, site_pages, browser, filename, media_type):
        item = make_library_item(site_pages["library"], document=make_document(filename=filename, content=b"media"))

        response = browser.get(preview_url(item))

        assert response["Content-Type"] == media_type
        assert response["Content-Disposition"].startswith("inline;")

    @pytest.mark.parametrize("filename", ["guide.docx", "book.epub"])
    def test_other_files_go_to_the_download(self, site_pages, browser, filename):
        item = make_library_item(site_pages["library"], document=make_document(filename=filename, content=b"x"))

        response = browser.get(preview_url(item))

        assert response.status_code == 302
        assert response["Location"] == download_url(item)

    def test_an_item_with_only_an_external_address_goes_to_the_download(self, site_pages, browser):
        item = make_library_item(site_pages["library"], document=False, external_url="https://example.go.th/x")

        response = browser.get(preview_url(item), follow=False)

        assert response["Location"] == download_url(item)


class TestHtmlAndSvgAreNeverRun:
    """Code could store an HTML or SVG document (the upload form refuses them): no address runs it."""

    @pytest.mark.parametrize(
        ("filename", "content"), [("page.html", HTML_PAYLOAD), ("logo.svg", SVG_PAYLOAD), ("page.xhtml", HTML_PAYLOAD)]
    )
    def test_the_download_is_an_opaque_attachment(self, site_pages, browser, filename, content):
        item = make_library_item(site_pages["library"], document=raw_document(filename, content))

        response = browser.get(download_url(item))

        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("sandbox")

    @pytest.mark.parametrize(("filename", "content"), [("page.html", HTML_PAYLOAD), ("logo.svg", SVG_PAYLOAD)])
    def test_the_preview_sends_it_to_the_download(self, site_pages, browser, filename, content):
        item = make_library_item(site_pages["library"], document=raw_document(filename, content))

        response = browser.get(preview_url(item))

        assert response.status_code == 302
        assert response["Location"] == download_url(item)

    @pytest.mark.parametrize(("filename", "content"), [("page.html", HTML_PAYLOAD), ("logo.svg", SVG_PAYLOAD)])
    def test_wagtails_own_document_address_serves_it_as_an_attachment(self, site_pages, browser, filename, content):
        document = raw_document(filename, content)
        make_library_item(site_pages["library"], document=document)

        response = browser.get(document.url)

        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'none'" in response["Content-Security-Policy"]


class TestMediaFiles:
    def test_the_media_folder_is_not_served_by_the_site(self, site_pages, browser, settings):
        item = make_library_item(site_pages["library"], access="civil_servants")

        assert not settings.DEBUG
        assert browser.get(f"{settings.MEDIA_URL}{item.document.file.name}").status_code == 404


class TestFilesOnS3:
    def test_the_download_streams_the_private_object_from_the_bucket(self, s3_media, bucket, site_pages, browser):  # noqa: F811
        pdf = make_pdf_bytes("เอกสารบน S3")
        item = make_library_item(site_pages["library"], document=make_document(content=pdf, filename="s3.pdf"))

        assert item.document.file.name in bucket.keys()
        response = browser.get(download_url(item))

        assert response.status_code == 200
        assert body(response) == pdf
        assert response["Content-Length"] == str(len(pdf))
        assert response["Content-Type"] == "application/pdf"

    def test_text_and_cover_are_read_from_the_bucket(self, s3_media, bucket, site_pages):  # noqa: F811
        item = make_library_item(site_pages["library"], document=make_document(text="ข้อความในบักเก็ต"))

        assert "ข้อความในบักเก็ต" in item.full_text
        assert item.cover_generated
        assert item.cover.file.name in bucket.keys()

    def test_a_restricted_file_is_refused_to_a_citizen_on_every_address(
        self,
        s3_media,  # noqa: F811
        site_pages,
        browser,
        user,
        civil_servant,
    ):
        from tests.lms.test_storage_s3 import fetch

        pdf = make_pdf_bytes("เฉพาะข้าราชการ")
        item = make_library_item(site_pages["library"], access="civil_servants", document=make_document(content=pdf))
        urls = [download_url(item), preview_url(item), item.document.url]

        assert fetch(unsigned(item.document.file.url))[0] == 403
        browser.force_login(user)
        assert [browser.get(url).status_code for url in urls] == [403, 403, 403]

        browser.force_login(civil_servant)
        for url in urls:
            response = browser.get(url)
            assert response.status_code == 200
            assert body(response) == pdf
