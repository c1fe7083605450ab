"""The quiz service: starting, saving, submitting, grading, deadlines, limits and course progress."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils import timezone, translation

from courses.models import AttemptEnd, CompletionRule, Enrolment, EnrolmentStatus, QuizAnswer, QuizAttempt
from courses.services.enrolment import enrol_learner, withdraw
from courses.services.progress import complete_lesson
from courses.services.quizzes import (
    AnswerErrors,
    QuizError,
    close_expired_attempts,
    field_name,
    quiz_state,
    save_answers,
    start_attempt,
    submit_attempt,
)
from tests.factories import UserFactory, make_course, make_quiz, question

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The messages checked below are the English ones, whatever the site's default language."""
    with translation.override("en"):
        yield


def form(pairs):
    """A QueryDict as a browser would post it, from ``[(field, value), ...]``."""
    data = QueryDict(mutable=True)
    for name, value in pairs:
        data.appendlist(name, value)
    return data


def right_answers(attempt):
    """The form that answers every question of ``attempt`` correctly."""
    pairs = []
    for answer in attempt.answers.all():
        key = answer.key
        if answer.kind in ("single_choice", "multiple_choice", "true_false"):
            pairs += [(field_name(answer), choice) for choice in key["correct"]]
        elif answer.kind == "short_text":
            pairs.append((field_name(answer), key["accepted"][0]))
        else:
            pairs.append((field_name(answer), key["answer"]))
    return form(pairs)


def wrong_choice(answer):
    return next(choice["id"] for choice in answer.choices if choice["id"] not in answer.key["correct"])


@pytest.fixture
def course(index):
    return make_course(index, lessons=1)


@pytest.fixture
def enrolled(course, learner):
    enrol_learner(course, learner)
    return learner


class TestStartingAnAttempt:
    def test_starting_fixes_the_questions_their_order_and_the_deadline(self, course, enrolled):
        quiz = make_quiz(course, time_limit_minutes=20)
        now = timezone.now()
        attempt, created = start_attempt(enrolled, quiz, now=now)
        assert created
        assert attempt.number == 1
        assert attempt.deadline == now + timedelta(minutes=20)
        answers = list(attempt.answers.order_by("position"))
        assert [answer.kind for answer in answers] == [
            "single_choice",
            "multiple_choice",
            "true_false",
            "short_text",
            "numeric",
        ]
        assert attempt.max_score == Decimal("5")

    def test_a_second_start_resumes_the_open_attempt(self, course, enrolled):
        quiz = make_quiz(course)
        first, _ = start_attempt(enrolled, quiz)
        again, created = start_attempt(enrolled, quiz)
        assert not created
        assert again.pk == first.pk
        assert QuizAttempt.objects.count() == 1

    def test_drawing_takes_n_questions_from_the_pool(self, course, enrolled):
        pool = [question("true_false", f"ข้อ {n}", answer="true") for n in range(10)]
        quiz = make_quiz(course, questions=pool, questions_to_draw=4, shuffle_questions=True)
        attempt, _ = start_attempt(enrolled, quiz, rng=random.Random(7))
        prompts = [answer.prompt for answer in attempt.answers.all()]
        assert len(prompts) == 4
        assert len(set(prompts)) == 4
        assert attempt.max_score == 4

    def test_shuffled_choices_keep_their_ids(self, course, enrolled):
        choices = [(f"ตัวเลือก {n}", n == 0) for n in range(6)]
        quiz = make_quiz(course, questions=[question("single_choice", choices=choices)], shuffle_choices=True)
        orders = set()
        learners = [UserFactory() for _ in range(6)]
        for seed, person in enumerate(learners):
            enrol_learner(course, person)
            attempt, _ = start_attempt(person, quiz, rng=random.Random(seed))
            answer = attempt.answers.get()
            orders.add(tuple(choice["text"] for choice in answer.choices))
            assert {choice["id"] for choice in answer.choices} >= set(answer.key["correct"])
        assert len(orders) > 1

    def test_a_learner_not_enrolled_cannot_start(self, course, learner):
        quiz = make_quiz(course)
        with pytest.raises(QuizError) as error:
            start_attempt(learner, quiz)
        assert error.value.code == "not_enrolled"
        assert not QuizAttempt.objects.exists()

    def test_a_learner_who_withdrew_cannot_start(self, course, enrolled):
        quiz = make_quiz(course)
        withdraw(course, enrolled)
        with pytest.raises(QuizError):
            start_attempt(enrolled, quiz)

    def test_a_quiz_without_questions_cannot_be_started(self, course, enrolled):
        quiz = make_quiz(course, questions=[])
        with pytest.raises(QuizError) as error:
            start_attempt(enrolled, quiz)
        assert error.value.code == "no_questions"

    def test_the_attempt_limit_holds(self, course, enrolled):
        quiz = make_quiz(course, max_attempts=2)
        for _ in range(2):
            attempt, _ = start_attempt(enrolled, quiz)
            submit_attempt(attempt, form([]))
        with pytest.raises(QuizError) as error:
            start_attempt(enrolled, quiz)
        assert error.value.code == "no_attempts_left"
        assert QuizAttempt.objects.filter(user=enrolled).count() == 2
        assert quiz_state(enrolled, quiz, enrolment=True).attempts_left == 0


class TestSavingAnswers:
    def test_answers_are_saved_as_the_learner_goes(self, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        first = attempt.answers.get(position=1)
        save_answers(attempt, form([(field_name(first), first.key["correct"][0])]))
        first.refresh_from_db()
        assert first.response == first.key["correct"]
        assert first.answered_at is not None
        assert attempt.answers.filter(response__isnull=False).count() == 1

    def test_a_choice_of_another_question_is_refused_and_nothing_is_saved(self, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        single = attempt.answers.get(kind="single_choice")
        multiple = attempt.answers.get(kind="multiple_choice")
        data = form(
            [
                (field_name(multiple), multiple.key["correct"][0]),
                (field_name(single), multiple.choices[0]["id"]),
            ]
        )
        with pytest.raises(AnswerErrors) as error:
            save_answers(attempt, data)
        assert "not one of this question's choices" in error.value.errors[single.pk]
        assert not error.value.saved
        assert not attempt.answers.filter(response__isnull=False).exists()

    def test_an_answer_for_a_question_of_another_attempt_is_refused(self, course, enrolled):
        quiz = make_quiz(course)
        mine, _ = start_attempt(enrolled, quiz)
        other = UserFactory()
        enrol_learner(course, other)
        theirs, _ = start_attempt(other, quiz)
        their_answer = theirs.answers.get(kind="true_false")
        with pytest.raises(AnswerErrors) as error:
            save_answers(mine, form([(field_name(their_answer), "true")]))
        assert None in error.value.errors
        their_answer.refresh_from_db()
        assert their_answer.response is None

    def test_a_text_answer_of_100_kb_is_refused_and_the_other_answers_are_kept(self, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        text = attempt.answers.get(kind="short_text")
        true_false = attempt.answers.get(kind="true_false")
        save_answers(attempt, form([(field_name(text), "พุทธศักราช")]))
        with pytest.raises(AnswerErrors) as error:
            save_answers(attempt, form([(field_name(text), "ก" * 100_000), (field_name(true_false), "true")]))
        assert "500 characters or fewer" in error.value.errors[text.pk]
        assert error.value.saved
        text.refresh_from_db()
        true_false.refresh_from_db()
        assert text.response == "พุทธศักราช"
        assert true_false.response == ["true"]

    def test_a_submit_with_a_badly_typed_answer_is_not_graded(self, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        numeric = attempt.answers.get(kind="numeric")
        with pytest.raises(AnswerErrors):
            submit_attempt(attempt, form([(field_name(numeric), "1,2")]))
        attempt.refresh_from_db()
        assert attempt.is_open
        assert attempt.score is None

    def test_a_number_that_is_not_a_number_is_refused(self, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        numeric = attempt.answers.get(kind="numeric")
        with pytest.raises(AnswerErrors) as error:
            save_answers(attempt, form([(field_name(numeric), "two thousand")]))
        assert "Enter a number" in error.value.errors[numeric.pk]

    def test_two_choices_for_a_single_choice_question_are_refused(self, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        single = attempt.answers.get(kind="single_choice")
        pairs = [(field_name(single), choice["id"]) for choice in single.choices[:2]]
        with pytest.raises(AnswerErrors):
            save_answers(attempt, form(pairs))

    def test_answers_after_submission_are_refused(self, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        submit_attempt(attempt, form([]))
        single = attempt.answers.get(kind="single_choice")
        with pytest.raises(QuizError) as error:
            save_answers(attempt, form([(field_name(single), single.key["correct"][0])]))
        assert error.value.code == "submitted"
        single.refresh_from_db()
        assert single.response is None


class TestGrading:
    def test_all_right_answers_score_full_marks_and_pass(self, course, enrolled):
        quiz = make_quiz(course, pass_mark=80)
        attempt, _ = start_attempt(enrolled, quiz)
        graded, changed = submit_attempt(attempt, right_answers(attempt))
        assert changed
        assert graded.score == Decimal("5")
        assert graded.percentage == Decimal("100")
        assert graded.passed is True
        assert graded.ended_by == AttemptEnd.SUBMITTED
        assert set(attempt.answers.values_list("is_correct", flat=True)) == {True}

    def test_short_text_is_compared_after_normalisation_case_folding_and_trimming(self, course, enrolled):
        quiz = make_quiz(
            course,
            questions=[
                question("short_text", accepted=["Bangkok"]),
                # "é" typed as e + a combining accent: NFC makes it the same as the one code point.
                question("short_text", accepted=["Café"]),
            ],
        )
        attempt, _ = start_attempt(enrolled, quiz)
        first, second = attempt.answers.order_by("position")
        graded, _ = submit_attempt(
            attempt, form([(field_name(first), "  BANGKOK \n"), (field_name(second), "cafe\u0301")])
        )
        assert graded.score == 2

    def test_a_number_within_the_tolerance_is_right(self, course, enrolled):
        quiz = make_quiz(
            course,
            questions=[
                question("numeric", answer="3.14", tolerance="0.01"),
                question("numeric", answer="1250"),
                question("numeric", answer="10", tolerance="0.5"),
            ],
        )
        attempt, _ = start_attempt(enrolled, quiz)
        first, second, third = attempt.answers.order_by("position")
        graded, _ = submit_attempt(
            attempt,
            form([(field_name(first), "3.149"), (field_name(second), "๑,๒๕๐"), (field_name(third), "10.6")]),
        )
        assert [answer.is_correct for answer in attempt.answers.order_by("position")] == [True, True, False]
        assert graded.score == 2

    def test_partial_credit_subtracts_wrong_choices_and_never_goes_below_zero(self, course, enrolled):
        choices = [("ก", True), ("ข", True), ("ค", False), ("ง", False)]
        quiz = make_quiz(
            course,
            questions=[
                question("multiple_choice", choices=choices, scoring="partial", points=4),
                question("multiple_choice", choices=choices, scoring="partial", points=4),
                question("multiple_choice", choices=choices, scoring="partial", points=4),
                question("multiple_choice", choices=choices, scoring="all_or_nothing", points=4),
            ],
        )
        attempt, _ = start_attempt(enrolled, quiz)
        answers = list(attempt.answers.order_by("position"))
        by_text = [{choice["text"]: choice["id"] for choice in answer.choices} for answer in answers]
        data = form(
            [
                (field_name(answers[0]), by_text[0]["ก"]),  # one of two right: half
                (field_name(answers[1]), by_text[1]["ก"]),  # one right, one wrong: nothing
                (field_name(answers[1]), by_text[1]["ค"]),
                (field_name(answers[2]), by_text[2]["ค"]),  # only wrong: nothing, not negative
                (field_name(answers[3]), by_text[3]["ก"]),  # all or nothing: nothing
            ]
        )
        graded, _ = submit_attempt(attempt, data)
        scores = list(attempt.answers.order_by("position").values_list("score", flat=True))
        assert scores == [Decimal("2"), Decimal("0"), Decimal("0"), Decimal("0")]
        assert graded.score == 2
        assert graded.percentage == Decimal("12.5")

    def test_a_missing_answer_scores_nothing(self, course, enrolled):
        quiz = make_quiz(course, pass_mark=50)
        attempt, _ = start_attempt(enrolled, quiz)
        single = attempt.answers.get(kind="single_choice")
        graded, _ = submit_attempt(attempt, form([(field_name(single), single.key["correct"][0])]))
        assert graded.score == 1
        assert graded.percentage == Decimal("20")
        assert graded.passed is False
        assert attempt.answers.filter(is_correct=False).count() == 4

    def test_passing_compares_the_exact_share_not_the_rounded_percentage(self, course, enrolled):
        # 1199 of 2000 points is 59.95 %: shown as 59.95, and below a 60 % pass mark. 11999 of 20000 would round to 60.00.
        questions = [question("true_false", answer="true", points=100) for _ in range(200)]
        quiz = make_quiz(course, questions=questions, pass_mark=60)
        attempt, _ = start_attempt(enrolled, quiz)
        answers = list(attempt.answers.order_by("position"))
        from courses.models import QuizAnswer as Answer

        # Make the points add up to 20000 with 11999 scored: one question of 99 points answered right.
        Answer.objects.filter(pk=answers[0].pk).update(points=99)
        attempt.max_score = Decimal("19999")
        attempt.save(update_fields=["max_score"])
        data = form([(field_name(answer), "true") for answer in answers[:120]])
        graded, _ = submit_attempt(attempt, data)
        assert graded.score == Decimal("11999")
        assert graded.percentage == Decimal("60.00")  # 59.997 % rounded for display
        assert graded.passed is False

    def test_a_repeated_submit_changes_nothing(self, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        first, _ = submit_attempt(attempt, form([]))
        again, changed = submit_attempt(attempt, right_answers(attempt))
        assert not changed
        assert again.score == first.score == 0
        assert again.submitted_at == first.submitted_at
        assert not QuizAnswer.objects.filter(attempt=attempt, response__isnull=False).exists()

    def test_grading_uses_the_questions_as_they_were_when_the_attempt_started(self, course, enrolled):
        quiz = make_quiz(course, questions=[question("true_false", answer="true")])
        attempt, _ = start_attempt(enrolled, quiz)
        quiz.questions = [question("true_false", answer="false")]
        quiz.save_revision().publish()
        answer = attempt.answers.get()
        graded, _ = submit_attempt(attempt, form([(field_name(answer), "true")]))
        assert graded.passed is True


class TestDeadlines:
    def test_answers_saved_within_the_grace_period_count(self, course, enrolled, settings):
        settings.QUIZ_DEADLINE_GRACE_SECONDS = 30
        quiz = make_quiz(course, time_limit_minutes=10)
        start = timezone.now()
        attempt, _ = start_attempt(enrolled, quiz, now=start)
        single = attempt.answers.get(kind="single_choice")
        late = start + timedelta(minutes=10, seconds=20)
        graded, _ = submit_attempt(attempt, form([(field_name(single), single.key["correct"][0])]), now=late)
        assert graded.ended_by == AttemptEnd.SUBMITTED
        assert graded.score == 1

    def test_after_the_deadline_the_attempt_is_graded_on_what_was_saved(self, course, enrolled, settings):
        settings.QUIZ_DEADLINE_GRACE_SECONDS = 30
        quiz = make_quiz(course, time_limit_minutes=10)
        start = timezone.now()
        attempt, _ = start_attempt(enrolled, quiz, now=start)
        single = attempt.answers.get(kind="single_choice")
        true_false = attempt.answers.get(kind="true_false")
        save_answers(attempt, form([(field_name(single), single.key["correct"][0])]), now=start + timedelta(minutes=5))
        too_late = start + timedelta(minutes=11)
        graded, changed = submit_attempt(
            attempt,
            form([(field_name(single), single.key["correct"][0]), (field_name(true_false), "true")]),
            now=too_late,
        )
        assert changed
        assert graded.ended_by == AttemptEnd.TIME_UP
        assert graded.score == 1
        true_false.refresh_from_db()
        assert true_false.response is None
        assert graded.time_taken == timedelta(minutes=10)

    def test_saving_after_the_deadline_closes_the_attempt_and_says_so(self, course, enrolled):
        quiz = make_quiz(course, time_limit_minutes=1)
        start = timezone.now()
        attempt, _ = start_attempt(enrolled, quiz, now=start)
        with pytest.raises(QuizError) as error:
            save_answers(attempt, form([]), now=start + timedelta(minutes=5))
        assert error.value.code == "time_up"
        attempt.refresh_from_db()
        assert not attempt.is_open
        assert attempt.ended_by == AttemptEnd.TIME_UP

    def test_an_expired_attempt_is_closed_when_the_learner_starts_again(self, course, enrolled):
        quiz = make_quiz(course, time_limit_minutes=5)
        start = timezone.now() - timedelta(hours=1)
        old, _ = start_attempt(enrolled, quiz, now=start)
        new, created = start_attempt(enrolled, quiz)
        assert created
        assert new.number == 2
        old.refresh_from_db()
        assert old.ended_by == AttemptEnd.TIME_UP

    def test_an_attempt_noticed_days_after_its_deadline_ended_at_its_deadline(self, course, enrolled):
        quiz = make_quiz(course, time_limit_minutes=10)
        start = timezone.now() - timedelta(days=3)
        complete_lesson(enrolled, course.syllabus_items()[0], now=start - timedelta(hours=1))
        attempt, _ = start_attempt(enrolled, quiz, now=start)
        save_answers(attempt, right_answers(attempt), now=start + timedelta(minutes=5))

        assert close_expired_attempts() == 1

        attempt.refresh_from_db()
        assert attempt.submitted_at == start + timedelta(minutes=10)
        assert attempt.passed is True
        assert Enrolment.objects.get(user=enrolled, course=course).completed_at == start + timedelta(minutes=10)

    def test_the_command_closes_every_expired_attempt(self, course, enrolled):
        quiz = make_quiz(course, time_limit_minutes=5)
        start_attempt(enrolled, quiz, now=timezone.now() - timedelta(hours=1))
        fresh = UserFactory()
        enrol_learner(course, fresh)
        running, _ = start_attempt(fresh, quiz)
        assert close_expired_attempts() == 1
        assert QuizAttempt.objects.open().get() == running


class TestCourseProgress:
    def test_passing_a_required_quiz_completes_the_course(self, course, enrolled):
        lesson = course.syllabus_items()[0]
        quiz = make_quiz(course, pass_mark=60)
        complete_lesson(enrolled, lesson)
        enrolment = Enrolment.objects.get(user=enrolled, course=course)
        assert enrolment.completed_at is None
        assert enrolment.progress == 0.5
        attempt, _ = start_attempt(enrolled, quiz)
        submit_attempt(attempt, form([]))
        enrolment.refresh_from_db()
        assert enrolment.completed_at is None
        attempt, _ = start_attempt(enrolled, quiz)
        submit_attempt(attempt, right_answers(attempt))
        enrolment.refresh_from_db()
        assert enrolment.status == EnrolmentStatus.COMPLETED
        assert enrolment.progress == 1.0

    def test_the_best_attempt_counts_even_after_a_later_failure(self, course, enrolled):
        lesson = course.syllabus_items()[0]
        quiz = make_quiz(course)
        course.completion_rule = CompletionRule.PERCENTAGE
        course.completion_percentage = 100
        course.save_revision().publish()
        attempt, _ = start_attempt(enrolled, quiz)
        submit_attempt(attempt, right_answers(attempt))
        attempt, _ = start_attempt(enrolled, quiz)
        submit_attempt(attempt, form([]))
        state = quiz_state(enrolled, quiz, enrolment=True)
        assert state.passed
        assert state.best.number == 1
        complete_lesson(enrolled, lesson)
        assert Enrolment.objects.get(user=enrolled, course=course).is_completed

    def test_a_required_quiz_without_questions_does_not_hold_up_completion(self, course, enrolled):
        make_quiz(course, questions=[])
        complete_lesson(enrolled, course.syllabus_items()[0])
        assert Enrolment.objects.get(user=enrolled, course=course).is_completed

    def test_you_passed_with_names_the_best_passed_attempt_even_if_a_failed_one_scored_more(self, course, enrolled):
        quiz = make_quiz(course, pass_mark=40)
        attempt, _ = start_attempt(enrolled, quiz)
        single = attempt.answers.get(kind="single_choice")
        true_false = attempt.answers.get(kind="true_false")
        submit_attempt(
            attempt, form([(field_name(single), single.key["correct"][0]), (field_name(true_false), "true")])
        )
        quiz.pass_mark = 80
        quiz.save_revision().publish()
        attempt, _ = start_attempt(enrolled, quiz)
        answers = {answer.kind: answer for answer in attempt.answers.all()}
        data = right_answers(attempt)
        data.setlist(field_name(answers["numeric"]), [])
        submit_attempt(attempt, data)  # 80 % under a pass mark now 80 %: passed
        state = quiz_state(enrolled, quiz, enrolment=True)
        assert state.best.number == 2
        assert state.best_passed.number == 2

    def test_an_optional_quiz_is_not_needed_to_complete_the_course(self, course, enrolled):
        make_quiz(course, required_for_completion=False)
        complete_lesson(enrolled, course.syllabus_items()[0])
        assert Enrolment.objects.get(user=enrolled, course=course).is_completed


class TestTheQuestionBlocks:
    """What the blocks refuse even when Wagtail saves a draft (a draft may be approved and published)."""

    def clean(self, kind, **value):
        from courses.quiz_blocks import QuestionPoolBlock

        block = QuestionPoolBlock()
        return block.clean(block.to_python([{"type": kind, "value": block.child_blocks[kind].get_prep_value(value)}]))

    def base(self, **extra):
        from wagtail.rich_text import RichText

        return {"prompt": RichText("<p>คำถาม</p>"), "points": 1, "explanation": RichText(""), **extra}

    def test_a_single_choice_question_with_one_choice_is_refused(self):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            self.clean("single_choice", **self.base(choices=[{"text": "ก", "correct": True}]))

    def test_a_choice_without_text_is_refused(self):
        from django.core.exceptions import ValidationError

        choices = [{"text": "ก", "correct": True}, {"text": "ข", "correct": False}, {"text": " ", "correct": False}]
        with pytest.raises(ValidationError):
            self.clean("single_choice", **self.base(choices=choices))

    def test_choices_that_differ_only_in_unicode_composition_are_duplicates(self):
        from django.core.exceptions import ValidationError

        # An accented letter typed as one code point or as a letter and a combining accent.
        choices = [{"text": "Café", "correct": True}, {"text": "cafe\u0301", "correct": False}]
        with pytest.raises(ValidationError):
            self.clean("single_choice", **self.base(choices=choices))
