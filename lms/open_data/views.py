"""Open data on the site and in the editor.

Public (``lms.open_data.urls``, under ``/open-data/``):

- ``/open-data/``: every data set with its description, licence, period, update frequency,
  last build, column dictionary and download links;
- ``/open-data/<slug>.csv`` and ``/open-data/<slug>.json``: the latest stored files (a 404
  page that says so when a data set has not been built yet);
- ``/open-data/catalog.jsonld``: the DCAT catalogue in JSON-LD, for harvesters such as CKAN's.

Editor (``lms.open_data.hooks``): the administrators' "Open data" screen with "Rebuild now".
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.models.open_data import OpenDataFile
from lms.roles import ADMINISTRATORS

from . import datasets

CSV_TYPE = "text/csv"
JSON_TYPE = "application/json"
MEDIA_TYPES = {"csv": CSV_TYPE, "json": JSON_TYPE}
IANA_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
# Harvesters and browsers may keep a file this long; the files change once a day.
MAX_AGE = 15 * 60

TYPE_LABELS = {
    datasets.STRING: gettext_lazy("text"),
    datasets.INTEGER: gettext_lazy("whole number"),
    datasets.NUMBER: gettext_lazy("number"),
    datasets.BOOLEAN: gettext_lazy("true or false"),
    datasets.DATE: gettext_lazy("date (YYYY-MM-DD)"),
    datasets.DATETIME: gettext_lazy("date and time (ISO 8601)"),
    datasets.YEARMONTH: gettext_lazy("month (YYYY-MM)"),
}


@dataclass
class ColumnEntry:
    name: str
    type_label: str
    description: str
    suppressed_when_small: bool


@dataclass
class DatasetEntry:
    """What the page shows of one data set, in the visitor's language."""

    dataset: datasets.Dataset
    record: OpenDataFile | None
    language: str

    @property
    def slug(self):
        return self.dataset.slug

    @property
    def title(self):
        return self.dataset.title.in_language(self.language)

    @property
    def description(self):
        return self.dataset.description.in_language(self.language)

    @property
    def frequency(self):
        return self.dataset.frequency_label.in_language(self.language)

    @property
    def keywords(self):
        return [keyword.in_language(self.language) for keyword in self.dataset.keywords]

    @property
    def built(self):
        return self.record is not None and bool(self.record.csv_file) and bool(self.record.json_file)

    @property
    def columns(self):
        return [
            ColumnEntry(
                name=column.name,
                type_label=str(TYPE_LABELS.get(column.type, column.type)),
                description=column.description.in_language(self.language),
                suppressed_when_small=column.counts_people or bool(column.based_on),
            )
            for column in self.dataset.columns
        ]

    @property
    def csv_url(self):
        return reverse("open_data:download", args=[self.slug, "csv"])

    @property
    def json_url(self):
        return reverse("open_data:download", args=[self.slug, "json"])


def dataset_entries(language):
    """Every data set with its latest build (one query)."""
    records = {record.slug: record for record in OpenDataFile.objects.all()}
    return [DatasetEntry(dataset, records.get(dataset.slug), language) for dataset in datasets.all_datasets()]


@require_safe
def index(request):
    context = {
        "entries": dataset_entries(get_language() or "th"),
        "licence_title": datasets.LICENCE_TITLE,
        "licence_url": datasets.LICENCE_URL,
        "smallest_published_count": datasets.SMALLEST_PUBLISHED_COUNT,
        "largest_suppressed_count": datasets.SMALLEST_PUBLISHED_COUNT - 1,
    }
    return render(request, "lms/open_data.html", context)


def _not_built(request, dataset):
    context = {"entry": DatasetEntry(dataset, None, get_language() or "th")}
    return render(request, "lms/open_data_missing.html", context, status=404)


@require_safe
def download(request, slug, kind):
    """The latest ``kind`` ("csv" or "json") file of data set ``slug``."""
    dataset = datasets.get(slug)
    if dataset is None or kind not in MEDIA_TYPES:
        raise Http404("No such data set.")
    record = OpenDataFile.objects.filter(slug=slug).first()
    stored = getattr(record, f"{kind}_file", None)
    if not stored:
        return _not_built(request, dataset)
    try:
        handle = stored.storage.open(stored.name, "rb")
    except (FileNotFoundError, OSError):
        return _not_built(request, dataset)
    if kind == "csv":
        response = FileResponse(
            handle, content_type=f"{CSV_TYPE}; charset=utf-8", as_attachment=True, filename=f"{slug}.csv"
        )
    else:
        response = FileResponse(handle, content_type=f"{JSON_TYPE}; charset=utf-8", filename=f"{slug}.json")
        response["Access-Control-Allow-Origin"] = "*"
    response["Last-Modified"] = http_date(record.built_at.timestamp())
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


# --- The DCAT catalogue ------------------------------------------------------------------

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _both(text):
    return [{"@value": text.th, "@language": "th"}, {"@value": text.en, "@language": "en"}]


def _typed(value, datatype):
    return {"@value": value, "@type": datatype}


def _organisation(request):
    from home.models import SiteSettings

    site_settings = SiteSettings.for_request(request)
    return {
        "@id": request.build_absolute_uri("/") + "#organisation",
        "@type": "foaf:Organization",
        "foaf:name": _both(datasets.Text(site_settings.organisation_name_th, site_settings.organisation_name_en)),
        "foaf:homepage": {"@id": request.build_absolute_uri("/")},
    }


def _distribution(request, dataset, record, kind):
    url = request.build_absolute_uri(reverse("open_data:download", args=[dataset.slug, kind]))
    label = kind.upper()
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": [
            {"@value": f"{dataset.title.th} ({label})", "@language": "th"},
            {"@value": f"{dataset.title.en} ({label})", "@language": "en"},
        ],
        "dcat:downloadURL": {"@id": url},
        "dcat:accessURL": {"@id": url},
        "dcat:mediaType": {"@id": IANA_MEDIA_TYPE + MEDIA_TYPES[kind]},
        "dct:format": label,
        "dct:license": {"@id": dataset.licence_url},
        "dct:modified": _typed(record.built_at.isoformat(), "xsd:dateTime"),
    }


def _dataset_node(request, dataset, record, landing_page, publisher):
    node = {
        "@id": f"{landing_page}#{dataset.slug}",
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.slug,
        "dct:title": _both(dataset.title),
        "dct:description": _both(dataset.description),
        "dcat:keyword": [value for keyword in dataset.keywords for value in _both(keyword)],
        "dct:license": {"@id": dataset.licence_url, "@type": "dct:LicenseDocument", "dct:title": dataset.licence_title},
        "dct:accrualPeriodicity": {"@id": dataset.frequency, "@type": "dct:Frequency"},
        "dct:modified": _typed(record.built_at.isoformat(), "xsd:dateTime"),
        "dct:publisher": {"@id": publisher["@id"]},
        "dcat:landingPage": {"@id": f"{landing_page}#{dataset.slug}"},
        "dct:language": [{"@id": "http://id.loc.gov/vocabulary/iso639-1/th"}],
        "dcat:distribution": [_distribution(request, dataset, record, kind) for kind in ("csv", "json")],
    }
    if record.period_start or record.period_end:
        period = {"@type": "dct:PeriodOfTime"}
        if record.period_start:
            period["dcat:startDate"] = _typed(record.period_start.isoformat(), "xsd:date")
        if record.period_end:
            period["dcat:endDate"] = _typed(record.period_end.isoformat(), "xsd:date")
        node["dct:temporal"] = period
    return node


def catalogue(request):
    """The DCAT catalogue as a JSON-LD document: the data sets that have been built, with their files."""
    landing_page = request.build_absolute_uri(reverse("open_data:index"))
    publisher = _organisation(request)
    records = {record.slug: record for record in OpenDataFile.objects.all()}
    nodes = []
    modified = []
    for dataset in datasets.all_datasets():
        record = records.get(dataset.slug)
        if record is None or not record.csv_file or not record.json_file:
            continue  # not built yet: nothing a harvester could download
        nodes.append(_dataset_node(request, dataset, record, landing_page, publisher))
        modified.append(record.built_at)
    document = {
        "@context": CONTEXT,
        "@id": request.build_absolute_uri(reverse("open_data:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": _both(datasets.Text("ข้อมูลเปิดของแพลตฟอร์มการเรียนรู้ภาครัฐ", "Open data of the learning platform")),
        "dct:description": _both(
            datasets.Text(
                "ชุดข้อมูลเปิดแบบรวมและไม่ระบุตัวตนเกี่ยวกับหลักสูตร ห้องสมุดอิเล็กทรอนิกส์ และสัมมนา "
                "ปรับปรุงทุกวัน ตัวเลขที่นับคนได้ 1–4 คนไม่เปิดเผย",
                "Aggregated, anonymous open data about the courses, the e-library and the seminars, "
                "rebuilt daily. Figures counting 1 to 4 people are suppressed.",
            )
        ),
        "dct:publisher": publisher,
        "dct:license": {"@id": datasets.LICENCE_URL},
        "dct:language": [
            {"@id": "http://id.loc.gov/vocabulary/iso639-1/th"},
            {"@id": "http://id.loc.gov/vocabulary/iso639-1/en"},
        ],
        "foaf:homepage": {"@id": landing_page},
        "dcat:dataset": nodes,
    }
    if modified:
        document["dct:modified"] = _typed(max(modified).isoformat(), "xsd:dateTime")
    return document


@require_safe
def catalogue_jsonld(request):
    response = JsonResponse(
        catalogue(request),
        content_type="application/ld+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


# --- The editor's "Rebuild now" -------------------------------------------------------------

ADMIN_URL_NAME = "open_data_admin"


def may_rebuild(user):
    """Only administrators (and superusers) rebuild the open data by hand."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=ADMINISTRATORS).exists()


class OpenDataAdminView(WagtailAdminTemplateMixin, TemplateView):
    """The data sets' last builds, and "Rebuild now" (a POST) for administrators."""

    template_name = "lms/open_data_admin.html"
    page_title = gettext_lazy("Open data")
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not may_rebuild(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = dataset_entries(get_language() or "th")
        context["now"] = timezone.now()
        return context

    def post(self, request, *args, **kwargs):
        from django.db import transaction

        from .tasks import rebuild_open_data_task

        slug = request.POST.get("dataset") or None
        dataset = datasets.get(slug) if slug else None
        if slug and dataset is None:
            messages.error(request, _("There is no such data set."))
            return redirect(ADMIN_URL_NAME)
        transaction.on_commit(lambda: rebuild_open_data_task.enqueue(slug))
        if dataset is None:
            messages.success(request, _("Every open data set is being rebuilt. This page shows each one's last build."))
        else:
            messages.success(
                request,
                _("“%(title)s” is being rebuilt. This page shows its last build.")
                % {"title": dataset.title.in_language(get_language())},
            )
        return redirect(ADMIN_URL_NAME)
