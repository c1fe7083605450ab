"""PDFs with Thai text: fpdf2 with HarfBuzz shaping and the site's Sarabun, and a text layer that reads back.

``ThaiPDF`` is an fpdf2 document with Sarabun (regular and bold) and Thai text shaping,
whose fonts are ``ThaiTextLayerFont``; ``ThaiPDF.thai_output()`` finishes the text layer
(``fix_text_layer``) and returns the bytes. Certificates (``courses.certificate_pdf``), the
demo library's PDFs (``library.demo``) and the tests' sample PDFs use it, so that what is
drawn in Thai is what a reader copies and what the search index extracts.

Usage::

    pdf = ThaiPDF(orientation="P", format="A4")
    pdf.add_page()
    pdf.set_font("Sarabun", size=16)
    pdf.multi_cell(0, 10, "คู่มือการบริหารราชการแผ่นดิน")
    data = pdf.thai_output()
"""

from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from fpdf import FPDF
from fpdf.fonts import Glyph, TTFFont

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts" / "sarabun"


class _NoText(tuple):
    """An empty text for a glyph in the ToUnicode map: long enough for fpdf2 to write the entry, empty when read."""

    def __len__(self):
        return 1

    def __iter__(self):
        return iter(())


NO_TEXT = _NoText()
SARA_AM = 0x0E33
SARA_AA_GLYPH = "uni0E32"


def fix_text_layer(pdf):
    """Make the text layer give back the Thai that was drawn, SARA AM (ำ) included.

    fpdf2 gives a cluster's text to its first glyph and leaves the cluster's other glyphs
    out of the font's ToUnicode map; ``ThaiTextLayerFont`` puts each vowel or tone mark
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


class ThaiTextLayerFont(TTFFont):
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

    ``ThaiPDF.add_font`` gives its fonts this class. Relies on fpdf2 2.8's
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


class ThaiPDF(FPDF):
    """An fpdf2 document with Sarabun and Thai shaping whose text layer gives back the Thai drawn."""

    def __init__(self, orientation="P", unit="mm", format="A4"):  # noqa: A002 - fpdf2's own argument name
        super().__init__(orientation=orientation, unit=unit, format=format)
        self.add_font("Sarabun", "", str(FONT_DIR / "Sarabun_400Regular.ttf"))
        self.add_font("Sarabun", "B", str(FONT_DIR / "Sarabun_700Bold.ttf"))
        self.set_text_shaping(use_shaping_engine=True, script="thai", language="tha")

    def add_font(self, family=None, style="", fname=None, **kwargs):
        """fpdf2's ``add_font``; the font it makes becomes a ``ThaiTextLayerFont`` (the same slots)."""
        super().add_font(family, style, fname, **kwargs)
        for font in self.fonts.values():
            if type(font) is TTFFont:
                font.__class__ = ThaiTextLayerFont

    def thai_output(self):
        """The finished PDF's bytes, its text layer made to read back as the Thai drawn."""
        fix_text_layer(self)
        return bytes(self.output())
