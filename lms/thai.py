"""Thai helpers: word segmentation for search and Buddhist Era dates.

Every part of the platform that segments Thai text or shows a date to a person goes
through here, so search behaves the same on every backend and dates look the same on
pages, e-mails and PDFs.
"""

import datetime
import re
import threading
from functools import lru_cache

from django.utils import timezone

THAI_CHARS = re.compile(r"[\u0E00-\u0E7F]")
THAI_RUN = re.compile(r"[\u0E00-\u0E7F]+")
BE_OFFSET = 543

THAI_MONTHS = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]  # fmt: skip
THAI_MONTHS_SHORT = [
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
]  # fmt: skip
ENGLISH_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


@lru_cache(maxsize=1)
def _tokenizer():
    # Imported lazily: PyThaiNLP loads its dictionary on first use, not at start-up.
    from pythainlp.tokenize import word_tokenize

    return word_tokenize


def segment(text):
    """Split text into words: Thai runs with PyThaiNLP ``newmm``, other text on spaces.

    >>> segment("หลักสูตรการบริหารราชการแผ่นดิน")
    ['หลักสูตร', 'การบริหาร', 'ราชการ', 'แผ่นดิน']
    """
    if not text:
        return []
    text = str(text)
    if not THAI_CHARS.search(text):
        return text.split()
    words = _tokenizer()(text, engine="newmm", keep_whitespace=False)
    return [w.strip() for w in words if w.strip()]


def segment_for_search(text):
    """Text with Thai words separated by spaces, ready for a search index or a query.

    Search backends split on spaces; Thai writes words without them, so both the indexed
    text and the query go through this function.
    """
    return " ".join(segment(text))


@lru_cache(maxsize=1)
def _dictionary_trie():
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    return Trie(thai_words())


_trie_lock = threading.Lock()
MIN_COMPOUND_LENGTH = 4
MIN_PART_LENGTH = 3


def _split_compound(word, depth=2):
    """The dictionary words a compound is made of ("หนังสือราชการ" → หนังสือ, ราชการ).

    newmm keeps compounds that are in its dictionary whole, so a search for a part of
    one would miss it. The compound is split again with itself taken out of the
    dictionary; a split is kept only when every part is itself a dictionary word of at
    least three characters, so ordinary words are not broken into syllables ("ระดับ",
    "สำหรับ" stay whole).
    """
    if depth == 0 or len(word) < MIN_COMPOUND_LENGTH or not THAI_CHARS.search(word):
        return []
    trie = _dictionary_trie()
    # The shared dictionary is briefly changed below, so every look-up in it is locked too.
    with _trie_lock:
        if word not in trie:
            return []
        trie.remove(word)
        try:
            parts = _tokenizer()(word, custom_dict=trie, engine="newmm", keep_whitespace=False)
        finally:
            trie.add(word)
        if len(parts) < 2 or any(len(p) < MIN_PART_LENGTH or p not in trie for p in parts):
            return []
    found = []
    for part in parts:
        found.append(part)
        found.extend(_split_compound(part, depth - 1))
    return found


# A page is indexed several times per save (one value per index field and backend, then
# again when it is published) with the same text: segmenting is the costly part.
@lru_cache(maxsize=256)
def segment_for_index(text):
    """Like ``segment_for_search``, plus the parts of Thai compound words, for the index side.

    >>> segment_for_index("หนังสือราชการ")
    'หนังสือราชการ หนังสือ ราชการ ราช การ'
    """
    words = []
    for word in segment(text):
        words.append(word)
        words.extend(_split_compound(word))
    return " ".join(words)


def to_buddhist_year(year):
    return year + BE_OFFSET


def _as_local_date(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date(), value
    return value, None


def format_date(value, style="long", language="th", with_time=False):
    """Format a date (or datetime, shown in Asia/Bangkok) for people.

    Thai: "24 พฤศจิกายน 2569", short "24 พ.ย. 69" (Buddhist Era).
    English: "24 November 2026", short "24 Nov 2026" (Common Era).
    """
    if value in (None, ""):
        return ""
    day, moment = _as_local_date(value)
    if (language or "th").startswith("th"):
        year = to_buddhist_year(day.year)
        if style == "short":
            text = f"{day.day} {THAI_MONTHS_SHORT[day.month - 1]} {year % 100:02d}"
        else:
            text = f"{day.day} {THAI_MONTHS[day.month - 1]} {year}"
        if with_time and moment is not None:
            text += f" {moment:%H:%M} น."
    else:
        month = ENGLISH_MONTHS[day.month - 1]
        text = f"{day.day} {month[:3] if style == 'short' else month} {day.year}"
        if with_time and moment is not None:
            text += f" {moment:%H:%M}"
    return text


def thai_sorted(items, key=str):
    """``items`` in Thai dictionary order of ``key(item)`` (leading vowels such as เ แ โ ใ ไ
    sort by the consonant after them, as Thai dictionaries do, not after every consonant).

    >>> thai_sorted(["ไปรษณีย์", "เกษตร", "กรมบัญชีกลาง"])
    ['กรมบัญชีกลาง', 'เกษตร', 'ไปรษณีย์']
    """
    from pythainlp.util import collate

    items = list(items)
    rank = {label: n for n, label in enumerate(collate({key(item) for item in items}))}
    return sorted(items, key=lambda item: rank[key(item)])


def fiscal_year(day):
    """The Thai government's fiscal year of ``day`` (a date, or a datetime taken in Asia/Bangkok), in the Common Era.

    A fiscal year runs from 1 October to 30 September and is named after the year it ends
    in: 1 October 2026 to 30 September 2027 is fiscal year 2027 (ปีงบประมาณ 2570).

    >>> fiscal_year(datetime.date(2026, 9, 30)), fiscal_year(datetime.date(2026, 10, 1))
    (2026, 2027)
    """
    day, _moment = _as_local_date(day)
    return day.year + 1 if day.month >= 10 else day.year


def fiscal_year_label(year, language="th"):
    """Fiscal year ``year`` (Common Era, as ``fiscal_year`` gives it) named for people.

    Thai names it in the Buddhist Era, as every government document does; English keeps
    that official number and adds the months it covers in the Common Era.

    >>> fiscal_year_label(2027), fiscal_year_label(2027, "en")
    ('ปีงบประมาณ 2570', 'Fiscal year 2570 (Oct 2026 – Sep 2027)')
    """
    if (language or "th").startswith("th"):
        return f"ปีงบประมาณ {to_buddhist_year(year)}"
    return f"Fiscal year {to_buddhist_year(year)} (Oct {year - 1} – Sep {year})"
