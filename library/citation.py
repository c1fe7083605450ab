"""How to cite a library item: an APA 7 reference on its page, BibTeX and RIS downloads.

Creators are written the way each kind of name is cited:

- English personal names as "Surname, I. I." in APA and "Surname, Given" in BibTeX and RIS;
- Thai names in full, given name first, as Thai practice cites them (and kept whole in
  BibTeX, inside braces, so BibTeX does not take the last word for a surname);
- agencies (corporate authors) as they are.

A reference follows the work's script: a Thai title gets Buddhist Era years and Thai
words ("ม.ป.ป." for no date), an English one Common Era years and "n.d.", whatever
language the visitor reads the site in.

The downloads (``library:bibtex``, ``library:ris``) are plain GET views: items that are not
live, or that sit in a private part of the site the visitor may not see, are 404.
"""

import html
import re

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from lms.thai import THAI_CHARS

from .models import Access, ItemType, LibraryItemPage
from .models.pages import BUDDHIST_ERA_OFFSET, identifier_kind

# --- Identifiers

DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.I)
HANDLE_PREFIX = re.compile(r"^(?:hdl:\s*|https?://hdl\.handle\.net/)", re.I)
ISBN_PREFIX = re.compile(r"^isbn:?\s*", re.I)


def doi_of(item):
    """The item's bare DOI ("10.1234/abc"), or ""."""
    if identifier_kind(item.identifier) != "doi":
        return ""
    return DOI_PREFIX.sub("", item.identifier.strip())


def isbn_of(item):
    """The item's ISBN as given (digits and hyphens), or ""."""
    if identifier_kind(item.identifier) != "isbn":
        return ""
    return ISBN_PREFIX.sub("", item.identifier.strip())


def identifier_link(item):
    """The identifier's resolver address: https://doi.org/... for a DOI, https://hdl.handle.net/... for a handle."""
    kind = identifier_kind(item.identifier)
    if kind == "doi":
        return f"https://doi.org/{doi_of(item)}"
    if kind == "handle":
        return f"https://hdl.handle.net/{HANDLE_PREFIX.sub('', item.identifier.strip())}"
    return ""


# --- Names

# Words that mark an English name as an organisation's rather than a person's.
CORPORATE_WORDS = {
    "academy", "agency", "association", "authority", "bank", "board", "bureau", "center", "centre",
    "college", "commission", "committee", "company", "corporation", "council", "department",
    "division", "foundation", "government", "group", "inc", "institute", "institution", "league",
    "limited", "ltd", "ministry", "network", "office", "organisation", "organization", "programme",
    "program", "project", "secretariat", "service", "services", "society", "team", "unit",
    "university", "nations", "kingdom", "thailand",
}  # fmt: skip
NAME_PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "la", "le", "bin", "binti", "al"}
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def creator_kind(name):
    """``"thai"`` (a Thai name, person or agency), ``"corporate"`` (an English agency) or ``"person"``."""
    if THAI_CHARS.search(name):
        return "thai"
    words = re.findall(r"[A-Za-z]+", name.lower())
    if "," not in name and (set(words) & CORPORATE_WORDS or len(words) > 4 or len(words) < 2):
        return "corporate"
    return "person"


def split_person(name):
    """An English personal name as ``(surname, given names, suffix)``: "Jane Q. Smith" or "Smith, Jane Q."."""
    name = " ".join(name.split())
    if "," in name:
        surname, _comma, rest = name.partition(",")
        given, _comma, suffix = rest.partition(",")
        return surname.strip(), given.strip(), suffix.strip()
    words = name.split(" ")
    suffix = ""
    if len(words) > 2 and words[-1].lower() in NAME_SUFFIXES:
        suffix = words.pop()
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in NAME_PARTICLES:
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start]), suffix


def initials(given):
    """ "Jean-Paul Q." → "J.-P. Q." """
    parts = []
    for word in given.split():
        pieces = [piece for piece in word.split("-") if piece]
        parts.append("-".join(f"{piece[0].upper()}." for piece in pieces))
    return " ".join(parts)


def apa_name(name):
    name = " ".join(name.split())
    if creator_kind(name) != "person":
        return name
    surname, given, suffix = split_person(name)
    text = f"{surname}, {initials(given)}" if given else surname
    return f"{text}, {suffix}" if suffix else text


def inverted_name(name):
    """ "Surname, Given" for a person; a Thai name or an agency as it is (BibTeX and RIS)."""
    name = " ".join(name.split())
    if creator_kind(name) != "person":
        return name
    surname, given, suffix = split_person(name)
    parts = [surname, given, suffix] if suffix else [surname, given]
    return ", ".join(part for part in parts if part)


def apa_author_list(names):
    """APA 7: "A, & B"; "A, B, & C" up to twenty; the first nineteen, ". . .", and the last beyond."""
    names = [apa_name(name) for name in names if name.strip()]
    if len(names) <= 1:
        return "".join(names)
    if len(names) > 20:
        return ", ".join(names[:19]) + ", . . . " + names[-1]
    return ", ".join(names[:-1]) + ", & " + names[-1]


# --- APA 7

# Bracketed descriptions APA gives works that are not text, in the work's own script.
APA_DESCRIPTIONS = {
    ItemType.VIDEO: ("Video", "วีดิทัศน์"),
    ItemType.AUDIO: ("Audio", "เสียง"),
    ItemType.INFOGRAPHIC: ("Infographic", "อินโฟกราฟิก"),
}


def is_thai_work(item):
    return bool(THAI_CHARS.search(item.title))


def year_of(item):
    """The Common Era year issued, from ``date_issued`` (``year_issued`` is kept only on save; a preview has none)."""
    year = (item.date_issued or "")[:4]
    return int(year) if year.isdigit() else item.year_issued


def citation_year(item):
    """The year as the reference gives it: Buddhist Era for a Thai work, else Common Era; ``None`` if unknown."""
    year = year_of(item)
    if not year:
        return None
    return year + BUDDHIST_ERA_OFFSET if is_thai_work(item) else year


def with_period(text):
    text = text.rstrip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def item_address(item, request=None):
    """Where the work is found: its external address, else its page in the library.

    The external address only when everyone may follow it: a restricted item's address is
    its page, where the access rules are explained.
    """
    from library.access import may_open

    if item.external_url and item.access == Access.OPEN and may_open(AnonymousUser(), item):
        return item.external_url
    return item.get_full_url(request) or ""


def apa_reference(item, creators, request=None):
    """The APA 7 reference of ``item`` as HTML (the title in italics); ``creators`` are names in order."""
    thai = is_thai_work(item)
    year = citation_year(item)
    date = f"({year})." if year else ("(ม.ป.ป.)." if thai else "(n.d.).")
    title = item.title.strip()
    if thai and item.title_en:
        title_html = format_html("<i>{}</i> [{}]", title, item.title_en.strip())
    else:
        title_html = format_html("<i>{}</i>", title)
    description = APA_DESCRIPTIONS.get(item.item_type)
    if description:
        title_html = format_html("{} [{}]", title_html, description[1] if thai else description[0])
    title_end = "" if (not description and title.endswith(("?", "!"))) else "."

    authors = apa_author_list(creators)
    if authors:
        parts = [format_html("{} {} {}{}", with_period(authors), date, title_html, title_end)]
    else:
        # No author: the title takes the author's place.
        parts = [format_html("{}{} {}", title_html, title_end, date)]
    publisher = " ".join(item.publisher.split())
    # APA leaves the publisher out when it is the author.
    if publisher and not (len(creators) == 1 and creators[0].strip() == publisher):
        parts.append(format_html("{}", with_period(publisher)))
    doi = doi_of(item)
    link = f"https://doi.org/{doi}" if doi else item_address(item, request)
    if link:
        parts.append(format_html("{}", link))
    return mark_safe(" ".join(parts))  # noqa: S308 - every part went through format_html


def plain_text(reference_html):
    return html.unescape(strip_tags(str(reference_html)))


# --- BibTeX

BIBTEX_TYPES = {
    ItemType.BOOK: "book",
    ItemType.EBOOK: "book",
    ItemType.REPORT: "techreport",
    ItemType.RESEARCH: "techreport",
    ItemType.MANUAL: "manual",
}
BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
BIBTEX_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
BIBTEX_LANGUAGES = {"th": "thai", "en": "english", "mul": "thai and english"}


def one_line(text):
    return " ".join(str(text or "").split())


def bibtex_escape(text):
    """``text`` on one line with BibTeX's and LaTeX's special characters escaped (braces stay balanced)."""
    return "".join(BIBTEX_SPECIAL.get(char, char) for char in one_line(text))


def bibtex_author(name):
    if creator_kind(name) == "person":
        return bibtex_escape(inverted_name(name))
    # Kept whole: BibTeX would otherwise take the last word of "สมชาย ใจดี" or "Office of ..." as a surname.
    return "{" + bibtex_escape(name) + "}"


def citation_key(item, creators):
    """An ASCII key: the first author's surname (or "item"), the year and the item's id: ``smith2024-42``."""
    stem = ""
    if creators and creator_kind(creators[0]) == "person":
        stem = slugify(split_person(creators[0])[0]).replace("-", "")
    return f"{stem or 'item'}{year_of(item) or 'nd'}-{item.pk}"


def description_text(item):
    return one_line(html.unescape(strip_tags(item.description or "")))


def bibtex_entry(item, creators, subjects, request=None):
    """The item as one BibTeX entry (UTF-8 text)."""
    entry_type = BIBTEX_TYPES.get(item.item_type, "misc")
    fields = []
    if creators:
        fields.append(("author", " and ".join(bibtex_author(name) for name in creators)))
    fields.append(("title", bibtex_escape(item.title)))
    if item.title_en and item.title_en.strip() != item.title.strip():
        fields.append(("note", bibtex_escape(f"English title: {item.title_en}")))
    if year_of(item):
        fields.append(("year", str(year_of(item))))
    if len(item.date_issued) == 10:
        fields.append(("month", BIBTEX_MONTHS[int(item.date_issued[5:7]) - 1]))
        fields.append(("date", item.date_issued))
    if item.publisher:
        publisher_field = {"techreport": "institution", "manual": "organization"}.get(entry_type, "publisher")
        fields.append((publisher_field, bibtex_escape(item.publisher)))
    if entry_type == "misc" and item.item_type in APA_DESCRIPTIONS:
        fields.append(("howpublished", bibtex_escape(APA_DESCRIPTIONS[item.item_type][0])))
    if isbn_of(item):
        fields.append(("isbn", bibtex_escape(isbn_of(item))))
    if doi_of(item):
        fields.append(("doi", bibtex_escape(doi_of(item))))
    fields.append(("url", bibtex_escape(item_address(item, request))))
    fields.append(("language", BIBTEX_LANGUAGES.get(item.language, item.language)))
    if subjects:
        fields.append(("keywords", bibtex_escape(", ".join(subjects))))
    if description_text(item):
        fields.append(("abstract", bibtex_escape(description_text(item))))
    lines = [f"@{entry_type}{{{citation_key(item, creators)},"]
    for name, value in fields:
        if value:
            # The month is BibTeX's own abbreviation (a macro, unbraced), so every style can print it.
            lines.append(f"  {name} = {value}," if name == "month" else f"  {name} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- RIS

RIS_TYPES = {
    ItemType.BOOK: "BOOK",
    ItemType.EBOOK: "EBOOK",
    ItemType.REPORT: "RPRT",
    ItemType.RESEARCH: "RPRT",
    ItemType.MANUAL: "BOOK",
    ItemType.LAW: "STAT",
    ItemType.INFOGRAPHIC: "FIGURE",
    ItemType.VIDEO: "VIDEO",
    ItemType.AUDIO: "SOUND",
    ItemType.COURSE_MATERIAL: "GEN",
}


def ris_record(item, creators, subjects, request=None):
    """The item as one RIS record (UTF-8 text, CRLF line ends, ``ER`` last)."""
    tags = [("TY", RIS_TYPES.get(item.item_type, "GEN"))]
    tags.extend(("AU", inverted_name(name)) for name in creators)
    tags.append(("TI", item.title))
    if item.title_en and item.title_en.strip() != item.title.strip():
        tags.append(("TT", item.title_en))
    if year_of(item):
        tags.append(("PY", str(year_of(item))))
    if len(item.date_issued) == 10:
        tags.append(("DA", item.date_issued.replace("-", "/")))
    tags.append(("PB", item.publisher))
    tags.append(("DO", doi_of(item)))
    tags.append(("SN", isbn_of(item)))
    tags.append(("UR", item_address(item, request)))
    tags.append(("LA", item.language))
    tags.extend(("KW", subject) for subject in subjects)
    tags.append(("AB", description_text(item)))
    lines = [f"{tag}  - {one_line(value)}" for tag, value in tags if one_line(value)]
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


# --- The item page's citation block and the downloads


def citation_context(item, creators, request=None):
    """What the item page's citation block shows: the APA reference (HTML and plain) and the download links."""
    from django.urls import reverse

    reference = apa_reference(item, creators, request)
    # A new item previewed in the editor has no id yet, so nothing to download.
    return {
        "apa": reference,
        "apa_text": plain_text(reference),
        "bibtex_url": reverse("library:bibtex", args=[item.pk]) if item.pk else "",
        "ris_url": reverse("library:ris", args=[item.pk]) if item.pk else "",
    }


MAX_ID = 2**31 - 1  # a larger number is no page's id (and overflows the database's integer)


def citable_item(request, item_id):
    """The live item with ``item_id`` that the visitor may see (page privacy), or 404."""
    if item_id > MAX_ID:
        raise Http404
    item = get_object_or_404(LibraryItemPage.objects.live(), pk=item_id)
    for restriction in item.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404
    return item


def item_names(item):
    creators = [creator.name for creator in item.creators.order_by("sort_order", "pk")]
    subjects = [subject.name for subject in item.subjects.all()]
    return creators, subjects


def attachment(content, content_type, filename):
    response = HttpResponse(content.encode("utf-8"), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def bibtex(request, item_id):
    """``/library/items/<id>/cite.bib``: the item's BibTeX entry as a file."""
    item = citable_item(request, item_id)
    creators, subjects = item_names(item)
    return attachment(
        bibtex_entry(item, creators, subjects, request),
        "application/x-bibtex; charset=utf-8",
        f"{citation_key(item, creators)}.bib",
    )


@require_safe
def ris(request, item_id):
    """``/library/items/<id>/cite.ris``: the item's RIS record as a file."""
    item = citable_item(request, item_id)
    creators, subjects = item_names(item)
    return attachment(
        ris_record(item, creators, subjects, request),
        "application/x-research-info-systems; charset=utf-8",
        f"{citation_key(item, creators)}.ris",
    )
