"""The evaluation service: one evaluation per learner and completed course, 1 to 5, plain text."""

import pytest
from django.db import IntegrityError

from courses.models import CourseEvaluation
from courses.services.enrolment import enrol_learner
from courses.services.evaluations import EvaluationError, change_evaluation, give_evaluation
from courses.services.progress import complete_lesson
from tests.factories import UserFactory, make_course

pytestmark = pytest.mark.django_db

GOOD = {"content_useful": 5, "clear_materials": 4, "well_organised": "4", "recommend": 3}


@pytest.fixture
def course(site_pages):
    return make_course(site_pages["courses"], lessons=1)


@pytest.fixture
def graduate(course):
    learner = UserFactory()
    enrol_learner(course, learner)
    for lesson in course.syllabus_items():
        complete_lesson(learner, lesson)
    return learner


def test_a_learner_who_completed_the_course_gives_an_evaluation_with_a_plain_text_comment(course, graduate):
    evaluation = give_evaluation(graduate, course, GOOD, "<b>ดีมาก</b><script>alert(1)</script>")
    assert (evaluation.content_useful, evaluation.well_organised, evaluation.recommend) == (5, 4, 3)
    assert evaluation.comment == "ดีมาก"
    assert evaluation.average == 4


@pytest.mark.parametrize("bad", [0, 6, "", "five", None, 3.5])
def test_a_rating_outside_one_to_five_is_refused_and_nothing_is_written(course, graduate, bad):
    with pytest.raises(EvaluationError) as refused:
        give_evaluation(graduate, course, {**GOOD, "recommend": bad})
    assert refused.value.code == "rating"
    assert not CourseEvaluation.objects.exists()


def test_a_second_evaluation_is_refused_and_the_first_can_be_changed(course, graduate):
    give_evaluation(graduate, course, GOOD, "ครั้งแรก")
    with pytest.raises(EvaluationError) as refused:
        give_evaluation(graduate, course, GOOD, "ครั้งที่สอง")
    assert refused.value.code == "already_given"
    changed = change_evaluation(graduate, course, {**GOOD, "recommend": 5}, "แก้ไขแล้ว")
    assert CourseEvaluation.objects.get().comment == "แก้ไขแล้ว"
    assert changed.recommend == 5


def test_someone_who_has_not_completed_the_course_cannot_evaluate_it(course):
    learner = UserFactory()
    enrol_learner(course, learner)
    with pytest.raises(EvaluationError) as refused:
        give_evaluation(learner, course, GOOD)
    assert refused.value.code == "not_completed"
    assert not CourseEvaluation.objects.exists()


def test_a_comment_over_a_thousand_characters_is_refused(course, graduate):
    with pytest.raises(EvaluationError) as refused:
        give_evaluation(graduate, course, GOOD, "ก" * 1001)
    assert refused.value.code == "comment_too_long"


def test_the_database_itself_refuses_a_rating_of_six(course, graduate):
    with pytest.raises(IntegrityError):
        CourseEvaluation.objects.create(user=graduate, course=course, **{**GOOD, "well_organised": 4, "recommend": 6})


def test_the_summary_averages_each_question_and_overall(course, graduate):
    give_evaluation(graduate, course, GOOD)
    other = UserFactory()
    enrol_learner(course, other)
    for lesson in course.syllabus_items():
        complete_lesson(other, lesson)
    give_evaluation(other, course, {"content_useful": 3, "clear_materials": 4, "well_organised": 4, "recommend": 5})
    summary = CourseEvaluation.objects.filter(course=course).summary()
    assert summary["count"] == 2
    assert summary["content_useful"] == 4
    assert summary["recommend"] == 4
    assert summary["average"] == 4
