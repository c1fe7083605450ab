"""Capacity and one-row-per-learner hold when many enrol at the same moment (PostgreSQL only).

SQLite serialises writers on the whole database, so only a server database can show a race.
Each thread has its own database connection (Django keeps one per thread) and closes it.
"""

import threading

import pytest
from django.db import connection

from courses.models import Enrolment
from courses.services.enrolment import EnrolmentError, enrol_learner
from tests.factories import UserFactory, make_course

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrent enrolment needs PostgreSQL row locks; SQLite serialises all writers. Set DATABASE_URL.",
    ),
    # The rows committed by the threads are flushed afterwards; serialized_rollback restores the
    # data migrations created (role groups, the Wagtail root page) for the tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def enrol_at_once(course, users):
    """Enrol every user in ``course`` from a thread of their own, all released together.

    Returns ``(enrolled, refusals, failures)``: how many calls enrolled someone, the
    ``EnrolmentError`` codes, and any other exception raised.
    """
    barrier = threading.Barrier(len(users))
    lock = threading.Lock()
    enrolled, refusals, failures = [], [], []

    def attempt(user):
        try:
            barrier.wait(timeout=30)
            _enrolment, changed = enrol_learner(course, user)
            with lock:
                enrolled.append(changed)
        except EnrolmentError as error:
            with lock:
                refusals.append(error.code)
        except Exception as error:  # noqa: BLE001 - any other failure must fail the test, not kill the thread silently
            with lock:
                failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "an enrolment thread hung"
    return enrolled, refusals, failures


def test_five_times_the_capacity_enrolling_at_once_fills_exactly_the_capacity(site_pages):
    course = make_course(site_pages["courses"], capacity=4)
    users = [UserFactory() for _ in range(20)]

    enrolled, refusals, failures = enrol_at_once(course, users)

    assert failures == []
    assert enrolled == [True] * 4
    assert refusals == ["full"] * 16
    assert Enrolment.objects.filter(course=course).count() == 4


def test_the_same_learner_enrolling_from_five_threads_gets_one_row(site_pages):
    course = make_course(site_pages["courses"], capacity=10)
    learner = UserFactory()

    enrolled, refusals, failures = enrol_at_once(course, [learner] * 5)

    assert failures == []
    assert refusals == []
    assert sorted(enrolled) == [False] * 4 + [True]
    assert Enrolment.objects.filter(course=course, user=learner).count() == 1
