"""Course evaluations on the course page: the form for those who completed the course, its refusals, the average."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from courses.models import QUESTION_FIELDS, CourseEvaluation
from courses.services.enrolment import enrol_learner
from courses.services.evaluations import give_evaluation
from courses.services.progress import complete_lesson
from tests.factories import UserFactory, make_course

pytestmark = pytest.mark.django_db

ALL_FOURS = dict.fromkeys(QUESTION_FIELDS, 4)


def evaluate_url(course):
    return reverse("courses:evaluate", args=[course.pk])


def complete(course, user):
    """Enrol ``user`` in ``course`` and complete every lesson."""
    enrol_learner(course, user)
    for lesson in course.syllabus_items():
        complete_lesson(user, lesson)
    return user


def ratings(*values, comment=""):
    """POST data rating the statements ``values`` in order (all 4 unless given)."""
    values = values or (4, 4, 4, 4)
    return {**dict(zip(QUESTION_FIELDS, values, strict=True)), "comment": comment, "intent": "give"}


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def messages_of(response):
    return [item.get_text(strip=True) for item in soup(response).select(".messages .message")]


@pytest.fixture
def course(index):
    return make_course(index, lessons=2, title="การเขียนหนังสือราชการ")


@pytest.fixture
def completer(course):
    return complete(course, UserFactory(preferred_language="en"))


@pytest.fixture
def english(client):
    client.cookies["lms_language"] = "en"
    return client


@pytest.fixture
def as_completer(english, completer):
    english.force_login(completer)
    return english


class TestTheForm:
    def test_a_learner_who_completed_the_course_gets_a_fieldset_per_statement_with_five_labelled_ratings(
        self, as_completer, course
    ):
        page = soup(as_completer.get(course.url))

        form = page.select_one("form[data-evaluation-form]")
        assert form["method"] == "post"
        assert form["action"] == evaluate_url(course)
        assert form.select_one("input[name=csrfmiddlewaretoken]")
        fieldsets = form.select("fieldset[data-evaluation-question]")
        assert [fieldset["data-evaluation-question"] for fieldset in fieldsets] == list(QUESTION_FIELDS)
        first = fieldsets[0]
        assert first.legend.get_text(strip=True) == "The content is useful for my work."
        radios = first.select("input[type=radio]")
        assert [radio["value"] for radio in radios] == ["1", "2", "3", "4", "5"]
        labels = [form.select_one(f"label[for='{radio['id']}']").get_text(strip=True) for radio in radios]
        assert labels[0] == "1 – Strongly disagree"
        assert labels[4] == "5 – Strongly agree"
        comment = form.select_one("textarea[name=comment]")
        assert comment["maxlength"] == "1000"
        assert form.select_one(f"label[for='{comment['id']}']").get_text(strip=True) == "Comment (optional)"

    def test_a_learner_still_studying_sees_no_form(self, english, course):
        learner = UserFactory()
        enrol_learner(course, learner)
        english.force_login(learner)

        page = soup(english.get(course.url))

        assert page.select_one("form[data-evaluation-form]") is None

    def test_a_guest_sees_neither_form_nor_evaluation_section_before_anyone_has_evaluated(self, english, course):
        page = soup(english.get(course.url))

        assert page.select_one("[data-course-evaluation]") is None


class TestGivingAnEvaluation:
    def test_a_learner_who_completed_the_course_rates_it_and_comes_back_to_the_course_with_a_message(
        self, as_completer, course, completer
    ):
        response = as_completer.post(evaluate_url(course), ratings(5, 4, 3, 5, comment="ใช้ได้จริงในงาน"), follow=True)

        evaluation = CourseEvaluation.objects.get(user=completer, course=course)
        assert (evaluation.content_useful, evaluation.clear_materials, evaluation.well_organised) == (5, 4, 3)
        assert evaluation.recommend == 5
        assert evaluation.comment == "ใช้ได้จริงในงาน"
        assert response.redirect_chain[-1][0] == f"{course.url}#course-evaluation"
        assert "Thank you: your evaluation has been saved." in messages_of(response)

    def test_markup_in_the_comment_is_stored_as_plain_text(self, as_completer, course, completer):
        as_completer.post(evaluate_url(course), ratings(comment="<script>alert(1)</script><b>ดีมาก</b>"))

        assert CourseEvaluation.objects.get(user=completer).comment == "ดีมาก"

    def test_the_learner_sees_their_evaluation_in_the_form_and_may_change_it(self, as_completer, course, completer):
        as_completer.post(evaluate_url(course), ratings(2, 2, 2, 2, comment="ยาวไป"))

        form = soup(as_completer.get(course.url)).select_one("form[data-evaluation-form]")
        assert form.select_one("input[name=intent]")["value"] == "change"
        assert form.select_one("input[name=content_useful][checked]")["value"] == "2"
        assert form.select_one("textarea[name=comment]").get_text() == "ยาวไป"
        assert "Change my evaluation" in form.get_text()

        changed = {**ratings(5, 5, 4, 4, comment="ดีขึ้นแล้ว"), "intent": "change"}
        response = as_completer.post(evaluate_url(course), changed, follow=True)

        evaluation = CourseEvaluation.objects.get(user=completer, course=course)
        assert [getattr(evaluation, name) for name in QUESTION_FIELDS] == [5, 5, 4, 4]
        assert evaluation.comment == "ดีขึ้นแล้ว"
        assert CourseEvaluation.objects.filter(course=course).count() == 1
        assert "Your evaluation has been changed." in messages_of(response)


class TestRefusals:
    def test_a_rating_outside_1_to_5_is_refused_and_the_form_comes_back_with_the_error(
        self, as_completer, course, completer
    ):
        response = as_completer.post(evaluate_url(course), ratings(4, 6, 4, 4, comment="เก็บไว้"))

        assert response.status_code == 200
        assert not CourseEvaluation.objects.exists()
        assert "Rate every statement from 1 to 5." in messages_of(response)
        form = soup(response).select_one("form[data-evaluation-form]")
        wrong = form.select_one("fieldset[data-evaluation-question=clear_materials]")
        assert "Choose a rating from 1 to 5." in wrong.get_text()
        assert wrong.select_one("input[aria-invalid=true]")
        # What they filled in is kept.
        assert form.select_one("input[name=content_useful][checked]")["value"] == "4"
        assert form.select_one("textarea[name=comment]").get_text() == "เก็บไว้"

    def test_a_missing_rating_is_refused(self, as_completer, course):
        data = ratings()
        del data["recommend"]

        response = as_completer.post(evaluate_url(course), data)

        assert not CourseEvaluation.objects.exists()
        assert "Rate every statement from 1 to 5." in messages_of(response)

    def test_a_comment_over_1000_characters_is_refused(self, as_completer, course):
        response = as_completer.post(evaluate_url(course), ratings(comment="ก" * 1001))

        assert not CourseEvaluation.objects.exists()
        assert "Keep the comment to 1,000 characters or fewer." in messages_of(response)

    def test_giving_a_second_evaluation_is_refused_and_the_first_is_kept(self, as_completer, course, completer):
        give_evaluation(completer, course, ALL_FOURS, "ครั้งแรก")

        response = as_completer.post(evaluate_url(course), ratings(1, 1, 1, 1, comment="ครั้งที่สอง"))

        evaluation = CourseEvaluation.objects.get(user=completer, course=course)
        assert evaluation.content_useful == 4
        assert evaluation.comment == "ครั้งแรก"
        assert "You have already evaluated this course. You may change your evaluation instead." in messages_of(
            response
        )
        # The page offers to change the one given, with what they just sent.
        form = soup(response).select_one("form[data-evaluation-form]")
        assert form.select_one("input[name=intent]")["value"] == "change"
        assert form.select_one("input[name=content_useful][checked]")["value"] == "1"

    def test_a_learner_who_has_not_completed_the_course_is_refused(self, english, course):
        learner = UserFactory()
        enrol_learner(course, learner)
        english.force_login(learner)

        response = english.post(evaluate_url(course), ratings(), follow=True)

        assert not CourseEvaluation.objects.exists()
        assert "Only learners who completed this course may evaluate it." in messages_of(response)
        assert response.redirect_chain[-1][0] == f"{course.url}#course-evaluation"

    def test_a_guest_is_asked_to_log_in_and_nothing_is_written(self, english, course):
        response = english.post(evaluate_url(course), ratings())

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account:login"))
        assert not CourseEvaluation.objects.exists()

    def test_a_get_is_not_allowed(self, as_completer, course):
        assert as_completer.get(evaluate_url(course)).status_code == 405

    def test_a_course_that_is_not_published_is_not_found(self, as_completer, index):
        draft = make_course(index, publish=False)

        assert as_completer.post(evaluate_url(draft), ratings()).status_code == 404

    def test_the_post_needs_the_csrf_token(self, course, completer):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(completer)

        response = client.post(evaluate_url(course), ratings())

        assert response.status_code == 403
        assert not CourseEvaluation.objects.exists()


class TestTheAverage:
    def test_everyone_sees_the_average_to_one_decimal_and_the_number_of_evaluations(self, english, course):
        for values in ((5, 5, 5, 5), (4, 4, 4, 4), (4, 4, 4, 3), (4, 4, 4, 4), (4, 4, 4, 4)):
            give_evaluation(complete(course, UserFactory()), course, dict(zip(QUESTION_FIELDS, values, strict=True)))

        page = soup(english.get(course.url))

        # (20 + 16 + 15 + 16 + 16) / 20 = 4.15 → 4.2
        assert page.select_one("[data-evaluation-average]").get_text(strip=True) == "4.2 out of 5"
        assert page.select_one("[data-evaluation-count]").get_text(strip=True) == "5 evaluations"
        assert page.select_one("form[data-evaluation-form]") is None

    def test_below_five_evaluations_the_count_is_shown_but_not_the_average(self, english, course, completer):
        give_evaluation(completer, course, ALL_FOURS)

        page = soup(english.get(course.url))

        assert page.select_one("[data-evaluation-average]") is None
        assert page.select_one("[data-evaluation-count]").get_text(strip=True) == "1 evaluation"
        assert "The average is shown once 5 learners have evaluated the course" in page.get_text()

    def test_comments_and_names_are_not_shown_on_the_course_page(self, english, course, completer):
        completer.first_name = "ผู้ประเมินลับ"
        completer.save()
        give_evaluation(completer, course, ALL_FOURS, "ความเห็นส่วนตัว")

        html = english.get(course.url).content.decode()

        assert "ความเห็นส่วนตัว" not in html
        assert "ผู้ประเมินลับ" not in html

    @pytest.mark.parametrize("as_learner", [False, True], ids=["guest", "learner-who-evaluated"])
    def test_the_course_page_needs_the_same_number_of_queries_for_3_or_15_evaluations(
        self, client, course, as_learner, django_assert_max_num_queries
    ):
        learners = [complete(course, UserFactory()) for _ in range(3)]
        for learner in learners:
            give_evaluation(learner, course, ALL_FOURS, "ดี")
        if as_learner:
            client.force_login(learners[0])
        client.get(course.url)
        with django_assert_max_num_queries(100) as few:
            client.get(course.url)

        for _ in range(12):
            give_evaluation(complete(course, UserFactory()), course, ALL_FOURS, "ดี")
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(course.url)

        assert soup(response).select_one("[data-evaluation-count]").get_text(strip=True)
