"""Issuing the certificate of one completion from several workers at once gives one certificate (PostgreSQL only).

SQLite serialises writers on the whole database, so only a server database can show a race.
"""

import threading

import pytest
from django.db import connection

from courses.models import Certificate, Enrolment
from courses.services.certificates import issue_for_enrolment
from courses.services.enrolment import enrol_learner
from courses.services.progress import complete_lesson
from tests.factories import CivilServantFactory, make_course

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrent issuing needs PostgreSQL row locks; SQLite serialises all writers. Set DATABASE_URL.",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_five_workers_issuing_for_the_same_completion_make_one_certificate(site_pages):
    course = make_course(site_pages["courses"], lessons=1)
    learner = CivilServantFactory()
    enrol_learner(course, learner)
    # The transactional test runs on_commit callbacks at once: completing issues one certificate already.
    complete_lesson(learner, course.syllabus_items()[0])
    Certificate.objects.all().delete()
    enrolment = Enrolment.objects.get(user=learner, course=course)
    barrier = threading.Barrier(5)
    results, failures = [], []

    def issue():
        try:
            barrier.wait(timeout=30)
            results.append(issue_for_enrolment(enrolment))
        except Exception as error:  # noqa: BLE001 - any failure must fail the test
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    assert sorted(created for _certificate, created in results) == [False] * 4 + [True]
    assert len({certificate.pk for certificate, _created in results}) == 1
    assert Certificate.objects.filter(user=learner, course=course).count() == 1
