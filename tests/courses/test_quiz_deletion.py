"""Deleting quizzes and courses in the editor: never when learners' results would be lost with them."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.http import urlencode

from courses.models import CoursePage, LessonPage, QuizAnswer, QuizAttempt, QuizPage
from courses.services.enrolment import enrol_learner
from courses.services.quizzes import start_attempt, submit_attempt
from tests.factories import UserFactory, make_course, make_quiz

pytestmark = pytest.mark.django_db


def delete_url(page):
    return reverse("wagtailadmin_pages:delete", args=[page.pk])


def bulk_delete_url(pages, parent):
    query = urlencode(
        {"next": reverse("wagtailadmin_explore", args=[parent.pk]), "id": [page.pk for page in pages]}, doseq=True
    )
    return reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + "?" + query


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def attempt(quiz, learner=None):
    """A learner enrols in the quiz's course and submits an attempt."""
    learner = learner or UserFactory()
    enrol_learner(quiz.course, learner)
    started, _created = start_attempt(learner, quiz)
    return submit_attempt(started)[0]


@pytest.fixture
def course(site_pages):
    return make_course(site_pages["courses"], lessons=1, title="การจัดการข้อมูลส่วนบุคคล")


@pytest.fixture
def attempted_quiz(course):
    quiz = make_quiz(course, title="แบบทดสอบก่อนเรียน")
    attempt(quiz)
    return quiz


class TestDeletingOneQuiz:
    def test_a_quiz_learners_attempted_cannot_be_deleted_and_nothing_is_lost(
        self, client, administrator, attempted_quiz
    ):
        client.force_login(administrator)

        response = client.post(delete_url(attempted_quiz))

        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_explore", args=[attempted_quiz.course.pk])
        assert QuizPage.objects.filter(pk=attempted_quiz.pk).exists()
        assert QuizAttempt.objects.filter(quiz=attempted_quiz).count() == 1
        assert QuizAnswer.objects.filter(attempt__quiz=attempted_quiz).count() == 5
        [message] = messages_of(response)
        assert message == (
            "“แบบทดสอบก่อนเรียน” cannot be deleted: learners have attempted it, and their results would be lost. "
            "Unpublish it instead."
        )

    def test_the_confirmation_page_is_not_offered_either(self, client, administrator, attempted_quiz):
        client.force_login(administrator)
        response = client.get(delete_url(attempted_quiz), follow=True)
        assert "learners have attempted it" in response.content.decode()
        assert QuizPage.objects.filter(pk=attempted_quiz.pk).exists()

    def test_a_quiz_nobody_attempted_can_be_deleted(self, client, administrator, course):
        quiz = make_quiz(course)
        client.force_login(administrator)

        client.post(delete_url(quiz))

        assert not QuizPage.objects.filter(pk=quiz.pk).exists()

    def test_an_attempt_still_open_counts_too(self, client, administrator, course):
        quiz = make_quiz(course)
        learner = UserFactory()
        enrol_learner(course, learner)
        start_attempt(learner, quiz)
        client.force_login(administrator)

        client.post(delete_url(quiz))

        assert QuizPage.objects.filter(pk=quiz.pk).exists()


class TestDeletingACourseWithAttemptedQuizzes:
    def test_a_course_whose_quiz_was_attempted_cannot_be_deleted(self, client, administrator, attempted_quiz):
        course = attempted_quiz.course
        client.force_login(administrator)

        response = client.post(delete_url(course))

        assert response.status_code == 302
        assert CoursePage.objects.filter(pk=course.pk).exists()
        assert QuizAttempt.objects.filter(quiz=attempted_quiz).count() == 1
        messages = messages_of(response)
        assert any("“การจัดการข้อมูลส่วนบุคคล” cannot be deleted: learners have enrolled" in m for m in messages)
        assert any("“แบบทดสอบก่อนเรียน” cannot be deleted: learners have attempted it" in m for m in messages)

    def test_an_attempt_whose_learner_no_longer_holds_a_place_still_keeps_the_course(
        self, client, administrator, attempted_quiz
    ):
        course = attempted_quiz.course
        course.enrolments.all().delete()
        client.force_login(administrator)

        client.post(delete_url(course))

        assert CoursePage.objects.filter(pk=course.pk).exists()
        assert QuizAttempt.objects.filter(course=course).count() == 1


class TestBulkDeleting:
    def test_bulk_deleting_an_attempted_quiz_with_a_lesson_deletes_neither(self, client, administrator, attempted_quiz):
        course = attempted_quiz.course
        lesson = course.syllabus_items()[0]
        client.force_login(administrator)

        response = client.post(bulk_delete_url([lesson, attempted_quiz], course))

        assert response.status_code == 302
        assert LessonPage.objects.filter(pk=lesson.pk).exists()
        assert QuizPage.objects.filter(pk=attempted_quiz.pk).exists()
        assert QuizAttempt.objects.filter(quiz=attempted_quiz).count() == 1
        assert any("learners have attempted it" in message for message in messages_of(response))

    def test_bulk_deleting_a_course_whose_quiz_was_attempted_is_refused(
        self, client, administrator, site_pages, attempted_quiz
    ):
        untouched = make_course(site_pages["courses"], lessons=1)
        client.force_login(administrator)

        client.post(bulk_delete_url([untouched, attempted_quiz.course], site_pages["courses"]))

        assert CoursePage.objects.filter(pk__in=[untouched.pk, attempted_quiz.course.pk]).count() == 2
        assert QuizAttempt.objects.count() == 1

    def test_bulk_deleting_quizzes_nobody_attempted_goes_ahead(self, client, administrator, course):
        quizzes = [make_quiz(course), make_quiz(course)]
        client.force_login(administrator)

        response = client.post(bulk_delete_url(quizzes, course))

        assert response.status_code == 302
        assert not QuizPage.objects.filter(pk__in=[quiz.pk for quiz in quizzes]).exists()
