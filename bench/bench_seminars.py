"""Benchmark: the seminar index, a seminar page, the dashboard, calendars and register(). Prints its figures.

Run: DJANGO_SETTINGS_MODULE=lms.settings.dev .venv/bin/python bench/bench_seminars.py [EXTRA]
(after `make demo`). Pages are fetched in-process with Django's test client as a guest and
as the demo learner; figures are the app's own time and SQL queries per request. With
EXTRA (default 0), that many more seminars are added first, each with two upcoming
sessions, 20 registrations a session and the demo learner registered for one in ten,
inside a transaction that is rolled back at the end, so the demo data is unchanged:
compare the figures at two sizes (the query counts should not grow). register() is timed
on a new session for 200 new people (the first 50 confirmed, then the waitlist); its
e-mails are queued on commit, so none is sent.
"""

import datetime
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
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

ROUNDS = 20
LEARNER = "learner@demo.go.th"
REGISTRATIONS_PER_SESSION = 20


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
    print(f"{label:8} {path[:60]:60} {status:>6} {statistics.median(timings):>10.1f} {p95:>8.1f} {queries:>8}")


def add_seminars(count):
    """``count`` more live seminars under /seminars/ with two sessions each and their registrations."""
    from courses.models import (
        Registration,
        RegistrationStatus,
        SeminarIndexPage,
        SeminarPage,
        SeminarSession,
    )
    from lms.models import User

    index = SeminarIndexPage.objects.live().first()
    learner = User.objects.get(email=LEARNER)
    people = User.objects.bulk_create(
        User(email=f"bench-seminar-{n}@example.go.th", first_name="ผู้ทดสอบ", last_name=str(n))
        for n in range(REGISTRATIONS_PER_SESSION)
    )
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    start = time.perf_counter()
    registrations = []
    for number in range(count):
        seminar = SeminarPage(
            title=f"สัมมนาการบริหารราชการ ครั้งที่ {number}",
            slug=f"bench-seminar-{number}",
            summary="สัมมนาทดสอบประสิทธิภาพของหน้ารายการสัมมนา",
            format=["on_site", "online", "hybrid"][number % 3],
            training_hours=3,
        )
        for position in range(2):
            starts = today + datetime.timedelta(days=1 + (number * 3 + position * 17) % 90)
            seminar.sessions.add(
                SeminarSession(
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=3),
                    venue_name="ห้องประชุม 1",
                    online_url="https://meet.example.go.th/bench",
                    capacity=30,
                    sort_order=position,
                )
            )
        index.add_child(instance=seminar)
        # Registrations are rows here (the service is timed on its own below).
        for position, session in enumerate(seminar.sessions.all()):
            now = timezone.now()
            for person in people:
                registrations.append(
                    Registration(session=session, user=person, status=RegistrationStatus.CONFIRMED, confirmed_at=now)
                )
            if position == 0 and number % 10 == 0:
                registrations.append(
                    Registration(session=session, user=learner, status=RegistrationStatus.CONFIRMED, confirmed_at=now)
                )
    Registration.objects.bulk_create(registrations)
    elapsed = time.perf_counter() - start
    print(
        f"added {count} seminars, {2 * count} sessions and {len(registrations)} registrations in {elapsed:.1f} s "
        f"({elapsed * 1000 / max(count, 1):.0f} ms a seminar)"
    )


def bench_pages():
    from courses.models import CalendarFeed, SeminarPage, SeminarSession
    from lms.models import User

    settings.DEBUG = True  # record queries
    learner = User.objects.get(email=LEARNER)
    seminar = SeminarPage.objects.live().filter(slug="responsible-ai-in-government").first()
    seminar = seminar or SeminarPage.objects.live().first()
    session = seminar.sessions.order_by("sort_order").first()
    feed = CalendarFeed.for_user(learner)
    guest, member = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    member.force_login(learner)
    month = timezone.localtime(session.starts_at).strftime("%Y-%m")
    print(f"{'seminars:':14} {SeminarPage.objects.live().count()}, sessions: {SeminarSession.objects.count()}")
    print(f"{'who':8} {'path':60} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for client, label in ((guest, "guest"), (member, "learner")):
        for path in (
            "/seminars/",
            "/seminars/?page=2",
            "/seminars/?when=past",
            "/seminars/?format=online&audience=everyone",
            f"/seminars/?view=calendar&month={month}",
            seminar.url,
        ):
            measure(client, path, label)
    measure(guest, seminar.url + seminar.reverse_subpage("calendar", args=[session.pk]), "guest")
    measure(member, "/my/", "learner")
    measure(guest, reverse("dashboard:calendar-feed", kwargs={"token": feed.token}), "feed")


def bench_register(count=200, capacity=50):
    """Register ``count`` new people for a new session of ``capacity`` seats, one service call each."""
    from courses.models import SeminarPage, SeminarSession
    from courses.services.seminars import register
    from lms.models import User

    seminar = SeminarPage.objects.live().filter(audience="everyone", requires_approval=False).first()
    starts = timezone.now() + datetime.timedelta(days=30)
    session = SeminarSession.objects.create(
        page=seminar, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), capacity=capacity, sort_order=99
    )
    users = User.objects.bulk_create(User(email=f"bench-register-{n}@example.go.th") for n in range(count))
    queries = []
    start = time.perf_counter()
    for user in users:
        reset_queries()
        register(session, user)
        queries.append(len(connection.queries))
    elapsed = time.perf_counter() - start
    print(
        f"register(): {count / elapsed:.0f} registrations per second ({elapsed * 1000 / count:.2f} ms each), "
        f"{min(queries)}–{max(queries)} queries each ({capacity} confirmed, then the waitlist)"
    )


if __name__ == "__main__":
    extra = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    with transaction.atomic():
        if extra:
            add_seminars(extra)
        bench_pages()
        print()
        bench_register()
        transaction.set_rollback(True)
