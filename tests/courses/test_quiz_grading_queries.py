"""Grading an attempt takes the same number of SQL queries for 5 questions as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.services.enrolment import enrol_learner
from courses.services.quizzes import save_answers, start_attempt, submit_attempt
from tests.courses.test_quiz_service import right_answers
from tests.factories import make_course, make_quiz, sample_questions

pytestmark = pytest.mark.django_db


def queries_to(action):
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def attempt_of(index, learner, size):
    course = make_course(index, lessons=2)
    quiz = make_quiz(course, questions=(sample_questions() * 10)[:size])
    enrol_learner(course, learner)
    attempt, _created = start_attempt(learner, quiz)
    return attempt


@pytest.mark.parametrize("size", [5, 50])
def test_submitting_and_grading_an_attempt_takes_a_constant_number_of_queries(index, learner, size):
    attempt = attempt_of(index, learner, size)
    data = right_answers(attempt)
    count = queries_to(lambda: submit_attempt(attempt, data))
    attempt.refresh_from_db()
    assert attempt.score == size
    assert attempt.answers.filter(is_correct=True).count() == size
    assert count <= 20, f"{count} queries to grade {size} questions"


def test_grading_fifty_questions_takes_no_more_queries_than_five(index, learner):
    from tests.factories import UserFactory

    small = attempt_of(index, learner, 5)
    large = attempt_of(index, UserFactory(), 50)
    small_data, large_data = right_answers(small), right_answers(large)
    assert queries_to(lambda: submit_attempt(large, large_data)) == queries_to(
        lambda: submit_attempt(small, small_data)
    )


def test_saving_fifty_answers_takes_no_more_queries_than_five(index, learner):
    from tests.factories import UserFactory

    small = attempt_of(index, learner, 5)
    large = attempt_of(index, UserFactory(), 50)
    small_data, large_data = right_answers(small), right_answers(large)
    assert queries_to(lambda: save_answers(large, large_data)) == queries_to(lambda: save_answers(small, small_data))


def test_starting_an_attempt_of_fifty_questions_takes_no_more_queries_than_five(index, learner):
    from tests.factories import UserFactory

    small_course, large_course = make_course(index, lessons=1), make_course(index, lessons=1)
    small_quiz = make_quiz(small_course, questions=sample_questions())
    large_quiz = make_quiz(large_course, questions=(sample_questions() * 10)[:50])
    other = UserFactory()
    enrol_learner(small_course, learner)
    enrol_learner(large_course, other)
    assert queries_to(lambda: start_attempt(other, large_quiz)) == queries_to(
        lambda: start_attempt(learner, small_quiz)
    )
