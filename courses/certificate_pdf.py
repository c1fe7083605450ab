"""The certificate as a PDF: A4 landscape, Thai shaped by HarfBuzz, a QR code to its verification page.

fpdf2 draws the page with the site's own Sarabun font (``static/fonts/sarabun``, SIL Open
Font License) and uharfbuzz text shaping, so Thai vowels and tone marks stack as they
should and the text layer gives the same Thai back when copied or extracted. The page
carries: the issuer's logo and name, the holder's Thai name (and English name), the
training's title, the hours, the Thai date in the Buddhist Era ("ให้ไว้ ณ วันที่ 24
พฤศจิกายน พ.ศ. 2569"), an English line with the Common Era date, one or two signatories
with their signature images, the code, and a QR code with the absolute verification URL.

``render_certificate(certificate, signatories, logo)`` returns the PDF's bytes; the caller
(``courses.services.certificates``) stores them. Images are read from media storage.
"""

import io
from decimal import Decimal

import segno

from lms.pdf import FONT_DIR, ThaiPDF
from lms.thai import format_date

__all__ = ["FONT_DIR", "CertificateDocument", "hours_text", "render_certificate"]
PAGE_WIDTH, PAGE_HEIGHT = 297, 210  # A4 landscape, millimetres
MARGIN = 18
INK = (33, 37, 41)
ACCENT = (19, 78, 139)
MUTED = (90, 98, 106)


def hours_text(hours, language="th"):
    """``Decimal("6.0")`` as "6", ``Decimal("1.5")`` as "1.5", followed by the word for hours."""
    value = Decimal(hours or 0).normalize()
    number = f"{value:f}"
    if language == "th":
        return f"{number} ชั่วโมง"
    return f"{number} hour{'s' if value != 1 else ''}"


def _read_image(image):
    """The bytes of a Wagtail image's original file, or None when it cannot be read."""
    if image is None:
        return None
    try:
        with image.file.open("rb") as handle:
            return io.BytesIO(handle.read())
    except (OSError, ValueError):
        return None


def _qr_png(url):
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    buffer.seek(0)
    return buffer


class CertificateDocument(ThaiPDF):
    def __init__(self):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_creator("GovTech Learning")

    def centred(self, y, text, size, style="", colour=INK, height=None):
        self.set_font("Sarabun", style, size)
        self.set_text_color(*colour)
        self.set_xy(MARGIN, y)
        self.cell(PAGE_WIDTH - 2 * MARGIN, height or size * 0.5, text, align="C")


def render_certificate(certificate, verify_url, signatories=(), logo=None):
    """The PDF of ``certificate`` as bytes.

    ``verify_url`` is the absolute address of its verification page (in the QR code and
    printed under it); ``signatories`` are up to two ``home.Signatory``; ``logo`` a Wagtail
    image or None.
    """
    pdf = CertificateDocument()
    pdf.set_title(f"{certificate.title_th} · {certificate.holder_name_th}")
    pdf.set_author(certificate.issuer_name_th)
    pdf.set_subject(f"Certificate {certificate.grouped_code}")
    pdf.add_page()

    # Frame.
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, PAGE_WIDTH - 16, PAGE_HEIGHT - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, PAGE_WIDTH - 22, PAGE_HEIGHT - 22)

    top = 18
    logo_file = _read_image(logo)
    if logo_file is not None:
        try:
            # Top left, beside the issuer's name: the text below keeps its place whatever the logo's size.
            pdf.image(logo_file, x=MARGIN + 2, y=top - 2, h=24, keep_aspect_ratio=True, w=48)
        except (RuntimeError, ValueError, OSError):
            pass  # an image fpdf cannot read: the certificate goes out without the logo
    pdf.centred(top, certificate.issuer_name_th, 16, "B", ACCENT, height=8)
    if certificate.issuer_name_en:
        pdf.centred(top + 8, certificate.issuer_name_en, 11, "", MUTED, height=6)

    pdf.centred(top + 17, "เกียรติบัตร", 26, "B", INK, height=12)
    attendance = bool(certificate.seminar_id)
    pdf.centred(
        top + 29, "Certificate of Attendance" if attendance else "Certificate of Completion", 11, "", MUTED, height=5
    )
    y = top + 38
    pdf.centred(y, "ให้ไว้เพื่อแสดงว่า", 16, "", INK, height=8)
    pdf.centred(y + 10, certificate.holder_name_th, 28, "B", INK, height=14)
    if certificate.holder_name_en:
        pdf.centred(y + 25, certificate.holder_name_en, 14, "", MUTED, height=7)
    pdf.centred(y + 35, "ได้เข้าร่วมการสัมมนา" if attendance else "ได้ผ่านการอบรมหลักสูตร", 16, "", INK, height=8)
    pdf.centred(y + 44, certificate.title_th, 20, "B", ACCENT, height=10)
    pdf.centred(
        y + 56,
        f"จำนวน {hours_text(certificate.hours)}   ให้ไว้ ณ วันที่ {_thai_long_date(certificate.issued_at)}",
        14,
        "",
        INK,
        height=7,
    )
    english_title = certificate.title_en or certificate.title_th
    pdf.centred(
        y + 64,
        f"{'has attended' if attendance else 'has completed'} “{english_title}” ({hours_text(certificate.hours, 'en')}), "
        f"awarded on {format_date(certificate.issued_at, language='en')}",
        11,
        "",
        MUTED,
        height=6,
    )
    if certificate.expires_on:
        pdf.centred(
            y + 71,
            f"ใช้ได้ถึงวันที่ {_thai_long_date(certificate.expires_on)} · "
            f"valid until {format_date(certificate.expires_on, language='en')}",
            10,
            "",
            MUTED,
            height=5,
        )

    _draw_signatories(pdf, list(signatories)[:2])

    # The code and the QR code, bottom right; the address under the QR code.
    qr_size = 30
    qr_x, qr_y = PAGE_WIDTH - MARGIN - qr_size - 2, PAGE_HEIGHT - MARGIN - qr_size - 8
    pdf.image(_qr_png(verify_url), x=qr_x, y=qr_y, w=qr_size, h=qr_size)
    pdf.set_font("Sarabun", "", 8)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(MARGIN + 4, PAGE_HEIGHT - MARGIN - 9)
    pdf.cell(0, 4, f"รหัสเกียรติบัตร / Certificate code: {certificate.grouped_code}")
    pdf.set_xy(MARGIN + 4, PAGE_HEIGHT - MARGIN - 5)
    pdf.cell(0, 4, f"ตรวจสอบได้ที่ / Verify at: {verify_url}")
    return pdf.thai_output()


def _thai_long_date(value):
    """ "24 พฤศจิกายน พ.ศ. 2569": the day, the Thai month and the Buddhist Era year."""
    day, month, year = format_date(value, language="th").split(" ")
    return f"{day} {month} พ.ศ. {year}"


def _draw_signatories(pdf, signatories):
    if not signatories:
        return
    width = 80
    gap = 30
    total = len(signatories) * width + (len(signatories) - 1) * gap
    x = (PAGE_WIDTH - total) / 2
    base = PAGE_HEIGHT - 62
    for signatory in signatories:
        signature = _read_image(signatory.signature)
        if signature is not None:
            try:
                pdf.image(signature, x=x + width / 2 - 20, y=base - 2, w=40, h=16, keep_aspect_ratio=True)
            except (RuntimeError, ValueError, OSError):
                pass
        pdf.set_draw_color(*MUTED)
        pdf.set_line_width(0.2)
        pdf.line(x + 8, base + 16, x + width - 8, base + 16)
        pdf.set_text_color(*INK)
        pdf.set_font("Sarabun", "", 12)
        pdf.set_xy(x, base + 17)
        pdf.cell(width, 6, f"({signatory.name_th})", align="C")
        pdf.set_font("Sarabun", "", 10)
        pdf.set_xy(x, base + 23)
        pdf.cell(width, 5, signatory.position_th, align="C")
        if signatory.position_en or signatory.name_en:
            pdf.set_text_color(*MUTED)
            pdf.set_font("Sarabun", "", 8)
            pdf.set_xy(x, base + 28)
            pdf.cell(
                width, 4, " · ".join(part for part in (signatory.name_en, signatory.position_en) if part), align="C"
            )
        x += width + gap
