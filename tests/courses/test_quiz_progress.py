"""Quizzes in a course's progress: the syllabus changing under a learner, "continue", and the dashboard."""

import pytest
from django.urls import reverse

from courses.models import Enrolment, EnrolmentStatus, QuizPage
from courses.services.enrolment import enrol_learner
from courses.services.progress import (
    complete_lesson,
    completed_item_ids,
    next_item_for,
    started_item_ids,
)
from courses.services.quizzes import start_attempt, submit_attempt
from tests.courses.test_quiz_service import form, right_answers
from tests.factories import make_course, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(index):
    return make_course(index, lessons=2)


@pytest.fixture
def quiz(course):
    return make_quiz(course)


@pytest.fixture
def enrolled(course, learner):
    enrol_learner(course, learner)
    return learner


def enrolment_of(user, course):
    return Enrolment.objects.get(user=user, course=course)


def finish_lessons(user, course):
    for item in course.syllabus_items():
        if item.syllabus_kind == "lesson":
            complete_lesson(user, item)


class TestTheSyllabusChangingUnderALearner:
    def test_unpublishing_a_required_quiz_completes_learners_who_did_every_lesson(
        self, course, quiz, enrolled, django_capture_on_commit_callbacks
    ):
        finish_lessons(enrolled, course)
        assert enrolment_of(enrolled, course).completed_at is None

        with django_capture_on_commit_callbacks(execute=True):
            QuizPage.objects.get(pk=quiz.pk).unpublish()

        assert enrolment_of(enrolled, course).status == EnrolmentStatus.COMPLETED

    def test_making_a_quiz_optional_completes_learners_who_did_every_lesson(
        self, course, quiz, enrolled, django_capture_on_commit_callbacks
    ):
        finish_lessons(enrolled, course)
        quiz.required_for_completion = False
        with django_capture_on_commit_callbacks(execute=True):
            quiz.save_revision().publish()

        assert enrolment_of(enrolled, course).is_completed

    def test_a_new_required_quiz_lowers_the_share_done(self, course, enrolled, django_capture_on_commit_callbacks):
        finish_lessons(enrolled, course)
        assert enrolment_of(enrolled, course).is_completed
        other = make_course(course.get_parent(), lessons=2)
        from tests.factories import UserFactory

        learner = UserFactory()
        enrol_learner(other, learner)
        complete_lesson(learner, other.syllabus_items()[0])
        with django_capture_on_commit_callbacks(execute=True):
            make_quiz(other)

        assert enrolment_of(learner, other).progress == pytest.approx(1 / 3)


class TestWhereContinueLeads:
    def test_after_the_last_lesson_continue_leads_to_the_quiz(self, course, quiz, enrolled):
        finish_lessons(enrolled, course)
        assert next_item_for(enrolment_of(enrolled, course)).pk == quiz.pk

    def test_a_failed_quiz_is_started_but_not_done(self, course, quiz, enrolled):
        attempt, _created = start_attempt(enrolled, quiz)
        submit_attempt(attempt, form([]))
        assert quiz.pk in started_item_ids(enrolled, course)
        assert quiz.pk not in completed_item_ids(enrolled, course)

    def test_a_passed_quiz_is_done(self, course, quiz, enrolled):
        attempt, _created = start_attempt(enrolled, quiz)
        submit_attempt(attempt, right_answers(attempt))
        assert quiz.pk in completed_item_ids(enrolled, course)

    def test_opening_the_quiz_page_makes_it_the_place_to_continue(self, client, course, quiz, enrolled):
        client.force_login(enrolled)
        assert client.get(quiz.url).status_code == 200
        enrolment = enrolment_of(enrolled, course)
        assert enrolment.last_lesson_id == quiz.pk
        assert next_item_for(enrolment).pk == quiz.pk


class TestTheDashboard:
    def test_the_dashboard_leads_to_the_quiz_once_the_lessons_are_done(self, client, course, quiz, enrolled):
        finish_lessons(enrolled, course)
        client.force_login(enrolled)
        response = client.get(reverse("dashboard:index"))
        assert response.status_code == 200
        assert quiz.url in response.content.decode()

    def test_passing_the_quiz_moves_the_course_to_completed_on_the_dashboard(self, client, course, quiz, enrolled):
        finish_lessons(enrolled, course)
        attempt, _created = start_attempt(enrolled, quiz)
        submit_attempt(attempt, right_answers(attempt))
        client.force_login(enrolled)
        sections = client.get(reverse("dashboard:index")).context["courses"]
        assert [enrolment.course_id for enrolment in sections.completed] == [course.pk]
        assert sections.in_progress == []
