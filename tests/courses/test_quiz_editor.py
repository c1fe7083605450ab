"""Writing a quiz in the Wagtail editor: adding one, what the editor refuses, and what an edit keeps.

The question pool is a StreamField, which the editor draws with JavaScript from the values it
is given (``data-w-block-arguments-value``) and posts back as flat form fields. The helpers
below read those values and post them the way that JavaScript does, ids included.
"""

import json
import uuid

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import rich_text

from courses.models import CoursePage, LessonPage, QuizPage
from courses.permissions import ensure_course_review_workflow
from tests.factories import admin_form_data, make_course, make_quiz

pytestmark = pytest.mark.django_db

QUIZ_FIELDS = ("pass_mark", "max_attempts", "time_limit_minutes", "questions_to_draw", "feedback_mode")


def add_quiz_url(course):
    return reverse("wagtailadmin_pages:add", args=["courses", "quizpage", course.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


# --- The StreamField as the editor's JavaScript handles it


def stream_arguments(html, field="questions"):
    """``(values, errors)`` the editor drew the StreamField ``field`` with."""
    element = BeautifulSoup(html, "html.parser").find(id=field, attrs={"data-controller": "w-block"})
    values, errors = json.loads(element["data-w-block-arguments-value"])
    return values, errors


def error_messages(errors):
    """Every message in the editor's nested StreamField errors, flattened."""
    if isinstance(errors, dict):
        found = list(errors.get("messages", []))
        for key, value in errors.items():
            if key != "messages":
                found += error_messages(value)
        return found
    if isinstance(errors, list):
        return [message for item in errors for message in error_messages(item)]
    return []


def _is_sequence(value):
    """A StreamBlock's or ListBlock's value: a list of ``{"value", "id"}`` items (a select's is a list of strings)."""
    return isinstance(value, list) and all(isinstance(item, dict) and "value" in item for item in value)


def stream_post_data(prefix, value):
    """The form fields Wagtail's JavaScript posts for a block value in the editor's format."""
    data = {}
    if _is_sequence(value):
        data[f"{prefix}-count"] = str(len(value))
        for n, item in enumerate(value):
            data.update(
                {f"{prefix}-{n}-id": item.get("id") or "", f"{prefix}-{n}-deleted": "", f"{prefix}-{n}-order": str(n)}
            )
            if "type" in item:
                data[f"{prefix}-{n}-type"] = item["type"]
            data.update(stream_post_data(f"{prefix}-{n}-value", item["value"]))
    elif isinstance(value, dict):
        for name, child in value.items():
            data.update(stream_post_data(f"{prefix}-{name}", child))
    elif isinstance(value, list):  # a select
        data[prefix] = value[0] if value else ""
    elif value is True:
        data[prefix] = "on"
    elif value is not False:  # an unticked box posts nothing
        data[prefix] = "" if value is None else str(value)
    return data


def new_id():
    """An id for a new block, as the editor's JavaScript gives each block it adds."""
    return str(uuid.uuid4())


def choices(*pairs):
    return [{"id": new_id(), "value": {"text": text, "correct": correct}} for text, correct in pairs]


def new_question(kind, prompt, **value):
    return {
        "type": kind,
        "id": new_id(),
        "value": {"prompt": rich_text(f"<p>{prompt}</p>"), "points": "1", "explanation": rich_text(""), **value},
    }


def one_of_each():
    """A question of each of the five types, as an instructor fills them in."""
    return [
        new_question(
            "single_choice",
            "หน่วยงานใดกำกับดูแลการคุ้มครองข้อมูลส่วนบุคคล",
            choices=choices(("สำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล", True), ("กรมสรรพากร", False)),
        ),
        new_question(
            "multiple_choice",
            "ข้อใดเป็นข้อมูลส่วนบุคคล",
            choices=choices(("เลขประจำตัวประชาชน", True), ("ที่อยู่อีเมล", True), ("ราคาน้ำมันวันนี้", False)),
            scoring=["partial"],
        ),
        new_question("true_false", "ต้องขอความยินยอมก่อนเก็บข้อมูลทุกครั้ง", answer=["false"]),
        new_question(
            "short_text",
            "PDPA ย่อมาจากอะไร",
            accepted_answers=[{"id": new_id(), "value": "Personal Data Protection Act"}],
        ),
        new_question("numeric", "พ.ร.บ. ฯ บังคับใช้เต็มรูปแบบในปี พ.ศ. ใด", answer="2565", tolerance="0", unit="พ.ศ."),
    ]


def quiz_form(client, url, questions, **fields):
    """The editor's form at ``url`` with ``questions`` in the pool and ``fields`` changed."""
    data = admin_form_data(client.get(url).content.decode(), "page-edit-form")
    data.update(stream_post_data("questions", questions))
    data.update(fields)
    return data


@pytest.fixture
def course(site_pages, instructor):
    ensure_course_review_workflow(site_pages["courses"])
    return make_course(site_pages["courses"], lessons=1, instructors=[instructor], title="PDPA for officials")


class TestAddingAQuiz:
    def test_an_instructor_adds_a_quiz_with_each_question_type_and_submits_it_for_review(
        self, client, instructor, course
    ):
        client.force_login(instructor)
        data = quiz_form(
            client,
            add_quiz_url(course),
            one_of_each(),
            title="แบบทดสอบ PDPA",
            slug="pdpa-quiz",
            pass_mark="70",
            max_attempts="3",
            time_limit_minutes="20",
            feedback_mode="after_last",
            **{"action-submit": "submit"},
        )

        response = client.post(add_quiz_url(course), data)

        assert response.status_code == 302, error_messages(stream_arguments(response.content.decode())[1])
        quiz = QuizPage.objects.get(slug="pdpa-quiz")
        assert quiz.get_parent().pk == course.pk
        assert not quiz.live
        state = WorkflowState.objects.get(object_id=str(quiz.pk))
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.requested_by == instructor
        questions = quiz.get_latest_revision_as_object().questions
        assert [block.block_type for block in questions] == [
            "single_choice",
            "multiple_choice",
            "true_false",
            "short_text",
            "numeric",
        ]
        assert [choice["correct"] for choice in questions[1].value["choices"]] == [True, True, False]
        assert questions[1].value["scoring"] == "partial"
        assert questions[2].value["answer"] == "false"
        assert list(questions[3].value["accepted_answers"]) == ["Personal Data Protection Act"]
        assert str(questions[4].value["answer"]) == "2565"
        assert (quiz.pass_mark, quiz.max_attempts, quiz.time_limit_minutes) == (70, 3, 20)

    def test_the_editor_has_a_field_for_every_rule(self, client, instructor, course):
        client.force_login(instructor)
        html = client.get(add_quiz_url(course)).content.decode()
        for name in (*QUIZ_FIELDS, "shuffle_questions", "shuffle_choices", "required_for_completion"):
            assert f'name="{name}"' in html, name
        assert stream_arguments(html) == ([], None)

    def test_an_instructor_cannot_add_a_quiz_to_another_instructors_course(self, client, instructor, site_pages):
        theirs = make_course(site_pages["courses"], lessons=0)
        client.force_login(instructor)
        assert client.get(add_quiz_url(theirs)).status_code in (302, 403)


class TestWhereAQuizGoes:
    def test_a_quiz_goes_only_under_a_course(self, client, administrator, course, site_pages):
        assert QuizPage.can_create_at(course)
        for page in (site_pages["courses"], site_pages["home"], site_pages["library"]):
            assert not QuizPage.can_create_at(page)
        lesson = course.syllabus_items()[0]
        assert not QuizPage.can_create_at(lesson)
        client.force_login(administrator)
        for parent in (site_pages["courses"], lesson):
            response = client.get(add_quiz_url(parent))
            assert response.status_code in (302, 403)
            assert 'id="page-edit-form"' not in response.content.decode()

    def test_a_course_offers_both_lessons_and_quizzes(self, client, administrator, course):
        assert set(CoursePage.allowed_subpage_models()) == {LessonPage, QuizPage}
        client.force_login(administrator)
        html = client.get(reverse("wagtailadmin_pages:add_subpage", args=[course.pk])).content.decode()
        assert add_quiz_url(course) in html
        assert reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk]) in html


def single_choice(*pairs):
    return new_question("single_choice", "ข้อใดถูก", choices=choices(*pairs))


class TestWhatTheEditorRefuses:
    @pytest.mark.parametrize(
        ("questions", "message"),
        [
            ([single_choice(("ก", True), ("ข", True))], "Mark exactly one choice as correct."),
            ([single_choice(("ก", False), ("ข", False))], "Mark exactly one choice as correct."),
            (
                [
                    new_question(
                        "multiple_choice", "ข้อใดถูก", choices=choices(("ก", False), ("ข", False)), scoring=["partial"]
                    )
                ],
                "Mark at least one choice as correct.",
            ),
            ([single_choice(("กรุงเทพ", True), (" กรุงเทพ ", False))], "Each choice must be different"),
            ([single_choice(("ก", True))], "The minimum number of items is 2"),
            ([new_question("short_text", "ตอบสั้น", accepted_answers=[])], "The minimum number of items is 1"),
            (
                [new_question("short_text", "ตอบสั้น", accepted_answers=[{"id": new_id(), "value": "  "}])],
                "This field is required.",
            ),
        ],
        ids=[
            "single-two-correct",
            "single-none-correct",
            "multiple-none-correct",
            "duplicate-choices",
            "one-choice",
            "short-text-no-answer",
            "short-text-blank-answer",
        ],
    )
    def test_a_question_written_wrong_is_refused_with_a_message_and_nothing_is_saved(
        self, client, instructor, course, questions, message
    ):
        client.force_login(instructor)
        data = quiz_form(
            client, add_quiz_url(course), questions, title="แบบทดสอบ", slug="bad-quiz", **{"action-submit": "submit"}
        )

        response = client.post(add_quiz_url(course), data)

        assert response.status_code == 200
        _values, errors = stream_arguments(response.content.decode())
        assert any(message in text for text in error_messages(errors)), error_messages(errors)
        assert "The page could not be created due to validation errors" in response.content.decode()
        assert not QuizPage.objects.filter(slug="bad-quiz").exists()

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"questions_to_draw": "6"}, "The pool has only 5 questions: draw at most that many, or 0 for all."),
            (
                {"feedback_mode": "after_last", "max_attempts": "0"},
                "“After the last attempt” needs a maximum number of attempts",
            ),
            ({"pass_mark": "101"}, "Ensure this value is less than or equal to 100."),
        ],
        ids=["draw-more-than-the-pool", "after-last-attempt-unlimited", "pass-mark-over-100"],
    )
    def test_rules_that_cannot_hold_are_refused_with_a_message_and_nothing_is_saved(
        self, client, instructor, course, fields, message
    ):
        client.force_login(instructor)
        data = quiz_form(
            client,
            add_quiz_url(course),
            one_of_each(),
            title="แบบทดสอบ",
            slug="bad-rules",
            **fields,
            **{"action-submit": "submit"},
        )

        response = client.post(add_quiz_url(course), data)

        assert response.status_code == 200
        assert message in response.content.decode()
        assert not QuizPage.objects.filter(slug="bad-rules").exists()

    def test_saving_a_draft_still_refuses_a_question_with_two_right_answers(self, client, instructor, course):
        # Wagtail lets a draft leave required fields empty; the questions' own checks still apply.
        client.force_login(instructor)
        questions = [single_choice(("ก", True), ("ข", True))]
        data = quiz_form(client, add_quiz_url(course), questions, title="แบบทดสอบ", slug="draft-quiz")

        response = client.post(add_quiz_url(course), data)

        assert response.status_code == 200
        assert "Mark exactly one choice as correct." in error_messages(stream_arguments(response.content.decode())[1])
        assert not QuizPage.objects.filter(slug="draft-quiz").exists()

    def test_a_refused_edit_leaves_the_saved_quiz_as_it_was(self, client, administrator, course):
        quiz = make_quiz(course, pass_mark=60)
        revisions = quiz.revisions.count()
        client.force_login(administrator)
        values, _errors = stream_arguments(client.get(edit_url(quiz)).content.decode())
        values[0]["value"]["choices"][1]["value"]["correct"] = True  # now two right answers
        data = quiz_form(client, edit_url(quiz), values, pass_mark="75", **{"action-publish": "publish"})

        response = client.post(edit_url(quiz), data)

        assert response.status_code == 200
        assert "Mark exactly one choice as correct." in error_messages(stream_arguments(response.content.decode())[1])
        quiz.refresh_from_db()
        assert quiz.pass_mark == 60
        assert quiz.revisions.count() == revisions


class TestEditingAQuiz:
    def test_editing_keeps_the_ids_of_the_questions_and_of_their_choices(self, client, administrator, course):
        quiz = make_quiz(course)
        question_ids = [block.id for block in quiz.questions]
        choice_ids = [child.id for child in quiz.questions[0].value["choices"].bound_blocks]
        client.force_login(administrator)
        values, _errors = stream_arguments(client.get(edit_url(quiz)).content.decode())
        assert [item["id"] for item in values] == question_ids
        # The instructor rewords the first question and one of its choices, and publishes.
        values[0]["value"]["prompt"] = rich_text("<p>เมืองหลวงของไทยชื่ออะไร</p>")
        values[0]["value"]["choices"][2]["value"]["text"] = "นครราชสีมา"
        data = quiz_form(client, edit_url(quiz), values, **{"action-publish": "publish"})

        response = client.post(edit_url(quiz), data)

        assert response.status_code == 302
        quiz = QuizPage.objects.get(pk=quiz.pk)
        assert [block.id for block in quiz.questions] == question_ids
        first = quiz.questions[0].value
        assert [child.id for child in first["choices"].bound_blocks] == choice_ids
        assert first["choices"][2]["text"] == "นครราชสีมา"
        assert "เมืองหลวงของไทยชื่ออะไร" in first["prompt"].source

    def test_an_instructors_draft_keeps_the_ids_too(self, client, instructor, course):
        quiz = make_quiz(course)
        question_ids = [block.id for block in quiz.questions]
        client.force_login(instructor)
        values, _errors = stream_arguments(client.get(edit_url(quiz)).content.decode())
        values[2]["value"]["answer"] = ["false"]
        data = quiz_form(client, edit_url(quiz), values, **{"action-submit": "submit"})

        assert client.post(edit_url(quiz), data).status_code == 302

        draft = QuizPage.objects.get(pk=quiz.pk).get_latest_revision_as_object()
        assert [block.id for block in draft.questions] == question_ids
        assert draft.questions[2].value["answer"] == "false"
