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
from pathlib import Path
from typing import NamedTuple

import segno
from django.conf import settings
from fpdf import FPDF
from fpdf.fonts import Glyph, TTFFont

from lms.thai import format_date

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts" / "sarabun"
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


class _NoText(tuple):
    """An empty text for a glyph in the ToUnicode map: long enough for fpdf2 to write the entry, empty when read."""

    def __len__(self):
        return 1

    def __iter__(self):
        return iter(())


NO_TEXT = _NoText()
SARA_AM = 0x0E33
SARA_AA_GLYPH = "uni0E32"


def _fix_text_layer(pdf):
    """Make the text layer give back the Thai that was drawn, SARA AM (ำ) included.

    fpdf2 gives a cluster's text to its first glyph and leaves the cluster's other glyphs
    out of the font's ToUnicode map; ``_ThaiTextLayerFont`` puts each vowel or tone mark
    in the cluster of the letter it sits on, so the letter carries the mark's text. Here
    the glyphs left without text map to no text (``<code> <>``; without an entry pypdf
    reads the glyph's code as a character). HarfBuzz draws SARA AM as two glyphs, NIKHAHIT
    (no width) and SARA AA: the ำ goes to the SARA AA glyph, which has the width, so that
    "จำนวน" does not come back with a gap (a space, for pdftotext) where SARA AA is.

    Relies on fpdf2's subset map (``SubsetMap._char_id_per_glyph``, fpdf2 2.8): the Thai
    text-layer tests (tests/courses/test_certificate_pdf.py) fail if that changes.
    """
    for font in pdf.fonts.values():
        mapping = getattr(getattr(font, "subset", None), "_char_id_per_glyph", None)
        if mapping is None:
            continue
        # Glyphs hash by their id alone, so their text can change in place once drawing is done.
        for glyph in mapping:
            if glyph is None or not isinstance(glyph.unicode, tuple):
                continue
            if glyph.unicode == ():
                glyph.unicode = (SARA_AM,) if glyph.glyph_name == SARA_AA_GLYPH else NO_TEXT
            elif glyph.unicode[-1] == SARA_AM and glyph.glyph_name != SARA_AA_GLYPH:
                glyph.unicode = glyph.unicode[:-1] or NO_TEXT


class _ShapedGlyph(NamedTuple):
    """What fpdf2's ``TTFFont.shape_text`` reads of a HarfBuzz glyph: the glyph and its cluster."""

    codepoint: int
    cluster: int


class _ThaiTextLayerFont(TTFFont):
    """fpdf2's font with a text layer that reads back as the Thai drawn, vowels and tone marks in place.

    HarfBuzz moves a mark that sits over a tall letter to the left ("ปั้น", "ฟื้น"), and
    fpdf2 draws each moved glyph on its own, at its own text position. Text extractors
    read those positions: with the mark's text on the mark, pypdf and pdftotext saw a
    gap after it and wrote "ปั้ น", and a mark moved by more than a fifth of the font
    size made pdftotext start a new line. Two changes, both in the text layer only (the
    glyphs are drawn where fpdf2 draws them):

    - a glyph with no advance (a vowel or tone mark, NIKHAHIT) joins the cluster of the
      glyph before it, so that glyph carries the mark's text and the mark has none
      (fpdf2 hardcodes HarfBuzz's character-level clusters, ``cluster_level = 1``);
    - a glyph that fpdf2 places on its own (an offset, so a text position before it and
      another after it) gets, in the font's widths (``/W``), the distance from where it is
      drawn to where the next glyph starts, so no extractor sees a gap after it. The text
      position fpdf2 sets after the glyph makes its width unused for drawing.

    ``CertificateDocument.add_font`` gives its fonts this class. Relies on fpdf2 2.8's
    ``perform_harfbuzz_shaping`` and ``shape_text``; tests/courses/test_certificate_pdf.py
    fails if an upgrade changes what these read back or how the page looks.
    """

    __slots__ = ()  # the same layout as TTFFont, so a TTFFont can become one

    def perform_harfbuzz_shaping(self, text, font_size_pt, text_shaping_params):
        infos, positions = super().perform_harfbuzz_shaping(text, font_size_pt, text_shaping_params)
        if positions is None:
            return infos, positions
        glyphs = []
        for info, position in zip(infos, positions, strict=True):
            cluster = info.cluster
            if glyphs and position.x_advance == 0:
                cluster = glyphs[-1].cluster
            glyphs.append(_ShapedGlyph(info.codepoint, cluster))
        return glyphs, positions

    def shape_text(self, text, font_size_pt, text_shaping_params):
        placed = super().shape_text(text, font_size_pt, text_shaping_params)
        glyph_per_code = None
        for entry in placed:
            if entry["mapped_char"] is None or entry["x_offset"] == 0 or not entry["force_positioning"]:
                continue
            width = round(self.scale * (entry["x_advance"] - entry["x_offset"]))
            if width <= 0:
                continue  # a mark moved right: by less than a word space in Sarabun, so no gap is seen
            if glyph_per_code is None:
                glyph_per_code = {code: glyph for glyph, code in self.subset.items()}
            glyph = glyph_per_code[entry["mapped_char"]]
            if width != glyph.glyph_width:
                # Glyphs differing in width are told apart in the subset: this one gets its own code.
                entry["mapped_char"] = self.subset.pick_glyph(
                    Glyph(
                        glyph_id=glyph.glyph_id, unicode=glyph.unicode, glyph_name=glyph.glyph_name, glyph_width=width
                    )
                )
        return placed


def _qr_png(url):
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    buffer.seek(0)
    return buffer


class CertificateDocument(FPDF):
    def __init__(self):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.add_font("Sarabun", "", str(FONT_DIR / "Sarabun_400Regular.ttf"))
        self.add_font("Sarabun", "B", str(FONT_DIR / "Sarabun_700Bold.ttf"))
        self.set_text_shaping(use_shaping_engine=True, script="thai", language="tha")
        self.set_creator("GovTech Learning")

    def add_font(self, family=None, style="", fname=None, **kwargs):
        """fpdf2's ``add_font``; the font it makes becomes a ``_ThaiTextLayerFont`` (the same slots)."""
        super().add_font(family, style, fname, **kwargs)
        for font in self.fonts.values():
            if type(font) is TTFFont:
                font.__class__ = _ThaiTextLayerFont

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
    pdf.centred(top + 29, "Certificate of Completion", 11, "", MUTED, height=5)
    y = top + 38
    pdf.centred(y, "ให้ไว้เพื่อแสดงว่า", 16, "", INK, height=8)
    pdf.centred(y + 10, certificate.holder_name_th, 28, "B", INK, height=14)
    if certificate.holder_name_en:
        pdf.centred(y + 25, certificate.holder_name_en, 14, "", MUTED, height=7)
    pdf.centred(y + 35, "ได้ผ่านการอบรมหลักสูตร", 16, "", INK, height=8)
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
        f"has completed “{english_title}” ({hours_text(certificate.hours, 'en')}), "
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
    _fix_text_layer(pdf)
    return bytes(pdf.output())


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
