"""The demo courses ``manage.py load_demo`` builds: Thai courses with lessons and covers, and a learner's progress."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from courses.demo import draw_cover
from courses.models import (
    Audience,
    CourseCategory,
    CourseInstructor,
    CoursePage,
    Enrolment,
    EnrolmentStatus,
    LessonPage,
    LessonProgress,
    QuizPage,
)
from courses.services.enrolment import enrolment_state
from lms.models import User

pytestmark = pytest.mark.django_db

LEARNER = "learner@demo.go.th"


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture(scope="class")
def built_demo(django_db_setup, django_db_blocker):
    """The demo built once for a class of read-only tests, and rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


def demo_courses():
    return list(CoursePage.objects.live().order_by("path"))


def lessons_of(course):
    """The course's lessons: its syllabus without the quiz at the end (see test_demo_quizzes)."""
    return [item for item in course.syllabus_items() if isinstance(item, LessonPage)]


@pytest.mark.usefixtures("built_demo")
class TestTheDemoCourses:
    def test_there_are_at_least_six_published_thai_courses_of_three_to_six_lessons(self):
        courses = demo_courses()
        assert len(courses) >= 6
        for course in courses:
            lessons = lessons_of(course)
            assert 3 <= len(lessons) <= 6, course.slug
            assert all(isinstance(lesson, LessonPage) and lesson.live for lesson in lessons)
            assert re.search("[\u0e00-\u0e7f]", course.title)
        titles = {course.title for course in courses}
        assert {"พื้นฐานรัฐบาลดิจิทัล", "PDPA สำหรับเจ้าหน้าที่รัฐ", "การรับมือภัยคุกคามไซเบอร์"} <= titles

    def test_every_course_is_described_classified_and_credited(self):
        for course in demo_courses():
            assert course.summary and course.description, course.slug
            assert len(course.objectives) >= 3
            assert course.category is not None
            assert course.training_hours > 0
            assert course.level and course.language
            course.full_clean()

    def test_the_categories_have_thai_and_english_names(self):
        categories = CourseCategory.objects.all()
        assert categories.count() >= 5
        assert all(category.name and category.name_en and category.slug for category in categories)
        assert {"ทักษะดิจิทัล", "กฎหมายและระเบียบ", "การบริหารจัดการ", "ความมั่นคงปลอดภัยไซเบอร์", "ข้อมูลและ PDPA"} <= {
            category.name for category in categories
        }

    def test_the_demo_instructor_teaches_every_course_with_a_position_and_a_biography(self):
        instructor = User.objects.get(email="instructor@demo.go.th")
        courses = demo_courses()
        assert set(CoursePage.objects.taught_by(instructor)) == set(courses)
        for row in CourseInstructor.objects.filter(user=instructor):
            assert row.position and row.biography

    def test_the_first_lesson_of_every_course_is_a_preview_with_thai_text_a_heading_and_a_callout_or_quote(self):
        for course in demo_courses():
            lessons = lessons_of(course)
            assert lessons[0].is_preview
            assert not any(lesson.is_preview for lesson in lessons[1:])
            for lesson in lessons:
                kinds = [block.block_type for block in lesson.body]
                assert "heading" in kinds and "paragraph" in kinds, lesson.url_path
                assert {"callout", "quote"} & set(kinds), lesson.url_path
                assert "embedded_video" not in kinds
                assert lesson.estimated_minutes > 0

    def test_each_course_has_a_distinct_cover_image_with_a_thai_title(self):
        covers = [course.cover_image for course in demo_courses()]
        assert all(covers)
        assert len({cover.pk for cover in covers}) == len(covers)
        assert len({cover.file_hash for cover in covers}) == len(covers)
        for cover in covers:
            assert cover.title.startswith("ภาพปกหลักสูตร")
            assert (cover.width, cover.height) == (1200, 675)

    def test_one_course_is_for_staff_one_is_not_yet_open_one_has_a_capacity_and_one_a_prerequisite(self):
        courses = demo_courses()
        assert [course.slug for course in courses if course.audience == Audience.STAFF] == ["pdpa-for-officials"]
        not_yet_open = [course for course in courses if course.enrolment_window_state() == "not_yet_open"]
        assert [course.slug for course in not_yet_open] == ["designing-e-services"]
        assert not_yet_open[0].enrolment_opens_at > timezone.now()
        assert [(course.slug, course.capacity) for course in courses if course.capacity] == [
            ("cyber-threat-response", 30)
        ]
        policy = CoursePage.objects.get(slug="data-driven-policy")
        assert [course.slug for course in policy.prerequisites.all()] == ["open-government-data"]

    def test_a_citizen_may_not_enrol_in_the_staff_course_and_nobody_yet_in_the_one_not_open(self):
        citizen = User.objects.get(email="citizen@demo.go.th")
        assert enrolment_state(CoursePage.objects.get(slug="pdpa-for-officials"), citizen).kind == "not_eligible"
        officer = User.objects.get(email="officer@demo.go.th")
        assert enrolment_state(CoursePage.objects.get(slug="designing-e-services"), officer).kind == "not_yet_open"

    def test_the_course_pages_and_a_preview_lesson_can_be_visited(self, client):
        for course in demo_courses():
            assert client.get(course.url).status_code == 200, course.url
            assert client.get(course.syllabus_items()[0].url).status_code == 200


@pytest.mark.usefixtures("built_demo")
class TestTheDemoLearner:
    @pytest.fixture
    def learner(self):
        return User.objects.get(email=LEARNER)

    def test_the_learner_completed_one_course_is_half_way_through_another_and_withdrew_from_a_third(self, learner):
        enrolments = {e.course.slug: e for e in Enrolment.objects.filter(user=learner).select_related("course")}
        completed = enrolments["digital-government-basics"]
        assert completed.status == EnrolmentStatus.COMPLETED and completed.completed_at is not None
        assert completed.progress == 1.0
        half = enrolments["pdpa-for-officials"]
        assert half.status == EnrolmentStatus.ACTIVE and half.percent == 50
        withdrawn = enrolments["cyber-threat-response"]
        assert withdrawn.status == EnrolmentStatus.WITHDRAWN and withdrawn.progress > 0
        assert LessonProgress.objects.filter(user=learner, course=withdrawn.course).exists()
        assert all(enrolment.source == "self" for enrolment in enrolments.values())

    def test_the_dashboard_shows_the_learners_progress_and_hours(self, client, learner):
        client.force_login(learner)
        response = client.get("/my/")
        assert response.status_code == 200
        courses = response.context["courses"]
        assert [enrolment.course.slug for enrolment, _next in courses.in_progress] == ["pdpa-for-officials"]
        assert [enrolment.course.slug for enrolment in courses.completed] == ["digital-government-basics"]
        assert [enrolment.course.slug for enrolment in courses.withdrawn] == ["cyber-threat-response"]
        assert courses.credited_hours == CoursePage.objects.get(slug="digital-government-basics").training_hours
        # The learner opened the fourth PDPA lesson after completing three: "continue" leads there.
        fourth = CoursePage.objects.get(slug="pdpa-for-officials").syllabus_items()[3]
        assert f'data-continue href="{fourth.url}"' in response.text
        assert 'value="50"' in response.text


def row_counts():
    models = (Page, Revision, CourseCategory, CourseInstructor, Enrolment, LessonProgress, get_image_model())
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.usefixtures("built_demo")
class TestLoadingTwice:
    """Each test changes the demo built once for the class (rolled back after it) and loads the demo again."""

    def test_the_second_run_creates_no_course_lesson_cover_enrolment_or_revision(self):
        before = row_counts()
        revisions = set(Revision.objects.values_list("pk", flat=True))
        output = load_demo()
        assert row_counts() == before
        assert set(Revision.objects.values_list("pk", flat=True)) == revisions
        assert "nothing changed" in output

    def test_a_course_an_editor_changed_is_left_as_it_is(self):
        course = CoursePage.objects.get(slug="pdpa-for-officials")
        course.title = "PDPA ฉบับปรับปรุงโดยบรรณาธิการ"
        course.save_revision().publish()
        opens_at = CoursePage.objects.get(slug="designing-e-services").enrolment_opens_at
        load_demo()
        assert CoursePage.objects.get(slug="pdpa-for-officials").title == "PDPA ฉบับปรับปรุงโดยบรรณาธิการ"
        assert CoursePage.objects.get(slug="designing-e-services").enrolment_opens_at == opens_at

    def test_an_enrolment_the_learner_already_has_is_left_alone(self):
        learner = User.objects.get(email=LEARNER)
        Enrolment.objects.filter(user=learner, course__slug="cyber-threat-response").update(
            status=EnrolmentStatus.ACTIVE, withdrawn_at=None
        )
        load_demo()
        assert Enrolment.objects.get(user=learner, course__slug="cyber-threat-response").status == "active"

    def test_a_deleted_course_comes_back_with_its_lessons_and_its_existing_cover(self):
        course = CoursePage.objects.get(slug="open-government-data")
        images = get_image_model().objects.count()
        course.delete()
        load_demo()
        recreated = CoursePage.objects.get(slug="open-government-data")
        # The old cover is found by its title and reused; the lessons and the quiz come back with the course.
        assert get_image_model().objects.count() == images
        assert recreated.cover_image.title == "ภาพปกหลักสูตร ข้อมูลเปิดภาครัฐสำหรับหน่วยงาน"
        assert [type(item) for item in recreated.syllabus_items()] == [LessonPage] * 4 + [QuizPage]


def test_covers_with_different_colours_or_motifs_differ_and_are_png():
    first = draw_cover(("#12305f", "#1a4d94"), "#f2b705", "circles", size=(120, 68))
    again = draw_cover(("#12305f", "#1a4d94"), "#f2b705", "circles", size=(120, 68))
    other = draw_cover(("#12305f", "#1a4d94"), "#f2b705", "bars", size=(120, 68))
    assert first.startswith(b"\x89PNG")
    assert first == again
    assert first != other
