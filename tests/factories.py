"""Factories for the tests: users, agencies, and the demo-like page tree."""

import datetime
import itertools

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


def question(kind, prompt=None, points=1, explanation="", **value):
    """A question block of a quiz's pool as a ``(block type, value)`` pair for ``make_quiz``.

    Choice questions take ``choices=[("text", correct), ...]``; true/false ``answer="true"``;
    short text ``accepted=[...]``; numeric ``answer=``, ``tolerance=``, ``unit=``.
    Example: ``question("single_choice", choices=[("ใช่", True), ("ไม่ใช่", False)])``.
    """
    from decimal import Decimal

    from wagtail.rich_text import RichText

    data = {
        "prompt": RichText(f"<p>{prompt or 'คำถามทดสอบ ' + kind}</p>"),
        "points": points,
        "explanation": RichText(f"<p>{explanation}</p>" if explanation else ""),
    }
    if kind in ("single_choice", "multiple_choice"):
        data["choices"] = [{"text": text, "correct": correct} for text, correct in value["choices"]]
        if kind == "multiple_choice":
            data["scoring"] = value.get("scoring", "all_or_nothing")
    elif kind == "true_false":
        data["answer"] = value.get("answer", "true")
    elif kind == "short_text":
        data["accepted_answers"] = list(value["accepted"])
    elif kind == "numeric":
        data["answer"] = Decimal(str(value["answer"]))
        data["tolerance"] = Decimal(str(value.get("tolerance", 0)))
        data["unit"] = value.get("unit", "")
    return (kind, data)


def sample_questions():
    """One question of each type, each with one point, and whose right answers are known to the tests."""
    return [
        question(
            "single_choice",
            "เมืองหลวงของประเทศไทยคือเมืองใด",
            choices=[("กรุงเทพมหานคร", True), ("เชียงใหม่", False), ("ขอนแก่น", False)],
            explanation="กรุงเทพมหานครเป็นเมืองหลวง",
        ),
        question(
            "multiple_choice", "ข้อใดเป็นจังหวัดภาคเหนือ", choices=[("เชียงใหม่", True), ("ลำปาง", True), ("ภูเก็ต", False)]
        ),
        question("true_false", "ปีงบประมาณเริ่มวันที่ 1 ตุลาคม", answer="true"),
        question("short_text", "พ.ศ. ย่อมาจากอะไร", accepted=["พุทธศักราช"]),
        question("numeric", "ปี พ.ศ. 2569 ตรงกับปี ค.ศ. ใด", answer=2026),
    ]


def make_quiz(course, questions=None, publish=True, **fields):
    """A ``QuizPage`` at the end of ``course``'s syllabus (the ``sample_questions`` unless given).

    ``fields`` override the quiz's fields (``pass_mark``, ``max_attempts``, ``time_limit_minutes``, ...).
    Returns the quiz as read back from the database, with the ids of its questions and choices.
    """
    from courses.models import QuizPage

    n = next(_course_counter)
    values = {"title": f"แบบทดสอบ {n}", "slug": f"quiz-{n}", "shuffle_choices": False}
    values.update(fields)
    quiz = QuizPage(questions=questions if questions is not None else sample_questions(), **values)
    course.add_child(instance=quiz)
    if publish:
        quiz.save_revision().publish()
    return QuizPage.objects.get(pk=quiz.pk)


def member_of(group_name, factory=None, **fields):
    """A new user (``UserFactory`` unless ``factory`` is given) in the role group ``group_name``.

    Returns a fresh instance from the database, so no permission cache survives from
    before the group was added. Example: ``member_of(roles.INSTRUCTORS, preferred_language="en")``.
    """
    from django.contrib.auth.models import Group

    user = (factory or UserFactory)(**fields)
    user.groups.add(Group.objects.get(name=group_name))
    return User.objects.get(pk=user.pk)


def admin_form_data(html, form_id):
    """What a browser would post from the form ``form_id`` in ``html``: a dict of name → value or list.

    Inputs (checked boxes and radios only), text areas and selects are read; buttons and files
    are not. Fields inside ``<template>`` elements (the empty rows of Wagtail's inline formsets)
    are left out. Example: ``admin_form_data(response.content.decode(), "page-edit-form")``.
    """
    from html.parser import HTMLParser

    class FormReader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.data, self.in_form, self.in_template = {}, False, 0
            self.textarea, self.select, self.options = None, None, []

        def add(self, name, value):
            if name in self.data:
                existing = self.data[name]
                self.data[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
            else:
                self.data[name] = value

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "form" and attrs.get("id") == form_id:
                self.in_form = True
            if not self.in_form:
                return
            if tag == "template":
                self.in_template += 1
            if self.in_template or "name" not in attrs:
                if tag == "option" and self.select is not None:
                    self.options.append((attrs.get("value", ""), "selected" in attrs))
                return
            if tag == "input":
                kind = attrs.get("type", "text")
                if kind in ("submit", "button", "file", "image", "reset"):
                    return
                if kind in ("checkbox", "radio") and "checked" not in attrs:
                    return
                self.add(attrs["name"], attrs.get("value", "on" if kind in ("checkbox", "radio") else ""))
            elif tag == "textarea":
                self.textarea, self.text = attrs["name"], ""
            elif tag == "select":
                self.select, self.multiple, self.options = attrs["name"], "multiple" in attrs, []

        def handle_data(self, data):
            if self.textarea is not None:
                self.text += data

        def handle_endtag(self, tag):
            if not self.in_form:
                return
            if tag == "form":
                self.in_form = False
            elif tag == "template":
                self.in_template -= 1
            elif tag == "textarea" and self.textarea is not None:
                self.add(self.textarea, self.text.removeprefix("\n"))
                self.textarea = None
            elif tag == "select" and self.select is not None:
                chosen = [value for value, selected in self.options if selected]
                if not chosen and self.options and not self.multiple:
                    chosen = [self.options[0][0]]
                if self.multiple:
                    self.data[self.select] = chosen
                elif chosen:
                    self.add(self.select, chosen[0])
                self.select = None

    reader = FormReader()
    reader.feed(html)
    return reader.data


def make_pdf_bytes(text="คู่มือการบริหารราชการแผ่นดิน", pages=1):
    """A small PDF with ``text`` (Thai shaped, its text layer reading back) on each page."""
    from lms.pdf import ThaiPDF

    pdf = ThaiPDF(format="A4")
    pdf.set_font("Sarabun", size=16)
    for _page in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 10, text)
    return pdf.thai_output()


def make_document(title="เอกสารทดสอบ", filename="document.pdf", content=None, text="คู่มือการบริหารราชการแผ่นดิน"):
    """A Wagtail document in the root collection; a PDF with ``text`` unless ``content`` (bytes) is given."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    data = content if content is not None else make_pdf_bytes(text)
    document = get_document_model()(title=title)
    document.file.save(filename, ContentFile(data), save=False)
    document.save()
    return document


_library_counter = iter(range(1, 10**9))


def make_library_item(index_page, creators=(), subjects=(), publish=True, document=None, **fields):
    """A published ``LibraryItemPage`` under ``index_page`` (the /library/ page).

    ``creators`` are names in order; ``subjects`` are names (made when missing).
    ``document`` defaults to a one-page Thai PDF; pass ``external_url`` and
    ``document=False`` for an item with an address only. ``fields`` override the rest.
    """
    from library.models import LibraryItemCreator, LibraryItemPage, Subject

    n = next(_library_counter)
    if document is None:
        document = make_document(title=f"ไฟล์รายการ {n}", filename=f"item-{n}.pdf")
    values = {
        "title": f"คู่มือทดสอบ {n}",
        "slug": f"item-{n}",
        "item_type": "manual",
        "language": "th",
        "date_issued": "2024",
        "publisher": "สำนักงานคณะกรรมการพัฒนาระบบราชการ",
        "document": document or None,
    }
    values.update(fields)
    item = LibraryItemPage(**values)
    for position, name in enumerate(creators):
        item.creators.add(LibraryItemCreator(name=name, sort_order=position))
    if subjects:
        item.subjects = [Subject.objects.get_or_create(name=name)[0] for name in subjects]
    index_page.add_child(instance=item)
    if publish:
        item.save_revision().publish()
    else:
        item.live = False
        item.save()
    return LibraryItemPage.objects.get(pk=item.pk)


_seminar_counter = itertools.count(1)


def make_seminar(index_page, sessions=1, publish=True, organisers=(), **fields):
    """A published ``SeminarPage`` under ``index_page`` (the ``/seminars/`` page) with its sessions.

    ``sessions`` is a number of sessions (each a week apart from tomorrow, 09:00–12:00
    Bangkok, 20 seats) or a list of dicts of session fields that override those defaults.
    ``fields`` override the seminar's fields (``title``, ``audience``, ``requires_approval``, ...).
    Returns the seminar; its sessions are ``list(seminar.sessions.all())`` in order.
    """
    from django.utils import timezone

    from courses.models import SeminarPage, SeminarSession

    n = next(_seminar_counter)
    values = {
        "title": f"สัมมนาทดสอบ {n}",
        "slug": f"seminar-{n}",
        "summary": "สัมมนาเรื่องการบริหารราชการแผ่นดิน",
        "training_hours": 3,
    }
    values.update(fields)
    agencies = values.pop("audience_agencies", [])
    seminar = SeminarPage(**values)
    if agencies:
        seminar.audience_agencies = agencies
    if organisers:
        seminar.organisers = list(organisers)
    tomorrow = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
    session_fields = sessions if isinstance(sessions, list) else [{} for _ in range(sessions)]
    for position, extra in enumerate(session_fields):
        starts = tomorrow + datetime.timedelta(days=7 * position)
        session_values = {
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=3),
            "venue_name": "ห้องประชุม 1 สำนักงาน ก.พ.",
            "venue_address": "47/111 ถนนติวานนท์ นนทบุรี",
            "capacity": 20,
            "sort_order": position,
        }
        session_values.update(extra)
        seminar.sessions.add(SeminarSession(**session_values))
    index_page.add_child(instance=seminar)
    if publish:
        seminar.save_revision().publish()
    else:
        seminar.live = False
        seminar.save()
    seminar.refresh_from_db()
    return seminar
