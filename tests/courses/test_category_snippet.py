"""Course categories as a Wagtail snippet: administrators manage them, instructors only choose them."""

import pytest
from django.urls import reverse

from courses.models import CourseCategory
from tests.factories import CourseCategoryFactory

pytestmark = pytest.mark.django_db

INDEX_URL = reverse("wagtailsnippets_courses_coursecategory:list")
ADD_URL = reverse("wagtailsnippets_courses_coursecategory:add")
CHOOSER_URL = reverse("wagtailsnippetchoosers_courses_coursecategory:choose")


def edit_url(category):
    return reverse("wagtailsnippets_courses_coursecategory:edit", args=[category.pk])


def delete_url(category):
    return reverse("wagtailsnippets_courses_coursecategory:delete", args=[category.pk])


@pytest.fixture
def category():
    return CourseCategoryFactory(name="ความมั่นคงปลอดภัยไซเบอร์", name_en="Cybersecurity", slug="cybersecurity")


class TestAdministrators:
    def test_the_menu_lists_the_categories_with_their_names_and_order(self, client, administrator, category):
        client.force_login(administrator)
        assert INDEX_URL in client.get("/admin/").content.decode()
        html = client.get(INDEX_URL).content.decode()
        assert "ความมั่นคงปลอดภัยไซเบอร์" in html
        assert "Cybersecurity" in html

    def test_searching_the_categories(self, client, administrator, category):
        CourseCategoryFactory(name="กฎหมายและระเบียบ", name_en="Law and regulation", slug="law")
        client.force_login(administrator)
        html = client.get(INDEX_URL, {"q": "ไซเบอร์"}).content.decode()
        assert "Cybersecurity" in html
        assert "Law and regulation" not in html

    def test_an_administrator_adds_changes_and_deletes_a_category(self, client, administrator):
        client.force_login(administrator)
        data = {"name": "ข้อมูลและ PDPA", "name_en": "Data and PDPA", "slug": "data-pdpa", "sort_order": "3"}
        assert client.post(ADD_URL, data).status_code == 302
        category = CourseCategory.objects.get(slug="data-pdpa")
        assert client.post(edit_url(category), {**data, "name_en": "Data and the PDPA"}).status_code == 302
        category.refresh_from_db()
        assert category.name_en == "Data and the PDPA"
        assert client.post(delete_url(category)).status_code == 302
        assert not CourseCategory.objects.filter(pk=category.pk).exists()


class TestInstructors:
    def test_an_instructor_can_choose_a_category_but_sees_no_category_menu(self, client, instructor, category):
        client.force_login(instructor)
        assert INDEX_URL not in client.get("/admin/").content.decode()
        response = client.get(CHOOSER_URL)
        assert response.status_code == 200
        # Shown in the editor's language (English here).
        assert "Cybersecurity" in response.json()["html"]

    def test_an_instructor_cannot_add_change_or_delete_a_category(self, client, instructor, category):
        client.force_login(instructor)
        data = {"name": "หมวดของฉัน", "name_en": "Mine", "slug": "mine", "sort_order": "0"}
        for url in (INDEX_URL, ADD_URL, edit_url(category), delete_url(category)):
            assert client.get(url).status_code in (302, 403)
        client.post(ADD_URL, data)
        client.post(edit_url(category), data)
        client.post(delete_url(category))
        assert not CourseCategory.objects.filter(slug="mine").exists()
        category.refresh_from_db()
        assert category.name == "ความมั่นคงปลอดภัยไซเบอร์"
