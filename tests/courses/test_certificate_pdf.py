"""The certificate's PDF as a reader gets it: A4 landscape, Thai that copies back as written, a page that renders.

The text layer is read twice, with pypdf and with poppler's ``pdftotext -raw`` (Debian's
``poppler-utils``), and page 1 is drawn to a PNG with ``pdftoppm``. Without poppler the
tests that need it are skipped on a developer's machine, and fail under CI.

``courses.certificate_pdf`` works around fpdf2 (2.8) so that Thai vowels and tone marks read
back as written; the tests over ``THAI_ON_CERTIFICATES`` and the drawing comparison are what
fails when an fpdf2 upgrade stops that working or changes how the page looks.
"""

import datetime
import io
import os
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone
from fpdf import FPDF
from PIL import Image, ImageChops
from pypdf import PdfReader
from wagtail.images import get_image_model

from courses.certificate_pdf import FONT_DIR, CertificateDocument, render_certificate
from courses.demo import draw_signature
from courses.models import Certificate
from courses.services.certificates import issue_for_enrolment, site_settings, verification_url
from courses.services.enrolment import enrol_learner
from courses.services.progress import complete_lesson
from home.models import Signatory
from tests.factories import CivilServantFactory, make_course

pytestmark = pytest.mark.django_db

NAME = "นางสาวกุ้งนิ้ม ปู่ป้าน้ำใส"
TITLE = "การบริหารจัดการภาครัฐยุคใหม่"
ISSUED = datetime.datetime(2026, 11, 24, 10, 30)  # Bangkok time
THAI_DATE = "ให้ไว้ ณ วันที่ 24 พฤศจิกายน พ.ศ. 2569"
ENGLISH_DATE = "awarded on 24 November 2026"
A4_LANDSCAPE_PT = (841.89, 595.28)
SIGNATORIES = (("นายสมชาย ใจดี", "ผู้อำนวยการ"), ("นางสาวพิมพ์ชนก วงศ์ไทย", "หัวหน้าฝ่ายฝึกอบรม"))

# HarfBuzz draws Thai SARA AM (ำ) as two glyphs (NIKHAHIT and SARA AA); courses.certificate_pdf
# maps them so that "น้ำใส" and "จำนวน" come back as written (``_fix_text_layer``).

# Thai as it comes on certificates: names, trainings, positions, the date and hours lines.
# Marks over a tall letter (ป ฝ ฟ) are drawn moved to the left, which once came back as
# "ปั้ น", or "ฟื" and "้น" on two lines.
THAI_ON_CERTIFICATES = {
    "name Pan": "นายปั้น ใจดี",
    "name Namphueng": "นางสาวน้ำผึ้ง ศรีสุข",
    "name Saksit": "นายศักดิ์สิทธิ์ ปิ่นทอง",
    "name Pinmanee": "นางสาวปิ่นมณี ฟุ้งเฟื่อง",
    "name Fai": "นางฝ้าย ฝั่งแม่น้ำ",
    "training on administration": "หลักสูตรการบริหารราชการแผ่นดินยุคใหม่ สำหรับผู้บริหาร",
    "training on AI": "การใช้ปัญญาประดิษฐ์ในงานภาครัฐ",
    "training on restoration": "การฟื้นฟูและพัฒนาพื้นที่ชุมชน",
    "training on rights and duties": "สิทธิ์และหน้าที่ของเจ้าหน้าที่ผู้ปฏิบัติงาน",
    "position of adviser": "ที่ปรึกษาด้านความมั่นคงปลอดภัยไซเบอร์",
    "position of director": "ผู้อำนวยการกองฝึกอบรม",
    "issuer": "สำนักงานคณะกรรมการข้าราชการพลเรือน (สำนักงาน ก.พ.)",
    "Thai date": "ให้ไว้ ณ วันที่ 24 พฤศจิกายน พ.ศ. 2569",
    "hours": "จำนวน 6 ชั่วโมง",
    "words with marks": "นั้น ผู้ ที่ ปั้น ฝั่ง ฟื้น ปี่ ป่า ทุ่ง รู้ ซ้ำ ยิ้ม ปุ่ม ฟ้อง ขึ้น เบื้อง",
}


def poppler(tool):
    """The path of a poppler tool; skipped without it, except under CI, where it is a failure."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is not installed (Debian: apt-get install poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}, and CI needs it")
        pytest.skip(message)
    return path


def pdftotext_of(path):
    tool = poppler("pdftotext")
    result = subprocess.run([tool, "-raw", str(path), "-"], capture_output=True, check=True, text=True)  # noqa: S603
    return result.stdout


def text_lines(text):
    """The lines of extracted text, runs of whitespace made single spaces."""
    return [" ".join(line.split()) for line in text.splitlines()]


def signature(name):
    image = get_image_model()(title=f"ลายมือชื่อ {name}")
    image.file = ImageFile(io.BytesIO(draw_signature()), name="signature.png")
    image._set_image_file_metadata()
    image.save()
    return image


@pytest.fixture
def signatories(site_pages):
    """Two signatories with signature images, signing for the site."""
    rows = [
        Signatory.objects.create(name_th=name, position_th=position, signature=signature(name))
        for name, position in SIGNATORIES
    ]
    settings_row = site_settings()
    settings_row.certificate_signatory, settings_row.certificate_signatory_2 = rows
    settings_row.save()
    return rows


@pytest.fixture
def enrolment(site_pages):
    """A completed enrolment of a learner whose name stacks vowels and tone marks."""
    learner = CivilServantFactory(name_prefix="นางสาว", first_name="กุ้งนิ้ม", last_name="ปู่ป้าน้ำใส")
    course = make_course(
        site_pages["courses"], title=TITLE, title_en="Modern Public Management", lessons=1, training_hours=Decimal("12")
    )
    enrol_learner(course, learner)
    _progress, enrolment = complete_lesson(learner, course.syllabus_items()[0])
    return enrolment


@pytest.fixture
def certificate(enrolment, signatories):
    certificate, created = issue_for_enrolment(enrolment, now=timezone.make_aware(ISSUED))
    assert created
    assert certificate.holder_name_th == NAME
    return certificate


@pytest.fixture
def pdf_path(certificate, tmp_path):
    path = tmp_path / "certificate.pdf"
    with certificate.pdf.open("rb") as stored:
        path.write_bytes(stored.read())
    return path


@pytest.fixture
def pypdf_text(pdf_path):
    return PdfReader(pdf_path).pages[0].extract_text()


@pytest.fixture
def pdftotext(pdf_path):
    return pdftotext_of(pdf_path)


@pytest.fixture
def certificate_with(tmp_path):
    """Draw a certificate with ``text`` as the issuer, holder, training and signatory: the path of its PDF.

    Five places, five sizes and both weights: the issuer 16 pt bold, the holder 28 pt
    bold, the training 20 pt bold, the signatory's name 12 pt (in brackets) and position
    10 pt.
    """

    def draw(text):
        certificate = Certificate(
            code="K7M2Q9XRWD",
            issuer_name_th=text,
            holder_name_th=text,
            title_th=text,
            title_en="Modern Public Management",
            hours=Decimal("6"),
            issued_at=timezone.make_aware(ISSUED),
        )
        signatory = Signatory(name_th=text, position_th=text)
        path = tmp_path / "certificate.pdf"
        path.write_bytes(render_certificate(certificate, "https://example.go.th/v/K7M2", signatories=[signatory]))
        return path

    return draw


def the_places_of(text):
    return [text, text, text, f"({text})", text]


def lines_reading(text, lines):
    return [line for line in lines if line in (text, f"({text})")]


def expected_lines(certificate):
    return {
        "title": TITLE,
        "Thai date": THAI_DATE,
        "English date": ENGLISH_DATE,
        "hours": "12 ชั่วโมง",
        "English hours": "(12 hours)",
        "code": certificate.grouped_code,
        "verification address": verification_url(certificate),
        "first signatory": SIGNATORIES[0][0],
        "second signatory": SIGNATORIES[1][0],
    }


class TestThePage:
    def test_it_is_one_a4_landscape_page(self, pdf_path):
        pages = PdfReader(pdf_path).pages
        assert len(pages) == 1
        box = pages[0].mediabox
        assert float(box.width) == pytest.approx(A4_LANDSCAPE_PT[0], abs=1)
        assert float(box.height) == pytest.approx(A4_LANDSCAPE_PT[1], abs=1)

    def test_page_one_renders_to_a_png_of_the_right_size_with_ink_on_it(self, pdf_path, tmp_path):
        tool = poppler("pdftoppm")
        subprocess.run(
            [tool, "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf_path), str(tmp_path / "page")], check=True
        )  # noqa: S603
        [png] = tmp_path.glob("page*.png")
        image = Image.open(png)
        assert image.format == "PNG"
        # 297 × 210 mm at 50 dots per inch.
        assert image.size == pytest.approx((585, 413), abs=2)
        grey = image.convert("L")
        dark = sum(grey.histogram()[:100])
        assert dark > 0.002 * image.width * image.height
        assert grey.getextrema()[1] > 200  # and mostly light paper


class TestTheTextLayer:
    @pytest.mark.parametrize(
        "what",
        [
            "title",
            "Thai date",
            "English date",
            "hours",
            "English hours",
            "code",
            "verification address",
            "first signatory",
            "second signatory",
        ],
    )
    def test_pypdf_reads_back(self, certificate, pypdf_text, what):
        assert expected_lines(certificate)[what] in pypdf_text

    @pytest.mark.parametrize(
        "what",
        [
            "title",
            "Thai date",
            "English date",
            "hours",
            "English hours",
            "code",
            "verification address",
            "first signatory",
            "second signatory",
        ],
    )
    def test_pdftotext_reads_back(self, certificate, pdftotext, what):
        assert expected_lines(certificate)[what] in pdftotext

    def test_pypdf_reads_back_the_holders_thai_name_exactly(self, pypdf_text):
        assert NAME in pypdf_text

    def test_pdftotext_reads_back_the_holders_thai_name_exactly(self, pdftotext):
        assert NAME in pdftotext

    def test_the_hours_line_with_sara_am_reads_back_exactly(self, certificate, pypdf_text, pdftotext):
        assert "จำนวน" in pypdf_text
        assert "จำนวน" in pdftotext

    def test_names_with_stacked_marks_but_no_sara_am_read_back_exactly(self, enrolment, signatories, tmp_path):
        enrolment.user.last_name = "ปู่ป้ายิ้ม"
        enrolment.user.save()
        certificate, _created = issue_for_enrolment(enrolment)
        path = tmp_path / "plain.pdf"
        with certificate.pdf.open("rb") as stored:
            path.write_bytes(stored.read())
        expected = "นางสาวกุ้งนิ้ม ปู่ป้ายิ้ม"
        assert expected in PdfReader(path).pages[0].extract_text()
        tool = poppler("pdftotext")
        result = subprocess.run([tool, "-raw", str(path), "-"], capture_output=True, check=True, text=True)  # noqa: S603
        assert expected in result.stdout

    @pytest.mark.parametrize("text", THAI_ON_CERTIFICATES.values(), ids=THAI_ON_CERTIFICATES.keys())
    def test_pypdf_reads_back_thai_with_its_marks_exactly_at_every_size(self, certificate_with, text):
        lines = text_lines(PdfReader(certificate_with(text)).pages[0].extract_text())
        assert lines_reading(text, lines) == the_places_of(text)

    @pytest.mark.parametrize("text", THAI_ON_CERTIFICATES.values(), ids=THAI_ON_CERTIFICATES.keys())
    def test_pdftotext_reads_back_thai_with_its_marks_exactly_at_every_size(self, certificate_with, text):
        lines = text_lines(pdftotext_of(certificate_with(text)))
        assert lines_reading(text, lines) == the_places_of(text)


class TestTheMarksAreDrawnWhereHarfBuzzPutsThem:
    """The text-layer fixes change what is read back, not what is seen: the page is pixel for pixel fpdf2's."""

    @staticmethod
    def draw(pdf, path):
        pdf.add_page()
        y = 12
        for text in THAI_ON_CERTIFICATES.values():
            for style, size in (("", 10), ("B", 20)):
                pdf.set_font("Sarabun", style, size)
                pdf.set_xy(14, y)
                pdf.cell(0, size * 0.4, text)
                y += size * 0.4
        path.write_bytes(bytes(pdf.output()))

    def test_the_page_looks_the_same_as_fpdf2_draws_it_on_its_own(self, tmp_path):
        fpdf2 = FPDF(orientation="L", unit="mm", format="A4")
        fpdf2.set_auto_page_break(False)
        fpdf2.add_font("Sarabun", "", str(FONT_DIR / "Sarabun_400Regular.ttf"))
        fpdf2.add_font("Sarabun", "B", str(FONT_DIR / "Sarabun_700Bold.ttf"))
        fpdf2.set_text_shaping(use_shaping_engine=True, script="thai", language="tha")
        self.draw(fpdf2, tmp_path / "fpdf2.pdf")
        self.draw(CertificateDocument(), tmp_path / "certificate.pdf")
        tool = poppler("pdftoppm")
        for name in ("fpdf2", "certificate"):
            subprocess.run(  # noqa: S603
                [tool, "-png", "-r", "150", "-singlefile", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
                check=True,
            )
        drawn = Image.open(tmp_path / "certificate.png").convert("L")
        assert sum(drawn.histogram()[:100]) > 0.01 * drawn.width * drawn.height  # there is text on it
        assert ImageChops.difference(Image.open(tmp_path / "fpdf2.png").convert("L"), drawn).getbbox() is None


class TestMadeOnce:
    def test_issuing_again_for_the_same_completion_does_not_make_the_pdf_again(self, certificate, enrolment):
        made, name = certificate.pdf_generated_at, certificate.pdf.name
        again, created = issue_for_enrolment(enrolment, now=timezone.make_aware(ISSUED) + datetime.timedelta(hours=1))
        assert not created
        assert again.pk == certificate.pk
        again.refresh_from_db()
        assert again.pdf_generated_at == made
        assert again.pdf.name == name

    def test_both_signatures_are_drawn(self, certificate, signatories):
        with certificate.pdf.open("rb") as stored:
            page = PdfReader(io.BytesIO(stored.read())).pages[0]
        drawn = re.findall(rb"/I\d+ Do", page.get_contents().get_data())
        # The QR code and the two signatures (the site has no logo here).
        assert len(drawn) == 1 + len(signatories)
