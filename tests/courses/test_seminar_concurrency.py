"""Seats and the waitlist hold when many register for a seminar session at the same moment (PostgreSQL only).

SQLite serialises writers on the whole database, so only a server database can show a race.
Every person registers from a thread of their own, all released together; each thread has
its own database connection (Django keeps one per thread) and closes it. At most
``CONNECTIONS`` threads hold a connection at once, since PostgreSQL's default is 100
connections for everything on the server, so the threads still queue on the session's row
lock many at a time.
"""

import threading

import pytest
from django.db import connection

from courses.models import Registration, RegistrationStatus
from courses.services.seminars import SeminarError, cancel_registration, register
from tests.factories import UserFactory, make_seminar

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrent registration needs PostgreSQL row locks; SQLite serialises all writers. Set DATABASE_URL.",
    ),
    # The rows committed by the threads are flushed afterwards; serialized_rollback restores the
    # data migrations created (role groups, the Wagtail root page) for the tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CONNECTIONS = 40


def at_once(calls):
    """Run each ``(function, args)`` of ``calls`` in a thread of its own, all released together.

    Returns ``(results, refusals, failures)``: what the calls returned, the ``SeminarError``
    codes, and any other exception raised.
    """
    barrier = threading.Barrier(len(calls))
    connections = threading.BoundedSemaphore(CONNECTIONS)
    lock = threading.Lock()
    results, refusals, failures = [], [], []

    def run(function, args):
        try:
            barrier.wait(timeout=60)
            with connections:
                try:
                    result = function(*args)
                finally:
                    connection.close()
            with lock:
                results.append(result)
        except SeminarError as error:
            with lock:
                refusals.append(error.code)
        except Exception as error:  # noqa: BLE001 - any other failure must fail the test, not kill the thread silently
            with lock:
                failures.append(error)

    threads = [threading.Thread(target=run, args=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a registration thread hung"
    return results, refusals, failures


@pytest.fixture
def session(site_pages):
    seminar = make_seminar(site_pages["seminars"], sessions=[{"capacity": 20}])
    return seminar.sessions.get()


def test_two_hundred_people_registering_at_once_for_twenty_seats_give_twenty_confirmed_and_a_waitlist_in_order(
    session,
):
    people = UserFactory.create_batch(200)

    results, refusals, failures = at_once([(register, (session, person)) for person in people])

    assert failures == []
    assert refusals == []
    assert len(results) == 200
    registrations = Registration.objects.filter(session=session)
    assert registrations.count() == 200
    assert registrations.values("user").distinct().count() == 200
    assert registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 20
    assert registrations.filter(status=RegistrationStatus.WAITLISTED).count() == 180
    # First come, first served: every seat went to someone who arrived before everyone waiting.
    confirmed = registrations.filter(status=RegistrationStatus.CONFIRMED).values_list("registered_at", flat=True)
    waiting = list(registrations.waitlist())
    assert max(confirmed) <= waiting[0].registered_at
    assert [registration.registered_at for registration in waiting] == sorted(
        registration.registered_at for registration in waiting
    )


def test_seats_freed_at_once_go_to_the_first_on_the_waitlist_in_order_of_arrival(session):
    people = UserFactory.create_batch(30)
    for person in people:
        register(session, person)
    leaving = list(Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED)[:5])
    first_waiting = [registration.user_id for registration in Registration.objects.filter(session=session).waitlist()]

    results, refusals, failures = at_once(
        [(cancel_registration, (registration, registration.user)) for registration in leaving]
    )

    assert (failures, refusals, len(results)) == ([], [], 5)
    registrations = Registration.objects.filter(session=session)
    assert registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 20
    promoted = set(
        registrations.filter(status=RegistrationStatus.CONFIRMED, user_id__in=first_waiting).values_list(
            "user_id", flat=True
        )
    )
    assert promoted == set(first_waiting[:5])
    assert [registration.user_id for registration in registrations.waitlist()] == first_waiting[5:]


def test_the_same_person_registering_from_ten_threads_gets_one_registration(session):
    person = UserFactory()

    results, refusals, failures = at_once([(register, (session, person))] * 10)

    assert failures == []
    assert len(results) == 1
    assert refusals == ["already_registered"] * 9
    assert Registration.objects.filter(session=session, user=person).count() == 1
    assert Registration.objects.get(session=session, user=person).status == RegistrationStatus.CONFIRMED
