"""The "Quiz results" report in the Wagtail editor: who may see it, the figures, the CSV files, query counts."""

import csv
import datetime
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.blocks import StreamValue

from courses.models import AttemptEnd, Enrolment, QuizAttempt
from courses.permissions import course_editors_group
from courses.services.enrolment import enrol_learner
from courses.services.quizzes import field_name, start_attempt, submit_attempt
from lms import roles
from tests.factories import (
    AgencyFactory,
    CivilServantFactory,
    UserFactory,
    make_course,
    make_quiz,
    member_of,
    question,
)

pytestmark = pytest.mark.django_db

QUIZZES_URL = reverse("quiz-results:index")
BANGKOK = datetime.timezone(datetime.timedelta(hours=7))
STARTED = datetime.datetime(2026, 11, 24, 9, 30, tzinfo=BANGKOK)


def results_url(quiz):
    return reverse("quiz-results:attempts", args=[quiz.pk])


def questions_csv_url(quiz):
    return reverse("quiz-results:questions_csv", args=[quiz.pk])


def form(pairs):
    """A QueryDict as a browser would post it, from ``[(field, value), ...]``."""
    data = QueryDict(mutable=True)
    for name, value in pairs:
        data.appendlist(name, value)
    return data


def right_pairs(answer):
    key = answer.key
    if answer.kind in ("single_choice", "multiple_choice", "true_false"):
        return [(field_name(answer), choice) for choice in key["correct"]]
    if answer.kind == "short_text":
        return [(field_name(answer), key["accepted"][0])]
    return [(field_name(answer), key["answer"])]


EVERY_KIND = ("single_choice", "multiple_choice", "true_false", "short_text", "numeric")


def take_quiz(user, quiz, right=EVERY_KIND, started=STARTED, seconds=247):
    """Enrol ``user`` if need be, start an attempt at ``started`` and submit it ``seconds`` later,
    with right answers to the questions of the kinds in ``right`` and none to the others."""
    if not Enrolment.objects.filter(user=user, course=quiz.course).exists():
        enrol_learner(quiz.course, user)
    attempt, _created = start_attempt(user, quiz, now=started)
    pairs = []
    for answer in attempt.answers.all():
        if answer.kind in right:
            pairs += right_pairs(answer)
    attempt, _changed = submit_attempt(attempt, form(pairs), now=started + timedelta(seconds=seconds))
    return attempt


def csv_rows(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def figures(response, name):
    """The text of the summary figure ``name`` (``data-figure``)."""
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one(f"[data-quiz-summary] [data-figure='{name}']").get_text(strip=True)


def question_rows(response):
    """``[(question id, prompt cell, asked, share correct, average score, removed), ...]`` in the page's order."""
    soup = BeautifulSoup(response.content, "html.parser")
    rows = []
    for row in soup.select("[data-question-statistics] tr[data-question]"):
        cells = row.find_all("td")
        rows.append(
            (
                row["data-question"],
                cells[1].get_text(" ", strip=True),
                row.select_one("[data-figure='asked']").get_text(strip=True),
                row.select_one("[data-figure='correct-share']").get_text(strip=True),
                row.select_one("[data-figure='average-score']").get_text(strip=True),
                row.has_attr("data-removed"),
            )
        )
    return rows


def emails_in(response):
    """The e-mails of the learners whose attempts the page lists."""
    return {attempt.user.email for attempt in response.context["object_list"]}


@pytest.fixture
def course(site_pages, instructor):
    return make_course(site_pages["courses"], lessons=1, instructors=[instructor], title="ข้อมูลเปิดภาครัฐ")


@pytest.fixture
def quiz(course):
    return make_quiz(course, title="แบบทดสอบท้ายบท", pass_mark=60)


@pytest.fixture
def other_quiz(site_pages):
    other_course = make_course(site_pages["courses"], lessons=0, instructors=[member_of(roles.INSTRUCTORS)])
    return make_quiz(other_course, title="แบบทดสอบของผู้อื่น")


@pytest.fixture
def people():
    ministry = AgencyFactory(name_th="กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", name_en="Ministry of Digital Economy")
    somchai = CivilServantFactory(
        email="somchai@example.go.th",
        first_name="สมชาย",
        last_name="รักเรียน",
        first_name_en="Somchai",
        last_name_en="Rakrian",
        agency=ministry,
    )
    suda = UserFactory(email="suda@example.go.th", first_name="สุดา", last_name="ใฝ่รู้", first_name_en="", last_name_en="")
    return {"somchai": somchai, "suda": suda}


@pytest.fixture
def attempts(quiz, people):
    """Somchai: 5/5 (passed). Suda: 0/5, then 2/5 (not passed)."""
    return [
        take_quiz(people["somchai"], quiz),
        take_quiz(people["suda"], quiz, right=(), started=STARTED + timedelta(hours=1)),
        take_quiz(people["suda"], quiz, right=("single_choice", "true_false"), started=STARTED + timedelta(hours=2)),
    ]


class TestWhoMaySeeTheResults:
    def test_an_administrator_sees_every_quiz(self, client, administrator, quiz, other_quiz):
        client.force_login(administrator)
        response = client.get(QUIZZES_URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert results_url(quiz) in html and results_url(other_quiz) in html
        assert client.get(results_url(other_quiz)).status_code == 200

    def test_an_instructor_sees_the_quizzes_of_their_courses_only(self, client, instructor, quiz, other_quiz):
        client.force_login(instructor)
        html = client.get(QUIZZES_URL).content.decode()
        assert results_url(quiz) in html
        assert results_url(other_quiz) not in html
        assert client.get(results_url(quiz)).status_code == 200

    def test_another_instructors_quiz_is_not_found_nor_its_csv_files(self, client, instructor, quiz, other_quiz):
        client.force_login(instructor)
        for url in (results_url(other_quiz), results_url(other_quiz) + "?export=csv", questions_csv_url(other_quiz)):
            assert client.get(url).status_code == 404

    def test_a_quiz_that_does_not_exist_is_not_found(self, client, administrator):
        client.force_login(administrator)
        assert client.get(reverse("quiz-results:attempts", args=[999999])).status_code == 404

    def test_a_learner_is_sent_to_the_editors_login(self, client, quiz, attempts, people):
        client.force_login(people["somchai"])
        for url in (QUIZZES_URL, results_url(quiz), results_url(quiz) + "?export=csv", questions_csv_url(quiz)):
            response = client.get(url)
            assert response.status_code == 302
            assert "/admin/login/" in response.url

    def test_a_training_officer_is_turned_away(self, client, quiz, attempts):
        client.force_login(member_of(roles.TRAINING_OFFICERS, preferred_language="en"))
        for url in (QUIZZES_URL, results_url(quiz), questions_csv_url(quiz)):
            response = client.get(url)
            assert response.status_code in (302, 403)
            assert "somchai" not in response.content.decode()

    def test_the_menu_item_shows_to_instructors_with_a_course(self, client, instructor, quiz):
        client.force_login(instructor)
        assert QUIZZES_URL in client.get("/admin/").content.decode()
        client.force_login(member_of(roles.TRAINING_OFFICERS, preferred_language="en"))
        assert QUIZZES_URL not in client.get("/admin/").content.decode()

    def test_the_page_explorer_offers_results_on_the_instructors_quizzes(self, client, instructor, course, quiz):
        client.force_login(instructor)
        explorer = client.get(reverse("wagtailadmin_explore", args=[course.pk])).content.decode()
        assert results_url(quiz) in explorer
        editor = client.get(reverse("wagtailadmin_pages:edit", args=[quiz.pk])).content.decode()
        assert results_url(quiz) in editor

    def test_the_page_explorer_offers_no_results_to_an_editor_who_may_not_see_them(self, client, course, quiz):
        # A course editor who is no longer listed among the instructors keeps no view of the results.
        editor = member_of(roles.INSTRUCTORS, preferred_language="en")
        course_editors_group(course.pk).user_set.add(editor)
        client.force_login(editor)
        explorer = client.get(reverse("wagtailadmin_explore", args=[course.pk]))
        assert explorer.status_code == 200
        assert reverse("wagtailadmin_pages:edit", args=[quiz.pk]) in explorer.content.decode()
        assert results_url(quiz) not in explorer.content.decode()


class TestTheQuizList:
    def test_each_quiz_shows_its_course_attempts_learners_pass_rate_and_average(
        self, client, instructor, quiz, attempts
    ):
        client.force_login(instructor)
        response = client.get(QUIZZES_URL)
        soup = BeautifulSoup(response.content, "html.parser")
        [row] = soup.select("table tbody tr")
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        assert cells[0] == "ข้อมูลเปิดภาครัฐ"
        assert "แบบทดสอบท้ายบท" in cells[1]
        # 3 attempts by 2 learners; 1 of them passed; (100 + 0 + 40) / 3.
        assert cells[2:] == ["3", "2", "50%", "46.7%"]

    def test_a_quiz_nobody_attempted_is_listed_without_figures(self, client, instructor, quiz):
        client.force_login(instructor)
        soup = BeautifulSoup(client.get(QUIZZES_URL).content, "html.parser")
        [row] = soup.select("table tbody tr")
        assert [cell.get_text(strip=True) for cell in row.find_all("td")][2:] == ["0", "0", "–", "–"]


class TestTheQuizResults:
    def test_the_summary_counts_submitted_attempts_and_learners(self, client, instructor, quiz, attempts):
        enrol_learner(quiz.course, learner := UserFactory())
        start_attempt(learner, quiz)  # in progress: not counted
        client.force_login(instructor)
        response = client.get(results_url(quiz))
        assert response.status_code == 200
        assert [figures(response, name) for name in ("attempts", "learners", "pass-rate", "average", "best")] == [
            "3",
            "2",
            "50%",
            "46.7%",
            "100%",
        ]
        assert figures(response, "in-progress") == "1"

    def test_each_attempt_shows_the_learner_score_time_taken_and_result(
        self, client, instructor, quiz, attempts, people
    ):
        client.force_login(instructor)
        response = client.get(results_url(quiz), {"q": "somchai"})
        soup = BeautifulSoup(response.content, "html.parser")
        [row] = soup.select("#listing-results table tbody tr")
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        assert cells == [
            people["somchai"].get_full_name_en(),
            "somchai@example.go.th",
            "Ministry of Digital Economy",
            "1",
            "24 Nov 2026 09:30",
            "0:04:07",
            "5 / 5",
            "100%",
            "Passed",
            "Submitted",
        ]

    def test_dates_are_in_the_buddhist_era_when_the_editor_is_in_thai(self, client, quiz, attempts):
        thai_instructor = member_of(roles.INSTRUCTORS, preferred_language="th")
        quiz.course.course_instructors.update(user=thai_instructor)
        client.force_login(thai_instructor)
        html = client.get(results_url(quiz)).content.decode()
        assert "24 พ.ย. 69 09:30 น." in html

    def test_filtering_by_result_and_searching_by_name_or_email(self, client, instructor, quiz, attempts):
        client.force_login(instructor)
        passed = client.get(results_url(quiz), {"result": "yes"})
        assert [a.user.email for a in passed.context["object_list"]] == ["somchai@example.go.th"]
        failed = client.get(results_url(quiz), {"result": "no"})
        assert [a.number for a in failed.context["object_list"]] == [2, 1]
        assert emails_in(client.get(results_url(quiz), {"q": "สุดา ใฝ่รู้"})) == {"suda@example.go.th"}
        assert emails_in(client.get(results_url(quiz), {"q": "SUDA@"})) == {"suda@example.go.th"}

    def test_an_attempt_still_open_is_not_listed(self, client, instructor, quiz, attempts):
        enrol_learner(quiz.course, learner := UserFactory(email="busy@example.go.th"))
        start_attempt(learner, quiz)
        client.force_login(instructor)
        response = client.get(results_url(quiz))
        assert len(response.context["object_list"]) == 3
        assert "busy@example.go.th" not in response.content.decode()

    def test_the_attempts_are_paginated_by_fifty(self, client, instructor, quiz):
        learner = UserFactory()
        enrol_learner(quiz.course, learner)
        for n in range(52):
            QuizAttempt.objects.create(
                user=learner, quiz=quiz, course=quiz.course, number=n + 1, pass_mark=60, max_score=5, score=5,
                percentage=100, passed=True, submitted_at=timezone.now(), ended_by=AttemptEnd.SUBMITTED,
            )  # fmt: skip
        client.force_login(instructor)
        first = client.get(results_url(quiz))
        second = client.get(results_url(quiz), {"p": 2})
        assert len(first.context["object_list"]) == 50
        assert len(second.context["object_list"]) == 2

    def test_an_attempt_whose_time_ran_out_is_graded_when_the_results_open(self, client, instructor, site_pages):
        course = make_course(site_pages["courses"], lessons=0, instructors=[instructor])
        timed = make_quiz(course, time_limit_minutes=10)
        learner = UserFactory(email="late@example.go.th")
        enrol_learner(course, learner)
        attempt, _created = start_attempt(learner, timed, now=timezone.now() - timedelta(hours=1))
        client.force_login(instructor)

        response = client.get(results_url(timed))

        attempt.refresh_from_db()
        assert attempt.ended_by == AttemptEnd.TIME_UP
        assert attempt.percentage == 0
        assert figures(response, "attempts") == "1"
        assert figures(response, "in-progress") == "0"
        soup = BeautifulSoup(response.content, "html.parser")
        [row] = soup.select("#listing-results table tbody tr")
        cells = [cell.get_text(strip=True) for cell in row.find_all("td")]
        assert cells[1] == "late@example.go.th"
        assert cells[5] == "0:10:00"  # until the deadline, not until the report was opened
        assert cells[-1] == "Time ran out"


class TestQuestionStatistics:
    def test_each_question_shows_how_often_it_was_asked_and_answered_correctly(
        self, client, instructor, quiz, attempts
    ):
        client.force_login(instructor)
        rows = question_rows(client.get(results_url(quiz)))
        assert [row[0] for row in rows] == [block.id for block in quiz.questions]
        assert [row[2:] for row in rows] == [
            ("3", "66.7%", "0.67 of 1", False),
            ("3", "33.3%", "0.33 of 1", False),
            ("3", "66.7%", "0.67 of 1", False),
            ("3", "33.3%", "0.33 of 1", False),
            ("3", "33.3%", "0.33 of 1", False),
        ]
        assert rows[0][1] == "เมืองหลวงของประเทศไทยคือเมืองใด"  # the prompt without its <p>

    def test_the_type_is_named_for_people(self, client, instructor, quiz, attempts):
        client.force_login(instructor)
        soup = BeautifulSoup(client.get(results_url(quiz)).content, "html.parser")
        types = [row.find_all("td")[2].get_text(strip=True) for row in soup.select("tr[data-question]")]
        assert types == ["Single choice", "Multiple choice", "True or false", "Short text answer", "Numeric answer"]

    def test_a_question_removed_from_the_pool_is_listed_last_and_marked(self, client, instructor, quiz, attempts):
        blocks = list(quiz.questions)
        removed = blocks[0]
        # The instructor takes out the first question and moves the last one to the top.
        kept = [blocks[4], blocks[1], blocks[2], blocks[3]]
        quiz.questions = StreamValue(quiz.questions.stream_block, [(b.block_type, b.value, b.id) for b in kept])
        quiz.save()
        client.force_login(instructor)

        rows = question_rows(client.get(results_url(quiz)))

        assert [row[0] for row in rows] == [blocks[4].id, blocks[1].id, blocks[2].id, blocks[3].id, removed.id]
        assert rows[-1][5] is True
        assert "Removed from the quiz" in rows[-1][1]
        assert rows[-1][2:5] == ("3", "66.7%", "0.67 of 1")
        assert not any(row[5] for row in rows[:-1])

    def test_a_question_not_asked_yet_shows_no_share(self, client, instructor, quiz):
        client.force_login(instructor)
        rows = question_rows(client.get(results_url(quiz)))
        assert len(rows) == 5
        assert rows[0][2:5] == ("0", "–", "–")

    def test_a_long_prompt_with_markup_is_shown_as_short_plain_text(self, client, instructor, course):
        long_prompt = "<b>ตัวหนา</b> &amp; " + "ข้อความยาว " * 40
        long_quiz = make_quiz(course, questions=[question("true_false", long_prompt, answer="true")])
        client.force_login(instructor)
        [row] = question_rows(client.get(results_url(long_quiz)))
        assert row[1].startswith("ตัวหนา & ข้อความยาว")
        assert "<b>" not in row[1]
        assert len(row[1]) < len("ตัวหนา & " + "ข้อความยาว " * 40) / 2
        assert row[1].endswith("…")


class TestTheCsvFiles:
    def test_the_attempts_csv_has_a_bom_headers_and_every_submitted_attempt(
        self, client, instructor, quiz, attempts, people
    ):
        client.force_login(instructor)
        response = client.get(results_url(quiz), {"export": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        disposition = response["Content-Disposition"]
        assert f'filename="quiz-{quiz.pk}-attempts-' in disposition and disposition.isascii()
        header, *rows = csv_rows(response)
        assert header == [
            "Name", "E-mail", "Agency", "Attempt", "Started", "Time taken", "Score", "Maximum score", "Percentage",
            "Result", "Ended by",
        ]  # fmt: skip
        assert len(rows) == 3
        somchai = next(row for row in rows if row[1] == "somchai@example.go.th")
        assert somchai == [
            people["somchai"].get_full_name_en(),
            "somchai@example.go.th",
            "Ministry of Digital Economy",
            "1",
            "2026-11-24 09:30",
            "0:04:07",
            "5",
            "5",
            "100",
            "Passed",
            "Submitted",
        ]
        # Suda has no English name: her Thai name is kept as it is.
        assert {row[0] for row in rows if row[1] == "suda@example.go.th"} == {"นางสาวสุดา ใฝ่รู้"}

    def test_the_results_page_offers_the_two_csv_files_and_no_other_format(self, client, instructor, quiz):
        client.force_login(instructor)
        html = client.get(results_url(quiz), {"result": "no"}).content.decode()
        assert "export=csv" in html and "result=no" in html
        assert questions_csv_url(quiz) in html
        assert "export=xlsx" not in html

    def test_the_attempts_csv_follows_the_filters(self, client, instructor, quiz, attempts):
        client.force_login(instructor)
        _header, *rows = csv_rows(client.get(results_url(quiz), {"export": "csv", "result": "no"}))
        assert [(row[1], row[3]) for row in rows] == [("suda@example.go.th", "2"), ("suda@example.go.th", "1")]
        _header, *rows = csv_rows(client.get(results_url(quiz), {"export": "csv", "q": "somchai"}))
        assert [row[1] for row in rows] == ["somchai@example.go.th"]

    def test_a_name_that_looks_like_a_formula_is_exported_as_text(self, client, instructor, quiz):
        formula = {"first_name": "=HYPERLINK(1)", "last_name": "", "first_name_en": "=HYPERLINK(1)", "last_name_en": ""}
        take_quiz(UserFactory(name_prefix="", **formula), quiz)
        client.force_login(instructor)
        _header, row = csv_rows(client.get(results_url(quiz), {"export": "csv"}))
        assert row[0] == "'=HYPERLINK(1)"

    def test_the_question_statistics_csv(self, client, instructor, quiz, attempts):
        client.force_login(instructor)
        response = client.get(questions_csv_url(quiz))
        assert response.status_code == 200
        assert f'filename="quiz-{quiz.pk}-questions-' in response["Content-Disposition"]
        header, *rows = csv_rows(response)
        assert header == [
            "Position", "Question", "Type", "Times asked", "Answered correctly (%)", "Average score", "Points",
            "In the quiz", "Question id",
        ]  # fmt: skip
        assert rows[0] == [
            "1",
            "เมืองหลวงของประเทศไทยคือเมืองใด",
            "Single choice",
            "3",
            "66.7",
            "0.67",
            "1",
            "Yes",
            list(quiz.questions)[0].id,
        ]
        assert len(rows) == 5

    def test_a_prompt_that_looks_like_a_formula_is_exported_as_text(self, client, instructor, course):
        formula_quiz = make_quiz(course, questions=[question("true_false", "=1+1", answer="true")])
        client.force_login(instructor)
        _header, row = csv_rows(client.get(questions_csv_url(formula_quiz)))
        assert row[1] == "'=1+1"


class TestQueryCount:
    def test_the_quiz_list_does_not_grow_with_the_quizzes(self, client, administrator, site_pages):
        client.force_login(administrator)
        client.get(QUIZZES_URL)  # warms the per-process caches (content types, ...)
        counts = []
        for size in (2, 6):
            while QuizAttempt.objects.values("quiz").distinct().count() < size:
                course = make_course(site_pages["courses"], lessons=0)
                take_quiz(UserFactory(), make_quiz(course))
            with CaptureQueriesContext(connection) as queries:
                assert client.get(QUIZZES_URL).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]

    @pytest.mark.parametrize("params", [{}, {"export": "csv"}], ids=["page", "csv"])
    def test_the_results_do_not_grow_with_the_attempts(self, client, instructor, quiz, params):
        client.force_login(instructor)
        client.get(results_url(quiz), params)  # warms the per-process caches (content types, ...)
        counts = []
        for size in (3, 12):
            while QuizAttempt.objects.filter(quiz=quiz).count() < size:
                take_quiz(CivilServantFactory(), quiz, right=("true_false",))
            with CaptureQueriesContext(connection) as queries:
                assert client.get(results_url(quiz), params).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]

    def test_the_question_csv_does_not_grow_with_the_attempts(self, client, instructor, quiz):
        client.force_login(instructor)
        client.get(questions_csv_url(quiz))
        counts = []
        for size in (3, 12):
            while QuizAttempt.objects.filter(quiz=quiz).count() < size:
                take_quiz(CivilServantFactory(), quiz)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(questions_csv_url(quiz)).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]
