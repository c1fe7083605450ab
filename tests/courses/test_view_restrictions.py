"""Wagtail's privacy settings (view restrictions) on a course also guard enrolling, withdrawing and completing."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from courses.models import Enrolment, EnrolmentStatus, LessonProgress
from courses.services.enrolment import enrol_learner
from tests.factories import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(site_pages):
    return make_course(site_pages["courses"], lessons=2)


@pytest.fixture
def allowed_group(db):
    return Group.objects.create(name="Cohort 2026")


def restrict(page, restriction_type, groups=(), password=""):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=restriction_type, password=password)
    restriction.groups.set(groups)
    return restriction


def enrol(client, course):
    return client.post(reverse("courses:enrol", args=[course.pk]))


def complete(client, lesson):
    return client.post(reverse("courses:complete-lesson", args=[lesson.pk]))


class TestAGroupRestrictedCourse:
    def test_a_learner_outside_the_allowed_groups_cannot_enrol(self, client, course, learner, allowed_group):
        restrict(course, PageViewRestriction.GROUPS, groups=[allowed_group])
        client.force_login(learner)

        response = enrol(client, course)

        assert response.status_code == 404
        assert not Enrolment.objects.exists()

    def test_a_learner_in_an_allowed_group_may_enrol(self, client, course, learner, allowed_group):
        restrict(course, PageViewRestriction.GROUPS, groups=[allowed_group])
        learner.groups.add(allowed_group)
        client.force_login(learner)

        response = enrol(client, course)

        assert response.status_code == 302
        assert Enrolment.objects.get().user == learner

    def test_a_learner_outside_the_allowed_groups_cannot_complete_a_lesson(
        self, client, course, learner, allowed_group
    ):
        # Enrolled before the course was restricted, or by someone else: the restriction still applies.
        enrol_learner(course, learner)
        restrict(course, PageViewRestriction.GROUPS, groups=[allowed_group])
        client.force_login(learner)

        response = complete(client, course.syllabus_items()[0])

        assert response.status_code == 404
        assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()

    def test_a_learner_outside_the_allowed_groups_cannot_withdraw(self, client, course, learner, allowed_group):
        enrol_learner(course, learner)
        restrict(course, PageViewRestriction.GROUPS, groups=[allowed_group])
        client.force_login(learner)

        response = client.post(reverse("courses:withdraw", args=[course.pk]))

        assert response.status_code == 404
        assert Enrolment.objects.get().status == EnrolmentStatus.ACTIVE

    def test_a_restriction_on_the_course_index_page_applies_to_its_courses(
        self, client, course, learner, allowed_group, site_pages
    ):
        restrict(site_pages["courses"], PageViewRestriction.GROUPS, groups=[allowed_group])
        client.force_login(learner)

        assert enrol(client, course).status_code == 404
        assert not Enrolment.objects.exists()


class TestOtherRestrictions:
    def test_a_login_restricted_course_may_be_enrolled_by_a_signed_in_learner(self, client, course, learner):
        restrict(course, PageViewRestriction.LOGIN)
        client.force_login(learner)

        response = enrol(client, course)

        assert response.status_code == 302
        assert Enrolment.objects.get().user == learner

    def test_a_lesson_of_a_login_restricted_course_may_be_completed_by_an_enrolled_learner(
        self, client, course, learner
    ):
        restrict(course, PageViewRestriction.LOGIN)
        enrol_learner(course, learner)
        client.force_login(learner)

        response = complete(client, course.syllabus_items()[0])

        assert response.status_code == 302
        assert LessonProgress.objects.filter(user=learner, completed_at__isnull=False).count() == 1

    def test_a_password_restricted_course_cannot_be_enrolled_without_the_password(self, client, course, learner):
        restrict(course, PageViewRestriction.PASSWORD, password="open sesame")
        client.force_login(learner)

        response = enrol(client, course)

        assert response.status_code == 404
        assert not Enrolment.objects.exists()

    def test_a_password_restricted_course_may_be_enrolled_after_giving_the_password(self, client, course, learner):
        restriction = restrict(course, PageViewRestriction.PASSWORD, password="open sesame")
        client.force_login(learner)
        given = client.post(
            reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, course.pk]),
            {"password": "open sesame", "return_url": course.url},
        )
        assert given.status_code == 302

        response = enrol(client, course)

        assert response.status_code == 302
        assert Enrolment.objects.get().user == learner
