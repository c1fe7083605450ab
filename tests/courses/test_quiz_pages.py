"""The learner's quiz pages: the quiz page, starting, the attempt form, saving, submitting and the results."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import PageViewRestriction

from courses.models import CoursePage, FeedbackMode, QuizAnswer, QuizAttempt, QuizPage
from courses.services.enrolment import enrol_learner
from courses.services.quizzes import field_name, save_answers, start_attempt, submit_attempt
from tests.factories import UserFactory, make_course, make_quiz, question

pytestmark = pytest.mark.django_db

PROMPTS = [
    "เมืองหลวงของประเทศไทยคือเมืองใด",
    "ข้อใดเป็นจังหวัดภาคเหนือ",
    "ปีงบประมาณเริ่มวันที่ 1 ตุลาคม",
    "พ.ศ. ย่อมาจากอะไร",
    "ปี พ.ศ. 2569 ตรงกับปี ค.ศ. ใด",
]


# --- helpers shared with test_quiz_integrity.py


def start_url(quiz):
    return reverse("courses:start-quiz", args=[quiz.pk])


def attempt_url(attempt):
    return reverse("courses:attempt", args=[attempt.pk])


def save_url(attempt):
    return reverse("courses:save-attempt", args=[attempt.pk])


def submit_url(attempt):
    return reverse("courses:submit-attempt", args=[attempt.pk])


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def right_answers(attempt):
    """What a browser posts when every question of ``attempt`` is answered correctly: ``{field: [values]}``."""
    data = {}
    for answer in attempt.answers.all():
        key = answer.key
        if answer.kind in ("single_choice", "multiple_choice", "true_false"):
            data[field_name(answer)] = list(key["correct"])
        elif answer.kind == "short_text":
            data[field_name(answer)] = [key["accepted"][0]]
        else:
            data[field_name(answer)] = [key["answer"]]
    return data


def wrong_answers(attempt):
    """Every question of ``attempt`` answered, and wrongly."""
    data = {}
    for answer in attempt.answers.all():
        if answer.kind in ("single_choice", "multiple_choice", "true_false"):
            wrong = next(choice["id"] for choice in answer.choices if choice["id"] not in answer.key["correct"])
            data[field_name(answer)] = [wrong]
        elif answer.kind == "short_text":
            data[field_name(answer)] = ["คำตอบที่ผิด"]
        else:
            data[field_name(answer)] = ["-1"]
    return data


def mixed_answers(attempt, right):
    """Every question of ``attempt`` answered: the first ``right`` of them rightly, the others wrongly."""
    good, bad = right_answers(attempt), wrong_answers(attempt)
    fields = [field_name(answer) for answer in attempt.answers.order_by("position")]
    return {field: (good if index < right else bad)[field] for index, field in enumerate(fields)}


def as_form(data):
    query = QueryDict(mutable=True)
    for name, values in data.items():
        query.setlist(name, values)
    return query


def responses(attempt):
    return list(attempt.answers.order_by("position").values_list("response", flat=True))


def json_post(client, url, data):
    return client.post(url, data, HTTP_ACCEPT="application/json")


# --- fixtures


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


def finished_attempt(user, quiz, answers="wrong", now=None):
    """A submitted attempt of ``user`` at ``quiz``, answered all right or all wrong."""
    attempt, _created = start_attempt(user, quiz, now=now)
    data = right_answers(attempt) if answers == "right" else wrong_answers(attempt)
    attempt, _changed = submit_attempt(attempt, as_form(data), now=now)
    return attempt


class TestTheQuizPage:
    def test_an_enrolled_learner_sees_the_rules_and_the_start_button(self, learner_client, course):
        quiz = make_quiz(course, pass_mark=70, max_attempts=3, time_limit_minutes=20, required_for_completion=True)

        response = learner_client.get(quiz.url)

        assert response.status_code == 200
        html = response.content.decode()
        assert "Questions per attempt</dt><dd>5</dd>" in html
        assert "Pass mark</dt><dd>70%</dd>" in html
        assert "Attempts allowed</dt><dd>3</dd>" in html
        assert "Attempts left</dt><dd>3</dd>" in html
        assert "Time limit</dt><dd>20 min</dd>" in html
        assert "Required: pass it to complete the course" in html
        assert "After each attempt" in html
        assert f'action="{start_url(quiz)}"' in html
        assert "Start the quiz" in html

    def test_the_quiz_page_never_shows_the_questions(self, learner_client, course):
        quiz = make_quiz(course)

        html = learner_client.get(quiz.url).content.decode()

        assert not any(prompt in html for prompt in PROMPTS)
        assert "กรุงเทพมหานคร" not in html

    def test_an_optional_quiz_without_limits_says_so(self, learner_client, course):
        quiz = make_quiz(course, required_for_completion=False, max_attempts=0, time_limit_minutes=None)

        html = learner_client.get(quiz.url).content.decode()

        assert "Optional: it does not count towards completion" in html
        assert "Attempts allowed</dt><dd>Unlimited</dd>" in html
        assert "No time limit" in html
        assert "Attempts left" not in html

    def test_an_editors_preview_shows_the_rules_but_no_attempts_and_no_start_button(self, course, enrolled):
        quiz = make_quiz(course)
        finished_attempt(enrolled, quiz)
        request = RequestFactory().get("/admin/")
        request.user = enrolled
        request.is_preview = True

        with translation.override("en"):
            response = quiz.serve_preview(request, quiz.default_preview_mode).render()

        html = response.content.decode()
        assert "Questions per attempt</dt><dd>5</dd>" in html
        assert "Learners enrolled in the course start the quiz here." in html
        assert start_url(quiz) not in html
        assert "quiz-history" not in html
        assert not any(prompt in html for prompt in PROMPTS)

    def test_the_instructions_are_shown(self, learner_client, course):
        quiz = make_quiz(course, instructions="<p>Read each question twice.</p>")

        html = learner_client.get(quiz.url).content.decode()

        assert "<p>Read each question twice.</p>" in html

    def test_a_guest_gets_the_locked_page_with_a_way_to_log_in(self, guest, course):
        quiz = make_quiz(course)

        response = guest.get(quiz.url)

        assert response.status_code == 403
        html = response.content.decode()
        assert "This quiz is open to learners enrolled in" in html
        assert f'href="{reverse("account:login")}?next={quiz.url}"' in html
        assert start_url(quiz) not in html

    def test_a_learner_not_enrolled_gets_the_locked_page_with_a_form_to_enrol(self, client, course, learner):
        quiz = make_quiz(course)
        client.force_login(learner)

        response = client.get(quiz.url)

        assert response.status_code == 403
        html = response.content.decode()
        assert f'action="{reverse("courses:enrol", args=[course.pk])}"' in html
        assert start_url(quiz) not in html

    def test_an_open_attempt_is_resumed_from_the_quiz_page_with_its_deadline(self, learner_client, course, enrolled):
        quiz = make_quiz(course, time_limit_minutes=30)
        attempt, _ = start_attempt(enrolled, quiz)

        html = learner_client.get(quiz.url).content.decode()

        assert f'<a class="button" href="{attempt_url(attempt)}">Resume your attempt</a>' in html
        assert "Deadline: " in html
        assert start_url(quiz) not in html

    def test_a_learner_without_attempts_left_is_told_so(self, learner_client, course, enrolled):
        quiz = make_quiz(course, max_attempts=1)
        finished_attempt(enrolled, quiz)

        html = learner_client.get(quiz.url).content.decode()

        assert "You have used all your attempts at this quiz." in html
        assert start_url(quiz) not in html
        assert "Attempts left</dt><dd>0</dd>" in html

    def test_a_learner_who_passed_is_told_with_what_percentage(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        finished_attempt(enrolled, quiz, answers="right")

        html = learner_client.get(quiz.url).content.decode()

        assert "You passed with 100%." in html
        assert "Start attempt 2" in html

    def test_the_passed_percentage_is_of_the_best_passed_attempt_when_the_pass_mark_rose_since(
        self, learner_client, course, enrolled
    ):
        quiz = make_quiz(course, pass_mark=60)
        first, _ = start_attempt(enrolled, quiz)
        submit_attempt(first, as_form(mixed_answers(first, right=3)))  # 60%: passed
        QuizPage.objects.filter(pk=quiz.pk).update(pass_mark=90)
        second, _ = start_attempt(enrolled, QuizPage.objects.get(pk=quiz.pk))
        second, _ = submit_attempt(second, as_form(mixed_answers(second, right=4)))  # 80%, the best: not passed
        assert not second.passed

        html = learner_client.get(quiz.url).content.decode()

        assert "You passed with 60%." in html
        assert "You passed with 80%." not in html

    def test_the_history_lists_each_submitted_attempt_in_words(self, learner_client, course, enrolled):
        quiz = make_quiz(course, time_limit_minutes=10)
        failed = finished_attempt(enrolled, quiz)
        timed_out, _ = start_attempt(enrolled, quiz, now=timezone.now() - timedelta(hours=1))
        passed = finished_attempt(enrolled, quiz, answers="right")

        html = learner_client.get(quiz.url).content.decode()

        table = html[html.index('<table class="quiz-history">') : html.index("</table>")]
        rows = table.split("<tr>")[2:]
        assert len(rows) == 3
        assert [re.search(r'<th scope="row">(\d+)</th>', row).group(1) for row in rows] == ["3", "2", "1"]
        assert "Passed" in rows[0] and "5 of 5" in rows[0] and "100%" in rows[0]
        assert "Not passed" in rows[1] and "Time ran out" in rows[1]
        assert "Not passed" in rows[2] and "0 of 5" in rows[2] and "Time ran out" not in rows[2]
        for attempt, row in zip((passed, timed_out, failed), rows, strict=True):
            assert f'href="{attempt_url(attempt)}"' in row
            assert "Review" in row

    def test_the_history_shows_dates_in_the_buddhist_era_in_thai(self, client, course):
        thai = UserFactory(preferred_language="th")
        enrol_learner(course, thai)
        quiz = make_quiz(course)
        attempt = finished_attempt(thai, quiz)
        client.force_login(thai)

        html = client.get(quiz.url).content.decode()

        assert f"{timezone.localtime(attempt.started_at).year + 543}" in html

    def test_the_quiz_page_queries_do_not_grow_with_past_attempts(
        self, learner_client, course, enrolled, django_assert_max_num_queries
    ):
        quiz = make_quiz(course)
        finished_attempt(enrolled, quiz)
        learner_client.get(quiz.url)
        with django_assert_max_num_queries(40) as first:
            learner_client.get(quiz.url)
        for _ in range(9):
            finished_attempt(enrolled, quiz)
        with django_assert_max_num_queries(len(first.captured_queries)):
            response = learner_client.get(quiz.url)
        assert response.content.decode().count('<th scope="row">') == 10


class TestStartingAQuiz:
    def test_starting_creates_one_attempt_and_leads_to_it(self, learner_client, course, enrolled):
        quiz = make_quiz(course)

        response = learner_client.post(start_url(quiz))

        attempt = QuizAttempt.objects.get(user=enrolled, quiz=quiz)
        assert response.status_code == 302
        assert response["Location"] == attempt_url(attempt)
        assert attempt.answers.count() == 5

    def test_starting_again_resumes_the_open_attempt(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        learner_client.post(start_url(quiz))

        response = learner_client.post(start_url(quiz))

        attempt = QuizAttempt.objects.get(user=enrolled, quiz=quiz)
        assert response["Location"] == attempt_url(attempt)
        assert "Your attempt is still open: carry on where you left off." in message_texts(response)

    def test_a_guest_is_sent_to_log_in_and_back_to_the_quiz(self, guest, course):
        quiz = make_quiz(course)

        response = guest.post(start_url(quiz))

        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account:login')}?next={quiz.url}"
        assert not QuizAttempt.objects.exists()

    def test_a_start_is_a_post(self, learner_client, course):
        quiz = make_quiz(course)

        assert learner_client.get(start_url(quiz)).status_code == 405
        assert not QuizAttempt.objects.exists()

    def test_a_quiz_without_questions_cannot_be_started(self, learner_client, course):
        quiz = make_quiz(course, questions=[])

        response = learner_client.post(start_url(quiz))

        assert response["Location"] == quiz.url
        assert "This quiz has no questions yet." in message_texts(response)
        assert not QuizAttempt.objects.exists()

    def test_an_unpublished_quiz_is_not_found(self, learner_client, course):
        quiz = make_quiz(course)
        quiz.unpublish()

        assert learner_client.post(start_url(quiz)).status_code == 404
        assert not QuizAttempt.objects.exists()

    def test_a_quiz_of_an_unpublished_course_is_not_found(self, learner_client, course):
        quiz = make_quiz(course)
        CoursePage.objects.filter(pk=course.pk).update(live=False)  # the quiz itself stays live

        assert learner_client.post(start_url(quiz)).status_code == 404
        assert not QuizAttempt.objects.exists()

    def test_a_quiz_under_a_privacy_setting_that_refuses_the_learner_is_not_found(self, learner_client, course):
        quiz = make_quiz(course)
        restriction = PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.set([Group.objects.create(name="Cohort 2026")])

        assert learner_client.post(start_url(quiz)).status_code == 404
        assert not QuizAttempt.objects.exists()


class TestTheAttemptForm:
    def test_each_question_is_a_fieldset_with_the_right_kind_of_input(self, learner_client, course, enrolled):
        quiz = make_quiz(course, questions=[*make_quiz_questions_with_points()])
        attempt, _ = start_attempt(enrolled, quiz)
        answers = {answer.kind: answer for answer in attempt.answers.all()}

        response = learner_client.get(attempt_url(attempt))

        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("<fieldset") == 5
        assert "Question 1 (1 point)</legend>" in html
        assert "Question 2 (3 points)</legend>" in html
        assert all(prompt in html for prompt in PROMPTS)
        single, multiple, true_false = answers["single_choice"], answers["multiple_choice"], answers["true_false"]
        assert html.count(f'type="radio" name="{field_name(single)}"') == 3
        assert html.count(f'type="checkbox" name="{field_name(multiple)}"') == 3
        assert "Choose all that apply." in html
        assert html.count(f'type="radio" name="{field_name(true_false)}"') == 2
        assert ">True</label>" in html and ">False</label>" in html
        short = answers["short_text"]
        assert (
            f'<input type="text" name="{field_name(short)}" id="{field_name(short)}" value="" maxlength="500"' in html
        )
        numeric = answers["numeric"]
        assert f'<input type="text" inputmode="decimal" name="{field_name(numeric)}"' in html
        assert ">ปี</span>" in html
        assert f'<form class="quiz-form" method="post" action="{submit_url(attempt)}"' in html
        assert f'formaction="{save_url(attempt)}">Save answers</button>' in html
        assert ">Submit answers</button>" in html
        assert "csrfmiddlewaretoken" in html
        assert "js/quiz.js" in html

    def test_a_text_or_number_box_is_described_by_its_prompt_its_unit_and_its_error(
        self, learner_client, course, enrolled
    ):
        quiz = make_quiz(course, questions=[*make_quiz_questions_with_points()])
        attempt, _ = start_attempt(enrolled, quiz)
        short = field_name(attempt.answers.get(kind="short_text"))
        numeric = field_name(attempt.answers.get(kind="numeric"))

        html = learner_client.get(attempt_url(attempt)).content.decode()

        assert re.search(rf'<input [^>]*id="{short}"[^>]* aria-describedby="{short}-prompt {short}-error"', html)
        assert re.search(
            rf'<input [^>]*id="{numeric}"[^>]* aria-describedby="{numeric}-prompt {numeric}-unit {numeric}-error"', html
        )
        for field in (short, numeric):
            assert f'id="{field}-prompt"' in html
            assert f'id="{field}-error"' in html
        assert f'id="{numeric}-unit">ปี</span>' in html

    def test_the_form_shows_the_answers_saved(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        data = right_answers(attempt)
        save_answers(attempt, as_form(data))

        html = learner_client.get(attempt_url(attempt)).content.decode()

        for answer in attempt.answers.all():
            if answer.is_choice:
                for value in data[field_name(answer)]:
                    assert re.search(rf'name="{field_name(answer)}" id="[^"]+" value="{value}" checked', html)
        assert 'value="พุทธศักราช"' in html
        assert 'value="2026"' in html
        assert "Answered: 5 of 5" in html

    def test_a_timed_attempt_shows_its_deadline_and_the_seconds_left_counted_by_the_server(
        self, learner_client, course, enrolled
    ):
        quiz = make_quiz(course, time_limit_minutes=20)
        attempt, _ = start_attempt(enrolled, quiz, now=timezone.now() - timedelta(minutes=5))

        html = learner_client.get(attempt_url(attempt)).content.decode()

        seconds = int(re.search(r'data-seconds-left="(\d+)"', html).group(1))
        assert 14 * 60 < seconds <= 15 * 60
        assert "Deadline: " in html
        assert 'aria-live="polite" data-quiz-timer-announce' in html

    def test_an_attempt_without_a_time_limit_has_no_countdown(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)

        html = learner_client.get(attempt_url(attempt)).content.decode()

        assert "data-seconds-left" not in html

    def test_a_guest_is_sent_to_log_in(self, guest, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)

        response = guest.get(attempt_url(attempt))

        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account:login')}?next={attempt_url(attempt)}"

    def test_the_attempt_of_an_unpublished_quiz_is_not_found(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        quiz.unpublish()

        assert learner_client.get(attempt_url(attempt)).status_code == 404

    def test_the_attempt_in_an_unpublished_course_is_not_found(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        CoursePage.objects.filter(pk=course.pk).update(live=False)

        assert learner_client.get(attempt_url(attempt)).status_code == 404
        assert learner_client.post(save_url(attempt), {}).status_code == 404
        assert learner_client.post(submit_url(attempt), {}).status_code == 404

    def test_the_attempt_under_a_privacy_setting_that_refuses_the_learner_is_not_found(
        self, learner_client, course, enrolled
    ):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        restriction = PageViewRestriction.objects.create(page=quiz, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.set([Group.objects.create(name="Cohort 2026")])

        assert learner_client.get(attempt_url(attempt)).status_code == 404
        assert learner_client.post(submit_url(attempt), {"confirm": "1"}).status_code == 404
        attempt.refresh_from_db()
        assert attempt.is_open

    def test_the_attempt_page_is_not_kept_in_the_browsers_cache(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)

        response = learner_client.get(attempt_url(attempt))

        assert "no-store" in response["Cache-Control"]

    def test_a_learner_who_withdrew_is_sent_back_to_the_quiz(self, learner_client, course, enrolled):
        from courses.services.enrolment import withdraw

        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        withdraw(course, enrolled)

        response = learner_client.get(attempt_url(attempt))
        saving = json_post(learner_client, save_url(attempt), {})

        assert response["Location"] == quiz.url
        assert "Enrol in this course to take its quizzes." in message_texts(response)
        assert saving.status_code == 403
        assert saving.json()["url"] == quiz.url

    def test_a_thai_learner_sees_the_attempt_page_in_thai(self, client, course):
        thai = UserFactory(preferred_language="th")
        enrol_learner(course, thai)
        quiz = make_quiz(course, time_limit_minutes=10)
        attempt, _ = start_attempt(thai, quiz)
        client.force_login(thai)

        response = client.get(attempt_url(attempt))

        assert response.status_code == 200
        html = response.content.decode()
        assert '<html lang="th">' in html
        assert f"{timezone.localtime(attempt.deadline).year + 543}" in html
        assert " น." in html

    def test_a_thai_visitor_cookie_also_gives_the_thai_page(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        learner_client.cookies["lms_language"] = "th"

        response = learner_client.get(attempt_url(attempt))

        assert response.status_code == 200
        assert '<html lang="th">' in response.content.decode()


def make_quiz_questions_with_points():
    """The sample questions, the second worth 3 points, the numeric one with a unit."""
    return [
        question("single_choice", PROMPTS[0], choices=[("กรุงเทพมหานคร", True), ("เชียงใหม่", False), ("ขอนแก่น", False)]),
        question(
            "multiple_choice", PROMPTS[1], points=3, choices=[("เชียงใหม่", True), ("ลำปาง", True), ("ภูเก็ต", False)]
        ),
        question("true_false", PROMPTS[2], answer="true"),
        question("short_text", PROMPTS[3], accepted=["พุทธศักราช"]),
        question("numeric", PROMPTS[4], answer=2026, unit="ปี"),
    ]


class TestSaving:
    def test_a_script_saves_the_answers_and_gets_the_count(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        first = attempt.answers.get(position=1)

        response = json_post(learner_client, save_url(attempt), {field_name(first): first.key["correct"]})

        assert response.status_code == 200
        assert response.json() == {"saved": True, "answered": 1, "total": 5}
        first.refresh_from_db()
        assert first.response == first.key["correct"]

    def test_a_script_gets_the_errors_by_field_and_the_other_answers_are_saved(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        numeric = attempt.answers.get(kind="numeric")
        short = attempt.answers.get(kind="short_text")
        save_answers(attempt, as_form({field_name(numeric): ["2025"]}))

        response = json_post(
            learner_client, save_url(attempt), {field_name(numeric): "two thousand", field_name(short): "พุทธศักราช"}
        )

        assert response.status_code == 400
        assert response.json() == {
            "errors": {field_name(numeric): "Enter a number, for example 12.5."},
            "saved": True,
            "answered": 2,
            "total": 5,
        }
        # The badly typed answer keeps the value saved before; the one posted with it is saved.
        assert responses(attempt) == [None, None, None, "พุทธศักราช", "2025"]

    def test_a_guest_script_is_told_the_session_ended_with_where_to_log_in(self, guest, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        first = attempt.answers.get(position=1)
        login_url = f"{reverse('account:login')}?next={attempt_url(attempt)}"

        for url in (save_url(attempt), submit_url(attempt)):
            response = json_post(guest, url, {field_name(first): first.key["correct"], "confirm": "1"})

            assert response.status_code == 401
            data = response.json()
            assert data["login_url"] == login_url
            assert "Your session has ended" in data["message"]
        attempt.refresh_from_db()
        assert attempt.is_open
        assert responses(attempt) == [None] * 5

    def test_a_guest_saving_without_javascript_is_sent_to_log_in(self, guest, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)

        response = guest.post(save_url(attempt), {})

        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account:login')}?next={attempt_url(attempt)}"

    def test_a_script_saving_a_submitted_attempt_is_sent_to_the_results(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        attempt = finished_attempt(enrolled, quiz)
        before = responses(attempt)
        first = attempt.answers.get(position=1)

        response = json_post(learner_client, save_url(attempt), {field_name(first): first.key["correct"]})

        assert response.status_code == 409
        data = response.json()
        assert data["closed"] is True
        assert data["url"] == attempt_url(attempt)
        assert "already been submitted" in data["message"]
        assert responses(attempt) == before

    def test_a_script_saving_after_the_deadline_is_told_time_is_up(self, learner_client, course, enrolled):
        quiz = make_quiz(course, time_limit_minutes=5)
        attempt, _ = start_attempt(enrolled, quiz, now=timezone.now() - timedelta(minutes=10))
        first = attempt.answers.get(position=1)

        response = json_post(learner_client, save_url(attempt), {field_name(first): first.key["correct"]})

        assert response.status_code == 409
        assert response.json()["message"].startswith("Time is up.")
        attempt.refresh_from_db()
        assert attempt.ended_by == "time_up"
        assert responses(attempt) == [None] * 5

    def test_without_javascript_saving_goes_back_to_the_form_with_a_message(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        true_false = attempt.answers.get(kind="true_false")

        response = learner_client.post(save_url(attempt), {field_name(true_false): "false"})

        assert response.status_code == 302
        assert response["Location"] == attempt_url(attempt)
        assert "Your answers are saved: 1 of 5 answered." in message_texts(response)
        true_false.refresh_from_db()
        assert true_false.response == ["false"]
        html = learner_client.get(attempt_url(attempt)).content.decode()
        assert f'name="{field_name(true_false)}" id="{field_name(true_false)}-2" value="false" checked' in html

    def test_without_javascript_bad_answers_come_back_with_the_values_and_the_errors(
        self, learner_client, course, enrolled
    ):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        numeric = attempt.answers.get(kind="numeric")
        short = attempt.answers.get(kind="short_text")
        true_false = attempt.answers.get(kind="true_false")
        save_answers(attempt, as_form({field_name(numeric): ["2025"]}))

        response = learner_client.post(
            save_url(attempt),
            {field_name(numeric): "two thousand", field_name(short): "พุทธศักราช", field_name(true_false): "true"},
        )

        assert response.status_code == 400
        html = response.content.decode()
        assert 'value="two thousand"' in html
        assert 'value="พุทธศักราช"' in html
        assert f'id="{field_name(true_false)}-1" value="true" checked' in html
        assert "Some answers could not be saved" in html
        assert "Your other answers are saved; the answers listed here are not." in html
        assert "nothing was saved" not in html
        assert f'<a href="#{field_name(numeric)}">Question 5: Enter a number, for example 12.5.</a>' in html
        error = f'<p class="form-field__error" id="{field_name(numeric)}-error" data-quiz-error>'
        assert error + "Enter a number, for example 12.5.</p>" in html
        assert 'aria-invalid="true"' in html
        assert "Answered: 3 of 5" in html  # what is stored: the number saved before and the two answers saved now
        assert responses(attempt) == [None, None, ["true"], "พุทธศักราช", "2025"]


class TestSubmitting:
    def test_a_form_with_unanswered_questions_is_saved_and_comes_back_with_a_warning(
        self, learner_client, course, enrolled
    ):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        data = right_answers(attempt)
        first, fourth = attempt.answers.get(position=1), attempt.answers.get(position=4)
        partial = {field_name(first): data[field_name(first)], field_name(fourth): data[field_name(fourth)]}

        response = learner_client.post(submit_url(attempt), partial)

        assert response.status_code == 200
        html = response.content.decode()
        assert "You have not answered questions 2, 3, 5." in html
        assert '<a href="#question-2">Answer question 2</a>' in html
        assert 'name="confirm" value="1" id="quiz-submit-anyway">Submit anyway</button>' in html
        attempt.refresh_from_db()
        assert attempt.is_open
        assert responses(attempt)[0] == data[field_name(first)]
        assert responses(attempt)[3] == "พุทธศักราช"

    def test_submit_anyway_grades_the_attempt(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        first = attempt.answers.get(position=1)

        response = learner_client.post(submit_url(attempt), {field_name(first): first.key["correct"], "confirm": "1"})

        assert response["Location"] == attempt_url(attempt)
        attempt.refresh_from_db()
        assert not attempt.is_open
        assert attempt.score == Decimal("1")
        assert "You scored 1 of 5 points (20%). The pass mark is 60%: not passed yet." in message_texts(response)

    def test_a_form_with_every_question_answered_is_submitted_at_once(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)

        response = learner_client.post(submit_url(attempt), right_answers(attempt))

        assert response["Location"] == attempt_url(attempt)
        assert "You scored 5 of 5 points (100%) and passed." in message_texts(response)
        attempt.refresh_from_db()
        assert attempt.passed

    def test_bad_answers_on_submit_come_back_with_the_errors_and_the_rest_saved_but_not_submitted(
        self, learner_client, course, enrolled
    ):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        data = right_answers(attempt)
        numeric = attempt.answers.get(kind="numeric")
        data[field_name(numeric)] = ["lots"]

        response = learner_client.post(submit_url(attempt), {**data, "confirm": "1"})

        assert response.status_code == 400
        html = response.content.decode()
        assert "Some answers could not be saved" in html
        assert "Question 5: Enter a number, for example 12.5." in html
        attempt.refresh_from_db()
        assert attempt.is_open
        assert attempt.score is None
        choices = [data[field_name(answer)] for answer in attempt.answers.order_by("position")[:3]]
        assert responses(attempt) == [*choices, "พุทธศักราช", None]

    def test_a_repeated_submit_leads_to_the_results_and_changes_nothing(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)
        learner_client.post(submit_url(attempt), right_answers(attempt))
        attempt.refresh_from_db()

        response = learner_client.post(submit_url(attempt), {**wrong_answers(attempt), "confirm": "1"})

        assert response["Location"] == attempt_url(attempt)
        assert "This attempt has already been submitted; nothing was changed." in message_texts(response)
        again = QuizAttempt.objects.get(pk=attempt.pk)
        assert (again.score, again.submitted_at, again.passed) == (attempt.score, attempt.submitted_at, True)

    def test_a_submit_is_a_post(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        attempt, _ = start_attempt(enrolled, quiz)

        assert learner_client.get(submit_url(attempt)).status_code == 405
        assert learner_client.get(save_url(attempt)).status_code == 405


class TestTheResults:
    def test_the_results_show_the_score_the_percentage_and_the_verdict_in_words(self, learner_client, course, enrolled):
        quiz = make_quiz(course, pass_mark=80)
        attempt, _ = start_attempt(enrolled, quiz)
        data = right_answers(attempt)
        data.pop(field_name(attempt.answers.get(position=5)))
        submit_attempt(attempt, as_form(data))

        html = learner_client.get(attempt_url(attempt)).content.decode()

        assert "<dd>4 of 5 points</dd>" in html
        assert "<dd>80%</dd>" in html
        assert '<p class="quiz-result__verdict">Passed</p>' in html
        assert "Pass mark</dt><dd>80%</dd>" in html
        assert "Time taken" in html and "Started" in html and "Submitted" in html
        assert f'href="{quiz.url}">Back to the quiz</a>' in html
        assert f'href="{course.url}"' in html

    def test_an_attempt_that_failed_says_not_passed(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        attempt = finished_attempt(enrolled, quiz)

        html = learner_client.get(attempt_url(attempt)).content.decode()

        assert '<p class="quiz-result__verdict">Not passed</p>' in html
        assert "<dd>0 of 5 points</dd>" in html

    def test_feedback_after_each_attempt_shows_every_question_with_the_right_answer(
        self, learner_client, course, enrolled
    ):
        quiz = make_quiz(course, feedback_mode=FeedbackMode.AFTER_EACH)
        attempt, _ = start_attempt(enrolled, quiz)
        single = attempt.answers.get(kind="single_choice")
        wrong = next(choice for choice in single.choices if choice["id"] not in single.key["correct"])
        submit_attempt(attempt, as_form({field_name(single): [wrong["id"]]}))

        html = learner_client.get(attempt_url(attempt)).content.decode()

        assert html.count('<li class="quiz-feedback__item') == 5
        assert f"<li>{wrong['text']}</li>" in html  # the learner's answer
        assert "<dd>กรุงเทพมหานคร</dd>" in html  # the correct answer
        assert "กรุงเทพมหานครเป็นเมืองหลวง" in html  # the explanation
        assert html.count(">Incorrect</span>") == 5
        assert html.count("<dd>Not answered</dd>") == 4
        assert "<dd>พุทธศักราช</dd>" in html
        assert "<dd>2026</dd>" in html

    def test_a_partly_right_answer_is_called_partly_correct(self, learner_client, course, enrolled):
        pool = [
            question(
                "multiple_choice",
                "เลือกจังหวัดภาคเหนือ",
                points=2,
                scoring="partial",
                choices=[("เชียงใหม่", True), ("ลำปาง", True), ("ภูเก็ต", False)],
            )
        ]
        quiz = make_quiz(course, questions=pool)
        attempt, _ = start_attempt(enrolled, quiz)
        answer = attempt.answers.get()
        submit_attempt(attempt, as_form({field_name(answer): [answer.key["correct"][0]]}))

        html = learner_client.get(attempt_url(attempt)).content.decode()

        assert ">Partly correct</span>" in html
        assert "Points: 1 of 2" in html

    def test_feedback_never_shown_keeps_the_answers_hidden(self, learner_client, course, enrolled):
        quiz = make_quiz(course, feedback_mode=FeedbackMode.NEVER)
        attempt = finished_attempt(enrolled, quiz)

        html = learner_client.get(attempt_url(attempt)).content.decode()

        assert "This quiz does not show the correct answers." in html
        assert_no_feedback(html)

    def test_feedback_after_passing_is_hidden_until_the_learner_passes(self, learner_client, course, enrolled):
        quiz = make_quiz(course, feedback_mode=FeedbackMode.AFTER_PASSING)
        failed = finished_attempt(enrolled, quiz)

        html = learner_client.get(attempt_url(failed)).content.decode()
        assert "The correct answers are shown once you pass this quiz." in html
        assert_no_feedback(html)

        finished_attempt(enrolled, quiz, answers="right")
        html = learner_client.get(attempt_url(failed)).content.decode()
        assert "กรุงเทพมหานครเป็นเมืองหลวง" in html
        assert "Correct answer" in html

    def test_feedback_after_the_last_attempt_waits_for_it(self, learner_client, course, enrolled):
        quiz = make_quiz(course, feedback_mode=FeedbackMode.AFTER_LAST, max_attempts=2)
        first = finished_attempt(enrolled, quiz, answers="right")

        html = learner_client.get(attempt_url(first)).content.decode()
        assert "The correct answers are shown after your last attempt." in html
        assert_no_feedback(html)

        finished_attempt(enrolled, quiz)
        html = learner_client.get(attempt_url(first)).content.decode()
        assert "กรุงเทพมหานครเป็นเมืองหลวง" in html

    def test_no_feedback_shows_while_another_attempt_is_open(self, learner_client, course, enrolled):
        quiz = make_quiz(course, feedback_mode=FeedbackMode.AFTER_EACH)
        first = finished_attempt(enrolled, quiz)
        start_attempt(enrolled, quiz)

        html = learner_client.get(attempt_url(first)).content.decode()

        assert "Feedback is hidden while you have an attempt under way." in html
        assert_no_feedback(html)

    def test_an_attempt_whose_time_ran_out_says_so(self, learner_client, course, enrolled):
        quiz = make_quiz(course, time_limit_minutes=5)
        attempt, _ = start_attempt(enrolled, quiz, now=timezone.now() - timedelta(minutes=30))

        response = learner_client.get(attempt_url(attempt))

        assert response.status_code == 200
        assert "Time ran out: graded on the answers saved." in response.content.decode()
        attempt.refresh_from_db()
        assert attempt.ended_by == "time_up"


def assert_no_feedback(html):
    assert "quiz-feedback__item" not in html
    assert "กรุงเทพมหานครเป็นเมืองหลวง" not in html
    assert "Correct answer" not in html
    assert "พุทธศักราช" not in html


class TestTheSyllabus:
    def test_the_course_page_lists_the_quiz_as_a_quiz(self, learner_client, course):
        quiz = make_quiz(course, title="แบบทดสอบท้ายบท")

        html = learner_client.get(course.url).content.decode()

        assert '<span class="badge badge--quiz">Quiz</span> <a href="' + quiz.url + '">แบบทดสอบท้ายบท</a>' in html
        assert ">Not taken<" in html
        assert "optional" not in html

    def test_an_optional_quiz_is_marked_optional(self, learner_client, course):
        make_quiz(course, required_for_completion=False)

        html = learner_client.get(course.url).content.decode()

        assert "(optional)" in html

    def test_a_quiz_is_done_once_passed(self, learner_client, course, enrolled):
        quiz = make_quiz(course)
        finished_attempt(enrolled, quiz)
        assert ">Not passed yet<" in learner_client.get(course.url).content.decode()

        finished_attempt(enrolled, quiz, answers="right")

        html = learner_client.get(course.url).content.decode()
        item = html[html.index(quiz.url) :]
        item = item[: item.index("</li>")]
        assert '<span class="badge badge--done">Passed</span>' in item

    def test_a_guest_sees_the_quiz_locked(self, guest, course):
        quiz = make_quiz(course)

        html = guest.get(course.url).content.decode()

        assert f'href="{quiz.url}"' not in html
        assert '<span class="badge badge--quiz">Quiz</span>' in html

    def test_the_lesson_before_a_quiz_says_the_next_item_is_a_quiz(self, learner_client, course):
        quiz = make_quiz(course)
        lesson = course.syllabus_items()[0]

        html = learner_client.get(lesson.url).content.decode()

        assert "Next: quiz" in html
        assert f'<a href="{quiz.url}" rel="next">' in html

    def test_the_quiz_links_back_to_the_lesson_before_it(self, learner_client, course):
        quiz = make_quiz(course)
        lesson = course.syllabus_items()[0]

        html = learner_client.get(quiz.url).content.decode()

        assert "Previous: lesson" in html
        assert f'<a href="{lesson.url}" rel="prev">' in html


def many_questions(count):
    kinds = [
        lambda n: question("single_choice", f"ข้อ {n}", choices=[(f"ก {n}", True), (f"ข {n}", False)]),
        lambda n: question("multiple_choice", f"ข้อ {n}", choices=[(f"ก {n}", True), (f"ข {n}", False)]),
        lambda n: question("true_false", f"ข้อ {n}", answer="false"),
        lambda n: question("short_text", f"ข้อ {n}", accepted=[f"คำตอบ {n}"]),
        lambda n: question("numeric", f"ข้อ {n}", answer=n, unit="บาท"),
    ]
    return [kinds[n % len(kinds)](n) for n in range(count)]


class TestQueryCounts:
    def count_queries(self, client, url, django_assert_max_num_queries, limit=60):
        client.get(url)
        with django_assert_max_num_queries(limit) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured.captured_queries)

    def test_the_open_attempt_page_does_not_query_more_for_more_questions(self, index, django_assert_max_num_queries):
        counts = []
        for size in (5, 50):
            course = make_course(index, lessons=1)
            person = UserFactory(preferred_language="en")
            enrol_learner(course, person)
            quiz = make_quiz(course, questions=many_questions(size), time_limit_minutes=60)
            attempt, _ = start_attempt(person, quiz)
            client = Client()
            client.force_login(person)
            counts.append(self.count_queries(client, attempt_url(attempt), django_assert_max_num_queries))
        assert counts[1] <= counts[0]

    def test_the_results_page_does_not_query_more_for_more_questions(self, index, django_assert_max_num_queries):
        counts = []
        for size in (5, 50):
            course = make_course(index, lessons=1)
            person = UserFactory(preferred_language="en")
            enrol_learner(course, person)
            quiz = make_quiz(course, questions=many_questions(size))
            attempt, _ = start_attempt(person, quiz)
            submit_attempt(attempt, as_form({}))
            client = Client()
            client.force_login(person)
            counts.append(self.count_queries(client, attempt_url(attempt), django_assert_max_num_queries))
            assert QuizAnswer.objects.filter(attempt=attempt).count() == size
        assert counts[1] <= counts[0]
