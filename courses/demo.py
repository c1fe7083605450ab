"""Demo builders for courses: categories, Thai courses with lessons, covers and quizzes, the demo learner's
progress, and certificates.

Listed in ``lms.demo.BUILDERS`` after the accounts. Like every demo builder they create
what is missing and leave what exists alone: a course found by its slug under the
catalogue is not touched (an editor may have changed it), nor is a quiz found by its
slug under its course; a cover image found by its title is reused; the demo learner's
enrolment in a course is made only when they have none, and their quiz attempts only
when they have no attempt at that quiz. The demo signatory is found by its Thai name
and signs certificates only when the site has no signatory yet; the learner's
certificate is issued through ``courses.services.certificates``, once per completion. So
a second ``load_demo`` adds no rows and no page revisions. The words are in
``courses.demo_content`` and ``courses.demo_quizzes``.
"""

import datetime
import math
from decimal import Decimal
from io import BytesIO

from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Max, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import escape
from PIL import Image, ImageChops, ImageDraw
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from . import demo_content, demo_quizzes
from .models import (
    Audience,
    Certificate,
    CourseCategory,
    CourseInstructor,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    QuizAttempt,
    QuizPage,
)
from .quiz_blocks import QuestionKind
from .services.certificates import issue_for_enrolment, site_settings
from .services.enrolment import EnrolmentError, enrol_learner, withdraw
from .services.progress import active_enrolment, complete_lesson, record_lesson_opened
from .services.quizzes import QuizError, field_name, start_attempt, submit_attempt

COVER_SIZE = (1200, 675)


def build_course_categories(demo):
    """Create the missing course categories of ``demo_content.CATEGORIES``; returns them by slug."""
    categories = demo_categories()
    for position, (slug, name, name_en) in enumerate(demo_content.CATEGORIES, start=1):
        if slug not in categories:
            categories[slug] = CourseCategory.objects.create(slug=slug, name=name, name_en=name_en, sort_order=position)
            demo.changed(f"created the course category {slug}")
    return categories


def demo_categories():
    """The demo's categories that exist, by the demo's slug; one an editor renamed is still found by its slug or Thai name."""
    rows = demo_content.CATEGORIES
    found = CourseCategory.objects.filter(
        Q(slug__in=[slug for slug, _name, _en in rows]) | Q(name__in=[name for _slug, name, _en in rows])
    )
    by_slug = {category.slug: category for category in found}
    by_name = {category.name: category for category in found}
    categories = {}
    for slug, name, _name_en in rows:
        category = by_slug.get(slug) or by_name.get(name)
        if category is not None:
            categories[slug] = category
    return categories


def build_courses(demo):
    """Create the demo courses that are missing under the catalogue, each with its lessons, published.

    Every course, new or existing, is put on ``demo.pages`` as ``course:<slug>``.
    """
    index = demo.pages["courses"]
    categories = demo_categories()
    existing = {page.slug: page for page in CoursePage.objects.child_of(index).filter(slug__in=course_slugs())}
    for spec in demo_content.COURSES:
        course = existing.get(spec["slug"])
        if course is None:
            course = create_course(demo, index, spec, categories)
        demo.pages[f"course:{spec['slug']}"] = course
    return [demo.pages[f"course:{slug}"] for slug in course_slugs()]


def course_slugs():
    return [spec["slug"] for spec in demo_content.COURSES]


def create_course(demo, index, spec, categories):
    """One course from its ``demo_content`` spec, with its instructors, cover and lessons, all published."""
    course = CoursePage(
        title=spec["title"],
        title_en=spec.get("title_en", ""),
        slug=spec["slug"],
        summary=spec["summary"],
        description=spec["description"],
        learning_objectives=spec["learning_objectives"],
        category=categories.get(spec["category"]),
        level=spec["level"],
        language=spec["language"],
        training_hours=Decimal(spec["training_hours"]),
        audience=spec.get("audience", Audience.EVERYONE),
        capacity=spec.get("capacity"),
        cover_image=cover_image(demo, spec),
    )
    if spec.get("opens_in_days"):
        # Fixed when the course is made, so later runs do not move the date.
        opens = timezone.localtime() + datetime.timedelta(days=spec["opens_in_days"])
        course.enrolment_opens_at = opens.replace(hour=9, minute=0, second=0, microsecond=0)
        course.enrolment_closes_at = course.enrolment_opens_at + datetime.timedelta(days=60)
    instructor = demo.users.get("instructor")
    instructors = []
    if instructor is not None:
        instructors.append(CourseInstructor(user=instructor, **demo_content.INSTRUCTOR))
    if spec.get("guest"):
        instructors.append(CourseInstructor(**spec["guest"]))
    for position, row in enumerate(instructors):
        row.sort_order = position
        course.course_instructors.add(row)
    prerequisites = [demo.pages[f"course:{slug}"] for slug in spec.get("prerequisites", ())]
    if prerequisites:
        course.prerequisites = prerequisites
    index.add_child(instance=course)
    course.save_revision().publish()
    demo.changed(f"created the course {course.url_path}")
    for lesson_spec in spec["lessons"]:
        lesson = LessonPage(**lesson_spec)
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
        demo.changed(f"created the lesson {lesson.url_path}")
    return course


def cover_image(demo, spec):
    """The course's cover: the Wagtail image titled for the course, drawn and saved when missing."""
    image_model = get_image_model()
    title = f"ภาพปกหลักสูตร {spec['title']}"
    image = image_model.objects.filter(title=title).first()
    if image is not None:
        return image
    image = image_model(title=title)
    image.file = ImageFile(BytesIO(draw_cover(**spec["cover"])), name=f"course-cover-{spec['slug']}.png")
    image._set_image_file_metadata()
    image.save()
    demo.changed(f"created the cover image {title}")
    return image


def draw_cover(colours, accent, motif, size=COVER_SIZE):
    """A PNG: a diagonal gradient between ``colours`` with a simple ``motif`` drawn in ``accent``; no text."""
    width, height = size
    # Half a left-to-right and half a top-to-bottom gradient: dark in the top left, light in the bottom right.
    across = Image.linear_gradient("L").rotate(90).resize(size)
    down = Image.linear_gradient("L").resize(size)
    mask = ImageChops.add(ImageChops.invert(across), down, scale=2)
    image = Image.composite(Image.new("RGB", size, colours[1]), Image.new("RGB", size, colours[0]), mask)
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    MOTIFS[motif](ImageDraw.Draw(overlay), width, height, hex_to_rgb(accent))
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def hex_to_rgb(value):
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def _circles(draw, width, height, accent):
    cx, cy = int(width * 0.72), int(height * 0.5)
    for n, radius in enumerate(range(60, 420, 60)):
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=(*accent, 200 - n * 25), width=6)
    draw.ellipse((cx - 28, cy - 28, cx + 28, cy + 28), fill=(*accent, 230))


def _grid(draw, width, height, accent):
    cell, gap = 54, 14
    for row in range(6):
        for column in range(7):
            x = int(width * 0.42) + column * (cell + gap)
            y = 90 + row * (cell + gap)
            # A fixed, uneven pattern of light and dark cells, like a table of values.
            alpha = 60 + ((row * 7 + column * 3) % 5) * 40
            draw.rounded_rectangle((x, y, x + cell, y + cell), radius=8, fill=(*accent, alpha))


def _bars(draw, width, height, accent):
    base = height - 110
    for n, share in enumerate((0.25, 0.4, 0.35, 0.55, 0.7, 0.85)):
        x = int(width * 0.45) + n * 100
        draw.rounded_rectangle((x, base - int(share * 440), x + 64, base), radius=10, fill=(*accent, 120 + n * 22))
    draw.line((int(width * 0.42), base + 16, width - 60, base + 16), fill=(255, 255, 255, 180), width=5)


def _shield(draw, width, height, accent):
    cx, top = int(width * 0.7), 110
    points = [
        (cx, top),
        (cx + 200, top + 60),
        (cx + 180, top + 300),
        (cx, top + 450),
        (cx - 180, top + 300),
        (cx - 200, top + 60),
    ]
    draw.polygon(points, fill=(*accent, 70), outline=(*accent, 230), width=8)
    draw.line(((cx - 80, top + 230), (cx - 15, top + 295), (cx + 100, top + 165)), fill=(*accent, 240), width=22)


def _nodes(draw, width, height, accent):
    nodes = [(0.5, 0.3), (0.62, 0.62), (0.74, 0.25), (0.86, 0.5), (0.7, 0.82), (0.93, 0.15), (0.55, 0.86)]
    points = [(int(x * width), int(y * height)) for x, y in nodes]
    for a, b in ((0, 1), (0, 2), (1, 3), (2, 3), (1, 4), (3, 5), (2, 5), (4, 6), (1, 6)):
        draw.line((points[a], points[b]), fill=(255, 255, 255, 150), width=4)
    for n, (x, y) in enumerate(points):
        radius = 18 + (n % 3) * 8
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*accent, 235))


def _waves(draw, width, height, accent):
    for n in range(5):
        y0 = int(height * 0.35) + n * 60
        points = [(x, y0 + 40 * math.sin((x + n * 40) / 90)) for x in range(480, width + 1, 10)]
        draw.line(points, fill=(*accent, 220 - n * 35), width=8, joint="curve")


def _blocks(draw, width, height, accent):
    for n in range(4):
        x, y = int(width * 0.5) + n * 70, 90 + n * 60
        draw.rounded_rectangle((x, y, x + 300, y + 380), radius=16, fill=(255, 255, 255, 60 + n * 30))
        for line in range(5):
            ly = y + 60 + line * 50
            draw.line((x + 40, ly, x + 260 - (line % 2) * 60, ly), fill=(*accent, 200), width=10)


MOTIFS = {
    "circles": _circles,
    "grid": _grid,
    "bars": _bars,
    "shield": _shield,
    "nodes": _nodes,
    "waves": _waves,
    "blocks": _blocks,
}


def build_demo_enrolments(demo):
    """Enrol the demo learner in some courses with progress: one completed, one half done, one withdrawn.

    "Completed" means every lesson done here; the course itself is completed when the
    learner passes its quiz (``build_demo_quiz_attempts``, the next builder).

    A course in which the learner already has an enrolment (in any state) is left alone.
    Enrolments go through ``courses.services``, dated in the past so the dashboard reads
    like a real learner's.
    """
    learner = demo.users.get("learner")
    if learner is None:
        return []
    enrolments = []
    courses = {slug: demo.pages[f"course:{slug}"] for slug, _plan, _days in demo_content.LEARNER_PROGRESS}
    already = set(
        Enrolment.objects.filter(user=learner, course__in=courses.values()).values_list("course_id", flat=True)
    )
    now = timezone.now()
    for slug, plan, days_ago in demo_content.LEARNER_PROGRESS:
        course = courses[slug]
        if course.pk in already:
            continue
        started = now - datetime.timedelta(days=days_ago)
        try:
            enrolment, _changed = enrol_learner(course, learner, now=started)
        except EnrolmentError as error:
            # An administrator may have changed the learner's account or the course: say so and go on.
            if demo.stdout is not None:
                demo.stdout.write(f"  The demo learner was not enrolled in {slug}: {error.message}")
            continue
        study(learner, course, plan, started)
        demo.changed(f"enrolled {learner.email} in {slug} ({plan})")
        enrolments.append(enrolment)
    return enrolments


def study(learner, course, plan, started):
    """Record the learner's lessons for ``plan``: ``completed`` (all), ``half`` or ``withdrawn`` (after one).

    Only the lessons: the quiz at the end of the syllabus is taken afterwards by
    ``build_demo_quiz_attempts``, so a "completed" learner completes the course when they
    pass it, and the "half" learner's "continue" leads to the lesson after the ones done.
    """
    lessons = [item for item in course.syllabus_items() if isinstance(item, LessonPage)]
    if plan == "completed":
        done = lessons
    elif plan == "half":
        done = lessons[: len(lessons) // 2]
    else:
        done = lessons[:1]
    moment = started
    for lesson in done:
        moment += datetime.timedelta(days=1, hours=2)
        record_lesson_opened(learner, lesson, now=moment)
        complete_lesson(learner, lesson, now=moment + datetime.timedelta(minutes=lesson.estimated_minutes))
    if plan == "half" and len(done) < len(lessons):
        # Opened the next lesson and stopped: "continue" leads back to it.
        record_lesson_opened(learner, lessons[len(done)], now=moment + datetime.timedelta(days=1))
    elif plan == "withdrawn":
        withdraw(course, learner, now=moment + datetime.timedelta(days=2))


# --- Quizzes


def build_course_quizzes(demo):
    """Add each demo course's quiz (``demo_quizzes.QUIZZES``) as the last item of its syllabus, published.

    A page found under the course with the quiz's slug is left alone (an editor may have
    changed the quiz); one that is not a quiz is reported and no quiz is added beside it.
    Every quiz, new or existing, is put on ``demo.pages`` as ``quiz:<course slug>``.
    """
    quizzes = []
    for course_slug, spec in demo_quizzes.QUIZZES.items():
        course = demo.pages.get(f"course:{course_slug}")
        if course is None:
            continue
        existing = course.get_children().filter(slug=spec["slug"]).specific().first()
        if existing is None:
            existing = create_quiz(demo, course, spec)
        elif not isinstance(existing, QuizPage):
            if demo.stdout is not None:
                demo.stdout.write(f"  No quiz was added to {course_slug}: its page {existing.url_path} is not a quiz.")
            continue
        demo.pages[f"quiz:{course_slug}"] = existing
        quizzes.append(existing)
    return quizzes


def create_quiz(demo, course, spec):
    """A published quiz at the end of ``course``'s syllabus from its ``demo_quizzes`` spec."""
    fields = {name: value for name, value in spec.items() if name != "questions"}
    quiz = QuizPage(**fields, questions=[question_block(question) for question in spec["questions"]])
    course.add_child(instance=quiz)
    quiz.save_revision().publish()
    demo.changed(f"created the quiz {quiz.url_path} ({len(spec['questions'])} questions)")
    return quiz


def _rich_text(text):
    return RichText(f"<p>{escape(text)}</p>" if text else "")


def question_block(spec):
    """A ``(block type, value)`` pair of a quiz's question pool from a ``demo_quizzes`` question."""
    kind = spec["type"]
    value = {
        "prompt": _rich_text(spec["prompt"]),
        "points": spec.get("points", 1),
        "explanation": _rich_text(spec.get("explanation", "")),
    }
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        value["choices"] = [{"text": text, "correct": correct} for text, correct in spec["choices"]]
        if kind == QuestionKind.MULTIPLE:
            value["scoring"] = spec["scoring"]
    elif kind == QuestionKind.TRUE_FALSE:
        value["answer"] = spec["answer"]
    elif kind == QuestionKind.SHORT_TEXT:
        value["accepted_answers"] = list(spec["accepted"])
    elif kind == QuestionKind.NUMERIC:
        value["answer"] = Decimal(spec["answer"])
        value["tolerance"] = Decimal(spec.get("tolerance", "0"))
        value["unit"] = spec.get("unit", "")
    else:
        raise ValueError(f"Unknown question type {kind}")
    return (kind, value)


def build_demo_quiz_attempts(demo):
    """Give the demo learner a failed and then a passed attempt at the quiz of the course they completed.

    Made only when the learner has no attempt at that quiz and an enrolment in its course
    (not withdrawn). On a new site the learner has done every lesson
    (``build_demo_enrolments``) and passing the quiz completes the course. On a site whose
    demo was loaded before the courses had quizzes, the learner's course is already
    completed: the two attempts are added after their last lesson and the course stays
    completed (a completion, once recorded, is kept). The attempts go through
    ``courses.services.quizzes``, dated in the past.
    """
    learner = demo.users.get("learner")
    if learner is None:
        return []
    attempts = []
    for slug, plan, _days in demo_content.LEARNER_PROGRESS:
        quiz = demo.pages.get(f"quiz:{slug}")
        if plan != "completed" or quiz is None:
            continue
        if QuizAttempt.objects.filter(user=learner, quiz=quiz).exists():
            continue
        enrolment = active_enrolment(learner, demo.pages[f"course:{slug}"])
        if enrolment is None:
            continue
        # Read back: the question pool's choices got their ids when the quiz was saved.
        quiz = QuizPage.objects.get(pk=quiz.pk)
        moment = last_studied(learner, enrolment)
        try:
            with transaction.atomic():
                failed = take_quiz(learner, quiz, moment + datetime.timedelta(days=1, hours=1), passing=False)
                passed = take_quiz(learner, quiz, moment + datetime.timedelta(days=2, hours=3), passing=True)
        except QuizError as error:
            # An editor may have changed the quiz (no questions, one attempt only): say so and go on.
            if demo.stdout is not None:
                demo.stdout.write(f"  The demo learner did not take the quiz of {slug}: {error.message}")
            continue
        demo.changed(
            f"{learner.email} took the quiz of {slug}: {failed.percentage}% (failed), then {passed.percentage}% (passed)"
        )
        attempts += [failed, passed]
    return attempts


def last_studied(learner, enrolment):
    """When the learner last completed a lesson of the enrolment's course (else enrolled), at least three days ago."""
    latest = LessonProgress.objects.filter(user=learner, course_id=enrolment.course_id).aggregate(
        latest=Max("completed_at")
    )["latest"]
    moment = latest or enrolment.enrolled_at
    return min(moment, timezone.now() - datetime.timedelta(days=3))


def take_quiz(learner, quiz, started, passing):
    """Start an attempt at ``started`` and submit it a few minutes later, passing or failing on purpose.

    A failing attempt answers the first questions right, up to 40% of the points, and the
    rest wrong; a passing one answers all right but one when the pass mark allows it.
    """
    attempt, _created = start_attempt(learner, quiz, now=started)
    answers = list(attempt.answers.order_by("position"))
    right = answered_right(answers, attempt.max_score, attempt.pass_mark, passing)
    data = QueryDict(mutable=True)
    for answer in answers:
        for value in right_response(answer) if answer.pk in right else wrong_response(answer):
            data.appendlist(field_name(answer), value)
    submitted = started + datetime.timedelta(minutes=13 if passing else 9)
    if attempt.deadline is not None:
        submitted = min(submitted, attempt.deadline)
    attempt, _changed = submit_attempt(attempt, data, now=submitted)
    return attempt


def answered_right(answers, max_score, pass_mark, passing):
    """The ids of the answers to get right."""
    if passing:
        slip = min(reversed(answers), key=lambda answer: answer.points)
        if (max_score - slip.points) * 100 >= pass_mark * max_score:
            return {answer.pk for answer in answers if answer is not slip}
        return {answer.pk for answer in answers}
    right, points = set(), Decimal("0")
    for answer in answers:
        if (points + answer.points) * 100 > 40 * max_score:
            break
        right.add(answer.pk)
        points += answer.points
    return right


def right_response(answer):
    """What a learner who knows the answer posts for ``answer`` (a ``QuizAnswer``)."""
    key = answer.key
    if answer.is_choice:
        return list(key["correct"])
    if answer.kind == QuestionKind.SHORT_TEXT:
        return [key["accepted"][0]]
    return [key["answer"]]


def wrong_response(answer):
    """A plausible mistake: a wrong choice, all right choices but one, no text, or a number just off."""
    key = answer.key
    wrong_choices = [choice["id"] for choice in answer.choices if choice["id"] not in key.get("correct", [])]
    if answer.kind == QuestionKind.MULTIPLE and len(key["correct"]) > 1:
        return list(key["correct"][:-1])
    if answer.is_choice:
        return wrong_choices[:1]
    if answer.kind == QuestionKind.SHORT_TEXT:
        return []
    off = Decimal(key["answer"]) + 1 + 2 * Decimal(key.get("tolerance") or "0")
    return [f"{off.normalize():f}"]


# --- Certificates

DEMO_SIGNATORY = {
    "name_th": "นางวิไลวรรณ ศรีประเสริฐ",
    "name_en": "Mrs Wilaiwan Sriprasert",
    "position_th": "ผู้อำนวยการสำนักงานพัฒนาการเรียนรู้ภาครัฐ",
    "position_en": "Director, Public Sector Learning Office",
}
SIGNATURE_SIZE = (600, 200)


def build_demo_signatory(demo):
    """The demo's certificate signatory with a drawn signature, signing for the site when none does yet.

    Found by its Thai name (an administrator may have edited the rest); its signature
    image is found by its title. The site settings' first signatory is set only when the
    site has none, so an administrator's choice stays.
    """
    from home.models import Signatory, SiteSettings

    signatory = Signatory.objects.filter(name_th=DEMO_SIGNATORY["name_th"]).first()
    if signatory is None:
        signatory = Signatory.objects.create(**DEMO_SIGNATORY, signature=signature_image(demo))
        demo.changed(f"created the certificate signatory {signatory.name_th}")
    settings_row = SiteSettings.for_site(demo.site) if demo.site is not None else site_settings()
    if not settings_row.certificate_signatory_id and not settings_row.certificate_signatory_2_id:
        settings_row.certificate_signatory = signatory
        settings_row.save(update_fields=["certificate_signatory"])
        demo.changed("set the demo signatory on the site settings")
    return signatory


def signature_image(demo):
    """The demo signature: the Wagtail image of that title, drawn and saved when missing."""
    image_model = get_image_model()
    title = f"ลายมือชื่อ {DEMO_SIGNATORY['name_th']}"
    image = image_model.objects.filter(title=title).first()
    if image is not None:
        return image
    image = image_model(title=title)
    image.file = ImageFile(BytesIO(draw_signature()), name="demo-signature.png")
    image._set_image_file_metadata()
    image.save()
    demo.changed(f"created the signature image {title}")
    return image


def draw_signature(size=SIGNATURE_SIZE, ink=(20, 40, 110)):
    """A PNG on a transparent background: one looping pen stroke and an underline, like a quick signature.

    The stroke is a fixed curve (a run of loops that drift right, rising and falling),
    drawn as overlapping dots whose size follows the pen's speed, so it thins on the
    fast strokes and thickens where the pen slows, as ink does. No text.
    """
    width, height = size
    scale = 2  # drawn at twice the size and scaled down, for smooth edges
    canvas = Image.new("RGBA", (width * scale, height * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    points = []
    steps = 900
    for step in range(steps + 1):
        t = step / steps
        # A forward drift with a sideways swing larger than it, so the pen loops back on itself.
        x = 0.1 + 0.74 * t + 0.055 * math.sin(t * 11 * math.pi)
        y = 0.48 - 0.24 * math.cos(t * 11 * math.pi) * (1 - 0.5 * t) * (0.6 + 0.4 * math.sin(t * 3 * math.pi))
        points.append((x * width * scale, y * height * scale))
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        speed = math.hypot(x1 - x0, y1 - y0)
        radius = max(1.6, 5.2 - speed * 0.9) * scale / 2
        draw.ellipse((x1 - radius, y1 - radius, x1 + radius, y1 + radius), fill=(*ink, 255))
    # The underline flourish, from under the start to past the end, thinning out.
    for step in range(301):
        t = step / 300
        x = (0.12 + 0.8 * t) * width * scale
        y = (0.8 - 0.06 * t + 0.025 * math.sin(t * math.pi)) * height * scale
        radius = (3.2 - 2.2 * t) * scale / 2
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*ink, 255))
    image = canvas.resize(size, Image.Resampling.LANCZOS)
    buffer = BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def build_demo_certificates(demo):
    """Give the demo learner the certificate of each course they completed, as completing it would.

    Issued through ``courses.services.certificates.issue_for_enrolment``, dated at the
    completion: once per completion, so a second run (or the background task completing
    the course queues) finds the certificate made and adds none. A course that does not
    award certificates gets none.
    """
    learner = demo.users.get("learner")
    if learner is None:
        return []
    courses = [demo.pages.get(f"course:{slug}") for slug, _plan, _days in demo_content.LEARNER_PROGRESS]
    enrolments = Enrolment.objects.filter(
        user=learner, course__in=[course for course in courses if course is not None], completed_at__isnull=False
    ).order_by("completed_at")
    certificates = []
    for enrolment in enrolments:
        certificate, created = issue_for_enrolment(enrolment, now=enrolment.completed_at)
        if certificate is None:
            continue
        if created:
            demo.changed(f"issued the certificate {certificate.grouped_code} to {learner.email}")
        certificates.append(certificate)
    return certificates


def demo_certificate(demo):
    """The demo learner's newest valid certificate, or None (``load_demo`` prints its address)."""
    learner = demo.users.get("learner")
    if learner is None:
        return None
    return Certificate.objects.for_user(learner).valid().first()
