"""What an item learns from its file: the format, the text for search, and a cover from the PDF's first page."""

import io
import logging
import time
import zipfile

import pytest
from PIL import Image as PILImage
from pypdf import PdfReader, PdfWriter

from library.files import FULL_TEXT_LIMIT, normalise_text
from library.models import LibraryItemPage
from tests.factories import make_document, make_library_item, make_pdf_bytes

pytestmark = pytest.mark.django_db

THAI_TEXT = "คู่มือการบริหารราชการแผ่นดิน สำหรับเจ้าหน้าที่ผู้ปฏิบัติงาน"


def docx_bytes(paragraphs):
    """A minimal Word document with ``paragraphs``."""
    body = "".join(f"<w:p><w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>" for text in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            "<?xml version='1.0' encoding='UTF-8'?>"
            "<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
            f"<w:body>{body}</w:body></w:document>",
        )
    return buffer.getvalue()


def epub_bytes(chapters):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        for number, text in enumerate(chapters, start=1):
            archive.writestr(
                f"OEBPS/chapter{number}.xhtml",
                f"<html xmlns='http://www.w3.org/1999/xhtml'><head><title>บทที่ {number}</title>"
                f"<style>p {{ color: red }}</style></head><body><p>{text}</p></body></html>",
            )
    return buffer.getvalue()


def encrypted_pdf(user_password, text=THAI_TEXT):
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf_bytes(text))).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner-secret")  # noqa: S106
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class TestFullText:
    def test_the_thai_text_of_an_uploaded_pdf_is_kept_for_search(self, site_pages):
        document = make_document(text=THAI_TEXT)

        item = make_library_item(site_pages["library"], document=document)

        assert "คู่มือการบริหารราชการแผ่นดิน" in item.full_text
        assert "สำหรับเจ้าหน้าที่ผู้ปฏิบัติงาน" in item.full_text
        assert item.file_format == "application/pdf"
        assert item.extracted_document_id == document.pk

    def test_a_word_inside_the_pdfs_text_finds_the_item_in_the_library_search(self, site_pages):
        item = make_library_item(site_pages["library"], document=make_document(text=THAI_TEXT))
        make_library_item(site_pages["library"], document=make_document(text="รายงานประจำปี"))

        found = LibraryItemPage.objects.live().search("ผู้ปฏิบัติงาน")

        assert [page.pk for page in found] == [item.pk]

    def test_the_text_of_a_word_document_is_kept(self, site_pages):
        document = make_document(filename="guide.docx", content=docx_bytes(["แนวทางการจัดซื้อจัดจ้าง", "ภาครัฐ & co"]))

        item = make_library_item(site_pages["library"], document=document)

        assert item.file_format == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        assert item.full_text == "แนวทางการจัดซื้อจัดจ้าง\nภาครัฐ & co"

    def test_the_text_of_an_epub_is_kept_without_its_styles(self, site_pages):
        document = make_document(filename="book.epub", content=epub_bytes(["ธรรมาภิบาลในองค์กร", "การกำกับดูแล"]))

        item = make_library_item(site_pages["library"], document=document, item_type="ebook")

        assert item.file_format == "application/epub+zip"
        assert "ธรรมาภิบาลในองค์กร" in item.full_text
        assert "การกำกับดูแล" in item.full_text
        assert "color" not in item.full_text

    @pytest.mark.parametrize(("filename", "media_type"), [("talk.mp4", "video/mp4"), ("podcast.mp3", "audio/mpeg")])
    def test_video_and_audio_get_their_format_and_no_text(self, site_pages, filename, media_type):
        document = make_document(filename=filename, content=b"\x00\x00\x00\x18ftypmp42 not really media")

        item = make_library_item(site_pages["library"], document=document, item_type="video")

        assert item.file_format == media_type
        assert item.full_text == ""
        assert item.cover is None

    def test_an_item_with_only_an_external_address_has_no_format_of_its_own(self, site_pages):
        item = make_library_item(site_pages["library"], document=False, external_url="https://example.go.th/report")

        assert item.file_format == ""
        assert item.full_text == ""

    def test_a_long_text_is_cut_at_the_limit(self, site_pages):
        words = "การบริหารราชการ " * 2000
        document = make_document(content=make_pdf_bytes(words, pages=8))

        item = make_library_item(site_pages["library"], document=document)

        assert 0 < len(item.full_text) <= FULL_TEXT_LIMIT
        assert item.full_text.startswith("การบริหารราชการ")

    def test_a_new_file_replaces_the_text_and_removing_it_clears_the_text(self, site_pages):
        item = make_library_item(site_pages["library"], document=make_document(text="ฉบับแรก"))

        item.document = make_document(text="ฉบับปรับปรุงใหม่")
        item.save_revision().publish()
        item.refresh_from_db()
        assert "ฉบับปรับปรุงใหม่" in item.full_text
        assert "ฉบับแรก" not in item.full_text

        item.document = None
        item.external_url = "https://example.go.th/moved"
        item.save_revision().publish()
        item.refresh_from_db()
        assert item.full_text == ""
        assert item.file_format == ""


class TestBadFiles:
    @pytest.mark.parametrize(
        "content",
        [b"", b"%PDF-1.4\nthis is not really a pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, b"%PDF-1.7\n" + b"A" * 5000],
        ids=["empty", "truncated", "png-named-pdf", "garbage"],
    )
    def test_a_broken_pdf_is_saved_without_text_or_cover(self, site_pages, content, caplog):
        document = make_document(content=content)

        with caplog.at_level(logging.WARNING, logger="library.files"):
            item = make_library_item(site_pages["library"], document=document)

        assert item.full_text == ""
        assert item.cover is None
        assert item.file_format == "application/pdf"
        assert item.live

    def test_a_pdf_locked_with_a_password_is_saved_without_text_or_cover(self, site_pages):
        document = make_document(content=encrypted_pdf("reader-secret"))

        item = make_library_item(site_pages["library"], document=document)

        assert item.full_text == ""
        assert item.cover is None

    def test_a_pdf_encrypted_without_a_reading_password_still_gives_its_text(self, site_pages):
        document = make_document(content=encrypted_pdf(""))

        item = make_library_item(site_pages["library"], document=document)

        assert "คู่มือการบริหารราชการแผ่นดิน" in item.full_text

    def test_a_file_missing_from_the_storage_does_not_stop_the_save(self, site_pages):
        document = make_document()
        document.file.storage.delete(document.file.name)

        item = make_library_item(site_pages["library"], document=document)

        assert item.full_text == ""
        assert item.file_format == "application/pdf"

    def test_a_file_too_large_to_read_is_left_without_text(self, site_pages, monkeypatch, caplog):
        monkeypatch.setattr("library.files.MAX_READ_BYTES", 1000)

        with caplog.at_level(logging.WARNING, logger="library.files"):
            item = make_library_item(site_pages["library"], document=make_document(text=THAI_TEXT))

        assert item.full_text == ""
        assert "too large" in caplog.text

    def test_a_word_document_that_is_not_a_zip_is_saved_without_text(self, site_pages):
        document = make_document(filename="broken.docx", content=b"PK\x03\x04 broken")

        item = make_library_item(site_pages["library"], document=document)

        assert item.full_text == ""


class TestGeneratedCover:
    def test_an_item_without_a_cover_gets_the_first_page_of_its_pdf(self, site_pages):
        item = make_library_item(site_pages["library"], title="คู่มือการประเมินผล")

        assert item.cover_generated
        assert item.cover.title == "ปก: คู่มือการประเมินผล"
        assert item.cover.height == 600
        assert 400 < item.cover.width < 450  # A4's proportions
        with item.cover.open_file() as handle, PILImage.open(handle) as picture:
            assert picture.format == "PNG"
            assert picture.size == (item.cover.width, 600)

    def test_a_cover_chosen_by_the_editor_is_kept(self, site_pages):
        chosen = make_library_item(site_pages["library"]).cover
        chosen.title = "ภาพปกที่ออกแบบ"
        chosen.save()

        item = make_library_item(site_pages["library"], cover=chosen)

        assert item.cover_id == chosen.pk
        assert not item.cover_generated

    def test_a_new_pdf_draws_a_new_cover_and_a_video_takes_the_drawn_one_away(self, site_pages):
        item = make_library_item(site_pages["library"], document=make_document(text="หน้าแรก"))
        first_cover = item.cover_id

        item.document = make_document(text="ฉบับใหม่ หน้าปกใหม่", filename="new.pdf")
        item.save_revision().publish()
        item.refresh_from_db()
        assert item.cover_generated
        assert item.cover_id != first_cover

        item.document = make_document(filename="clip.mp4", content=b"\x00\x00\x00\x18ftypmp42")
        item.save_revision().publish()
        item.refresh_from_db()
        assert item.cover is None
        assert not item.cover_generated

    def test_saving_a_draft_and_then_publishing_it_makes_one_cover(self, site_pages):
        from wagtail.images import get_image_model

        item = make_library_item(site_pages["library"], document=make_document(text="เอกสารเดิม"))
        before = get_image_model().objects.count()

        item.document = make_document(text="เอกสารใหม่", filename="replacement.pdf")
        item.save_revision()
        item.refresh_from_db()
        item.get_latest_revision().publish()

        assert get_image_model().objects.count() == before + 1


class TestSpeed:
    def test_a_twenty_page_pdf_is_read_and_drawn_in_well_under_a_second_or_two(self, site_pages):
        document = make_document(content=make_pdf_bytes(THAI_TEXT + " " + "ข้อความประกอบ " * 60, pages=20))

        started = time.perf_counter()
        item = make_library_item(site_pages["library"], document=document)
        elapsed = time.perf_counter() - started

        assert item.full_text.count("คู่มือการบริหารราชการแผ่นดิน") == 20
        assert item.cover_generated
        assert elapsed < 5  # measured about 0.1 s for the extraction and cover; the rest is the page's save


class TestNormalisedText:
    def test_spaces_and_empty_lines_are_collapsed(self):
        assert normalise_text("  หนึ่ง \t สอง \n\n\n  สาม  ") == "หนึ่ง สอง\nสาม"

    def test_control_characters_left_by_pdfs_are_dropped(self):
        assert normalise_text("น้ำ\x19ใจ\x00 ทำ\x19งาน") == "น้ำใจ ทำงาน"

    def test_thai_glyph_forms_of_old_fonts_become_letters(self):
        # ที่ with a moved tone mark, น้ำ drawn as NIKHAHIT + tone + SARA AA.
        assert normalise_text("ท\uf702\uf70a น\u0e4d\u0e49\u0e32") == "ที่ น้ำ"
