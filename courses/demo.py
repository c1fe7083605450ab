"""Demo builders for courses: categories, Thai courses with lessons and covers, and the demo learner's progress.

Listed in ``lms.demo.BUILDERS`` after the accounts. Like every demo builder they create
what is missing and leave what exists alone: a course found by its slug under the
catalogue is not touched (an editor may have changed it), a cover image found by its
title is reused, and the demo learner's enrolment in a course is made only when they
have none, so a second ``load_demo`` adds no rows and no page revisions. The words are
in ``courses.demo_content``.
"""

import datetime
import math
from decimal import Decimal
from io import BytesIO

from django.core.files.images import ImageFile
from django.db.models import Q
from django.utils import timezone
from PIL import Image, ImageChops, ImageDraw
from wagtail.images import get_image_model

from . import demo_content
from .models import Audience, CourseCategory, CourseInstructor, CoursePage, Enrolment, LessonPage
from .services.enrolment import EnrolmentError, enrol_learner, withdraw
from .services.progress import complete_lesson, record_lesson_opened

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
    """Record the learner's lessons for ``plan``: ``completed`` (all), ``half`` or ``withdrawn`` (after one)."""
    lessons = course.syllabus_items()
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
