"""Learners' progress follows the syllabus: lessons published, unpublished or deleted after they started."""

from decimal import Decimal

import pytest

from courses.models import CourseInstructor, Enrolment, EnrolmentStatus, LessonPage
from courses.services.enrolment import enrol_learner, withdraw
from courses.services.progress import complete_lesson
from courses.signals import course_completed
from lms import roles
from tests.factories import UserFactory, make_course, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(site_pages):
    return make_course(site_pages["courses"], lessons=3, training_hours=Decimal("6"))


def enrolment_of(user, course):
    return Enrolment.objects.get(user=user, course=course)


class TestLessonsChangingUnderALearner:
    def test_unpublishing_the_only_lesson_left_completes_the_course_once(
        self, course, django_capture_on_commit_callbacks
    ):
        learner = UserFactory()
        enrol_learner(course, learner)
        first, second, third = course.syllabus_items()
        complete_lesson(learner, first)
        complete_lesson(learner, second)
        completions = []
        course_completed.connect(lambda enrolment, **kwargs: completions.append(enrolment.pk), weak=False)
        try:
            with django_capture_on_commit_callbacks(execute=True):
                third.unpublish()
        finally:
            course_completed.receivers.clear()

        enrolment = enrolment_of(learner, course)
        assert enrolment.status == EnrolmentStatus.COMPLETED
        assert enrolment.progress == 1.0
        assert completions == [enrolment.pk]

    def test_a_new_lesson_lowers_the_share_done(self, course, django_capture_on_commit_callbacks):
        learner = UserFactory()
        enrol_learner(course, learner)
        first, _second, _third = course.syllabus_items()
        complete_lesson(learner, first)
        lesson = LessonPage(title="บทเพิ่มเติม", slug="extra", estimated_minutes=10)
        course.add_child(instance=lesson)

        with django_capture_on_commit_callbacks(execute=True):
            lesson.save_revision().publish()

        assert enrolment_of(learner, course).progress == pytest.approx(0.25)

    def test_deleting_a_lesson_raises_the_share_done(self, course, django_capture_on_commit_callbacks):
        learner = UserFactory()
        enrol_learner(course, learner)
        first, _second, third = course.syllabus_items()
        complete_lesson(learner, first)

        with django_capture_on_commit_callbacks(execute=True):
            LessonPage.objects.get(pk=third.pk).delete()

        assert enrolment_of(learner, course).progress == pytest.approx(0.5)

    def test_enrolling_again_counts_lessons_published_while_the_learner_was_away(
        self, course, django_capture_on_commit_callbacks
    ):
        learner = UserFactory()
        enrol_learner(course, learner)
        first, second, third = course.syllabus_items()
        complete_lesson(learner, first)
        complete_lesson(learner, second)
        withdraw(course, learner)
        third.unpublish()

        enrolment, _changed = enrol_learner(course, learner)

        assert enrolment.status == EnrolmentStatus.COMPLETED
        assert enrolment.progress == 1.0


class TestCreditedHours:
    def test_the_hours_are_kept_as_they_were_when_the_course_was_completed(self, course):
        learner = UserFactory()
        enrol_learner(course, learner)
        for lesson in course.syllabus_items():
            complete_lesson(learner, lesson)
        course.training_hours = Decimal("12")
        course.save_revision().publish()

        enrolment = enrolment_of(learner, course)
        assert enrolment.hours_credited == Decimal("6")
        assert enrolment.credited_hours == Decimal("6")


class TestInstructorAccounts:
    def test_only_instructors_accounts_may_be_chosen_as_a_courses_instructor(self, course):
        instructor = member_of(roles.INSTRUCTORS)
        learner = UserFactory()

        field = CourseInstructor._meta.get_field("user")
        choices = field.related_model.objects.complex_filter(field.get_limit_choices_to())

        assert instructor in choices
        assert learner not in choices
