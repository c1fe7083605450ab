"""Factories for the tests: users, agencies, and the demo-like page tree."""

import datetime

import factory
from wagtail.models import Page, Site

from lms.models import Agency, LearnerType, User

DEFAULT_PASSWORD = "Str0ng-enough-passw0rd"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AG{n:04d}")
    name_th = factory.Sequence(lambda n: f"กรมทดสอบที่ {n}")
    name_en = factory.Sequence(lambda n: f"Test Department {n}")
    level = Agency.Level.MINISTRY


class UserFactory(factory.django.DjangoModelFactory):
    """A verified citizen with a known password (``DEFAULT_PASSWORD``)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"learner{n}@example.go.th")
    name_prefix = "นางสาว"
    first_name = "สมหญิง"
    last_name = factory.Sequence(lambda n: f"ใจดี{n}")
    first_name_en = "Somying"
    last_name_en = factory.Sequence(lambda n: f"Jaidee{n}")
    learner_type = LearnerType.CITIZEN
    email_verified = True
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class CivilServantFactory(UserFactory):
    learner_type = LearnerType.CIVIL_SERVANT
    agency = factory.SubFactory(AgencyFactory)
    position = "นักวิเคราะห์นโยบายและแผน"


def build_site():
    """A home page as the default site's root with the three index pages, like the demo."""
    from courses.models import CourseIndexPage, SeminarIndexPage
    from home.models import HomePage
    from library.models import LibraryIndexPage

    root = Page.get_first_root_node()
    # Wagtail's own "Welcome" page holds the slug "home" (it is deleted below): free the slug.
    root.get_children().filter(slug="home").update(slug="wagtail-welcome")
    home = HomePage(title="หน้าแรก", slug="home", hero_title="เรียนรู้ภาครัฐ")
    root.add_child(instance=home)
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        old_root = site.root_page
        site.root_page = home
        site.save()
        if old_root.depth == 2 and old_root.pk != home.pk and not old_root.specific_class == HomePage:
            old_root.delete()
    else:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    home.refresh_from_db()
    pages = {"home": home}
    for key, model, title, slug in (
        ("courses", CourseIndexPage, "หลักสูตร", "courses"),
        ("library", LibraryIndexPage, "ห้องสมุดอิเล็กทรอนิกส์", "library"),
        ("seminars", SeminarIndexPage, "สัมมนา", "seminars"),
    ):
        page = model(title=title, slug=slug, show_in_menus=True)
        home.add_child(instance=page)
        pages[key] = page
    return pages


def add_privacy_notice(home, version="1.0", effective=datetime.date(2026, 1, 1)):
    from home.models import PrivacyNoticePage

    notice = PrivacyNoticePage(
        title="ประกาศความเป็นส่วนตัว",
        slug="privacy",
        version=version,
        effective_date=effective,
        introduction="เราเก็บข้อมูลเท่าที่จำเป็น",
    )
    home.add_child(instance=notice)
    notice.save_revision().publish()
    return notice


class CourseCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "courses.CourseCategory"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"ทักษะดิจิทัล {n}")
    name_en = factory.Sequence(lambda n: f"Digital skills {n}")
    slug = factory.Sequence(lambda n: f"digital-skills-{n}")


_course_counter = iter(range(1, 10**9))


def make_course(index_page, lessons=3, publish=True, instructors=(), **fields):
    """A published ``CoursePage`` under ``index_page`` with ``lessons`` published lessons.

    ``fields`` override the course's fields (``title``, ``audience``, ``capacity``, ...);
    ``lessons`` may be a number or a list of dicts of lesson fields. ``instructors`` are
    user accounts listed as the course's instructors. Returns the course; its lessons are
    ``course.syllabus_items()``.
    """
    from courses.models import CourseInstructor, CoursePage, LessonPage

    n = next(_course_counter)
    values = {"title": f"หลักสูตรทดสอบ {n}", "slug": f"course-{n}", "summary": "สรุปหลักสูตรการบริหารราชการแผ่นดิน"}
    values.update(fields)
    agencies = values.pop("audience_agencies", [])
    prerequisites = values.pop("prerequisites", [])
    course = CoursePage(**values)
    for position, account in enumerate(instructors):
        course.course_instructors.add(CourseInstructor(user=account, sort_order=position))
    if agencies:
        course.audience_agencies = agencies
    if prerequisites:
        course.prerequisites = prerequisites
    index_page.add_child(instance=course)
    if publish:
        course.save_revision().publish()
    else:
        course.live = False
        course.save()
    lesson_fields = lessons if isinstance(lessons, list) else [{} for _ in range(lessons)]
    for position, extra in enumerate(lesson_fields, start=1):
        lesson_values = {"title": f"บทที่ {position}", "slug": f"lesson-{position}", "estimated_minutes": 15}
        lesson_values.update(extra)
        lesson = LessonPage(**lesson_values)
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
    course.refresh_from_db()
    return course
