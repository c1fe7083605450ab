"""The course page: its facts, syllabus, instructors, and an enrol panel that explains every state."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from courses.models import Audience, CourseInstructor, Enrolment, EnrolmentStatus
from courses.services.enrolment import enrol_learner, withdraw
from courses.services.progress import complete_lesson, record_lesson_opened
from tests.factories import AgencyFactory, CivilServantFactory, UserFactory, make_course

pytestmark = pytest.mark.django_db


def enrol_panel(response):
    """The state the enrol panel shows, and the panel's HTML."""
    html = response.content.decode()
    match = re.search(
        r'<section class="enrol-panel[^"]*"[^>]*data-enrol-state="([a-z_]+)"[^>]*>(.*?)</section>', html, re.S
    )
    assert match, "the course page has no enrol panel"
    return match.group(1), match.group(2)


def get_as(client, user, url):
    client.force_login(user)
    return client.get(url)


class TestEnrolPanel:
    def test_a_guest_is_asked_to_log_in_or_sign_up_and_comes_back_to_the_course(self, guest, index):
        course = make_course(index)

        state, panel = enrol_panel(guest.get(course.url))

        assert state == "guest"
        assert "Log in or sign up to enrol" in panel
        assert f'href="{reverse("account:login")}?next={course.url}"' in panel
        assert f'href="{reverse("account:signup")}?next={course.url}"' in panel
        assert "<form" not in panel

    def test_a_learner_who_may_enrol_gets_a_post_form_with_a_csrf_token(self, client, index, learner):
        course = make_course(index)

        state, panel = enrol_panel(get_as(client, learner, course.url))

        assert state == "can_enrol"
        assert f'method="post" action="{reverse("courses:enrol", args=[course.pk])}"' in panel
        assert 'name="csrfmiddlewaretoken"' in panel

    def test_a_citizen_is_told_why_a_staff_only_course_is_not_for_them(self, client, index, learner):
        course = make_course(index, audience=Audience.STAFF)

        state, panel = enrol_panel(get_as(client, learner, course.url))

        assert state == "not_eligible"
        assert "This course is for civil servants and state-enterprise staff" in panel
        assert "<form" not in panel

    def test_a_learner_missing_a_prerequisite_is_told_which_course_to_complete(self, client, index, learner):
        first = make_course(index, title="Digital basics")
        course = make_course(index, prerequisites=[first])

        state, panel = enrol_panel(get_as(client, learner, course.url))

        assert state == "not_eligible"
        assert "Complete these courses first: Digital basics." in panel

    def test_a_course_not_yet_open_says_when_enrolment_opens(self, client, index, learner):
        opens = timezone.now() + datetime.timedelta(days=10)
        course = make_course(index, enrolment_opens_at=opens)

        state, panel = enrol_panel(get_as(client, learner, course.url))

        assert state == "not_yet_open"
        assert "Enrolment opens on" in panel
        assert str(timezone.localtime(opens).year) in panel
        assert "<form" not in panel

    def test_a_closed_course_says_when_enrolment_closed(self, client, index, learner):
        closes = timezone.now() - datetime.timedelta(days=2)
        course = make_course(index, enrolment_opens_at=closes - datetime.timedelta(days=30), enrolment_closes_at=closes)

        state, panel = enrol_panel(get_as(client, learner, course.url))

        assert state == "closed"
        assert "Enrolment closed on" in panel
        assert "<form" not in panel

    def test_a_full_course_says_so_and_offers_no_form(self, client, index, learner):
        course = make_course(index, capacity=1)
        enrol_learner(course, UserFactory())

        response = get_as(client, learner, course.url)
        state, panel = enrol_panel(response)

        assert state == "full"
        assert "This course is full" in panel
        assert "<form" not in panel
        assert "0 places left of 1" in response.content.decode()

    def test_an_enrolled_learner_sees_progress_a_continue_link_and_a_withdraw_form(self, client, index, learner):
        course = make_course(index, lessons=4)
        lessons = course.syllabus_items()
        enrol_learner(course, learner)
        complete_lesson(learner, lessons[0])
        record_lesson_opened(learner, lessons[1])

        state, panel = enrol_panel(get_as(client, learner, course.url))

        assert state == "enrolled"
        assert re.search(r'<progress[^>]*max="100" value="25"', panel)
        assert "25%</span>" in panel
        assert f'href="{lessons[1].url}">Continue where you left off</a>' in panel
        assert f'action="{reverse("courses:withdraw", args=[course.pk])}"' in panel
        assert "your progress is kept" in panel

    def test_a_learner_who_completed_the_course_sees_the_completion_date(self, client, index, learner):
        course = make_course(index, lessons=1)
        enrol_learner(course, learner)
        _progress, enrolment = complete_lesson(learner, course.syllabus_items()[0])
        completed = timezone.localtime(enrolment.completed_at)

        state, panel = enrol_panel(get_as(client, learner, course.url))

        assert state == "completed"
        assert f"Completed on {completed.day} {completed:%B} {completed.year}." in panel
        assert "<form" not in panel

    def test_a_learner_who_withdrew_may_enrol_again_and_sees_the_progress_kept(self, client, index, learner):
        course = make_course(index, lessons=2)
        enrol_learner(course, learner)
        complete_lesson(learner, course.syllabus_items()[0])
        withdraw(course, learner)

        state, panel = enrol_panel(get_as(client, learner, course.url))

        assert state == "withdrawn"
        assert "Enrol again" in panel
        assert f'action="{reverse("courses:enrol", args=[course.pk])}"' in panel
        assert 'value="50"' in panel

    def test_an_editor_previewing_an_unpublished_course_is_told_it_is_not_published(self, index):
        course = make_course(index, publish=False, lessons=0)
        editor = UserFactory(is_superuser=True, is_staff=True, preferred_language="en")
        request = RequestFactory().get("/admin/")
        request.user = editor
        request.is_preview = True

        with translation.override("en"):
            response = course.serve_preview(request, course.default_preview_mode).render()

        assert response.status_code == 200
        state, panel = enrol_panel(response)
        assert state == "unavailable"
        assert "This course is not published." in panel

    def test_an_editor_previewing_changed_prerequisites_sees_them_checked(self, index):
        first = make_course(index, title="Digital basics")
        course = make_course(index)
        course.prerequisites = [first]  # as the editor's form sets them: not saved yet
        request = RequestFactory().get("/admin/")
        request.user = UserFactory(preferred_language="en")
        request.is_preview = True

        with translation.override("en"):
            response = course.serve_preview(request, course.default_preview_mode).render()

        state, panel = enrol_panel(response)
        assert state == "not_eligible"
        assert "Complete these courses first: Digital basics." in panel
        assert f'<a href="{first.url}">Digital basics</a>' in response.content.decode()


class TestSyllabus:
    def test_a_guest_sees_locked_lessons_without_links_and_preview_lessons_linked(self, guest, index):
        course = make_course(index, lessons=[{"is_preview": True}, {}, {}])
        preview, locked, _third = course.syllabus_items()

        html = guest.get(course.url).content.decode()

        assert f'href="{preview.url}"' in html
        assert f'href="{locked.url}"' not in html
        assert html.count('class="badge badge--locked"') == 2
        assert ">Locked<" in html
        assert html.count('class="badge badge--preview"') == 1

    def test_a_learner_not_enrolled_also_sees_the_lessons_locked(self, client, index, learner):
        course = make_course(index, lessons=2)

        html = get_as(client, learner, course.url).content.decode()

        assert all(f'href="{lesson.url}"' not in html for lesson in course.syllabus_items())

    def test_an_enrolled_learner_sees_every_lesson_linked_with_its_state(self, client, index, learner):
        course = make_course(index, lessons=3)
        done, started, untouched = course.syllabus_items()
        enrol_learner(course, learner)
        complete_lesson(learner, done)
        record_lesson_opened(learner, started)

        html = get_as(client, learner, course.url).content.decode()

        assert all(f'href="{lesson.url}"' in html for lesson in (done, started, untouched))
        assert "badge--locked" not in html
        assert ">Done<" in html
        assert ">Started<" in html
        assert ">Not started<" in html

    def test_the_syllabus_gives_each_lessons_minutes_and_the_total_time(self, guest, index):
        course = make_course(index, lessons=[{"estimated_minutes": 45}, {"estimated_minutes": 30}])

        html = guest.get(course.url).content.decode()

        assert "45 minutes" in html
        assert "30 minutes" in html
        assert "1 h 15 min" in html


class TestCourseFacts:
    def test_the_page_shows_objectives_audience_agencies_dates_capacity_and_prerequisites(self, guest, index):
        agency = AgencyFactory(name_en="Digital Government Agency")
        first = make_course(index, title="Open data basics")
        opens = timezone.now() - datetime.timedelta(days=1)
        course = make_course(
            index,
            learning_objectives="Explain the PDPA\n\nWrite a privacy notice\n",
            audience=Audience.AGENCIES,
            audience_agencies=[agency],
            enrolment_opens_at=opens,
            capacity=30,
            prerequisites=[first],
            training_hours=6,
        )

        html = guest.get(course.url).content.decode()

        assert "<li>Explain the PDPA</li>" in html
        assert "<li>Write a privacy notice</li>" in html
        assert "Staff of the listed agencies" in html
        assert str(agency) in html
        assert str(timezone.localtime(opens).year) in html
        assert "30 places left of 30" in html
        assert f'<a href="{first.url}">Open data basics</a>' in html

    def test_instructors_are_shown_with_photo_position_and_biography(self, guest, index):
        photo = Image.objects.create(title="portrait", file=get_test_image_file())
        course = make_course(index)
        CourseInstructor.objects.create(
            course=course,
            name="Dr. Somchai",
            position="Lecturer",
            biography="Twenty years of e-government.",
            photo=photo,
        )

        html = guest.get(course.url).content.decode()

        assert "Dr. Somchai" in html
        assert "Lecturer" in html
        assert "Twenty years of e-government." in html
        assert re.search(r'<img[^>]*class="instructor__photo"', html)

    def test_the_page_has_no_inline_styles_or_scripts(self, client, index, learner):
        course = make_course(index)
        enrol_learner(course, learner)

        html = get_as(client, learner, course.url).content.decode()

        assert " style=" not in html
        assert "<script>" not in html


class TestCoursePageQueries:
    def count_queries(self, client, url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    @pytest.mark.parametrize("as_learner", [False, True], ids=["guest", "enrolled learner"])
    def test_the_number_of_queries_does_not_grow_with_the_number_of_lessons(self, client, index, as_learner):
        small = make_course(index, lessons=3)
        large = make_course(index, lessons=12)
        if as_learner:
            learner = UserFactory()
            for course in (small, large):
                enrol_learner(course, learner)
                complete_lesson(learner, course.syllabus_items()[0])
                record_lesson_opened(learner, course.syllabus_items()[1])
            client.force_login(learner)
        # Warm the caches every page shares (site root paths, sites and settings); the first
        # request of a new site also creates its settings row, which refreshes the cached sites.
        client.get(small.url)
        client.get(small.url)

        assert self.count_queries(client, small.url) == self.count_queries(client, large.url)

    def test_the_number_of_queries_does_not_grow_with_the_number_of_instructors_with_photos(self, client, index):
        def with_instructors(count):
            course = make_course(index, lessons=2)
            for number in range(count):
                photo = Image.objects.create(title=f"portrait {number}", file=get_test_image_file())
                CourseInstructor.objects.create(course=course, name=f"วิทยากร {number}", photo=photo, sort_order=number)
            client.get(course.url)  # make the renditions once
            return course

        one, three = with_instructors(1), with_instructors(3)
        counts = []
        for course in (one, three):
            client.get(one.url)
            cache.clear()  # Wagtail also caches renditions: measure the database, not the cache
            counts.append(self.count_queries(client, course.url))

        assert counts[0] == counts[1]

    def test_a_course_page_needs_a_reasonable_number_of_queries(self, client, index, django_assert_max_num_queries):
        course = make_course(index, lessons=12)
        learner = UserFactory()
        enrol_learner(course, learner)
        client.force_login(learner)
        client.get(course.url)

        with django_assert_max_num_queries(30):
            client.get(course.url)


def test_a_civil_servant_may_enrol_in_a_course_for_their_agency(client, index):
    agency = AgencyFactory()
    servant = CivilServantFactory(agency=agency, preferred_language="en")
    course = make_course(index, audience=Audience.AGENCIES, audience_agencies=[agency])

    state, _panel = enrol_panel(get_as(client, servant, course.url))

    assert state == "can_enrol"
    assert not Enrolment.objects.filter(course=course, status=EnrolmentStatus.ACTIVE).exists()
