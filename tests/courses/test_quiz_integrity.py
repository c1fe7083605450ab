"""Integrity of a quiz (issue 4, part 3): no page or response gives an answer away before the
attempt is submitted (nor the API or the site search, ever), an attempt is its learner's
alone, a form that is not the attempt's records nothing, and a badly typed answer is
refused while the answers posted with it are kept."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import QuizAttempt
from courses.services.enrolment import enrol_learner
from courses.services.quizzes import field_name, save_answers, start_attempt
from tests.courses.test_quiz_pages import (
    as_form,
    attempt_url,
    json_post,
    message_texts,
    responses,
    right_answers,
    save_url,
    start_url,
    submit_url,
)
from tests.factories import UserFactory, make_course, make_quiz, question

pytestmark = pytest.mark.django_db

# Strings and a number found nowhere else on the pages: if one shows, an answer leaked.
EXPLANATION_MARKER = "explanation-marker-qz7Kp"
ACCEPTED_MARKER = "accepted-marker-Wx3vN"
SECOND_ACCEPTED_MARKER = "accepted-marker-Jd8rT"
NUMBER_MARKER = "31415926"
RIGHT_CHOICE = "Right choice text"
WRONG_CHOICE = "Wrong choice text"


def marked_questions():
    return [
        question(
            "single_choice",
            "Which one?",
            explanation=EXPLANATION_MARKER,
            choices=[(WRONG_CHOICE, False), (RIGHT_CHOICE, True), ("Another wrong choice", False)],
        ),
        question(
            "multiple_choice",
            "Which ones?",
            explanation=EXPLANATION_MARKER,
            choices=[(RIGHT_CHOICE + " A", True), (WRONG_CHOICE + " B", False), (RIGHT_CHOICE + " C", True)],
        ),
        question("true_false", "True or not?", answer="false", explanation=EXPLANATION_MARKER),
        question(
            "short_text", "Type it", accepted=[ACCEPTED_MARKER, SECOND_ACCEPTED_MARKER], explanation=EXPLANATION_MARKER
        ),
        question("numeric", "How many?", answer=f"{NUMBER_MARKER}.5", tolerance="0.25", explanation=EXPLANATION_MARKER),
    ]


def assert_no_marker(text):
    for marker in (EXPLANATION_MARKER, ACCEPTED_MARKER, SECOND_ACCEPTED_MARKER, NUMBER_MARKER):
        assert marker not in text, f"{marker} is in the page"
    assert "data-correct" not in text
    assert not re.search(r'(class|data-[\w-]+)="[^"]*correct', text)


@pytest.fixture
def course(index):
    return make_course(index, lessons=1)


@pytest.fixture
def enrolled(course, learner):
    enrol_learner(course, learner)
    return learner


@pytest.fixture
def learner_client(client, enrolled):
    client.force_login(enrolled)
    return client


@pytest.fixture
def quiz(course):
    return make_quiz(course, questions=marked_questions(), time_limit_minutes=30)


@pytest.fixture
def someone_else(course):
    other = UserFactory(preferred_language="en")
    enrol_learner(course, other)
    client = Client()
    client.force_login(other)
    return other, client


def assert_answers_without_key(response):
    """The answers a page was made from were loaded without their key and explanation."""
    answers = response.context["answers"]
    assert answers
    for answer in answers:
        assert {"key", "explanation"} <= answer.get_deferred_fields()


def choice_items(html, answer):
    """The markup of each choice of ``answer`` on the attempt page, in the order shown."""
    fieldset = re.search(rf'<fieldset[^>]*data-quiz-question="{field_name(answer)}".*?</fieldset>', html, re.S).group(0)
    return re.findall(r'<li class="quiz-choice">.*?</li>', fieldset, re.S)


def neutral(markup, answer):
    """``markup`` with the choice's own text, id, value and position replaced by placeholders."""
    for choice in answer.display_choices:
        markup = markup.replace(choice["id"], "ID").replace(choice["text"], "TEXT")
    return re.sub(rf"{field_name(answer)}-\d+", "FIELD-N", markup)


class TestNothingGivesTheAnswerAway:
    def test_the_quiz_page_has_no_answer(self, learner_client, quiz, enrolled):
        start_attempt(enrolled, quiz)

        response = learner_client.get(quiz.url)

        assert response.status_code == 200
        assert_no_marker(response.content.decode())
        assert RIGHT_CHOICE not in response.content.decode()

    def test_the_open_attempt_page_has_no_answer(self, learner_client, quiz, enrolled):
        attempt, _ = start_attempt(enrolled, quiz)

        response = learner_client.get(attempt_url(attempt))

        assert response.status_code == 200
        html = response.content.decode()
        assert RIGHT_CHOICE in html  # the choices are there, only not which is right
        assert_no_marker(html)

    def test_a_right_and_a_wrong_choice_have_the_same_markup(self, learner_client, quiz, enrolled):
        attempt, _ = start_attempt(enrolled, quiz)
        html = learner_client.get(attempt_url(attempt)).content.decode()

        for kind in ("single_choice", "multiple_choice", "true_false"):
            answer = attempt.answers.get(kind=kind)
            items = choice_items(html, answer)
            assert len(items) == len(answer.choices)
            shapes = {neutral(item, answer) for item in items}
            assert len(shapes) == 1, shapes

    def test_the_save_response_has_no_answer(self, learner_client, quiz, enrolled):
        attempt, _ = start_attempt(enrolled, quiz)
        data = right_answers(attempt)

        response = json_post(learner_client, save_url(attempt), data)

        assert response.status_code == 200
        assert_no_marker(response.content.decode())
        assert response.json() == {"saved": True, "answered": 5, "total": 5}

    def test_the_form_sent_back_with_errors_has_no_answer(self, learner_client, quiz, enrolled):
        attempt, _ = start_attempt(enrolled, quiz)
        numeric = attempt.answers.get(kind="numeric")

        response = learner_client.post(save_url(attempt), {field_name(numeric): "not a number"})

        assert response.status_code == 400
        assert_no_marker(response.content.decode())

    def test_the_unanswered_warning_has_no_answer(self, learner_client, quiz, enrolled):
        attempt, _ = start_attempt(enrolled, quiz)

        response = learner_client.post(submit_url(attempt), {})

        assert response.status_code == 200
        assert_no_marker(response.content.decode())

    def test_the_open_attempt_page_never_reads_the_key_or_the_explanation(self, learner_client, quiz, enrolled):
        attempt, _ = start_attempt(enrolled, quiz)

        with CaptureQueriesContext(connection) as captured:
            response = learner_client.get(attempt_url(attempt))

        assert response.status_code == 200
        assert_answers_without_key(response)
        answer_columns = ('"courses_quizanswer"."key"', '"courses_quizanswer"."explanation"')
        pool_column = '"courses_quizpage"."questions"'
        for query in captured.captured_queries:
            assert not any(column in query["sql"] for column in answer_columns), query["sql"]
            assert pool_column not in query["sql"], query["sql"]

    def test_the_forms_sent_back_carry_answers_without_the_key(self, learner_client, quiz, enrolled):
        attempt, _ = start_attempt(enrolled, quiz)
        numeric = attempt.answers.get(kind="numeric")

        with_errors = learner_client.post(save_url(attempt), {field_name(numeric): "not a number"})
        unanswered = learner_client.post(submit_url(attempt), {})

        assert (with_errors.status_code, unanswered.status_code) == (400, 200)
        assert_answers_without_key(with_errors)
        assert_answers_without_key(unanswered)

    def test_the_api_and_the_site_search_never_show_the_answers(self, client, quiz, enrolled):
        start_attempt(enrolled, quiz)  # the answers copied into an attempt are not pages either
        client.cookies["lms_language"] = "en"
        listing = client.get("/api/v2/pages/", {"type": "courses.QuizPage", "fields": "*"})
        detail = client.get(f"/api/v2/pages/{quiz.pk}/")
        asked_for = client.get("/api/v2/pages/", {"type": "courses.QuizPage", "fields": "questions"})

        assert listing.status_code == 200
        assert [page["id"] for page in listing.json()["items"]] == [quiz.pk]
        assert detail.status_code == 200
        assert detail.json()["title"] == quiz.title
        assert asked_for.status_code == 400  # the pool is not one of the API's fields
        for response in (listing, detail, asked_for):
            assert_no_marker(response.content.decode())
        by_title = client.get(reverse("search"), {"q": quiz.title})
        assert quiz.title in by_title.content.decode()  # the quiz is in the index, its answers are not
        assert_no_marker(by_title.content.decode())
        for marker in (EXPLANATION_MARKER, ACCEPTED_MARKER, SECOND_ACCEPTED_MARKER, NUMBER_MARKER):
            searched = client.get(reverse("search"), {"q": marker})
            assert searched.status_code == 200
            assert searched.context["results"].paginator.count == 0
            html = searched.content.decode()
            assert f"Nothing on this site matches “{marker}”." in html  # the query itself, said back
            assert quiz.title not in html
            api_search = client.get("/api/v2/pages/", {"search": marker})
            assert api_search.status_code == 200
            assert api_search.json()["meta"]["total_count"] == 0

    def test_a_submitted_attempt_shows_nothing_while_another_is_open(self, learner_client, quiz, enrolled):
        first, _ = start_attempt(enrolled, quiz)
        learner_client.post(submit_url(first), {**right_answers(first), "confirm": "1"})
        start_attempt(enrolled, quiz)

        html = learner_client.get(attempt_url(first)).content.decode()

        assert_no_marker(html)


class TestAnAttemptIsItsLearnersAlone:
    def test_another_learner_cannot_see_the_attempt(self, quiz, enrolled, someone_else):
        attempt, _ = start_attempt(enrolled, quiz)
        _other, client = someone_else

        assert client.get(attempt_url(attempt)).status_code == 404

    def test_another_learner_cannot_save_or_submit_the_attempt(self, quiz, enrolled, someone_else):
        attempt, _ = start_attempt(enrolled, quiz)
        _other, client = someone_else
        data = right_answers(attempt)

        assert client.post(save_url(attempt), data).status_code == 404
        assert json_post(client, save_url(attempt), data).status_code == 404
        assert client.post(submit_url(attempt), {**data, "confirm": "1"}).status_code == 404

        attempt.refresh_from_db()
        assert attempt.is_open
        assert responses(attempt) == [None] * 5

    def test_another_learners_submitted_attempt_is_not_found_either(self, learner_client, quiz, course, someone_else):
        other, _client = someone_else
        theirs, _ = start_attempt(other, quiz)

        assert learner_client.get(attempt_url(theirs)).status_code == 404

    def test_a_guest_is_sent_to_log_in_rather_than_told_anything(self, guest, quiz, enrolled):
        attempt, _ = start_attempt(enrolled, quiz)

        for response in (guest.get(attempt_url(attempt)), guest.post(submit_url(attempt), {"confirm": "1"})):
            assert response.status_code == 302
            assert response["Location"].startswith("/account/login/")
        attempt.refresh_from_db()
        assert attempt.is_open


class TestRefusedAnswers:
    def test_an_answer_to_a_question_of_another_attempt_is_refused(self, learner_client, quiz, enrolled, someone_else):
        mine, _ = start_attempt(enrolled, quiz)
        other, _client = someone_else
        theirs, _ = start_attempt(other, quiz)
        their_true_false = theirs.answers.get(kind="true_false")
        data = {**right_answers(mine), field_name(their_true_false): "false"}

        response = json_post(learner_client, save_url(mine), data)

        assert response.status_code == 400
        assert response.json()["saved"] is False
        assert "not part of this attempt" in response.json()["errors"]["__all__"]
        assert responses(mine) == [None] * 5
        assert responses(theirs) == [None] * 5

    def test_an_answer_to_a_question_of_another_attempt_is_refused_without_javascript(
        self, learner_client, quiz, enrolled, someone_else
    ):
        mine, _ = start_attempt(enrolled, quiz)
        other, _client = someone_else
        theirs, _ = start_attempt(other, quiz)
        their_answer = theirs.answers.get(kind="true_false")

        response = learner_client.post(submit_url(mine), {**right_answers(mine), field_name(their_answer): "false"})

        assert response.status_code == 400
        html = response.content.decode()
        assert "There is a problem: nothing was saved" in html
        assert "Your answers include a question that is not part of this attempt." in html
        mine.refresh_from_db()
        assert mine.is_open
        assert responses(mine) == [None] * 5

    def test_a_choice_of_another_question_is_refused(self, learner_client, quiz, enrolled):
        attempt, _ = start_attempt(enrolled, quiz)
        single = attempt.answers.get(kind="single_choice")
        multiple = attempt.answers.get(kind="multiple_choice")
        data = {**right_answers(attempt), field_name(single): [multiple.choices[0]["id"]]}

        response = json_post(learner_client, save_url(attempt), data)

        assert response.status_code == 400
        assert response.json() == {
            "errors": {field_name(single): "That choice is not one of this question's choices."},
            "saved": False,
        }
        assert responses(attempt) == [None] * 5

    def test_a_choice_of_another_question_on_submit_saves_and_grades_nothing(self, learner_client, quiz, enrolled):
        attempt, _ = start_attempt(enrolled, quiz)
        single = attempt.answers.get(kind="single_choice")
        multiple = attempt.answers.get(kind="multiple_choice")
        data = {**right_answers(attempt), field_name(single): [multiple.choices[0]["id"]]}

        response = learner_client.post(submit_url(attempt), {**data, "confirm": "1"})

        assert response.status_code == 400
        html = response.content.decode()
        assert "There is a problem: nothing was saved" in html
        assert "That choice is not one of this question&#x27;s choices." in html
        attempt.refresh_from_db()
        assert attempt.is_open
        assert responses(attempt) == [None] * 5

    def test_a_text_answer_of_100_kb_is_refused_with_a_clear_message_and_the_others_are_kept(
        self, learner_client, quiz, enrolled
    ):
        attempt, _ = start_attempt(enrolled, quiz)
        short = attempt.answers.get(kind="short_text")
        save_answers(attempt, as_form({field_name(short): ["คำตอบเดิม"]}))
        data = {**right_answers(attempt), field_name(short): "ก" * 100_000}
        kept = [data[field_name(answer)] for answer in attempt.answers.order_by("position")]
        kept[3] = "คำตอบเดิม"  # the short answer keeps what was saved before
        kept[4] = kept[4][0]  # a number is stored as its text

        response = learner_client.post(submit_url(attempt), {**data, "confirm": "1"})

        assert response.status_code == 400
        html = response.content.decode()
        assert "Some answers could not be saved" in html
        assert "Keep your answer to 500 characters or fewer; this one has 100000." in html
        attempt.refresh_from_db()
        assert attempt.is_open
        assert responses(attempt) == kept

    def test_a_script_posting_a_text_answer_of_100_kb_is_told_the_others_are_saved(
        self, learner_client, quiz, enrolled
    ):
        attempt, _ = start_attempt(enrolled, quiz)
        short = attempt.answers.get(kind="short_text")
        true_false = attempt.answers.get(kind="true_false")

        response = json_post(
            learner_client, save_url(attempt), {field_name(short): "ก" * 100_000, field_name(true_false): "true"}
        )

        assert response.status_code == 400
        assert response.json() == {
            "errors": {field_name(short): "Keep your answer to 500 characters or fewer; this one has 100000."},
            "saved": True,
            "answered": 1,
            "total": 5,
        }
        assert responses(attempt) == [None, None, ["true"], None, None]

    def test_a_submit_after_the_deadline_is_graded_on_the_answers_saved_before(self, learner_client, quiz, enrolled):
        attempt, _ = start_attempt(enrolled, quiz)
        first = attempt.answers.get(position=1)
        save_answers(attempt, as_form({field_name(first): first.key["correct"]}))
        # The clock moves on: the attempt started 40 minutes ago, its 30 minutes and the grace are over.
        QuizAttempt.objects.filter(pk=attempt.pk).update(
            started_at=timezone.now() - timedelta(minutes=40), deadline=timezone.now() - timedelta(minutes=10)
        )

        response = learner_client.post(submit_url(attempt), {**right_answers(attempt), "confirm": "1"})

        assert response["Location"] == attempt_url(attempt)
        assert any(text.startswith("Time is up.") for text in message_texts(response))
        attempt.refresh_from_db()
        assert attempt.ended_by == "time_up"
        assert attempt.score == 1  # the one answer saved in time, not the five posted late
        assert responses(attempt)[1:] == [None] * 4
        html = learner_client.get(attempt_url(attempt)).content.decode()
        assert "Time ran out: graded on the answers saved." in html

    def test_a_start_after_the_last_attempt_is_refused(self, learner_client, course, enrolled):
        quiz = make_quiz(course, questions=marked_questions(), max_attempts=1)
        attempt, _ = start_attempt(enrolled, quiz)
        learner_client.post(submit_url(attempt), {"confirm": "1"})

        response = learner_client.post(start_url(quiz))

        assert response["Location"] == quiz.url
        assert "You have used all your attempts at this quiz." in message_texts(response)
        assert QuizAttempt.objects.filter(user=enrolled, quiz=quiz).count() == 1

    def test_a_learner_not_enrolled_cannot_start(self, client, quiz, learner):
        client.force_login(learner)

        response = client.post(start_url(quiz))

        assert response["Location"] == quiz.url
        assert "Enrol in this course to take its quizzes." in message_texts(response)
        assert not QuizAttempt.objects.exists()
        follow = client.get(quiz.url)
        assert follow.status_code == 403
        assert "How to enrol" in follow.content.decode()

    def test_a_repeated_submit_changes_nothing(self, learner_client, quiz, enrolled):
        attempt, _ = start_attempt(enrolled, quiz)
        learner_client.post(submit_url(attempt), {**right_answers(attempt), "confirm": "1"})
        graded = QuizAttempt.objects.get(pk=attempt.pk)
        saved = responses(attempt)

        response = learner_client.post(submit_url(attempt), {"confirm": "1"})
        json_response = json_post(learner_client, save_url(attempt), {})

        assert response["Location"] == attempt_url(attempt)
        assert "This attempt has already been submitted; nothing was changed." in message_texts(response)
        assert json_response.status_code == 409
        again = QuizAttempt.objects.get(pk=attempt.pk)
        assert (again.score, again.percentage, again.passed, again.submitted_at) == (
            graded.score,
            graded.percentage,
            graded.passed,
            graded.submitted_at,
        )
        assert responses(attempt) == saved
