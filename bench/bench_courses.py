"""Benchmark: the course catalogue, course and lesson pages, the dashboard, and enrolment. Prints its figures.

Run: DJANGO_SETTINGS_MODULE=lms.settings.dev .venv/bin/python bench/bench_courses.py
(after `make demo`). Pages are fetched in-process with Django's test client as a guest and
as the demo learner; figures are the app's own time and SQL queries per request. The
enrolment figures come from a savepoint that is rolled back, so the demo data is unchanged.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402

ROUNDS = 30
LEARNER = "learner@demo.go.th"


def measure(client, path, label):
    client.get(path)  # warm caches
    timings, queries, status = [], 0, 0
    for _ in range(ROUNDS):
        reset_queries()
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        queries = len(connection.queries)
        status = response.status_code
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{label:14} {path[:44]:44} {status:>6} {statistics.median(timings):>10.1f} {p95:>8.1f} {queries:>8}")


def bench_pages():
    from courses.models import CoursePage, Enrolment
    from lms.models import User

    settings.DEBUG = True  # record queries
    learner = User.objects.get(email=LEARNER)
    enrolment = Enrolment.objects.filter(user=learner).select_related("course").first()
    course = enrolment.course if enrolment else CoursePage.objects.live().first()
    lesson = course.get_children().live().first()
    guest, member = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    member.force_login(learner)
    print(f"{'who':14} {'path':44} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for client, label in ((guest, "guest"), (member, "learner")):
        for path in ("/courses/", "/courses/?q=ข้อมูล", "/courses/?sort=popular", course.url, lesson.url):
            measure(client, path, label)
    measure(member, "/my/", "learner")


def bench_enrolment(count=200):
    """Enrol ``count`` new learners in one course, one service call each, then roll back."""
    from courses.models import CoursePage
    from courses.services.enrolment import enrol_learner
    from lms.models import User

    course = CoursePage.objects.live().filter(audience="everyone", capacity__isnull=True).first()
    with transaction.atomic():
        users = User.objects.bulk_create(User(email=f"bench{n}@example.go.th") for n in range(count))
        start = time.perf_counter()
        for user in users:
            enrol_learner(course, user, check_dates=False)
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    print(f"enrol_learner: {count / elapsed:.0f} enrolments per second ({elapsed * 1000 / count:.2f} ms each)")


if __name__ == "__main__":
    bench_pages()
    print()
    bench_enrolment()
