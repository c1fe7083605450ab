"""Quiz attempts under concurrency (PostgreSQL only): fifty learners submitting at once lose
nothing, and one learner starting from several tabs at once gets one attempt within the limit.

SQLite serialises writers on the whole database, so only a server database can show a race.
Each thread has its own database connection (Django keeps one per thread) and closes it.
"""

import threading

import pytest
from django.db import connection

from courses.models import QuizAnswer, QuizAttempt
from courses.services.enrolment import enrol_learner
from courses.services.quizzes import QuizError, start_attempt, submit_attempt
from tests.courses.test_quiz_service import right_answers
from tests.factories import UserFactory, make_course, make_quiz

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrent attempts need PostgreSQL row locks; SQLite serialises all writers. Set DATABASE_URL.",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def at_once(calls):
    """Run each zero-argument callable in its own thread, all released together.

    Returns ``(results, refusals, failures)``: return values, ``QuizError`` codes, other exceptions.
    """
    barrier = threading.Barrier(len(calls))
    lock = threading.Lock()
    results, refusals, failures = [], [], []

    def run(call):
        try:
            barrier.wait(timeout=30)
            result = call()
            with lock:
                results.append(result)
        except QuizError as error:
            with lock:
                refusals.append(error.code)
        except Exception as error:  # noqa: BLE001 - any other failure must fail the test
            with lock:
                failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a quiz thread hung"
    return results, refusals, failures


def test_fifty_learners_submitting_at_once_lose_no_attempt_and_no_answer(site_pages):
    course = make_course(site_pages["courses"], lessons=0)
    quiz = make_quiz(course)
    learners = [UserFactory() for _ in range(50)]
    attempts = []
    for learner in learners:
        enrol_learner(course, learner)
        attempt, _created = start_attempt(learner, quiz)
        attempts.append((attempt, right_answers(attempt)))

    results, refusals, failures = at_once(
        [lambda attempt=attempt, data=data: submit_attempt(attempt, data) for attempt, data in attempts]
    )

    assert failures == []
    assert refusals == []
    assert [changed for _attempt, changed in results] == [True] * 50
    assert QuizAttempt.objects.filter(quiz=quiz, passed=True, percentage=100).count() == 50
    assert QuizAnswer.objects.filter(attempt__quiz=quiz, is_correct=True).count() == 50 * 5
    assert not QuizAnswer.objects.filter(attempt__quiz=quiz, response__isnull=True).exists()
    assert course.enrolments.filter(completed_at__isnull=False).count() == 50


def test_one_learner_starting_from_five_tabs_at_once_gets_one_attempt(site_pages):
    course = make_course(site_pages["courses"], lessons=0)
    quiz = make_quiz(course, max_attempts=1)
    learner = UserFactory()
    enrol_learner(course, learner)

    results, refusals, failures = at_once([lambda: start_attempt(learner, quiz)] * 5)

    assert failures == []
    assert refusals == []
    assert sorted(created for _attempt, created in results) == [False] * 4 + [True]
    assert len({attempt.pk for attempt, _created in results}) == 1
    assert QuizAttempt.objects.filter(quiz=quiz, user=learner).count() == 1
    assert QuizAnswer.objects.filter(attempt__quiz=quiz).count() == 5


def test_a_submit_racing_a_second_submit_grades_once(site_pages):
    course = make_course(site_pages["courses"], lessons=0)
    quiz = make_quiz(course)
    learner = UserFactory()
    enrol_learner(course, learner)
    attempt, _created = start_attempt(learner, quiz)
    data = right_answers(attempt)

    results, refusals, failures = at_once([lambda: submit_attempt(attempt, data)] * 5)

    assert failures == []
    assert sorted(changed for _attempt, changed in results) == [False] * 4 + [True]
    assert {graded.submitted_at for graded, _changed in results} == {QuizAttempt.objects.get().submitted_at}


def test_learners_starting_and_submitting_the_same_quiz_at_once_do_not_deadlock(site_pages):
    course = make_course(site_pages["courses"], lessons=1)
    quiz = make_quiz(course)
    submitters, starters = [UserFactory() for _ in range(10)], [UserFactory() for _ in range(10)]
    calls = []
    for learner in submitters:
        enrol_learner(course, learner)
        attempt, _created = start_attempt(learner, quiz)
        data = right_answers(attempt)
        calls.append(lambda attempt=attempt, data=data: submit_attempt(attempt, data))
    for learner in starters:
        enrol_learner(course, learner)
        calls.append(lambda learner=learner: start_attempt(learner, quiz))
    newcomers = [UserFactory() for _ in range(5)]
    calls += [lambda learner=learner: enrol_learner(course, learner) for learner in newcomers]

    results, refusals, failures = at_once(calls)

    assert failures == []
    assert refusals == []
    assert QuizAttempt.objects.filter(quiz=quiz, passed=True).count() == 10
    assert QuizAttempt.objects.filter(quiz=quiz).open().count() == 10
    assert course.enrolments.count() == 25
