"""The learner's training record as a PDF transcript: A4 portrait, Thai shaped as on certificates.

``render_transcript(user, entries)`` draws, with ``lms.pdf.ThaiPDF`` (Sarabun, HarfBuzz
shaping, a text layer that reads back as the Thai drawn):

- the organisation's name (Thai and English), the document's title, the learner's Thai
  and English names, agency and position, and the date it was made (Buddhist Era);
- a summary of the hours per fiscal year and in all;
- a table per fiscal year (date, title, kind, hours) with its total, and the grand total.

Thai is written without spaces between words, so text is broken into lines here, at the
word boundaries PyThaiNLP finds (``wrap``), never inside a word or between a letter and
its vowel or tone mark. The tables are drawn line by line (``Table``): a row that would
cross the bottom margin starts a new page, which repeats the table's header row. (fpdf2's
own ``table()`` measures shaped text letter by letter while it wraps, which made a
transcript of a hundred entries take seconds.) The document is bilingual, Thai first, like
the certificates. ``lms.dashboard.training_record_pdf`` serves it to its owner only.
"""

import re
from decimal import Decimal

from django.utils import timezone

from lms.pdf import ThaiPDF
from lms.thai import format_date, segment
from lms.training_record import COURSE, entries_by_fiscal_year, hours_cell, total_hours

PAGE_WIDTH = 210  # A4 portrait, millimetres
MARGIN = 15
BOTTOM_MARGIN = 18
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
INK = (33, 37, 41)
ACCENT = (19, 78, 139)
MUTED = (90, 98, 106)
RULE = (173, 181, 189)
HEADING_FILL = (226, 234, 243)
TOTAL_FILL = (243, 245, 247)
BODY_SIZE = 10
LINE_HEIGHT = 5.2
CELL_PADDING = 1.5
# Date, title, kind, hours (millimetres, together the width between the margins).
COLUMNS = (34, 102, 24, 20)
KINDS = {COURSE: ("หลักสูตร", "Course")}
SEMINAR_KIND = ("สัมมนา", "Seminar")

# Vowels above and below and tone marks: a line never starts with one (it belongs to the letter before).
THAI_MARKS = re.compile(r"[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]")
SPACES = re.compile(r"(\s+)")


def _hours_text(hours):
    return f"{hours_cell(hours)} ชั่วโมง"


def _hours_text_en(hours):
    value = Decimal(hours or 0)
    return f"{hours_cell(value)} hour{'' if value == 1 else 's'}"


def _words(text):
    """The words and spaces of ``text`` in order, Thai runs split into words (they join back to ``text``)."""
    for chunk in SPACES.split(text):
        if not chunk:
            continue
        if chunk.isspace():
            yield chunk
        else:
            # Segmenting a run without spaces gives back the whole run, word by word.
            yield from segment(chunk) or [chunk]


def _split_long_word(pdf, word, width):
    """A word wider than the line (a long code or address) broken between letters, never before a mark."""
    pieces, current = [], ""
    for character in word:
        if current and not THAI_MARKS.match(character) and pdf.get_string_width(current + character) > width:
            pieces.append(current)
            current = ""
        current += character
    return [*pieces, current] if current else pieces


def wrap_lines(pdf, text, width):
    """``text`` as a list of lines no wider than ``width`` in the current font, broken between words.

    Words are measured once each (shaping the whole line again at every word would be
    slow); each line is then measured whole, and a last word that tips it over the width
    (words can join a little wider than apart) starts the next line instead.
    """
    cache = pdf.__dict__.setdefault("_word_widths", {})
    font = (pdf.font_family, pdf.font_style, pdf.font_size_pt)

    def measure(piece):
        key = (*font, piece)
        if key not in cache:
            cache[key] = pdf.get_string_width(piece)
        return cache[key]

    lines, words, used = [], [], 0.0

    def flush():
        nonlocal words, used
        carried = []
        while len(words) > 1 and pdf.get_string_width("".join(words).strip()) > width:
            carried.insert(0, words.pop())
        line = "".join(words).strip()
        if line:
            lines.append(line)
        while carried and carried[0].isspace():
            carried.pop(0)
        words, used = carried, sum(measure(word) for word in carried)

    for word in _words(" ".join(str(text).split())):
        if word.isspace():
            if words:
                words.append(" ")
                used += measure(" ")
            continue
        word_width = measure(word)
        if word_width > width:
            while words:
                flush()
            *done, last = _split_long_word(pdf, word, width)
            lines.extend(done)
            words, used = [last], measure(last)
            continue
        if words and used + word_width > width:
            flush()
        words.append(word)
        used += word_width
    while "".join(words).strip():
        flush()
    return lines


def wrap(pdf, text, width):
    """``text`` as lines no wider than ``width`` in the current font, broken between words ("\\n"-joined)."""
    return "\n".join(wrap_lines(pdf, text, width))


class TranscriptDocument(ThaiPDF):
    """An A4 portrait page with a footer naming the learner and the page number."""

    def __init__(self, footer_text=""):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=BOTTOM_MARGIN)
        self.set_creator("GovTech Learning")
        # Text sits where it is placed: the tables keep their own padding, and wrap to it.
        self.c_margin = 0

    def footer(self):
        self.set_y(-12)
        self.set_font("Sarabun", "", 8)
        self.set_text_color(*MUTED)
        self.cell(CONTENT_WIDTH / 2, 5, self.footer_text)
        self.cell(CONTENT_WIDTH / 2, 5, f"หน้า {self.page_no()} / Page {self.page_no()}", align="R")

    def line_of_text(self, text, size, style="", colour=INK, height=None, align="L"):
        """``text`` across the page, wrapped between words."""
        self.set_font("Sarabun", style, size)
        self.set_text_color(*colour)
        height = height or size * 0.5
        for line in wrap_lines(self, text, CONTENT_WIDTH - 1):
            self.keep_room_for(height)
            self.set_x(MARGIN)
            self.cell(CONTENT_WIDTH, height, line, align=align, new_x="LMARGIN", new_y="NEXT")

    def room_left(self):
        return self.h - BOTTOM_MARGIN - self.get_y()

    def keep_room_for(self, height):
        """Start a new page unless ``height`` millimetres are left above the bottom margin."""
        if height > self.room_left():
            self.add_page()


class Table:
    """A table drawn row by row: wrapped cells, a rule under each row, the header row again on each new page.

    ``widths`` are the columns' widths in millimetres, ``aligns`` their alignment ("L" or
    "R"); ``heading`` the header row's cells. Text is wrapped at word boundaries to fit.
    """

    def __init__(self, pdf, widths, aligns, heading):
        self.pdf = pdf
        self.widths = widths
        self.aligns = aligns
        self.heading = heading
        self.draw_row(heading, bold=True, fill=HEADING_FILL)

    def _lines(self, cells, bold):
        """Each cell's lines, wrapped to its column in the row's font."""
        self.pdf.set_font("Sarabun", "B" if bold else "", BODY_SIZE)
        return [
            [
                line
                for part in str(text).split("\n")
                for line in wrap_lines(self.pdf, part, width - 2 * CELL_PADDING) or [""]
            ]
            for text, width in zip(cells, self.widths, strict=True)
        ]

    def row(self, cells, bold=False, fill=None):
        """Draw one row; on a new page when it would cross the bottom margin, under the header row again."""
        self.draw_row(cells, bold=bold, fill=fill, repeat_heading=True)

    def draw_row(self, cells, bold=False, fill=None, repeat_heading=False):
        pdf = self.pdf
        lines = self._lines(cells, bold)
        height = max(len(cell) for cell in lines) * LINE_HEIGHT + 2 * CELL_PADDING
        if height > pdf.room_left():
            pdf.add_page()
            if repeat_heading:
                self.draw_row(self.heading, bold=True, fill=HEADING_FILL)
            pdf.set_font("Sarabun", "B" if bold else "", BODY_SIZE)
        top = pdf.get_y()
        if fill is not None:
            pdf.set_fill_color(*fill)
            pdf.rect(MARGIN, top, sum(self.widths), height, style="F")
        pdf.set_text_color(*INK)
        x = MARGIN
        for cell_lines, width, align in zip(lines, self.widths, self.aligns, strict=True):
            for n, line in enumerate(cell_lines):
                pdf.set_xy(x + CELL_PADDING, top + CELL_PADDING + n * LINE_HEIGHT)
                pdf.cell(width - 2 * CELL_PADDING, LINE_HEIGHT, line, align=align)
            x += width
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.2)
        pdf.line(MARGIN, top + height, MARGIN + sum(self.widths), top + height)
        pdf.set_xy(MARGIN, top + height)


def _kind(entry):
    return KINDS.get(entry.kind, SEMINAR_KIND)


def _details(user):
    """The learner's particulars as (Thai label, English label, value) rows; empty values left out."""
    name_th = user.get_full_name()
    name_en = user.get_full_name_en()
    agency = user.agency if user.agency_id else None
    agency_name = ""
    if agency is not None:
        agency_name = agency.name_th + (f" ({agency.name_en})" if agency.name_en else "")
    rows = [
        ("ชื่อ-สกุล", "Name", name_th or name_en or user.email),
        ("ชื่อภาษาอังกฤษ", "Name in English", name_en if name_th else ""),
        ("หน่วยงาน", "Agency", agency_name),
        ("ตำแหน่ง", "Position", user.position),
    ]
    return [row for row in rows if row[2]]


def _draw_details(pdf, user, generated_at):
    label_width = 48
    value_width = CONTENT_WIDTH - label_width
    rows = [
        *_details(user),
        (
            "วันที่ออกเอกสาร",
            "Issued on",
            f"{format_date(generated_at, language='th')} ({format_date(generated_at, language='en')})",
        ),
    ]
    for thai, english, value in rows:
        top = pdf.get_y()
        pdf.set_xy(MARGIN, top)
        pdf.set_font("Sarabun", "", 9)
        pdf.set_text_color(*MUTED)
        pdf.cell(label_width, 6, f"{thai} / {english}")
        pdf.set_font("Sarabun", "", 11)
        pdf.set_text_color(*INK)
        for n, line in enumerate(wrap_lines(pdf, value, value_width - 1)):
            pdf.set_xy(MARGIN + label_width, top + n * 6)
            pdf.cell(value_width, 6, line)
        pdf.set_xy(MARGIN, pdf.get_y() + 6)
    pdf.ln(3)


def _draw_summary(pdf, groups, entries):
    pdf.keep_room_for(40)
    pdf.line_of_text("สรุปชั่วโมงการฝึกอบรม / Summary of training hours", 13, "B", ACCENT, height=8)
    pdf.ln(1)
    table = Table(pdf, (100, 40, 40), ("L", "R", "R"), ["ปีงบประมาณ\nFiscal year", "รายการ\nEntries", "ชั่วโมง\nHours"])
    for total, _entries in groups:
        span = f"(1 ต.ค. {total.buddhist_year - 1} – 30 ก.ย. {total.buddhist_year})"
        table.row([f"{total.label} {span}", str(total.count), hours_cell(total.hours)])
    table.row(["รวมทั้งสิ้น / Total", str(len(entries)), hours_cell(total_hours(entries))], bold=True, fill=TOTAL_FILL)
    pdf.ln(5)


def _draw_year(pdf, total, entries):
    pdf.keep_room_for(40)  # the heading stays with the table's first rows
    pdf.line_of_text(total.label, 13, "B", ACCENT, height=7)
    pdf.line_of_text(
        f"1 ตุลาคม {total.buddhist_year - 1} – 30 กันยายน {total.buddhist_year} · "
        f"1 October {total.fy - 1} – 30 September {total.fy}",
        9,
        "",
        MUTED,
        height=5,
    )
    pdf.ln(1)
    table = Table(
        pdf, COLUMNS, ("L", "L", "L", "R"), ["วันที่\nDate", "หลักสูตรหรือสัมมนา\nTitle", "ประเภท\nKind", "ชั่วโมง\nHours"]
    )
    for entry in entries:
        title = entry.title
        if entry.certificate_code:
            title += f"\nเกียรติบัตร {entry.certificate_code}"
        thai_kind, english_kind = _kind(entry)
        table.row(
            [
                format_date(entry.credited_on, language="th"),
                title,
                f"{thai_kind}\n{english_kind}",
                hours_cell(entry.hours),
            ]
        )
    table.row(
        ["", f"รวม{total.label} / Total", f"{total.count} รายการ", hours_cell(total.hours)], bold=True, fill=TOTAL_FILL
    )
    pdf.ln(6)


def render_transcript(user, entries, organisation=None, generated_at=None):
    """The PDF of ``user``'s training record (``entries`` from ``lms.training_record.ledger``) as bytes.

    ``organisation`` is a ``home.SiteSettings`` (the default site's by default);
    ``generated_at`` the moment printed as the date of issue (now by default).
    """
    if organisation is None:
        from courses.services.certificates import site_settings

        organisation = site_settings()
    generated_at = generated_at or timezone.now()
    name = user.get_full_name() or user.get_full_name_en() or user.email
    organisation_th = organisation.organisation_name("th")
    organisation_en = organisation.organisation_name("en")

    pdf = TranscriptDocument(footer_text=f"ระเบียนประวัติการฝึกอบรม · {name}")
    pdf.set_title(f"ระเบียนประวัติการฝึกอบรม · {name}")
    pdf.set_author(organisation_th)
    pdf.set_subject("Training record")
    pdf.add_page()

    pdf.line_of_text(organisation_th, 15, "B", ACCENT, height=8, align="C")
    if organisation_en and organisation_en != organisation_th:
        pdf.line_of_text(organisation_en, 10, "", MUTED, height=5, align="C")
    pdf.ln(2)
    pdf.line_of_text("ระเบียนประวัติการฝึกอบรม", 20, "B", INK, height=10, align="C")
    pdf.line_of_text("Training record", 11, "", MUTED, height=6, align="C")
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.5)
    pdf.line(MARGIN, pdf.get_y() + 2, PAGE_WIDTH - MARGIN, pdf.get_y() + 2)
    pdf.ln(6)

    _draw_details(pdf, user, generated_at)

    if not entries:
        pdf.line_of_text("ยังไม่มีชั่วโมงการฝึกอบรมที่ได้รับการรับรอง", 12, "", INK, height=7)
        pdf.line_of_text("No training hours have been credited yet.", 10, "", MUTED, height=6)
        return pdf.thai_output()

    groups = entries_by_fiscal_year(entries, language="th")
    _draw_summary(pdf, groups, entries)
    for total, year_entries in groups:
        _draw_year(pdf, total, year_entries)

    pdf.keep_room_for(14)
    all_hours = total_hours(entries)
    pdf.line_of_text(f"รวมชั่วโมงการฝึกอบรมทั้งสิ้น {_hours_text(all_hours)} ({len(entries)} รายการ)", 12, "B", INK, height=7)
    pdf.line_of_text(
        f"Total training hours: {_hours_text_en(all_hours)} ({len(entries)} entries)", 10, "", MUTED, height=5
    )
    return pdf.thai_output()
