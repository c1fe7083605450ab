"""The course catalogue and the seminar index: where they may stand and what they list."""

import pytest

from courses.models import CourseIndexPage, SeminarIndexPage
from home.models import HomePage, StandardPage
from tests.factories import make_course

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [CourseIndexPage, SeminarIndexPage])
class TestIndexPagePlacement:
    def test_it_can_only_be_created_under_the_home_page(self, model, site_pages):
        assert model.can_create_at(site_pages["home"]) is False  # the demo-like site already has one
        assert model.allowed_parent_page_models() == [HomePage]

    def test_a_site_has_only_one(self, model, site_pages):
        assert model.max_count == 1
        assert model.objects.count() == 1


class TestCourseCatalogueListing:
    def test_only_live_courses_are_listed_newest_first(self, client, site_pages):
        index = site_pages["courses"]
        first = make_course(index, lessons=0, title="หลักสูตรแรก")
        second = make_course(index, lessons=0, title="หลักสูตรที่สอง")
        make_course(index, lessons=0, title="ฉบับร่าง", publish=False)
        index.add_child(instance=StandardPage(title="หน้าอื่น", slug="other"))

        response = client.get(index.url)

        assert [page.pk for page in response.context["items"]] == [second.pk, first.pk]
        assert "ฉบับร่าง" not in response.content.decode()

    def test_an_empty_catalogue_says_so(self, client, site_pages):
        client.cookies["lms_language"] = "en"

        response = client.get(site_pages["courses"].url)

        assert "No courses yet." in response.content.decode()
