"""Writing a course in the Wagtail editor: every course setting has a field, and what is saved is used."""

import pytest
from django.urls import reverse

from courses.models import Audience, CompletionRule, CoursePage
from tests.factories import AgencyFactory, CourseCategoryFactory, admin_form_data, make_course

pytestmark = pytest.mark.django_db

ENROLMENT_FIELDS = (
    "category",
    "level",
    "language",
    "training_hours",
    "audience",
    "audience_agencies",
    "prerequisites",
    "enrolment_opens_at",
    "enrolment_closes_at",
    "capacity",
    "completion_rule",
    "completion_percentage",
    "awards_certificate",
)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


class TestTheCourseEditor:
    def test_the_editor_has_a_field_for_every_enrolment_and_completion_setting(self, client, site_pages, administrator):
        course = make_course(site_pages["courses"], lessons=1)
        client.force_login(administrator)

        html = client.get(edit_url(course)).content.decode()

        for name in ENROLMENT_FIELDS:
            assert f'name="{name}"' in html, name
        assert 'name="course_instructors-TOTAL_FORMS"' in html

    def test_settings_saved_in_the_editor_are_published_with_the_course(self, client, site_pages, administrator):
        course = make_course(site_pages["courses"], lessons=1)
        category = CourseCategoryFactory()
        agency = AgencyFactory()
        client.force_login(administrator)
        data = admin_form_data(client.get(edit_url(course)).content.decode(), "page-edit-form")
        data.update(
            {
                "category": str(category.pk),
                "audience": Audience.AGENCIES,
                "audience_agencies": [str(agency.pk)],
                "capacity": "25",
                "training_hours": "6.5",
                "completion_rule": CompletionRule.PERCENTAGE,
                "completion_percentage": "80",
                "action-publish": "action-publish",
            }
        )

        response = client.post(edit_url(course), data)

        assert response.status_code == 302, response.content.decode()[:2000]
        course = CoursePage.objects.get(pk=course.pk)
        assert (course.category, course.audience, course.capacity) == (category, Audience.AGENCIES, 25)
        assert list(course.audience_agencies.all()) == [agency]
        assert str(course.training_hours) == "6.5"
        assert (course.completion_rule, course.completion_percentage) == (CompletionRule.PERCENTAGE, 80)

    def test_a_closing_date_before_the_opening_date_is_refused_with_a_message(self, client, site_pages, administrator):
        course = make_course(site_pages["courses"], lessons=1)
        client.force_login(administrator)
        data = admin_form_data(client.get(edit_url(course)).content.decode(), "page-edit-form")
        data.update(
            {
                "enrolment_opens_at": "2026-12-10 09:00",
                "enrolment_closes_at": "2026-12-01 09:00",
                "action-publish": "action-publish",
            }
        )

        response = client.post(edit_url(course), data)

        assert response.status_code == 200
        assert "Enrolment must close after it opens." in response.content.decode()
        assert CoursePage.objects.get(pk=course.pk).enrolment_closes_at is None

    def test_a_course_for_listed_agencies_without_any_agency_is_refused(self, client, site_pages, administrator):
        course = make_course(site_pages["courses"], lessons=1)
        client.force_login(administrator)
        data = admin_form_data(client.get(edit_url(course)).content.decode(), "page-edit-form")
        data.update({"audience": Audience.AGENCIES, "audience_agencies": [], "action-publish": "action-publish"})

        response = client.post(edit_url(course), data)

        assert response.status_code == 200
        assert "Choose the agencies whose staff may enrol." in response.content.decode()
        assert CoursePage.objects.get(pk=course.pk).audience == Audience.EVERYONE

    def test_a_course_cannot_require_itself_through_another_course(self, client, site_pages, administrator):
        course = make_course(site_pages["courses"], lessons=1)
        follow_up = make_course(site_pages["courses"], lessons=1, prerequisites=[course])
        client.force_login(administrator)
        data = admin_form_data(client.get(edit_url(course)).content.decode(), "page-edit-form")
        data.update({"prerequisites": [str(follow_up.pk)], "action-publish": "action-publish"})

        response = client.post(edit_url(course), data)

        assert response.status_code == 200
        assert "A course cannot require itself" in response.content.decode()
        assert not CoursePage.objects.get(pk=course.pk).prerequisites.exists()


class TestDeletingACourse:
    def test_a_course_with_learners_cannot_be_deleted_and_nothing_is_lost(self, client, site_pages, administrator):
        from courses.models import Enrolment
        from courses.services.enrolment import enrol_learner
        from tests.factories import UserFactory

        course = make_course(site_pages["courses"], lessons=2)
        enrol_learner(course, UserFactory())
        client.force_login(administrator)

        response = client.post(reverse("wagtailadmin_pages:delete", args=[course.pk]))

        assert response.status_code == 302
        assert CoursePage.objects.filter(pk=course.pk).exists()
        assert Enrolment.objects.filter(course=course).count() == 1

    def test_a_course_nobody_enrolled_in_can_be_deleted(self, client, site_pages, administrator):
        course = make_course(site_pages["courses"], lessons=2)
        client.force_login(administrator)

        client.post(reverse("wagtailadmin_pages:delete", args=[course.pk]))

        assert not CoursePage.objects.filter(pk=course.pk).exists()
