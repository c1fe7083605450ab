"""The learners' POST actions: enrol, withdraw and complete a lesson."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.models import Audience, Enrolment, EnrolmentStatus, LessonProgress
from courses.services.enrolment import enrol_learner, withdraw
from courses.services.progress import complete_lesson
from courses.signals import course_completed
from tests.factories import UserFactory, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def completions():
    """The enrolments ``course_completed`` announced, in order."""
    received = []

    def receiver(sender, enrolment, **kwargs):
        received.append(enrolment.pk)

    course_completed.connect(receiver, weak=False)
    yield received
    course_completed.disconnect(receiver)


def enrol_url(course):
    return reverse("courses:enrol", args=[course.pk])


def withdraw_url(course):
    return reverse("courses:withdraw", args=[course.pk])


def complete_url(lesson_id):
    return reverse("courses:complete-lesson", args=[lesson_id])


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


class TestEnrolling:
    def test_enrolling_creates_one_enrolment_and_leads_to_the_first_lesson(self, learner_client, index, learner):
        course = make_course(index)

        response = learner_client.post(enrol_url(course))

        enrolment = Enrolment.objects.get(user=learner, course=course)
        assert enrolment.status == EnrolmentStatus.ACTIVE
        assert enrolment.source == "self"
        assert response.status_code == 302
        assert response["Location"] == course.syllabus_items()[0].url
        assert any("You are enrolled" in text for text in message_texts(response))

    def test_a_repeated_enrol_post_creates_no_second_enrolment(self, learner_client, index, learner):
        course = make_course(index)
        learner_client.post(enrol_url(course))

        response = learner_client.post(enrol_url(course))

        assert Enrolment.objects.filter(user=learner, course=course).count() == 1
        assert response["Location"] == course.url

    def test_enrolling_in_a_course_without_lessons_goes_back_to_the_course(self, learner_client, index):
        course = make_course(index, lessons=0)

        response = learner_client.post(enrol_url(course))

        assert response["Location"] == course.url

    def test_get_on_the_enrol_url_is_not_allowed(self, learner_client, index):
        course = make_course(index)

        assert learner_client.get(enrol_url(course)).status_code == 405
        assert not Enrolment.objects.exists()

    def test_an_enrol_post_without_the_csrf_token_is_refused(self, index, learner):
        course = make_course(index)
        client = Client(enforce_csrf_checks=True)
        client.force_login(learner)

        response = client.post(enrol_url(course))

        assert response.status_code == 403
        assert not Enrolment.objects.exists()

    def test_a_guest_posting_is_sent_to_log_in_and_back_to_the_course(self, client, index):
        course = make_course(index)

        response = client.post(enrol_url(course))

        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account:login')}?next={course.url}"
        assert not Enrolment.objects.exists()

    def test_enrolling_in_an_unpublished_course_is_not_found_and_creates_no_row(self, learner_client, index):
        course = make_course(index, publish=False)

        assert learner_client.post(enrol_url(course)).status_code == 404
        assert not Enrolment.objects.exists()

    def test_an_id_that_is_not_a_course_is_not_found(self, learner_client, index):
        assert learner_client.post(reverse("courses:enrol", args=[index.pk])).status_code == 404
        assert learner_client.post(reverse("courses:enrol", args=[999999])).status_code == 404

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            (
                {
                    "enrolment_closes_at": timezone.now() - datetime.timedelta(days=1),
                    "enrolment_opens_at": timezone.now() - datetime.timedelta(days=30),
                },
                "Enrolment closed on",
            ),
            ({"enrolment_opens_at": timezone.now() + datetime.timedelta(days=3)}, "Enrolment opens on"),
            ({"audience": Audience.STAFF}, "This course is for civil servants"),
        ],
        ids=["closed", "not yet open", "restricted"],
    )
    def test_a_refused_enrolment_shows_the_reason_and_creates_no_row(
        self, learner_client, index, learner, fields, expected
    ):
        course = make_course(index, **fields)

        response = learner_client.post(enrol_url(course), follow=True)

        assert response.redirect_chain[0][0] == course.url
        assert not Enrolment.objects.filter(user=learner).exists()
        assert expected in response.content.decode()

    def test_enrolling_in_a_full_course_is_refused(self, learner_client, index, learner):
        course = make_course(index, capacity=1)
        enrol_learner(course, UserFactory())

        response = learner_client.post(enrol_url(course), follow=True)

        assert "This course is full" in response.content.decode()
        assert not Enrolment.objects.filter(user=learner).exists()
        assert Enrolment.objects.filter(course=course).count() == 1

    def test_enrolling_again_after_withdrawing_restores_the_progress(self, learner_client, index, learner):
        course = make_course(index, lessons=2)
        lessons = course.syllabus_items()
        enrol_learner(course, learner)
        complete_lesson(learner, lessons[0])
        withdraw(course, learner)

        response = learner_client.post(enrol_url(course))

        enrolment = Enrolment.objects.get(user=learner, course=course)
        assert enrolment.status == EnrolmentStatus.ACTIVE
        assert enrolment.progress == 0.5
        assert response["Location"] == lessons[1].url


class TestWithdrawing:
    def test_withdrawing_keeps_the_progress(self, learner_client, index, learner):
        course = make_course(index, lessons=2)
        enrol_learner(course, learner)
        complete_lesson(learner, course.syllabus_items()[0])

        response = learner_client.post(withdraw_url(course))

        enrolment = Enrolment.objects.get(user=learner, course=course)
        assert response["Location"] == course.url
        assert enrolment.status == EnrolmentStatus.WITHDRAWN
        assert enrolment.progress == 0.5
        assert LessonProgress.objects.filter(user=learner, completed_at__isnull=False).count() == 1

    def test_withdrawing_without_an_enrolment_says_so(self, learner_client, index):
        course = make_course(index)

        response = learner_client.post(withdraw_url(course))

        assert "You are not enrolled in this course." in message_texts(response)

    def test_get_on_the_withdraw_url_is_not_allowed(self, learner_client, index, learner):
        course = make_course(index)
        enrol_learner(course, learner)

        assert learner_client.get(withdraw_url(course)).status_code == 405
        assert Enrolment.objects.get(user=learner).status == EnrolmentStatus.ACTIVE


class TestCompletingALesson:
    def test_completing_a_lesson_marks_it_updates_progress_and_leads_to_the_next(self, learner_client, index, learner):
        course = make_course(index, lessons=4)
        lessons = course.syllabus_items()
        enrol_learner(course, learner)

        response = learner_client.post(complete_url(lessons[0].pk))

        assert response["Location"] == lessons[1].url
        progress = LessonProgress.objects.get(user=learner, lesson=lessons[0])
        assert progress.completed_at is not None
        assert Enrolment.objects.get(user=learner).progress == 0.25
        assert any("25%" in text for text in message_texts(response))

    def test_completing_the_last_lesson_leads_back_to_the_course(self, learner_client, index, learner):
        course = make_course(index, lessons=2)
        lessons = course.syllabus_items()
        enrol_learner(course, learner)

        response = learner_client.post(complete_url(lessons[1].pk))

        assert response["Location"] == course.url

    def test_a_script_gets_json_with_the_progress(self, learner_client, index, learner):
        course = make_course(index, lessons=4)
        enrol_learner(course, learner)

        response = learner_client.post(
            complete_url(course.syllabus_items()[2].pk), headers={"accept": "application/json"}
        )

        assert response.status_code == 200
        assert response.json() == {"completed": True, "progress": 25, "course_completed": False}

    def test_completing_every_lesson_completes_the_course_once(
        self, learner_client, index, learner, completions, django_capture_on_commit_callbacks
    ):
        course = make_course(index, lessons=2)
        first, last = course.syllabus_items()
        enrol_learner(course, learner)
        answers = []

        with django_capture_on_commit_callbacks(execute=True):
            for lesson in (first, last, last, first):
                response = learner_client.post(complete_url(lesson.pk), headers={"accept": "application/json"})
                answers.append(response.json())

        assert [answer["course_completed"] for answer in answers] == [False, True, False, False]
        assert [answer["progress"] for answer in answers] == [50, 100, 100, 100]
        enrolment = Enrolment.objects.get(user=learner)
        assert enrolment.status == EnrolmentStatus.COMPLETED
        assert completions == [enrolment.pk]

    def test_completing_the_course_says_so_and_goes_back_to_the_course(self, learner_client, index, learner):
        course = make_course(index, lessons=1)
        enrol_learner(course, learner)

        response = learner_client.post(complete_url(course.syllabus_items()[0].pk))

        assert response["Location"] == course.url
        assert any("you have completed" in text for text in message_texts(response))

    def test_a_lesson_of_a_course_the_learner_is_not_enrolled_in_is_not_found(self, learner_client, index, learner):
        mine = make_course(index)
        other = make_course(index)
        enrol_learner(mine, learner)

        response = learner_client.post(complete_url(other.syllabus_items()[0].pk))

        assert response.status_code == 404
        assert not LessonProgress.objects.exists()

    def test_an_unknown_lesson_id_is_not_found(self, learner_client, index, learner):
        course = make_course(index)
        enrol_learner(course, learner)

        assert learner_client.post(complete_url(999999)).status_code == 404
        assert learner_client.post(complete_url(course.pk)).status_code == 404
        assert not LessonProgress.objects.exists()

    def test_a_learner_who_withdrew_cannot_complete_a_lesson(self, learner_client, index, learner):
        course = make_course(index)
        enrol_learner(course, learner)
        withdraw(course, learner)

        assert learner_client.post(complete_url(course.syllabus_items()[0].pk)).status_code == 404
        assert not LessonProgress.objects.exists()

    def test_an_unpublished_lesson_cannot_be_completed(self, learner_client, index, learner):
        course = make_course(index)
        enrol_learner(course, learner)
        lesson = course.syllabus_items()[0]
        lesson.unpublish()

        assert learner_client.post(complete_url(lesson.pk)).status_code == 404
        assert not LessonProgress.objects.exists()

    def test_a_guest_posting_is_sent_to_log_in(self, client, index):
        lesson = make_course(index).syllabus_items()[0]

        response = client.post(complete_url(lesson.pk))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account:login"))
        assert not LessonProgress.objects.exists()

    def test_get_on_the_complete_url_is_not_allowed(self, learner_client, index, learner):
        course = make_course(index)
        enrol_learner(course, learner)

        assert learner_client.get(complete_url(course.syllabus_items()[0].pk)).status_code == 405
        assert not LessonProgress.objects.exists()
