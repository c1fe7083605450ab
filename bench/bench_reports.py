"""Benchmark: the agency report over 100,000 enrolments, its CSV downloads, and the open data rebuild.

Run: .venv/bin/python bench/bench_reports.py [ENROLMENTS]

It needs no demo: it migrates a throwaway SQLite database in a temporary folder (removed at
the end), or the database DATABASE_URL names (a PostgreSQL one, say), where everything it
adds is rolled back at the end. It builds ENROLMENTS enrolments (default 100,000) with
``bulk_create``: 20,000 civil servants in 3 ministries, 9 departments and 18 divisions; 50
courses, 16 of them with a quiz; about 60% of the enrolments completed over the last two
years, up to 30,000 quiz attempts (one per enrolment in a course with a quiz) and 10,000
seminar registrations (70% attended). Then it times
the report screen (in-process, Django's test client, the app's own time) for a ministry's
training officer and for an administrator (every agency), with and without filters, both
CSV downloads, and ``rebuild_all()`` of the open data sets when that exists. It prints the
figures and the SQL queries each takes; it asserts nothing about time.
"""

import datetime
import logging
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
WORKDIR = Path(tempfile.mkdtemp(prefix="bench-reports-"))
THROWAWAY = "DATABASE_URL" not in os.environ
if THROWAWAY:
    os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

ROUNDS = 5
PEOPLE = 20_000
COURSES = 50
QUIZ_COURSES = 16
ATTEMPTS = 30_000
REGISTRATIONS = 10_000
BATCH = 5_000
random.seed(2569)
logging.getLogger("wagtail").setLevel(logging.WARNING)  # no line per page created


def timed(label, function):
    """Run ``function`` once and print how long it took."""
    start = time.perf_counter()
    result = function()
    print(f"{label:58} {time.perf_counter() - start:>8.1f} s")
    return result


def build_people():
    """The agency tree (3 ministries > 3 departments > 2 divisions) and ``PEOPLE`` civil servants in it."""
    from django.contrib.auth.hashers import make_password

    from lms.models import Agency, LearnerType, User

    unusable = make_password(None)  # nobody logs in with these accounts
    agencies = []
    for m in range(3):
        ministry = Agency.objects.create(code=f"M{m}", name_th=f"กระทรวงทดสอบ {m}", name_en=f"Ministry {m}")
        agencies.append(ministry)
        for d in range(3):
            department = Agency.objects.create(
                code=f"M{m}D{d}",
                name_th=f"กรมทดสอบ {m}-{d}",
                name_en=f"Department {m}-{d}",
                parent=ministry,
                level=Agency.Level.DEPARTMENT,
            )
            agencies.append(department)
            for v in range(2):
                agencies.append(
                    Agency.objects.create(
                        code=f"M{m}D{d}V{v}",
                        name_th=f"กองทดสอบ {m}-{d}-{v}",
                        name_en=f"Division {m}-{d}-{v}",
                        parent=department,
                        level=Agency.Level.DIVISION,
                    )
                )
    User.objects.bulk_create(
        (
            User(
                email=f"bench-report-{n}@example.go.th",
                password=unusable,
                first_name="ผู้ทดสอบ",
                last_name=f"รายงาน {n}",
                first_name_en="Tester",
                last_name_en=f"Report {n}",
                learner_type=LearnerType.CIVIL_SERVANT,
                agency=agencies[n % len(agencies)],
                position="นักทรัพยากรบุคคล",
            )
            for n in range(PEOPLE)
        ),
        batch_size=BATCH,
    )
    return agencies


def build_courses(pages):
    """``COURSES`` courses with 1 to 12 hours; a quiz in the first ``QUIZ_COURSES``; one seminar with two sessions."""
    from courses.models import CoursePage, QuizPage, SeminarPage, SeminarSession

    courses, quizzes = [], {}
    for n in range(COURSES):
        course = CoursePage(
            title=f"หลักสูตรทดสอบรายงาน {n}",
            slug=f"bench-report-course-{n}",
            summary="หลักสูตรทดสอบรายงานของหน่วยงาน",
            training_hours=Decimal(1 + n % 12),
        )
        pages["courses"].add_child(instance=course)
        courses.append(course)
        if n < QUIZ_COURSES:
            quiz = QuizPage(title=f"แบบทดสอบ {n}", slug="quiz", questions=[])
            course.add_child(instance=quiz)
            quizzes[course.pk] = quiz
    now = timezone.now()
    seminar = SeminarPage(
        title="สัมมนาทดสอบรายงาน", slug="bench-report-seminar", summary="สัมมนาทดสอบรายงาน", training_hours=3
    )
    for position in range(2):
        starts = now - datetime.timedelta(days=60 + 30 * position)
        seminar.sessions.add(
            SeminarSession(
                starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), capacity=100000, sort_order=position
            )
        )
    pages["seminars"].add_child(instance=seminar)
    return courses, quizzes, list(seminar.sessions.all())


def build_records(count, courses, quizzes, sessions):
    """``count`` enrolments, ``ATTEMPTS`` quiz attempts and ``REGISTRATIONS`` registrations, in bulk."""
    from courses.models import Enrolment, EnrolmentStatus, QuizAttempt, Registration, RegistrationStatus
    from lms.models import User

    people = list(User.objects.filter(email__startswith="bench-report-").values_list("pk", flat=True))
    now = timezone.now()
    per_person = -(-count // len(people))  # rounded up
    enrolments, quiz_takers = [], []
    for person in people:
        for course in random.sample(courses, per_person):
            if len(enrolments) == count:
                break
            enrolled = now - datetime.timedelta(days=random.randint(1, 730), minutes=random.randint(0, 1440))
            completed = enrolled + datetime.timedelta(days=random.randint(0, 60)) if random.random() < 0.6 else None
            completed = completed if completed and completed < now else None
            enrolments.append(
                Enrolment(
                    user_id=person,
                    course=course,
                    enrolled_at=enrolled,
                    completed_at=completed,
                    status=EnrolmentStatus.COMPLETED if completed else EnrolmentStatus.ACTIVE,
                    progress=1.0 if completed else round(random.random() * 0.9, 2),
                    hours_credited=course.training_hours if completed else None,
                )
            )
            if course.pk in quizzes:
                quiz_takers.append((person, course, enrolled))
    Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
    attempts = []
    for person, course, enrolled in random.sample(quiz_takers, min(ATTEMPTS, len(quiz_takers))):
        percentage = Decimal(random.randint(20, 100))
        submitted = min(now, enrolled + datetime.timedelta(days=random.randint(0, 30)))
        attempts.append(
            QuizAttempt(
                user_id=person,
                quiz=quizzes[course.pk],
                course=course,
                number=1,
                pass_mark=60,
                started_at=submitted - datetime.timedelta(minutes=20),
                submitted_at=submitted,
                score=percentage / 10,
                max_score=10,
                percentage=percentage,
                passed=percentage >= 60,
            )
        )
    QuizAttempt.objects.bulk_create(attempts, batch_size=BATCH)
    registrations = []
    for n, person in enumerate(random.sample(people, min(REGISTRATIONS, len(people)))):
        session = sessions[n % len(sessions)]
        attended = random.random() < 0.7
        registrations.append(
            Registration(
                session=session,
                user_id=person,
                status=RegistrationStatus.ATTENDED if attended else RegistrationStatus.CONFIRMED,
                confirmed_at=session.starts_at - datetime.timedelta(days=7),
                attended_at=session.starts_at if attended else None,
                credited_hours=Decimal(3) if attended else Decimal(0),
            )
        )
    Registration.objects.bulk_create(registrations, batch_size=BATCH)
    print(f"{'':58} {len(enrolments):,} enrolments, {len(attempts):,} attempts, {len(registrations):,} registrations")


def readers(ministry):
    """A training officer of ``ministry`` and an administrator, each logged in to a client."""
    from django.contrib.auth.models import Group

    from lms import roles
    from lms.models import LearnerType, User

    officer = User.objects.create_user(
        email="bench-officer@example.go.th", learner_type=LearnerType.CIVIL_SERVANT, agency=ministry
    )
    officer.groups.add(Group.objects.get(name=roles.TRAINING_OFFICERS))
    administrator = User.objects.create_user(email="bench-admin@example.go.th")
    administrator.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    clients = {}
    for label, user in (("officer", officer), ("admin", administrator)):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        clients[label] = client
    return clients


def measure(client, label, params):
    """Fetch the report ``ROUNDS`` times with ``params``; print the median, the slowest and the queries."""
    url = reverse("agency_report")
    response = client.get(url, params)  # warm caches
    timings, queries = [], 0
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url, params)
            timings.append((time.perf_counter() - start) * 1000)
        queries = len(captured)
    shown = " ".join(f"{key}={value}" for key, value in params.items()) or "(no filter)"
    print(
        f"{label:8} {shown[:48]:48} {response.status_code:>6} {statistics.median(timings):>10.1f} "
        f"{max(timings):>8.1f} {queries:>8} {len(response.content) // 1024:>7} KB"
    )
    return response


def print_total(label, agency_ids, agencies):
    """The report's total row for these agencies, from ``lms.reports`` directly (timed too)."""
    from lms.reports import ReportCriteria, agency_figures

    start = time.perf_counter()
    _rows, total = agency_figures(ReportCriteria(agency_ids=agency_ids), agencies)
    elapsed = (time.perf_counter() - start) * 1000
    rate = f"{total.completion_rate:.1f}%" if total.completion_rate is not None else "-"
    score = f"{total.average_quiz_score:.1f}%" if total.average_quiz_score is not None else "-"
    per_person = f"{total.hours_per_person:.2f}" if total.hours_per_person is not None else "-"
    print(
        f"{label}: {total.learners:,} learners, {total.enrolments:,} enrolments, {total.completions:,} completions "
        f"({rate}), average quiz score {score}, {per_person} hours per person this fiscal year, "
        f"{total.seminar_attendance:,} attended seminars ({elapsed:.0f} ms for agency_figures alone)"
    )


def bench_reports(clients, ministry, course):
    from lms.models import Agency

    within = list(Agency.objects.within(ministry))
    print_total("one ministry", frozenset(agency.pk for agency in within), within)
    print_total("every agency", None, list(Agency.objects.all()))
    print()
    today = timezone.localdate()
    period = {"date_from": (today - datetime.timedelta(days=365)).isoformat(), "date_to": today.isoformat()}
    print(f"{'who':8} {'filters':48} {'status':>6} {'median ms':>10} {'max ms':>8} {'queries':>8} {'size':>10}")
    measure(clients["officer"], "officer", {})
    measure(clients["officer"], "officer", period)
    measure(clients["officer"], "officer", {**period, "course": course.pk})
    measure(clients["admin"], "admin", {})
    measure(clients["admin"], "admin", {"agency": ministry.pk})
    measure(clients["admin"], "admin", {**period, "course": course.pk})
    for label in ("officer", "admin"):
        for kind in ("csv", "people"):
            response = measure(clients[label], label, {"export": kind})
            lines = response.content.decode("utf-8").count("\n") - 1
            print(f"         {kind} download: {lines:,} rows")


def rebuild_function():
    """``rebuild_all`` from ``lms.open_data`` (or its ``build`` module), or None while it does not exist."""
    try:
        from lms.open_data import rebuild_all

        return rebuild_all
    except ImportError:
        pass
    try:
        from lms.open_data.build import rebuild_all

        return rebuild_all
    except ImportError:
        return None


def bench_open_data():
    rebuild_all = rebuild_function()
    if rebuild_all is None:
        print("open data rebuild: not available")
        return
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        with transaction.atomic():
            records = rebuild_all()
        elapsed = time.perf_counter() - start
    print(f"open data rebuild_all(): {elapsed:.1f} s, {len(captured)} queries, {len(records)} data sets")
    for record in records:
        print(f"         {record.slug:40} {record.row_count:>8,} rows {record.suppressed_count:>6,} suppressed")


def main():
    from tests.factories import build_site

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    where = "a throwaway SQLite database" if THROWAWAY else f"{connection.vendor} (DATABASE_URL, rolled back)"
    print(f"agency report benchmark: {count:,} enrolments in {where}")
    timed("migrate", lambda: call_command("migrate", verbosity=0))
    with transaction.atomic():
        pages = timed("site pages", build_site)
        agencies = timed(f"{PEOPLE:,} people in 30 agencies", build_people)
        courses, quizzes, sessions = timed(
            f"{COURSES} courses, {QUIZ_COURSES} quizzes, a seminar", lambda: build_courses(pages)
        )
        timed("learner records (bulk_create)", lambda: build_records(count, courses, quizzes, sessions))
        ministry = agencies[0]
        clients = readers(ministry)
        print()
        bench_reports(clients, ministry, courses[0])
        print()
        bench_open_data()
        transaction.set_rollback(True)


if __name__ == "__main__":
    try:
        with override_settings(MEDIA_ROOT=str(WORKDIR / "media")):
            main()
    finally:
        connection.close()
        shutil.rmtree(WORKDIR, ignore_errors=True)
        if settings.MEDIA_ROOT and "test-media" in str(settings.MEDIA_ROOT):
            shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
