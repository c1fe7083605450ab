"""Benchmark: quiz pages, starting, saving and grading attempts, and fifty learners submitting at once. Prints its figures.

Run: DJANGO_SETTINGS_MODULE=lms.settings.dev .venv/bin/python bench/bench_quizzes.py
(after `make demo`; set DATABASE_URL to a PostgreSQL database for the concurrent part,
which SQLite cannot show). Pages are fetched in-process with Django's test client as the
demo learner: the quiz page, an open attempt, an autosave and a submitted attempt's
results. The page and single-connection figures come from transactions that are rolled back. The concurrent part needs committed rows: it builds a scratch course under
the catalogue with 50 learners, releases their submits together from 50 threads, checks
that every attempt and answer was kept, and deletes the scratch course and learners again.
"""

import logging
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

import django  # noqa: E402

django.setup()

from decimal import Decimal  # noqa: E402

from django.db import connection, transaction  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.rich_text import RichText  # noqa: E402

ROUNDS = 20
logging.getLogger("wagtail").setLevel(logging.WARNING)  # no line per page created and deleted


def pool(size):
    """``size`` questions of the five types, one point each."""
    kinds = [
        ("single_choice", {"choices": [{"text": "ก", "correct": True}, {"text": "ข", "correct": False}]}),
        (
            "multiple_choice",
            {
                "choices": [
                    {"text": "ก", "correct": True},
                    {"text": "ข", "correct": True},
                    {"text": "ค", "correct": False},
                ],
                "scoring": "partial",
            },
        ),
        ("true_false", {"answer": "true"}),
        ("short_text", {"accepted_answers": ["กรุงเทพมหานคร", "กรุงเทพ"]}),
        ("numeric", {"answer": Decimal("2026"), "tolerance": Decimal("0"), "unit": ""}),
    ]
    questions = []
    for n in range(size):
        kind, value = kinds[n % len(kinds)]
        questions.append(
            (kind, {"prompt": RichText(f"<p>คำถามที่ {n + 1}</p>"), "points": 1, "explanation": RichText(""), **value})
        )
    return questions


def right_answers(attempt):
    from courses.services.quizzes import field_name

    data = QueryDict(mutable=True)
    for answer in attempt.answers.all():
        if answer.is_choice:
            for choice in answer.key["correct"]:
                data.appendlist(field_name(answer), choice)
        elif answer.kind == "short_text":
            data.appendlist(field_name(answer), answer.key["accepted"][0])
        else:
            data.appendlist(field_name(answer), answer.key["answer"])
    return data


def scratch_course(title):
    from courses.models import CourseIndexPage, CoursePage

    index = CourseIndexPage.objects.first()
    course = CoursePage(title=title, slug=f"bench-{int(time.time() * 1000)}", summary="bench")
    index.add_child(instance=course)
    course.save_revision().publish()
    return course


def scratch_quiz(course, size):
    from courses.models import QuizPage

    quiz = QuizPage(title=f"bench quiz {size}", slug=f"quiz-{size}", questions=pool(size), shuffle_choices=True)
    course.add_child(instance=quiz)
    quiz.save_revision().publish()
    return QuizPage.objects.get(pk=quiz.pk)


def timed(action, *args):
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        result = action(*args)
        elapsed = (time.perf_counter() - start) * 1000
    return result, elapsed, len(captured)


def measure(client, label, method, path, data=None, **headers):
    from django.db import reset_queries

    timings, queries, status = [], 0, 0
    for _ in range(ROUNDS):
        reset_queries()
        start = time.perf_counter()
        response = getattr(client, method)(path, data, **headers) if data is not None else client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        queries = len(connection.queries)
        status = response.status_code
    print(f"{label:24} {status:>6} {statistics.median(timings):>10.1f} {queries:>8}")


def bench_pages():
    """The demo learner's quiz pages; their new attempt is rolled back."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from courses.models import Enrolment, QuizAttempt, QuizPage
    from courses.services.quizzes import start_attempt
    from lms.models import User

    settings.DEBUG = True  # record queries
    learner = User.objects.filter(email="learner@demo.go.th").first()
    done = QuizAttempt.objects.filter(user=learner).submitted().select_related("quiz").first() if learner else None
    if done is None:
        print("quiz pages: skipped (run `make demo` first: the demo learner has no attempt)")
        return
    course_ids = Enrolment.objects.filter(user=learner, status="active").values_list("course_id", flat=True)
    quiz = QuizPage.objects.live().filter(attempts__isnull=True).exclude(pk=done.quiz_id)
    quiz = next((q for q in quiz if q.course and q.course.pk in set(course_ids)), None)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(learner)
    print(f"{'page (demo learner)':24} {'status':>6} {'median ms':>10} {'queries':>8}")
    measure(client, "quiz page, 2 attempts", "get", done.quiz.url)
    measure(client, "results with feedback", "get", reverse("courses:attempt", args=[done.pk]))
    if quiz is None:
        return
    with transaction.atomic():
        attempt, _created = start_attempt(learner, quiz)
        data = dict(right_answers(attempt).lists())  # every ticked choice, as a browser posts them
        measure(client, "open attempt", "get", reverse("courses:attempt", args=[attempt.pk]))
        measure(
            client,
            "autosave (JSON)",
            "post",
            reverse("courses:save-attempt", args=[attempt.pk]),
            data,
            HTTP_ACCEPT="application/json",
        )
        transaction.set_rollback(True)
    print()


def bench_single_connection():
    from courses.services.enrolment import enrol_learner
    from courses.services.quizzes import save_answers, start_attempt, submit_attempt
    from lms.models import User

    print(f"{'questions':>9} {'step':10} {'median ms':>10} {'queries':>8}")
    with transaction.atomic():
        course = scratch_course("bench quizzes")
        for size in (5, 50):
            quiz = scratch_quiz(course, size)
            figures = {"start": [], "save": [], "submit": []}
            queries = {}
            for n in range(ROUNDS):
                user = User.objects.create(email=f"bench-quiz-{size}-{n}@example.go.th")
                enrol_learner(course, user, check_dates=False)
                (attempt, _created), ms, count = timed(start_attempt, user, quiz)
                figures["start"].append(ms)
                queries["start"] = count
                data = right_answers(attempt)
                _, ms, count = timed(save_answers, attempt, data)
                figures["save"].append(ms)
                queries["save"] = count
                (graded, _changed), ms, count = timed(submit_attempt, attempt, data)
                figures["submit"].append(ms)
                queries["submit"] = count
                if graded.score != size:
                    raise SystemExit(f"graded {graded.score} of {size}: the benchmark's answers are wrong")
            for step, timings in figures.items():
                print(f"{size:>9} {step:10} {statistics.median(timings):>10.1f} {queries[step]:>8}")
        transaction.set_rollback(True)


def bench_fifty_at_once(count=50):
    from courses.models import QuizAnswer, QuizAttempt
    from courses.services.enrolment import enrol_learner
    from courses.services.quizzes import start_attempt, submit_attempt
    from lms.models import User

    if connection.vendor != "postgresql":
        print(
            f"\n{count} learners submitting at once: skipped (SQLite serialises writers; set DATABASE_URL to PostgreSQL)"
        )
        return
    course = scratch_course("bench concurrent quiz")
    users = []
    try:
        quiz = scratch_quiz(course, 20)
        attempts = []
        for n in range(count):
            user = User.objects.create(email=f"bench-concurrent-{n}@example.go.th")
            users.append(user)
            enrol_learner(course, user, check_dates=False)
            attempt, _created = start_attempt(user, quiz)
            attempts.append((attempt, right_answers(attempt)))
        barrier = threading.Barrier(count)
        failures = []

        def submit(attempt, data):
            try:
                barrier.wait(timeout=30)
                submit_attempt(attempt, data)
            except Exception as error:  # noqa: BLE001 - counted and reported
                failures.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=submit, args=pair) for pair in attempts]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        elapsed = time.perf_counter() - start
        graded = QuizAttempt.objects.filter(quiz=quiz, submitted_at__isnull=False, score=20).count()
        kept = QuizAnswer.objects.filter(attempt__quiz=quiz, is_correct=True).count()
        print(
            f"\n{count} learners submitting 20-question attempts at once: {elapsed * 1000:.0f} ms in all, "
            f"{graded}/{count} attempts graded in full, {kept}/{count * 20} answers kept, {len(failures)} errors"
        )
    finally:
        course.delete()
        User.objects.filter(pk__in=[user.pk for user in users]).delete()


if __name__ == "__main__":
    bench_pages()
    bench_single_connection()
    bench_fifty_at_once()
