"""The DCAT catalogue at /open-data/catalog.jsonld, read as a CKAN DCAT harvester reads it (rdflib, JSON-LD)."""

import datetime
from urllib.parse import urlsplit

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from courses.models import Enrolment
from lms.open_data import datasets
from lms.open_data.build import rebuild, rebuild_all
from tests.factories import UserFactory, make_course, make_library_item, make_seminar

pytestmark = pytest.mark.django_db

URL = "/open-data/catalog.jsonld"
IANA = Namespace("https://www.iana.org/assignments/media-types/")
# Open namespaces: rdflib's closed ones warn when pytest looks into this module's names.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")


@pytest.fixture
def built(site_pages):
    course = make_course(site_pages["courses"], lessons=1, title="หลักสูตรข้อมูลเปิด")
    for _n in range(5):
        Enrolment.objects.create(
            user=UserFactory(), course=course, enrolled_at=datetime.datetime(2026, 2, 3, 9, 0, tzinfo=datetime.UTC)
        )
    make_library_item(site_pages["library"])
    make_seminar(site_pages["seminars"])
    return rebuild_all()


def graph_of(response):
    graph = Graph()
    graph.parse(data=response.content.decode(), format="json-ld")
    return graph


def text_in(graph, subject, predicate, language):
    return {str(value) for value in graph.objects(subject, predicate) if getattr(value, "language", None) == language}


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


class TestTheCatalogue:
    def test_it_is_json_ld_with_a_catalogue_its_title_description_and_publisher(self, client, built):
        response = client.get(URL)

        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/ld+json")
        graph = graph_of(response)
        catalogues = list(graph.subjects(RDF.type, DCAT.Catalog))
        assert catalogues == [URIRef("http://testserver/open-data/catalog.jsonld")]
        catalogue = catalogues[0]
        assert text_in(graph, catalogue, DCTERMS["title"], "en") == {"Open data of the learning platform"}
        assert text_in(graph, catalogue, DCTERMS["title"], "th")
        assert text_in(graph, catalogue, DCTERMS.description, "en")
        publisher = graph.value(catalogue, DCTERMS.publisher)
        assert (publisher, RDF.type, FOAF.Organization) in graph
        assert text_in(graph, publisher, FOAF.name, "th") == {"ศูนย์ฝึกอบรมภาครัฐ"}
        assert text_in(graph, publisher, FOAF.name, "en") == {"Government Training Centre"}

    def test_every_data_set_has_its_title_description_licence_frequency_period_and_distributions(self, client, built):
        graph = graph_of(client.get(URL))
        catalogue = next(graph.subjects(RDF.type, DCAT.Catalog))

        listed = set(graph.objects(catalogue, DCAT.dataset))
        assert listed == set(graph.subjects(RDF.type, DCAT.Dataset))
        by_identifier = {str(graph.value(node, DCTERMS.identifier)): node for node in listed}
        assert set(by_identifier) == set(datasets.DATASETS)
        for slug, node in by_identifier.items():
            dataset = datasets.get(slug)
            assert text_in(graph, node, DCTERMS["title"], "en") == {dataset.title.en}
            assert text_in(graph, node, DCTERMS["title"], "th") == {dataset.title.th}
            assert text_in(graph, node, DCTERMS.description, "en") == {dataset.description.en}
            assert graph.value(node, DCTERMS.license) == URIRef(datasets.LICENCE_URL)
            assert graph.value(node, DCTERMS.accrualPeriodicity) == URIRef(datasets.DAILY)
            assert {str(keyword) for keyword in graph.objects(node, DCAT.keyword)} >= {
                keyword.en for keyword in dataset.keywords
            }
            assert graph.value(node, DCTERMS.modified).datatype == XSD.dateTime
            assert len(list(graph.objects(node, DCAT.distribution))) == 2

        period = graph.value(by_identifier["course-activity-monthly"], DCTERMS.temporal)
        assert graph.value(period, DCAT.startDate) == Literal("2026-02-03", datatype=XSD.date)
        assert graph.value(period, DCAT.endDate) == Literal("2026-02-03", datatype=XSD.date)

    def test_every_download_url_is_absolute_and_serves_its_media_type(self, client, built):
        graph = graph_of(client.get(URL))

        distributions = list(graph.subjects(RDF.type, DCAT.Distribution))
        assert len(distributions) == 2 * len(datasets.DATASETS)
        for distribution in distributions:
            url = str(graph.value(distribution, DCAT.downloadURL))
            media_type = graph.value(distribution, DCAT.mediaType)
            assert url.startswith("http://testserver/open-data/")
            assert media_type in (IANA["text/csv"], IANA["application/json"])
            assert str(graph.value(distribution, DCTERMS["format"])) in ("CSV", "JSON")
            assert graph.value(distribution, DCTERMS["title"]) is not None

            response = client.get(urlsplit(url).path)

            assert response.status_code == 200, url
            assert response["Content-Type"].split(";")[0] == str(media_type).removeprefix(str(IANA))
            assert body(response)

    def test_a_data_set_not_built_yet_is_left_out(self, client, site_pages):
        rebuild("courses")

        graph = graph_of(client.get(URL))

        identifiers = {str(graph.value(node, DCTERMS.identifier)) for node in graph.subjects(RDF.type, DCAT.Dataset)}
        assert identifiers == {"courses"}

    def test_addresses_follow_the_host_the_catalogue_was_asked_for(self, client, built, settings):
        settings.ALLOWED_HOSTS = ["data.example.go.th"]

        response = client.get(URL, HTTP_HOST="data.example.go.th", secure=True)

        graph = graph_of(response)
        for distribution in graph.subjects(RDF.type, DCAT.Distribution):
            assert str(graph.value(distribution, DCAT.downloadURL)).startswith("https://data.example.go.th/open-data/")
