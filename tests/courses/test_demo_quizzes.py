"""The demo courses' quizzes ``manage.py load_demo`` builds, and the demo learner's attempts at one of them."""

import re
from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from wagtail.models import Revision

from courses.demo_quizzes import QUIZZES
from courses.models import (
    CoursePage,
    Enrolment,
    EnrolmentStatus,
    FeedbackMode,
    LessonPage,
    LessonProgress,
    QuizAnswer,
    QuizAttempt,
    QuizPage,
)
from courses.services.grading import grade, snapshot_question
from courses.services.progress import next_item_for
from courses.services.quizzes import field_name, quiz_state, start_attempt, submit_attempt
from tests.courses.test_demo_courses import LEARNER, load_demo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built_demo(django_db_setup, django_db_blocker):
    """The demo built once for this module's tests, and rolled back after them.

    As ``test_demo_courses.built_demo`` but for the whole module: each test runs in its own
    savepoint, so one that changes the demo leaves it as built for the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


THAI = re.compile("[\u0e00-\u0e7f]")
KINDS = {"single_choice", "multiple_choice", "true_false", "short_text", "numeric"}


def demo_quizzes():
    """Each demo course with its quiz, in the catalogue's order."""
    courses = CoursePage.objects.filter(slug__in=QUIZZES).order_by("path")
    return [(course, QuizPage.objects.child_of(course).get()) for course in courses]


def right_answers(attempt):
    """The form that answers every question of ``attempt`` correctly, from the answer key it keeps."""
    data = QueryDict(mutable=True)
    for answer in attempt.answers.all():
        key = answer.key
        if answer.is_choice:
            values = key["correct"]
        elif answer.kind == "short_text":
            values = key["accepted"][:1]
        else:
            values = [key["answer"]]
        for value in values:
            data.appendlist(field_name(answer), value)
    return data


def demo_learner():
    from lms.models import User

    return User.objects.get(email=LEARNER)


@pytest.mark.usefixtures("built_demo")
class TestTheDemoQuizzes:
    def test_every_demo_course_ends_with_exactly_one_live_quiz_of_eight_to_fifteen_questions(self):
        quizzes = demo_quizzes()
        assert len(quizzes) == len(QUIZZES) >= 6
        for course, quiz in quizzes:
            items = course.syllabus_items()
            assert isinstance(items[-1], QuizPage) and items[-1].pk == quiz.pk, course.slug
            assert all(isinstance(item, LessonPage) for item in items[:-1])
            assert quiz.live and not quiz.has_unpublished_changes
            assert 8 <= quiz.question_count <= 15, course.slug

    def test_each_quiz_mixes_at_least_four_types_and_the_demo_shows_every_type_and_partial_credit(self):
        used = Counter()
        for course, quiz in demo_quizzes():
            kinds = {block.block_type for block in quiz.questions}
            assert len(kinds) >= 4, course.slug
            used.update(kinds)
        assert set(used) == KINDS
        blocks = [block for _course, quiz in demo_quizzes() for block in quiz.questions]
        assert any(b.block_type == "multiple_choice" and b.value["scoring"] == "partial" for b in blocks)
        assert any(b.block_type == "multiple_choice" and b.value["scoring"] == "all_or_nothing" for b in blocks)
        short_texts = [b for b in blocks if b.block_type == "short_text"]
        assert all(len(b.value["accepted_answers"]) >= 2 for b in short_texts)
        numbers = [b for b in blocks if b.block_type == "numeric"]
        assert all(b.value["unit"] for b in numbers)
        assert any(b.value["tolerance"] > 0 for b in numbers)

    def test_every_question_passes_its_blocks_validation_and_explains_its_answer(self):
        for course, quiz in demo_quizzes():
            QuizPage.questions.field.stream_block.clean(quiz.questions)
            quiz.full_clean()
            for block in quiz.questions:
                assert re.sub("<[^>]+>", "", block.value["explanation"].source).strip(), (course.slug, block.id)

    def test_the_titles_instructions_and_questions_are_in_thai(self):
        for course, quiz in demo_quizzes():
            assert THAI.search(quiz.title) and THAI.search(quiz.instructions), course.slug
            for block in quiz.questions:
                assert THAI.search(block.value["prompt"].source), (course.slug, block.value["prompt"].source)

    def test_the_rules_differ_from_course_to_course(self):
        quizzes = {course.slug: quiz for course, quiz in demo_quizzes()}
        assert all(60 <= quiz.pass_mark <= 80 for quiz in quizzes.values())
        assert [slug for slug, quiz in quizzes.items() if quiz.time_limit_minutes] == ["open-government-data"]
        assert quizzes["open-government-data"].time_limit_minutes == 20
        drawn = [(slug, quiz) for slug, quiz in quizzes.items() if quiz.questions_to_draw]
        assert [slug for slug, _quiz in drawn] == ["data-driven-policy"]
        assert drawn[0][1].questions_per_attempt == 10 < drawn[0][1].question_count
        limited = [slug for slug, quiz in quizzes.items() if quiz.max_attempts]
        assert limited == ["cyber-threat-response"]
        assert quizzes["cyber-threat-response"].max_attempts == 3
        assert quizzes["cyber-threat-response"].feedback_mode == FeedbackMode.AFTER_LAST
        assert quizzes["digital-government-basics"].feedback_mode == FeedbackMode.AFTER_PASSING
        assert sum(quiz.shuffle_choices for quiz in quizzes.values()) > len(quizzes) / 2
        assert [slug for slug, quiz in quizzes.items() if not quiz.required_for_completion] == ["pdpa-for-officials"]

    def test_the_right_answers_to_every_question_of_every_quiz_score_one_hundred_percent(self):
        for course, quiz in demo_quizzes():
            learner = UserFactory()
            Enrolment.objects.create(user=learner, course=course)
            quiz.questions_to_draw = 0  # this attempt asks the whole pool, not a draw from it
            attempt, _created = start_attempt(learner, quiz)
            assert attempt.answers.count() == quiz.question_count
            attempt, _changed = submit_attempt(attempt, right_answers(attempt))
            assert attempt.percentage == 100, course.slug
            assert attempt.passed

    def test_every_accepted_spelling_and_a_number_at_the_edge_of_the_tolerance_is_marked_right(self):
        checked = Counter()
        for _course, quiz in demo_quizzes():
            for block in quiz.questions:
                snapshot = snapshot_question(block)
                if block.block_type == "short_text":
                    responses = [f"  {text.upper()} " for text in snapshot["key"]["accepted"]]
                elif block.block_type == "numeric":
                    answer, tolerance = Decimal(snapshot["key"]["answer"]), Decimal(snapshot["key"]["tolerance"])
                    responses = [str(answer - tolerance), str(answer + tolerance)]
                    wrong = QuizAnswer(**snapshot, response=str(answer + tolerance + Decimal("0.01")))
                    assert grade(wrong) == (Decimal("0.00"), False)
                else:
                    continue
                for response in responses:
                    assert grade(QuizAnswer(**snapshot, response=response))[1], (block.value["prompt"].source, response)
                    checked[block.block_type] += 1
        assert checked["short_text"] >= 20 and checked["numeric"] >= 20

    def test_an_enrolled_learner_sees_the_quiz_page_and_a_visitor_the_locked_page(self, client):
        _course, quiz = demo_quizzes()[0]
        assert client.get(quiz.url).status_code == 403
        client.force_login(demo_learner())
        assert client.get(quiz.url).status_code == 200


@pytest.mark.usefixtures("built_demo")
class TestTheDemoLearnersAttempts:
    def test_the_learner_failed_then_passed_the_quiz_of_the_course_they_completed(self):
        learner = demo_learner()
        quiz = QuizPage.objects.get(slug="final-quiz", url_path__contains="/digital-government-basics/")
        failed, passed = QuizAttempt.objects.filter(user=learner, quiz=quiz).order_by("number")
        assert (failed.number, failed.passed, passed.number, passed.passed) == (1, False, 2, True)
        assert failed.percentage < quiz.pass_mark <= passed.percentage < 100
        # Some answers right, some wrong, and the partial credit of a multiple-choice question shows.
        assert {answer.is_correct for answer in failed.answers.all()} == {True, False}
        assert failed.answers.filter(is_correct=False, score__gt=0).exists()
        last_lesson = LessonProgress.objects.filter(user=learner, course=quiz.course).latest("completed_at")
        assert last_lesson.completed_at < failed.started_at < failed.submitted_at < passed.started_at
        assert passed.submitted_at < timezone.now()

    def test_the_completed_course_was_completed_by_passing_its_quiz(self):
        learner = demo_learner()
        enrolment = Enrolment.objects.get(user=learner, course__slug="digital-government-basics")
        passed = QuizAttempt.objects.get(user=learner, course=enrolment.course, passed=True)
        assert enrolment.status == EnrolmentStatus.COMPLETED and enrolment.progress == 1.0
        assert enrolment.completed_at == passed.submitted_at
        assert enrolment.hours_credited == enrolment.course.training_hours
        # "Only after passing": the learner passed, so their feedback is open.
        assert quiz_state(learner, passed.quiz, enrolment).feedback_open

    def test_the_learner_has_no_other_attempts_and_the_half_done_course_continues_at_its_fourth_lesson(self):
        learner = demo_learner()
        assert set(QuizAttempt.objects.filter(user=learner).values_list("course__slug", flat=True)) == {
            "digital-government-basics"
        }
        half = Enrolment.objects.get(user=learner, course__slug="pdpa-for-officials")
        items = half.course.syllabus_items()
        assert half.status == EnrolmentStatus.ACTIVE and half.percent == 50
        assert next_item_for(half).pk == items[3].pk and isinstance(items[3], LessonPage)


def quiz_counts():
    models = (QuizPage, QuizAttempt, QuizAnswer, Revision, Enrolment)
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.usefixtures("built_demo")
class TestLoadingTheQuizzesTwice:
    """Each test changes the demo built once for the class (rolled back after it) and loads the demo again."""

    def test_the_second_run_adds_no_quiz_attempt_answer_or_revision(self):
        before = quiz_counts()
        revisions = set(Revision.objects.values_list("pk", flat=True))
        output = load_demo()
        assert quiz_counts() == before
        assert set(Revision.objects.values_list("pk", flat=True)) == revisions
        assert "nothing changed" in output

    def test_a_quiz_an_editor_changed_is_left_as_it_is(self):
        quiz = QuizPage.objects.get(url_path__contains="/cyber-threat-response/")
        quiz.title = "แบบทดสอบฉบับปรับปรุงโดยผู้สอน"
        quiz.pass_mark = 90
        quiz.save_revision().publish()
        load_demo()
        quiz.refresh_from_db()
        assert (quiz.title, quiz.pass_mark) == ("แบบทดสอบฉบับปรับปรุงโดยผู้สอน", 90)
        assert QuizPage.objects.filter(url_path__contains="/cyber-threat-response/").count() == 1

    def test_a_site_loaded_before_quizzes_gets_them_and_the_learners_attempts_and_keeps_the_completion(self):
        learner = demo_learner()
        completed = Enrolment.objects.get(user=learner, course__slug="digital-government-basics")
        for quiz in QuizPage.objects.all():
            quiz.delete()  # as the demo was before quizzes: the learner's course completed by its lessons
        assert not QuizAttempt.objects.exists()
        load_demo()
        assert len(demo_quizzes()) == len(QUIZZES)
        attempts = QuizAttempt.objects.filter(user=learner).order_by("number")
        assert [attempt.passed for attempt in attempts] == [False, True]
        enrolment = Enrolment.objects.get(pk=completed.pk)
        assert enrolment.status == EnrolmentStatus.COMPLETED and enrolment.progress == 1.0
        assert enrolment.completed_at == completed.completed_at
        assert Enrolment.objects.get(user=learner, course__slug="pdpa-for-officials").percent == 50

    def test_a_learner_with_an_attempt_already_gets_no_more(self):
        learner = demo_learner()
        QuizAttempt.objects.filter(user=learner, passed=True).delete()
        load_demo()
        assert [attempt.passed for attempt in QuizAttempt.objects.filter(user=learner)] == [False]
