"""The e-library's demo: fifty Thai and English items of every type, with PDFs drawn at load time, and covers."""

import io
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from PIL import Image
from pypdf import PdfReader
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Revision

from library.demo import COVER_HEIGHT, ITEMS, SUBJECTS, DemoPdf, draw_media_cover, has_pdf, wrap
from library.models import Access, ItemLanguage, ItemType, LibraryItemPage, Subject, identifier_kind
from lms.search import prepare_query

pytestmark = pytest.mark.django_db

THAI = re.compile("[\u0e00-\u0e7f]")
PDF_ITEMS = [spec for spec in ITEMS if has_pdf(spec)]
MEDIA_ITEMS = [spec for spec in ITEMS if not has_pdf(spec)]


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture(scope="module")
def built_demo(django_db_setup, django_db_blocker):
    """The whole demo built once for this module's tests, rolled back after them.

    Each test runs in its own savepoint, so one that changes the demo leaves it as built for the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


def demo_items():
    return list(
        LibraryItemPage.objects.filter(identifier__in=[spec["identifier"] for spec in ITEMS])
        .select_related("document", "cover")
        .prefetch_related("creators", "subjects", "related_courses")
    )


def without_spaces(text):
    return "".join(text.split())


def row_counts():
    models = (LibraryItemPage, Subject, Revision, get_document_model(), get_image_model())
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.usefixtures("built_demo")
class TestTheDemoLibrary:
    def test_at_least_forty_live_items_of_every_type_every_access_and_both_languages(self):
        items = demo_items()
        assert len(items) == len(ITEMS) >= 40
        assert all(item.live and not item.has_unpublished_changes for item in items)
        assert {item.item_type for item in items} == set(ItemType.values)
        assert {item.access for item in items} == set(Access.values)
        assert {ItemLanguage.THAI, ItemLanguage.ENGLISH} <= {item.language for item in items}
        access = Counter(item.access for item in items)
        # Most are open; a few are for civil servants only.
        assert access[Access.OPEN] > len(items) / 2
        assert access[Access.CIVIL_SERVANTS] < access[Access.SIGNED_IN] < access[Access.OPEN]

    def test_every_item_is_catalogued_with_creators_subjects_a_file_or_address_and_a_cover(self):
        for item in demo_items():
            assert item.creator_names(), item.slug
            assert item.subjects.all(), item.slug
            assert item.document_id or item.external_url, item.slug
            # A picture of a restricted file's first page would be public: those items have none.
            assert bool(item.cover_id) is (item.access == Access.OPEN or not item.document_id), item.slug
            assert item.description and item.publisher and item.rights, item.slug
            assert item.year_issued and item.date_issued[:4] == str(item.year_issued), item.slug
            item.full_clean()

    def test_the_dates_mix_years_and_full_dates_and_a_buddhist_era_year_is_kept_in_the_common_era(self):
        items = {item.slug: item for item in demo_items()}
        assert {len(item.date_issued) for item in items.values()} == {4, 10}
        # Typed as 2565-09-30 (B.E.) in the demo's data.
        assert items["action-plan-manual-2566-2570"].date_issued == "2022-09-30"
        assert items["action-plan-manual-2566-2570"].year_issued == 2022

    def test_the_subjects_have_thai_and_english_names(self):
        subjects = Subject.objects.filter(name__in=[name for name, _name_en in SUBJECTS.values()])
        assert subjects.count() == len(SUBJECTS) >= 12
        assert all(THAI.search(subject.name) and subject.name_en for subject in subjects)

    def test_identifiers_are_local_or_under_the_test_doi_prefix_never_a_real_isbn(self):
        for item in demo_items():
            assert identifier_kind(item.identifier) in ("local", "doi"), item.identifier
            if identifier_kind(item.identifier) == "doi":
                assert item.identifier.startswith("10.99999/")
        assert any(identifier_kind(item.identifier) == "doi" for item in demo_items())

    def test_open_licences_link_to_their_terms_and_all_rights_reserved_has_no_link(self):
        items = demo_items()
        for item in items:
            if item.rights.startswith("CC BY"):
                assert item.rights_url.startswith("https://creativecommons.org/licenses/"), item.slug
            else:
                assert item.rights == "สงวนลิขสิทธิ์" and not item.rights_url, item.slug
        assert {"CC BY 4.0", "สงวนลิขสิทธิ์"} <= {item.rights for item in items}

    def test_a_pdf_of_one_to_three_pages_for_each_document_item(self):
        items = {item.identifier: item for item in demo_items()}
        for spec in PDF_ITEMS:
            item = items[spec["identifier"]]
            assert item.file_format == "application/pdf", item.slug
            with item.document.file.open("rb") as handle:
                pages = len(PdfReader(io.BytesIO(handle.read())).pages)
            assert 1 <= pages <= 3, item.slug
        assert len(PDF_ITEMS) >= 40

    def test_the_thai_text_of_each_pdf_is_in_its_items_full_text(self):
        items = {item.identifier: item for item in demo_items()}
        for spec in PDF_ITEMS:
            item = items[spec["identifier"]]
            text = without_spaces(item.full_text)
            # Text drawn on the PDF's pages, not only the catalogue record.
            thai_parts = [part for section in spec.get("sections", ()) for part in section if THAI.search(part)]
            thai_parts += [label for _figure, label in spec.get("facts", ()) if THAI.search(label)]
            assert thai_parts, spec["slug"]
            for part in thai_parts:
                assert without_spaces(part) in text, (spec["slug"], part)

    def test_a_thai_word_only_inside_the_pdfs_finds_their_items(self):
        # The laws' summaries end with a note pointing to the Royal Gazette; no record mentions it.
        found = LibraryItemPage.objects.live().search(prepare_query("ราชกิจจานุเบกษา"))
        summaries = {
            spec["slug"]
            for spec in ITEMS
            if spec["type"] == ItemType.LAW and spec["language"] == "th" and spec["access"] == Access.OPEN
        }
        assert summaries  # restricted files' words are not searched; open ones are
        assert {item.slug for item in found} == summaries

    def test_pdf_covers_are_drawn_from_the_first_page_and_media_covers_are_drawn_cards(self):
        items = {item.identifier: item for item in demo_items()}
        for spec in ITEMS:
            item = items[spec["identifier"]]
            assert item.cover_generated is (has_pdf(spec) and spec["access"] == Access.OPEN), item.slug
            if item.cover is not None:
                assert item.cover.height > item.cover.width, item.slug
        for spec in MEDIA_ITEMS:
            item = items[spec["identifier"]]
            assert item.item_type in (ItemType.VIDEO, ItemType.AUDIO)
            assert item.external_url.startswith("https://media.demo.go.th/")
            assert item.document_id is None and item.file_format == ""
            assert item.cover.height == COVER_HEIGHT

    def test_items_relate_to_the_demo_courses_of_their_subject(self):
        items = {item.identifier: item for item in demo_items()}
        for spec in ITEMS:
            slugs = {course.slug for course in items[spec["identifier"]].related_courses.all()}
            assert slugs == set(spec.get("courses", ())), spec["slug"]
        pdpa_guidelines = items["local:dga-2566-014"]
        assert [course.title for course in pdpa_guidelines.related_courses.all()] == ["PDPA สำหรับเจ้าหน้าที่รัฐ"]

    def test_the_item_pages_are_under_the_library(self, client):
        item = LibraryItemPage.objects.get(identifier="local:dga-2562-001")
        assert item.url == "/library/digital-government-act-2562/"
        response = client.get(item.url)
        assert response.status_code == 200
        assert "พระราชบัญญัติการบริหารงานและการให้บริการภาครัฐผ่านระบบดิจิทัล พ.ศ. 2562" in response.content.decode()


@pytest.mark.usefixtures("built_demo")
class TestLoadingTheDemoAgain:
    def test_the_second_run_adds_no_item_subject_file_image_or_revision(self):
        before = row_counts()
        output = load_demo()
        assert row_counts() == before
        assert "nothing changed" in output

    def test_an_item_an_editor_changed_is_left_as_it_is(self):
        item = LibraryItemPage.objects.get(identifier="local:opdc-2565-001")
        item.title = "คู่มือการจัดทำแผนปฏิบัติราชการ (ฉบับปรับปรุง)"
        item.save_revision().publish()
        before = row_counts()
        load_demo()
        assert LibraryItemPage.objects.get(identifier="local:opdc-2565-001").title == item.title
        assert row_counts() == before

    def test_a_deleted_item_comes_back_with_its_old_file_not_a_second_copy(self):
        LibraryItemPage.objects.get(identifier="local:dga-2566-014").delete()
        documents = get_document_model().objects.count()
        load_demo()
        item = LibraryItemPage.objects.get(identifier="local:dga-2566-014")
        assert item.live and item.full_text
        assert get_document_model().objects.count() == documents


class TestTheDrawings:
    """The PDF and the cover on their own, without a database."""

    def test_a_pdf_gives_back_its_thai_text(self):
        spec = next(spec for spec in ITEMS if spec["identifier"] == "local:dga-2566-014")
        reader = PdfReader(io.BytesIO(DemoPdf(spec).render()))
        text = "".join(page.extract_text() for page in reader.pages)
        # Lines break between Thai words, with no space: compare without them.
        assert without_spaces("แจ้งสำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคลภายใน 72 ชั่วโมง") in without_spaces(text)
        # SARA AM comes back without a stray character after it (the certificate's text layer).
        assert "สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน)" in text
        assert reader.metadata.title == spec["title"]

    def test_every_page_says_it_is_a_demonstration_in_a_picture_kept_out_of_the_searchable_text(self):
        spec = next(spec for spec in ITEMS if spec["type"] == ItemType.REPORT)
        reader = PdfReader(io.BytesIO(DemoPdf(spec).render()))
        for page in reader.pages:
            assert len(page.images) == 1
            assert "สมมติ" not in page.extract_text()

    def test_an_infographic_is_one_page_and_a_report_ends_with_its_key_figures(self):
        infographic = next(spec for spec in ITEMS if spec["type"] == ItemType.INFOGRAPHIC)
        assert len(PdfReader(io.BytesIO(DemoPdf(infographic).render())).pages) == 1
        report = next(spec for spec in ITEMS if spec["type"] == ItemType.REPORT)
        last_page = PdfReader(io.BytesIO(DemoPdf(report).render())).pages[-1].extract_text()
        assert "ตัวเลขสำคัญ" in last_page
        assert report["facts"][0][0] in last_page

    def test_lines_break_between_thai_words_and_keep_brackets_with_their_words(self):
        lines = wrap("คู่มือการจัดทำแผนปฏิบัติราชการ ระยะ 5 ปี (พ.ศ. 2566–2570)", 20, len)
        assert "".join(lines).replace(" ", "") == "คู่มือการจัดทำแผนปฏิบัติราชการระยะ5ปี(พ.ศ.2566–2570)"
        assert all(len(line) <= 20 for line in lines)
        assert not any(line.endswith("(") for line in lines)
        assert any("(พ.ศ." in line for line in lines)

    def test_a_video_cover_is_a_portrait_png_of_the_covers_height(self):
        spec = next(spec for spec in MEDIA_ITEMS if spec["type"] == ItemType.VIDEO)
        image = Image.open(io.BytesIO(draw_media_cover(spec)))
        assert image.format == "PNG"
        assert image.height == COVER_HEIGHT
        assert image.width < image.height
