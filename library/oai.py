"""OAI-PMH 2.0 at ``/library/oai/``: national library aggregators harvest the catalogue here.

The six verbs of https://www.openarchives.org/OAI/openarchivesprotocol.html with one
metadata format, ``oai_dc`` (simple Dublin Core). What harvesters see change lives in
``OaiRecord`` (kept by ``library.oai_records``): its datestamp drives ``from``/``until`` and
the order of the lists; an unpublished, deleted or privacy-restricted item is a record with
``status="deleted"`` and no metadata.

- Identifiers are ``oai:<host of PUBLIC_BASE_URL>:library/<the item's identifier, URL-encoded>``
  (the item's ``identifier`` is unique and survives edits and moves).
- Sets: ``type`` > ``type:<item type>`` and ``subject`` > ``subject:<subject id>``.
- Lists come 100 records at a time. The resumption token is the query and the position in
  it (the last record's datestamp and id: a keyset, so records added meanwhile never shift
  the pages), signed with ``django.core.signing``: an altered, foreign or expired token is a
  ``badResumptionToken``, never a server error.
- Every protocol error is answered as the protocol says (HTTP 200, an ``<error>`` element),
  with the request's arguments echoed only when they were valid.

The response is written with the standard library's ElementTree, with the prefixes spelled
out so the output reads like the specification's examples.
"""

import datetime
import html
import re
import xml.etree.ElementTree as ET
import zlib
from email.utils import parseaddr
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.core import signing
from django.db.models import Min, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from library.models import DCMI_TYPES, ItemLanguage, ItemType, LibraryItemPage, OaiRecord, Subject
from library.oai_records import is_harvestable, restricted_paths
from lms.sanitiser import clean_text

PAGE_SIZE = 100
TOKEN_SALT = "library.oai.resumption-token"  # noqa: S105 - a namespace for signing, not a secret
# How long a resumption token stays valid (``OAI_RESUMPTION_TOKEN_MAX_AGE`` seconds).
DEFAULT_TOKEN_MAX_AGE = 24 * 3600

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_IDENTIFIER_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
METADATA_PREFIX = "oai_dc"

# Each verb's required and optional arguments (besides ``verb``); ``resumptionToken`` is exclusive.
VERB_ARGUMENTS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}),
}
RESUMABLE_VERBS = {"ListSets", "ListIdentifiers", "ListRecords"}

# The value patterns of the OAI-PMH schema (so an echoed argument is always valid there).
METADATA_PREFIX_PATTERN = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+$")
SET_SPEC_PATTERN = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$")
REPOSITORY_IDENTIFIER_PATTERN = re.compile(r"^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$")
DAY_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECONDS_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
# Characters XML 1.0 cannot carry at all; dropped from text taken from the database.
NOT_XML_CHARACTERS = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|div|pre|tr)\s*>|<br\s*/?>", re.IGNORECASE)

TOP_LEVEL_SETS = {"type": _("Item type"), "subject": _("Subject")}


class OaiError(Exception):
    """A protocol error: answered as ``<error code="...">message</error>``."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


# --- Identifiers, dates, text ----------------------------------------------------------


def repository_identifier():
    """The repository's name in its identifiers: ``OAI_REPOSITORY_IDENTIFIER``, else the public host name."""
    return getattr(settings, "OAI_REPOSITORY_IDENTIFIER", "") or urlsplit(settings.PUBLIC_BASE_URL).hostname or ""


def oai_identifier(local_identifier):
    """The OAI identifier of the item whose ``identifier`` is ``local_identifier``."""
    return f"oai:{repository_identifier()}:library/{quote(local_identifier, safe=':/')}"


def local_identifier(identifier):
    """The item identifier inside an OAI identifier of this repository, or None."""
    prefix = f"oai:{repository_identifier()}:library/"
    if not identifier.startswith(prefix) or len(identifier) == len(prefix):
        return None
    return unquote(identifier[len(prefix) :])


def base_url():
    """The absolute base URL of the OAI-PMH interface, from ``PUBLIC_BASE_URL``."""
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("library:oai")


def utc_datestamp(moment):
    """``moment`` as an OAI-PMH datestamp at seconds granularity (``2024-05-01T03:04:05Z``)."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datestamp(value, argument):
    """The (granularity, lower bound, upper bound) a ``from``/``until`` value covers; badArgument otherwise.

    A day covers the whole day (UTC); a second the whole second. The upper bound is None
    when it would pass the end of the calendar.
    """
    try:
        if DAY_PATTERN.match(value):
            start = datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time(), datetime.UTC)
            granularity, span = "day", datetime.timedelta(days=1)
        elif SECONDS_PATTERN.match(value):
            start = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)
            granularity, span = "seconds", datetime.timedelta(seconds=1)
        else:
            raise ValueError(value)
    except ValueError:
        raise OaiError(
            "badArgument", f"'{argument}' must be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDThh:mm:ssZ)."
        ) from None
    try:
        end = start + span
    except OverflowError:
        end = None
    return granularity, start, end


def xml_text(value):
    """``value`` as text XML 1.0 can carry."""
    return NOT_XML_CHARACTERS.sub("", str(value))


def plain_text(rich_text):
    """The description's text without markup, a line per paragraph (via the project's sanitiser)."""
    text = html.unescape(clean_text(BLOCK_END.sub("\n", rich_text or "")))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def in_both_languages(label):
    """A translatable label in Thai with English after it: ``หนังสือ (Book)`` (once when they agree)."""
    with translation.override("th"):
        thai = str(label)
    with translation.override("en"):
        english = str(label)
    return thai if thai == english else f"{thai} ({english})"


def _in(label, language):
    with translation.override(language):
        return str(label)


# --- The XML ---------------------------------------------------------------------------


def _add(parent, tag, text=None, **attributes):
    element = ET.SubElement(parent, tag, {name: xml_text(value) for name, value in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _document(request_attributes):
    root = ET.Element(
        "OAI-PMH",
        {"xmlns": OAI_NS, "xmlns:xsi": XSI_NS, "xsi:schemaLocation": f"{OAI_NS} {OAI_SCHEMA}"},
    )
    _add(root, "responseDate", utc_datestamp(timezone.now()))
    _add(root, "request", base_url(), **request_attributes)
    return root


def _response(root):
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


# --- Reading the request ---------------------------------------------------------------


def read_arguments(params):
    """``(verb, arguments)`` from the request's parameters; badVerb or badArgument when they are not legal."""
    verbs = params.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERB_ARGUMENTS:
        if len(verbs) > 1:
            raise OaiError("badVerb", "The verb argument is repeated.")
        if not verbs:
            raise OaiError("badVerb", "The verb argument is missing.")
        raise OaiError("badVerb", "The verb is not an OAI-PMH verb.")
    verb = verbs[0]
    for key in params:
        if len(params.getlist(key)) > 1:
            raise OaiError("badArgument", f"The argument '{key}' is repeated.")
    arguments = {key: params[key] for key in params if key != "verb"}
    required, optional = VERB_ARGUMENTS[verb]
    if "resumptionToken" in arguments:
        if verb not in RESUMABLE_VERBS:
            raise OaiError("badArgument", f"{verb} takes no resumptionToken.")
        if len(arguments) > 1:
            raise OaiError("badArgument", "The resumptionToken argument must be the only argument besides the verb.")
        return verb, arguments
    illegal = sorted(set(arguments) - required - optional)
    if illegal:
        raise OaiError("badArgument", f"{verb} does not take the argument '{illegal[0]}'.")
    missing = sorted(required - set(arguments))
    if missing:
        raise OaiError("badArgument", f"{verb} needs the argument '{missing[0]}'.")
    _check_values(arguments)
    return verb, arguments


def _check_values(arguments):
    if "metadataPrefix" in arguments and not METADATA_PREFIX_PATTERN.match(arguments["metadataPrefix"]):
        raise OaiError("badArgument", "The metadataPrefix is not a legal metadata prefix.")
    if "set" in arguments and not SET_SPEC_PATTERN.match(arguments["set"]):
        raise OaiError("badArgument", "The set is not a legal setSpec.")
    if "identifier" in arguments and (not arguments["identifier"] or re.search(r"\s", arguments["identifier"])):
        raise OaiError("badArgument", "The identifier is not a legal identifier.")
    bounds = {name: parse_datestamp(arguments[name], name) for name in ("from", "until") if name in arguments}
    if len(bounds) == 2:
        (from_granularity, from_start, _end), (until_granularity, until_start, _end) = bounds["from"], bounds["until"]
        if from_granularity != until_granularity:
            raise OaiError("badArgument", "'from' and 'until' must have the same granularity.")
        if from_start > until_start:
            raise OaiError("badArgument", "'from' is later than 'until'.")


# --- The list queries and their resumption tokens --------------------------------------


def _in_set(spec):
    """Records in the set ``spec`` or below it (``type`` holds ``type:book``)."""
    return (
        Q(set_specs=spec)
        | Q(set_specs__startswith=f"{spec} ")
        | Q(set_specs__startswith=f"{spec}:")
        | Q(set_specs__contains=f" {spec} ")
        | Q(set_specs__contains=f" {spec}:")
        | Q(set_specs__endswith=f" {spec}")
    )


def matching_records(query):
    """The records a list request selects (``query``: metadataPrefix, from, until, set), in harvest order."""
    records = OaiRecord.objects.all()
    if query.get("from"):
        records = records.filter(datestamp__gte=parse_datestamp(query["from"], "from")[1])
    if query.get("until"):
        end = parse_datestamp(query["until"], "until")[2]
        if end is not None:
            records = records.filter(datestamp__lt=end)
    if query.get("set"):
        records = records.filter(_in_set(query["set"]))
    return records.order_by("datestamp", "pk")


def token_max_age():
    return getattr(settings, "OAI_RESUMPTION_TOKEN_MAX_AGE", DEFAULT_TOKEN_MAX_AGE)


def make_token(verb, query, last, cursor):
    """A signed token for the rest of the list after ``last``; ``cursor`` is where the next page starts."""
    payload = {
        "verb": verb,
        "query": {key: query[key] for key in ("metadataPrefix", "from", "until", "set") if query.get(key)},
        "after": [last.datestamp.isoformat(), last.pk],
        "cursor": cursor,
    }
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def read_token(token, verb):
    """``(query, (datestamp, pk), cursor)`` from a token this repository made for ``verb``; badResumptionToken otherwise."""
    invalid = OaiError("badResumptionToken", "The resumptionToken is invalid or has expired.")
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=token_max_age())
    except (signing.BadSignature, ValueError, TypeError, zlib.error):
        raise invalid from None
    try:
        if payload["verb"] != verb:
            raise invalid
        query = {key: str(value) for key, value in payload["query"].items()}
        _check_values(query)
        datestamp = datetime.datetime.fromisoformat(payload["after"][0])
        pk = int(payload["after"][1])
        cursor = int(payload["cursor"])
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, OaiError):
        raise invalid from None
    if datestamp.tzinfo is None or cursor < 0 or query.get("metadataPrefix") != METADATA_PREFIX:
        raise invalid
    return query, (datestamp, pk), cursor


# --- The verbs -------------------------------------------------------------------------


class Repository:
    """Answers one request; ``request`` gives the site for the items' addresses."""

    def __init__(self, request):
        self.request = request
        self._restricted_paths = None

    # Helpers

    def withdrawn(self, record):
        """Whether ``record`` is reported deleted: it is, or its item is no longer harvestable."""
        if record.deleted or record.page is None:
            return True
        if self._restricted_paths is None:
            self._restricted_paths = restricted_paths()
        return not is_harvestable(record.page, self._restricted_paths)

    def item_url(self, item):
        parts = item.get_url_parts(self.request)
        path = parts[2] if parts else item.url_path
        return settings.PUBLIC_BASE_URL.rstrip("/") + path

    def add_header(self, parent, record, withdrawn):
        attributes = {"status": "deleted"} if withdrawn else {}
        header = _add(parent, "header", **attributes)
        _add(header, "identifier", oai_identifier(record.identifier))
        _add(header, "datestamp", utc_datestamp(record.datestamp))
        for spec in record.set_specs.split():
            _add(header, "setSpec", spec)

    def add_record(self, parent, record):
        element = _add(parent, "record")
        withdrawn = self.withdrawn(record)
        self.add_header(element, record, withdrawn)
        if not withdrawn:
            self.add_dublin_core(_add(element, "metadata"), record.page)

    def add_dublin_core(self, parent, item):
        dc = _add(
            parent,
            "oai_dc:dc",
            **{
                "xmlns:oai_dc": OAI_DC_NS,
                "xmlns:dc": DC_NS,
                "xsi:schemaLocation": f"{OAI_DC_NS} {OAI_DC_SCHEMA}",
            },
        )
        title_language = {"xml:lang": item.language} if item.language != ItemLanguage.MULTIPLE else {}
        _add(dc, "dc:title", item.title, **title_language)
        if item.title_en and item.title_en != item.title:
            _add(dc, "dc:title", item.title_en, **{"xml:lang": "en"})
        for creator in item.creators.all():
            _add(dc, "dc:creator", creator.name)
        for subject in item.subjects.all():
            _add(dc, "dc:subject", subject.name)
        description = plain_text(item.description)
        if description:
            _add(dc, "dc:description", description)
        if item.publisher:
            _add(dc, "dc:publisher", item.publisher)
        if item.date_issued:
            _add(dc, "dc:date", item.date_issued)
        _add(dc, "dc:type", DCMI_TYPES.get(item.item_type, "Text"))
        label = ItemType(item.item_type).label if item.item_type in ItemType.values else item.item_type
        thai_label, english_label = _in(label, "th"), _in(label, "en")
        if thai_label != english_label:
            _add(dc, "dc:type", thai_label, **{"xml:lang": "th"})
        _add(dc, "dc:type", english_label, **{"xml:lang": "en"})
        _add(dc, "dc:format", item.file_format or "text/html")
        _add(dc, "dc:identifier", self.item_url(item))
        if item.identifier_kind != "local":
            _add(dc, "dc:identifier", item.identifier)
        _add(dc, "dc:language", item.language)
        if item.rights:
            _add(dc, "dc:rights", item.rights)
        if item.rights_url:
            _add(dc, "dc:rights", item.rights_url)

    def find_record(self, identifier):
        local = local_identifier(identifier)
        record = None
        if local is not None:
            record = (
                OaiRecord.objects.select_related("page")
                .defer("page__full_text")
                .prefetch_related("page__creators", "page__subjects")
                .filter(identifier=local)
                .first()
            )
        if record is None:
            raise OaiError("idDoesNotExist", "No item has this identifier.")
        return record

    @staticmethod
    def check_prefix(prefix):
        if prefix != METADATA_PREFIX:
            raise OaiError("cannotDisseminateFormat", f"Only {METADATA_PREFIX} is available.")

    # Verbs

    def identify(self, root, arguments):
        from courses.services.certificates import site_settings

        organisation = site_settings()
        names = [organisation.organisation_name_th, organisation.organisation_name_en]
        name = names[0] if names[0] == names[1] or not names[1] else f"{names[0]} ({names[1]})"
        earliest = OaiRecord.objects.aggregate(earliest=Min("datestamp"))["earliest"]
        admin_email = (
            getattr(settings, "OAI_ADMIN_EMAIL", "")
            or organisation.email
            or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
            or settings.DEFAULT_FROM_EMAIL
        )
        identify = _add(root, "Identify")
        _add(identify, "repositoryName", name)
        _add(identify, "baseURL", base_url())
        _add(identify, "protocolVersion", "2.0")
        _add(identify, "adminEmail", admin_email)
        _add(identify, "earliestDatestamp", utc_datestamp(earliest) if earliest else "1970-01-01T00:00:00Z")
        _add(identify, "deletedRecord", "persistent")
        _add(identify, "granularity", "YYYY-MM-DDThh:mm:ssZ")
        repository = repository_identifier()
        # The oai-identifier description needs a domain name; a bare IP address or host has none.
        if REPOSITORY_IDENTIFIER_PATTERN.match(repository):
            description = _add(identify, "description")
            scheme = _add(
                description,
                "oai-identifier",
                **{"xmlns": OAI_IDENTIFIER_NS, "xsi:schemaLocation": f"{OAI_IDENTIFIER_NS} {OAI_IDENTIFIER_SCHEMA}"},
            )
            _add(scheme, "scheme", "oai")
            _add(scheme, "repositoryIdentifier", repository)
            _add(scheme, "delimiter", ":")
            _add(scheme, "sampleIdentifier", oai_identifier("local:0123456789abcdef"))

    def list_metadata_formats(self, root, arguments):
        if "identifier" in arguments:
            self.find_record(arguments["identifier"])
        formats = _add(root, "ListMetadataFormats")
        metadata_format = _add(formats, "metadataFormat")
        _add(metadata_format, "metadataPrefix", METADATA_PREFIX)
        _add(metadata_format, "schema", OAI_DC_SCHEMA)
        _add(metadata_format, "metadataNamespace", OAI_DC_NS)

    def list_sets(self, root, arguments):
        if "resumptionToken" in arguments:
            # The set list always comes whole: no token of this repository can be for it.
            raise OaiError("badResumptionToken", "The resumptionToken is invalid or has expired.")
        sets = _add(root, "ListSets")

        def add_set(spec, name):
            element = _add(sets, "set")
            _add(element, "setSpec", spec)
            _add(element, "setName", name)

        add_set("type", in_both_languages(TOP_LEVEL_SETS["type"]))
        for item_type in ItemType:
            add_set(f"type:{item_type.value}", in_both_languages(item_type.label))
        add_set("subject", in_both_languages(TOP_LEVEL_SETS["subject"]))
        shown = LibraryItemPage.objects.live().public().values("pk")
        for subject in Subject.objects.filter(items__in=shown).distinct().order_by("pk"):
            name = subject.name if not subject.name_en else f"{subject.name} ({subject.name_en})"
            add_set(f"subject:{subject.pk}", name)

    def get_record(self, root, arguments):
        self.check_prefix(arguments["metadataPrefix"])
        record = self.find_record(arguments["identifier"])
        self.add_record(_add(root, "GetRecord"), record)

    def list_identifiers(self, root, arguments):
        self.list(root, arguments, "ListIdentifiers")

    def list_records(self, root, arguments):
        self.list(root, arguments, "ListRecords")

    def list(self, root, arguments, verb):
        if "resumptionToken" in arguments:
            query, after, cursor = read_token(arguments["resumptionToken"], verb)
        else:
            query, after, cursor = arguments, None, 0
            self.check_prefix(query["metadataPrefix"])
        records = matching_records(query)
        total = records.count()
        if after is not None:
            records = records.filter(Q(datestamp__gt=after[0]) | Q(datestamp=after[0], pk__gt=after[1]))
        records = records.select_related("page").defer("page__full_text")
        if verb == "ListRecords":
            records = records.prefetch_related("page__creators", "page__subjects")
        page = list(records[: PAGE_SIZE + 1])
        more, page = len(page) > PAGE_SIZE, page[:PAGE_SIZE]
        if not page:
            raise OaiError("noRecordsMatch", "No records match the request.")
        container = _add(root, verb)
        for record in page:
            if verb == "ListRecords":
                self.add_record(container, record)
            else:
                self.add_header(container, record, self.withdrawn(record))
        if more or after is not None:
            attributes = {"completeListSize": str(max(total, cursor + len(page))), "cursor": str(cursor)}
            token = None
            if more:
                token = make_token(verb, query, page[-1], cursor + len(page))
                expires = timezone.now() + datetime.timedelta(seconds=token_max_age())
                attributes["expirationDate"] = utc_datestamp(expires)
            _add(container, "resumptionToken", token, **attributes)


HANDLERS = {
    "Identify": Repository.identify,
    "ListMetadataFormats": Repository.list_metadata_formats,
    "ListSets": Repository.list_sets,
    "GetRecord": Repository.get_record,
    "ListIdentifiers": Repository.list_identifiers,
    "ListRecords": Repository.list_records,
}


# OAI-PMH allows POST (application/x-www-form-urlencoded) for requests too long for a URL.
# It is a read like GET: it changes nothing, and harvesters are programs with no session or
# CSRF token to send, so CSRF protection (which guards state changes) does not apply here.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request):
    """The OAI-PMH base URL: every verb, every protocol error, always HTTP 200 with XML."""
    params = request.POST if request.method == "POST" else request.GET
    repository = Repository(request)
    verb, arguments = None, {}
    try:
        verb, arguments = read_arguments(params)
        root = _document({"verb": verb, **arguments})
        HANDLERS[verb](repository, root, arguments)
    except OaiError as error:
        # After badVerb or badArgument the request's arguments are not echoed (the protocol says so).
        echoed = {} if error.code in ("badVerb", "badArgument") else {"verb": verb, **arguments}
        root = _document(echoed)
        _add(root, "error", error.message, code=error.code)
    return _response(root)
