"""The course catalogue makes as many SQL queries for 50 courses as for 5, whatever the filters."""

import io
import itertools

import pytest
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images import get_image_model

from courses.models import Enrolment, EnrolmentStatus, Level
from tests.factories import CourseCategoryFactory, UserFactory, make_course

pytestmark = pytest.mark.django_db


def cover_image(n):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 36), (n % 256, 48, 95)).save(buffer, "PNG")
    return get_image_model().objects.create(title=f"ภาพปก {n}", file=ImageFile(buffer, name=f"cover-{n}.png"))


class Catalogue:
    """Courses like the real catalogue's: each with its own cover, a category, a level and learners."""

    def __init__(self, index):
        self.index = index
        self.categories = [
            CourseCategoryFactory(name="กฎหมาย", name_en="Law", slug="law"),
            CourseCategoryFactory(name="ดิจิทัล", name_en="Digital", slug="digital"),
        ]
        self.learners = [UserFactory() for _ in range(3)]
        self.statuses = itertools.cycle([EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED, EnrolmentStatus.WITHDRAWN])
        self.count = 0

    def add(self, count):
        for n in range(self.count, self.count + count):
            course = make_course(
                self.index,
                lessons=0,
                title=f"หลักสูตรราชการ {n:03d}",
                summary="หลักสูตรการบริหารราชการแผ่นดิน",
                category=self.categories[n % 2],
                level=Level.BEGINNER if n % 3 else Level.ADVANCED,
                cover_image=cover_image(n),
            )
            for learner in self.learners[: n % 4]:
                Enrolment.objects.create(user=learner, course=course, status=next(self.statuses))
        self.count += count


def cold_get(client, url):
    """A request with an empty cache, as after a restart: rendition look-ups cannot hide in the cache."""
    cache.clear()
    return client.get(url)


def queries_for(client, url):
    client.get(url)  # makes the cover renditions, as the first visitor would
    with CaptureQueriesContext(connection) as captured:
        response = cold_get(client, url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "query_string",
    [
        "",
        "?sort=popular",
        "?sort=title",
        "?q=ราชการ&category=law&level=beginner&sort=popular",
        "?q=ราชการ+แผ่นดิน&language=th&sort=title&page=2",
    ],
    ids=["newest", "popular", "title", "search-filters-popular", "search-title-page-2"],
)
def test_the_catalogue_makes_as_many_queries_for_50_courses_as_for_5(
    client, site_pages, django_assert_max_num_queries, query_string
):
    catalogue = Catalogue(site_pages["courses"])
    url = site_pages["courses"].url + query_string
    catalogue.add(5)
    with_five = queries_for(client, url)
    catalogue.add(45)

    client.get(url)
    with django_assert_max_num_queries(with_five):
        response = cold_get(client, url)

    # The bound is meaningful only if the 50-course page shows more cards than the 5-course one did.
    assert len(response.context["items"]) == 12 or "page=2" in query_string
    assert len(response.context["items"]) > 5
    assert response.content.decode().count('class="card course-card"') == len(response.context["items"])


def test_the_home_page_makes_as_many_queries_with_50_courses_as_with_5(
    client, site_pages, django_assert_max_num_queries
):
    catalogue = Catalogue(site_pages["courses"])
    catalogue.add(5)
    with_five = queries_for(client, "/")
    catalogue.add(45)

    client.get("/")
    with django_assert_max_num_queries(with_five):
        response = cold_get(client, "/")

    courses = next(section for section in response.context["sections"] if section["key"] == "courses")
    assert [course.title for course in courses["items"]] == ["หลักสูตรราชการ 049", "หลักสูตรราชการ 048", "หลักสูตรราชการ 047"]
