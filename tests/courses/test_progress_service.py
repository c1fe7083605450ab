"""The progress service: lessons started and completed, course progress and completion."""

import pytest

from courses.models import CompletionRule, Enrolment, EnrolmentStatus, LessonPage, LessonProgress
from courses.services.enrolment import enrol_learner, withdraw
from courses.services.progress import (
    ProgressError,
    complete_lesson,
    next_item_for,
    record_lesson_opened,
    required_items,
    update_progress,
)
from courses.signals import course_completed
from tests.factories import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def completions():
    """The enrolments ``course_completed`` announced, in order."""
    received = []

    def receiver(sender, enrolment, **kwargs):
        received.append(enrolment.pk)

    course_completed.connect(receiver, weak=False)
    yield received
    course_completed.disconnect(receiver)


def enrolled(index, user, **course_fields):
    course = make_course(index, **course_fields)
    enrolment, _changed = enrol_learner(course, user)
    return course, enrolment, course.syllabus_items()


class TestOpeningALesson:
    def test_opening_a_lesson_records_it_as_started_once_and_remembers_it(self, index, user):
        course, enrolment, lessons = enrolled(index, user)

        first = record_lesson_opened(user, lessons[1])
        again = record_lesson_opened(user, lessons[1])

        assert again.pk == first.pk
        assert again.started_at == first.started_at
        assert again.completed_at is None
        enrolment.refresh_from_db()
        assert enrolment.last_lesson_id == lessons[1].pk
        assert enrolment.progress == 0

    def test_opening_a_lesson_without_an_enrolment_is_refused(self, index, user):
        course = make_course(index)

        with pytest.raises(ProgressError) as caught:
            record_lesson_opened(user, course.syllabus_items()[0])

        assert caught.value.code == "not_enrolled"
        assert not LessonProgress.objects.exists()

    def test_completing_a_lesson_after_withdrawing_is_refused(self, index, user):
        course, _enrolment, lessons = enrolled(index, user)
        withdraw(course, user)

        with pytest.raises(ProgressError):
            complete_lesson(user, lessons[0])

        assert not LessonProgress.objects.exists()


class TestCompletingLessons:
    def test_completing_a_lesson_raises_the_course_progress(self, index, user):
        _course, _enrolment, lessons = enrolled(index, user, lessons=4)

        progress, enrolment = complete_lesson(user, lessons[0])

        assert progress.completed_at is not None
        assert enrolment.progress == pytest.approx(0.25)
        assert enrolment.status == EnrolmentStatus.ACTIVE
        assert Enrolment.objects.get(pk=enrolment.pk).progress == pytest.approx(0.25)

    def test_completing_a_lesson_twice_keeps_its_first_completion_time(self, index, user):
        _course, _enrolment, lessons = enrolled(index, user, lessons=4)
        first, _enrolment = complete_lesson(user, lessons[0])

        again, enrolment = complete_lesson(user, lessons[0])

        assert again.completed_at == first.completed_at
        assert enrolment.progress == pytest.approx(0.25)
        assert LessonProgress.objects.count() == 1

    def test_completing_a_lesson_that_was_never_opened_also_starts_it(self, index, user):
        _course, _enrolment, lessons = enrolled(index, user)

        progress, _enrolment = complete_lesson(user, lessons[2])

        assert progress.started_at is not None
        assert progress.completed_at is not None


class TestCompletionRules:
    def test_under_the_all_items_rule_the_course_is_completed_with_the_last_lesson(
        self, index, user, django_capture_on_commit_callbacks
    ):
        _course, _enrolment, lessons = enrolled(index, user, lessons=3, completion_rule=CompletionRule.ALL_ITEMS)

        with django_capture_on_commit_callbacks(execute=True):
            for lesson in lessons[:2]:
                _progress, enrolment = complete_lesson(user, lesson)
            assert enrolment.completed_at is None
            _progress, enrolment = complete_lesson(user, lessons[2])

        assert enrolment.completed_at is not None
        assert enrolment.status == EnrolmentStatus.COMPLETED
        assert enrolment.progress == 1.0
        assert enrolment.percent == 100

    def test_under_the_percentage_rule_the_course_is_completed_once_the_share_is_reached(self, index, user):
        _course, _enrolment, lessons = enrolled(
            index, user, lessons=4, completion_rule=CompletionRule.PERCENTAGE, completion_percentage=50
        )

        _progress, enrolment = complete_lesson(user, lessons[0])
        assert enrolment.completed_at is None
        _progress, enrolment = complete_lesson(user, lessons[3])

        assert enrolment.completed_at is not None
        assert enrolment.status == EnrolmentStatus.COMPLETED
        assert enrolment.progress == pytest.approx(0.5)

    def test_under_the_percentage_rule_a_share_just_below_the_mark_is_not_enough(self, index, user):
        _course, _enrolment, lessons = enrolled(
            index, user, lessons=3, completion_rule=CompletionRule.PERCENTAGE, completion_percentage=70
        )

        complete_lesson(user, lessons[0])
        _progress, enrolment = complete_lesson(user, lessons[1])  # 66.7 %

        assert enrolment.completed_at is None

    def test_a_course_without_lessons_is_never_completed(self, index, user):
        _course, enrolment, _lessons = enrolled(index, user, lessons=0)

        enrolment = update_progress(enrolment)

        assert enrolment.completed_at is None
        assert enrolment.progress == 0


class TestCourseCompletedSignal:
    def test_course_completed_is_announced_exactly_once(
        self, index, user, completions, django_capture_on_commit_callbacks
    ):
        course, enrolment, lessons = enrolled(index, user, lessons=2)

        with django_capture_on_commit_callbacks(execute=True):
            for lesson in lessons:
                complete_lesson(user, lesson)
            complete_lesson(user, lessons[0])
            update_progress(enrolment)
        enrol_learner(course, user)

        assert completions == [enrolment.pk]

    def test_course_completed_waits_for_the_commit(self, index, user, completions, django_capture_on_commit_callbacks):
        _course, _enrolment, lessons = enrolled(index, user, lessons=1)

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            complete_lesson(user, lessons[0])

        assert completions == []
        assert len(callbacks) == 1

    def test_the_completion_time_is_set_once_and_never_moved(self, index, user):
        _course, enrolment, lessons = enrolled(index, user, lessons=1)
        _progress, completed = complete_lesson(user, lessons[0])

        later = update_progress(enrolment)

        assert later.completed_at == completed.completed_at


class TestWhatCounts:
    def test_unpublished_lessons_are_not_counted(self, index, user):
        course = make_course(index, lessons=3)
        draft = course.syllabus_items()[2]
        draft.unpublish()
        enrol_learner(course, user)
        lessons = course.syllabus_items()

        assert [lesson.pk for lesson in required_items(course)] == [lesson.pk for lesson in lessons]
        assert draft.pk not in [lesson.pk for lesson in lessons]
        _progress, enrolment = complete_lesson(user, lessons[0])
        assert enrolment.progress == pytest.approx(0.5)
        _progress, enrolment = complete_lesson(user, lessons[1])
        assert enrolment.completed_at is not None

    def test_progress_stays_between_zero_and_one_when_lessons_are_unpublished(self, index, user):
        _course, enrolment, lessons = enrolled(index, user, lessons=3)
        complete_lesson(user, lessons[0])
        complete_lesson(user, lessons[1])
        # The completed lessons stop counting when unpublished: progress is over what is live.
        LessonPage.objects.get(pk=lessons[0].pk).unpublish()
        LessonPage.objects.get(pk=lessons[1].pk).unpublish()

        enrolment = update_progress(enrolment)

        assert 0 <= enrolment.progress <= 1
        assert enrolment.progress == 0
        assert enrolment.completed_at is None

    def test_progress_never_exceeds_one(self, index, user):
        course, enrolment, lessons = enrolled(index, user, lessons=2)
        for lesson in lessons:
            complete_lesson(user, lesson)
        lessons[1].unpublish()

        enrolment = update_progress(enrolment)

        assert enrolment.progress == 1.0


class TestContinue:
    def test_continue_leads_to_the_lesson_after_the_last_one_completed(self, index, user):
        _course, _enrolment, lessons = enrolled(index, user, lessons=4)
        complete_lesson(user, lessons[0])
        _progress, enrolment = complete_lesson(user, lessons[1])

        assert next_item_for(enrolment).pk == lessons[2].pk

    def test_continue_leads_back_to_a_lesson_opened_but_not_completed(self, index, user):
        _course, enrolment, lessons = enrolled(index, user, lessons=4)
        record_lesson_opened(user, lessons[2])
        enrolment.refresh_from_db()

        assert next_item_for(enrolment).pk == lessons[2].pk

    def test_continue_goes_back_to_a_lesson_skipped_earlier(self, index, user):
        _course, _enrolment, lessons = enrolled(index, user, lessons=3)
        complete_lesson(user, lessons[1])
        _progress, enrolment = complete_lesson(user, lessons[2])

        assert next_item_for(enrolment).pk == lessons[0].pk

    def test_continue_on_a_new_enrolment_leads_to_the_first_lesson(self, index, user):
        _course, enrolment, lessons = enrolled(index, user, lessons=3)

        assert next_item_for(enrolment).pk == lessons[0].pk
