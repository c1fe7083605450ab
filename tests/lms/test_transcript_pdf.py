"""The training record as a PDF transcript (``/my/training-record.pdf``): A4 portrait, Thai that reads back
as written, a table per fiscal year that wraps long titles and flows onto further pages."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from courses.services.certificates import site_settings
from lms import dashboard
from lms.pdf import ThaiPDF
from lms.thai import segment
from lms.training_record import COURSE, SEMINAR, LedgerEntry
from lms.transcript_pdf import COLUMNS, THAI_MARKS, render_transcript, wrap
from tests.courses.test_certificate_pdf import pdftotext_of
from tests.factories import AgencyFactory, CivilServantFactory, UserFactory, make_course
from tests.lms.test_training_record import attend, bangkok

pytestmark = pytest.mark.django_db

PDF_URL = reverse("dashboard:training-record-pdf")
A4_PORTRAIT_PT = (595.28, 841.89)
COURSE_TITLE = "การบริหารจัดการภาครัฐยุคใหม่"
SEMINAR_TITLE = "การฟื้นฟูและพัฒนาพื้นที่ชุมชน"
# Titles whose vowels and tone marks stack or move over tall letters (as on certificates).
THAI_TITLES = [
    "การใช้ปัญญาประดิษฐ์ในงานภาครัฐ",
    "สิทธิ์และหน้าที่ของเจ้าหน้าที่ผู้ปฏิบัติงาน",
    "ที่ปรึกษาด้านความมั่นคงปลอดภัยไซเบอร์",
    "ฝั่งแม่น้ำและการฟื้นฟูป่าต้นน้ำ",
]
LONG_TITLE = (
    "หลักสูตรการบริหารราชการแผ่นดินยุคใหม่สำหรับผู้บริหารระดับสูงและผู้อำนวยการกองฝึกอบรม"
    "ทุกหน่วยงานในกระทรวงมหาดไทยและกระทรวงการคลังที่ต้องการพัฒนาทักษะดิจิทัล"
)


@pytest.fixture
def learner(db):
    agency = AgencyFactory(name_th="สำนักงานคณะกรรมการข้าราชการพลเรือน", name_en="Office of the Civil Service Commission")
    return CivilServantFactory(
        name_prefix="นางสาว",
        first_name="กุ้งนิ้ม",
        last_name="ปู่ป้าน้ำใส",
        first_name_en="Kungnim",
        last_name_en="Puupaanamsai",
        agency=agency,
        position="นักทรัพยากรบุคคลชำนาญการ",
        preferred_language="en",
    )


@pytest.fixture
def finish(django_capture_on_commit_callbacks):
    from courses.services.enrolment import enrol_learner
    from courses.services.progress import complete_lesson

    def finish(user, course, when=None):
        from courses.models import Enrolment
        from courses.services.certificates import issue_for_enrolment

        enrol_learner(course, user)
        with django_capture_on_commit_callbacks(execute=True):
            for lesson in course.syllabus_items():
                complete_lesson(user, lesson, now=when)
        # Issued here too (the same certificate if the background task already did it).
        issue_for_enrolment(Enrolment.objects.get(user=user, course=course), now=when)

    return finish


def entry(title, when, hours=3, kind=COURSE, code=""):
    return LedgerEntry(
        kind=kind, title=title, title_en="", credited_at=when, hours=Decimal(hours), page=None, certificate_code=code
    )


def text_of(data):
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def lines_of(data):
    return [" ".join(line.split()) for page in text_of(data) for line in page.splitlines()]


class TestTheDownload:
    def test_a_guest_is_sent_to_log_in(self, client, site_pages):
        response = client.get(PDF_URL)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account:login')}?next={PDF_URL}"

    def test_the_learner_gets_their_transcript_as_a_pdf_attachment_never_cached(
        self, client, site_pages, learner, finish
    ):
        finish(learner, make_course(site_pages["courses"], title=COURSE_TITLE, lessons=1, training_hours=6))
        client.force_login(learner)

        response = client.get(PDF_URL)

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            f'attachment; filename="training-record-{timezone.localdate().isoformat()}.pdf"'
        )
        assert "no-store" in response["Cache-Control"]
        assert response.content.startswith(b"%PDF-")

    def test_someone_elses_courses_and_seminars_are_not_in_it(self, client, site_pages, learner, finish):
        someone_else = UserFactory()
        finish(someone_else, make_course(site_pages["courses"], title="หลักสูตรของคนอื่น", lessons=1))
        attend(site_pages["seminars"], someone_else, title="สัมมนาของคนอื่น")
        finish(learner, make_course(site_pages["courses"], title=COURSE_TITLE, lessons=1, awards_certificate=False))
        client.force_login(learner)

        text = "\n".join(text_of(client.get(PDF_URL).content))

        assert COURSE_TITLE in text
        assert "หลักสูตรของคนอื่น" not in text
        assert "สัมมนาของคนอื่น" not in text

    def test_the_download_is_read_only(self, client, site_pages, learner):
        client.force_login(learner)
        assert client.post(PDF_URL).status_code == 405

    def test_a_person_drawing_transcripts_over_and_over_is_asked_to_wait(
        self, client, site_pages, learner, monkeypatch
    ):
        monkeypatch.setattr(dashboard, "TRANSCRIPT_RATE_LIMIT", 2)
        client.force_login(learner)
        client.cookies["lms_language"] = "en"

        assert [client.get(PDF_URL).status_code for _n in range(2)] == [200, 200]
        response = client.get(PDF_URL)

        assert response.status_code == 429
        assert "try again later" in response.text
        assert int(response["Retry-After"]) > 0


class TestWhatItSays:
    @pytest.fixture
    def pdf(self, client, site_pages, learner, finish):
        finish(
            learner,
            make_course(site_pages["courses"], title=COURSE_TITLE, lessons=1, training_hours=6),
            bangkok(2026, 11, 24, 10),
        )
        attend(site_pages["seminars"], learner, title=SEMINAR_TITLE, hours=Decimal("1.5"), when=bangkok(2026, 9, 30, 9))
        client.force_login(learner)
        return client.get(PDF_URL).content

    def test_it_is_a4_portrait(self, pdf):
        for page in PdfReader(io.BytesIO(pdf)).pages:
            assert float(page.mediabox.width) == pytest.approx(A4_PORTRAIT_PT[0], abs=1)
            assert float(page.mediabox.height) == pytest.approx(A4_PORTRAIT_PT[1], abs=1)

    def test_the_thai_titles_read_back_exactly(self, pdf):
        text = "\n".join(text_of(pdf))
        assert COURSE_TITLE in text
        assert SEMINAR_TITLE in text

    def test_pdftotext_reads_the_thai_titles_back_exactly_too(self, pdf, tmp_path):
        path = tmp_path / "transcript.pdf"
        path.write_bytes(pdf)
        text = pdftotext_of(path)
        assert COURSE_TITLE in text
        assert SEMINAR_TITLE in text
        assert "นางสาวกุ้งนิ้ม ปู่ป้าน้ำใส" in text

    def test_the_organisation_the_learner_and_the_date_it_was_made_are_on_it(self, pdf, learner):
        text = "\n".join(text_of(pdf))
        organisation = site_settings()
        assert organisation.organisation_name("th") in text
        assert "ระเบียนประวัติการฝึกอบรม" in text
        assert "นางสาวกุ้งนิ้ม ปู่ป้าน้ำใส" in text
        assert learner.get_full_name_en() in text
        assert "สำนักงานคณะกรรมการข้าราชการพลเรือน" in text
        assert "นักทรัพยากรบุคคลชำนาญการ" in text
        today = timezone.localdate()
        assert f"{today.year + 543}" in text

    def test_each_fiscal_year_has_its_table_with_dates_in_the_buddhist_era_and_its_total(self, pdf):
        lines = lines_of(pdf)
        text = "\n".join(lines)
        assert "ปีงบประมาณ 2570" in text
        assert "ปีงบประมาณ 2569" in text
        assert text.index("ปีงบประมาณ 2570\n") < text.index("ปีงบประมาณ 2569\n")
        assert "24 พฤศจิกายน 2569" in text
        assert "30 กันยายน 2569" in text
        assert any(line.startswith("รวมปีงบประมาณ 2570") and line.endswith("6") for line in lines)
        assert any(line.startswith("รวมปีงบประมาณ 2569") and line.endswith("1.5") for line in lines)

    def test_the_grand_total_is_written_in_thai_and_english(self, pdf):
        text = "\n".join(text_of(pdf))
        assert "รวมชั่วโมงการฝึกอบรมทั้งสิ้น 7.5 ชั่วโมง (2 รายการ)" in text
        assert "Total training hours: 7.5 hours (2 entries)" in text

    def test_the_course_certificate_code_is_on_it(self, pdf, learner):
        code = learner.certificates.get().grouped_code
        assert code in "\n".join(text_of(pdf))


class TestTheLayout:
    def test_an_empty_record_says_so(self, learner):
        text = "\n".join(text_of(render_transcript(learner, [])))
        assert "ยังไม่มีชั่วโมงการฝึกอบรมที่ได้รับการรับรอง" in text

    @pytest.mark.parametrize("title", THAI_TITLES)
    def test_titles_with_stacked_marks_read_back_exactly(self, learner, title):
        data = render_transcript(learner, [entry(title, bangkok(2026, 11, 24, 10))])
        assert title in "\n".join(text_of(data))

    def test_a_long_title_wraps_between_words_within_its_column(self, learner):
        data = render_transcript(learner, [entry(LONG_TITLE, bangkok(2026, 11, 24, 10))])

        # The title's lines, the first beside the date; the kind ("หลักสูตร") is a cell of its own.
        lines = [line.removeprefix("24 พฤศจิกายน 2569 ") for line in lines_of(data)]
        pieces = [line for line in lines if line and line != "หลักสูตร" and line in LONG_TITLE]
        assert len(pieces) >= 2
        assert "".join(pieces) == LONG_TITLE
        words = set(segment(LONG_TITLE))
        for piece in pieces:
            assert not THAI_MARKS.match(piece)
            assert segment(piece)[0] in words and segment(piece)[-1] in words

    def test_wrap_breaks_thai_at_word_boundaries_and_keeps_every_line_within_the_width(self):
        pdf = ThaiPDF()
        pdf.set_font("Sarabun", "", 10)
        width = COLUMNS[1] - 4

        lines = wrap(pdf, LONG_TITLE, width).split("\n")

        assert len(lines) >= 2
        assert "".join(lines) == LONG_TITLE
        assert all(pdf.get_string_width(line) <= width for line in lines)
        boundaries = set()
        position = 0
        for word in segment(LONG_TITLE):
            position += len(word)
            boundaries.add(position)
        position = 0
        for line in lines[:-1]:
            position += len(line)
            assert position in boundaries

    def test_a_word_wider_than_the_column_is_broken_but_never_before_a_mark(self):
        pdf = ThaiPDF()
        pdf.set_font("Sarabun", "", 10)

        lines = wrap(pdf, "ปั้น" * 30, 20).split("\n")

        assert "".join(lines) == "ปั้น" * 30
        assert len(lines) > 1
        assert not any(THAI_MARKS.match(line) for line in lines)

    def test_many_entries_flow_onto_further_pages_with_the_header_row_repeated(self, learner):
        start = bangkok(2027, 9, 20, 10)
        entries = [
            entry(
                f"{THAI_TITLES[n % len(THAI_TITLES)]} รุ่นที่ {n + 1}",
                start - datetime.timedelta(days=3 * n),
                hours=Decimal("1.5"),
                kind=SEMINAR if n % 2 else COURSE,
            )
            for n in range(80)
        ]

        pages = text_of(render_transcript(learner, entries))

        assert len(pages) >= 3
        with_entries = [page for page in pages if "รุ่นที่" in page]
        assert len(with_entries) >= 3
        for page in with_entries:
            assert "หลักสูตรหรือสัมมนา" in page  # the table's header row, on every page of the table
        text = "\n".join(pages)
        for n in range(80):
            assert f"{THAI_TITLES[n % len(THAI_TITLES)]} รุ่นที่ {n + 1}" in text
        assert "รวมชั่วโมงการฝึกอบรมทั้งสิ้น 120 ชั่วโมง (80 รายการ)" in text
