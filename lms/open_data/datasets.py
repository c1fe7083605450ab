"""The open data sets: what each one is, the dictionary of its columns, and how its rows are made.

Every data set is aggregated and anonymous: no row is about one person, and no column holds
a name, an e-mail address or an account id. Columns that count people (``counts_people``)
are suppressed by ``lms.open_data.build`` when they are between 1 and 4, and averages are
suppressed when fewer than 5 people gave them (``based_on``). The registry is ``DATASETS``
(``get(slug)``, ``all_datasets()``); ``build.rebuild(slug)`` writes a data set's files.

Titles, descriptions and column descriptions are published data, written here in Thai and
English side by side (``Text``): the files and the DCAT catalogue carry both languages
whatever the visitor's language, and the page shows the one the visitor reads.

Example::

    dataset = get("courses")
    table = dataset.build()          # Table(rows=[{...}, ...], period_start=date, period_end=date)
"""

import datetime
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Count, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

LICENCE_TITLE = "Creative Commons Attribution 4.0 (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# Figures counting fewer people than this (but at least one) are not published.
SMALLEST_PUBLISHED_COUNT = 5
# The EU Publications Office's frequency vocabulary, which DCAT-AP and CKAN's DCAT harvester read.
DAILY = "http://publications.europa.eu/resource/authority/frequency/DAILY"

# Column types, as in the Frictionless Table Schema.
STRING, INTEGER, NUMBER, BOOLEAN, DATE, DATETIME, YEARMONTH = (
    "string",
    "integer",
    "number",
    "boolean",
    "date",
    "datetime",
    "yearmonth",
)


@dataclass(frozen=True)
class Text:
    """A published text in Thai and in English."""

    th: str
    en: str

    def in_language(self, language):
        """The English text for an English reader (``"en"``, ``"en-gb"``), the Thai one otherwise."""
        return self.en if (language or "th").startswith("en") else self.th


@dataclass(frozen=True)
class Column:
    """One column of a data set.

    ``counts_people``: a count of people, published only when 0 or at least 5. ``based_on``:
    the name of the column counting the people a figure (an average) comes from; the figure is
    published only when that count is at least 5. ``includes``: the name of another people
    count this one contains (confirmed registrations include the attendees); when the difference
    (people in this one but not the other) is 1 to 4, this one is not published either.
    """

    name: str
    type: str
    description: Text
    counts_people: bool = False
    based_on: str = ""
    includes: str = ""


@dataclass
class Table:
    """What a builder returns: rows (dicts keyed by column name) and the dates the data covers."""

    rows: list
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None


@dataclass(frozen=True)
class Dataset:
    """One open data set: its description, its column dictionary and its builder."""

    slug: str
    title: Text
    description: Text
    keywords: tuple
    columns: tuple
    builder: Callable[[], Table] = field(repr=False)
    licence_title: str = LICENCE_TITLE
    licence_url: str = LICENCE_URL
    frequency: str = DAILY
    frequency_label: Text = Text("รายวัน", "Daily")

    @property
    def column_names(self):
        return [column.name for column in self.columns]

    def build(self):
        """The data set's rows as they are now, before suppression (``build.suppress`` applies it)."""
        return self.builder()


# --- Helpers -----------------------------------------------------------------------------


def _local_tz():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _local_date(moment):
    return timezone.localtime(moment, _local_tz()).date() if moment else None


def _dates(*values):
    return [value for value in values if value is not None]


def public_url(path):
    """``path`` on the public site (``PUBLIC_BASE_URL``): files are built without a request."""
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def page_url(page):
    """The page's absolute address on the public site."""
    parts = page.get_url_parts()
    return public_url(parts[2] if parts else page.url_path)


def _month(value):
    """``YYYY-MM`` of a month truncated by the database (a date or a datetime)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value, _local_tz())
    return f"{value.year:04d}-{value.month:02d}"


def _number(value, places=1):
    if value is None:
        return None
    return round(float(value), places) if isinstance(value, Decimal | float) else value


def catalogue_courses():
    """The courses anyone may see: live and not behind a page privacy setting."""
    from courses.models import CoursePage

    return CoursePage.objects.live().public().filter(alias_of__isnull=True)


def catalogue_library_items():
    """The library items anyone may see listed: live and not behind a page privacy setting.

    An item whose file is for signed-in users or civil servants is listed (its catalogue
    record is public, as in OAI-PMH), without the address of its file.
    """
    from library.models import LibraryItemPage

    return LibraryItemPage.objects.live().public().filter(alias_of__isnull=True)


def catalogue_seminars():
    from courses.models import SeminarPage

    return SeminarPage.objects.live().public().filter(alias_of__isnull=True)


# --- Builders ----------------------------------------------------------------------------


def build_courses():
    courses = catalogue_courses().select_related("category").order_by("path")
    rows = []
    published = []
    for course in courses:
        first_published = _local_date(course.first_published_at)
        published.append(first_published)
        rows.append(
            {
                "course_id": course.pk,
                "title": course.title,
                "title_en": course.title_en,
                "category": course.category.name if course.category_id else "",
                "category_en": course.category.name_en if course.category_id else "",
                "level": course.level,
                "language": course.language,
                "audience": course.audience,
                "training_hours": _number(course.training_hours),
                "url": page_url(course),
                "first_published": first_published.isoformat() if first_published else "",
            }
        )
    dates = _dates(*published)
    return Table(rows, min(dates) if dates else None, max(dates) if dates else None)


def build_course_activity_monthly():
    from courses.models import Enrolment

    courses = {course.pk: course for course in catalogue_courses().only("pk", "title", "title_en")}
    enrolments = Enrolment.objects.filter(course_id__in=list(courses)).order_by()
    counts = {}
    by_enrolment = (
        enrolments.annotate(month=TruncMonth("enrolled_at", tzinfo=_local_tz()))
        .values("month", "course_id")
        .annotate(n=Count("pk"))
    )
    for row in by_enrolment:
        counts.setdefault((_month(row["month"]), row["course_id"]), [0, 0])[0] = row["n"]
    by_completion = (
        enrolments.filter(completed_at__isnull=False)
        .annotate(month=TruncMonth("completed_at", tzinfo=_local_tz()))
        .values("month", "course_id")
        .annotate(n=Count("pk"))
    )
    for row in by_completion:
        counts.setdefault((_month(row["month"]), row["course_id"]), [0, 0])[1] = row["n"]
    rows = [
        {
            "month": month,
            "course_id": course_id,
            "title": courses[course_id].title,
            "title_en": courses[course_id].title_en,
            "enrolments": enrolled,
            "completions": completed,
        }
        for (month, course_id), (enrolled, completed) in sorted(counts.items())
    ]
    span = enrolments.aggregate(first=Min("enrolled_at"), last=Max("enrolled_at"), last_completed=Max("completed_at"))
    ends = _dates(_local_date(span["last"]), _local_date(span["last_completed"]))
    return Table(rows, _local_date(span["first"]), max(ends) if ends else None)


def build_library_items():
    from library.models import Access
    from library.oai import plain_text

    items = catalogue_library_items().defer("full_text").prefetch_related("creators", "subjects").order_by("path")
    rows = []
    published = []
    for item in items:
        published.append(_local_date(item.first_published_at))
        open_file = item.access == Access.OPEN and (item.document_id or item.external_url)
        rows.append(
            {
                "identifier": item.identifier,
                "title": item.title,
                "title_en": item.title_en,
                "creator": "; ".join(creator.name for creator in item.creators.all()),
                "subject": "; ".join(subject.name for subject in item.subjects.all()),
                "subject_en": "; ".join(subject.name_en or subject.name for subject in item.subjects.all()),
                "description": plain_text(item.description),
                "publisher": item.publisher,
                "date": item.date_issued,
                "type": item.dcmi_type,
                "item_type": item.item_type,
                "language": item.language,
                "rights": item.rights,
                "rights_url": item.rights_url,
                "access": item.access,
                "url": page_url(item),
                "file_url": public_url(reverse("library:download", args=[item.pk])) if open_file else "",
            }
        )
    dates = _dates(*published)
    return Table(rows, min(dates) if dates else None, max(dates) if dates else None)


def build_library_usage_monthly():
    from library.models import ItemUsageDay

    items = {item.pk: item for item in catalogue_library_items().only("pk", "identifier", "title", "title_en")}
    usage = ItemUsageDay.objects.filter(item_id__in=list(items)).order_by()
    monthly = (
        usage.annotate(month=TruncMonth("day"))
        .values("month", "item_id")
        .annotate(views=Sum("views"), downloads=Sum("downloads"))
    )
    rows = []
    for row in monthly:
        item = items[row["item_id"]]
        rows.append(
            {
                "month": _month(row["month"]),
                "identifier": item.identifier,
                "title": item.title,
                "title_en": item.title_en,
                "views": row["views"] or 0,
                "downloads": row["downloads"] or 0,
            }
        )
    rows.sort(key=lambda row: (row["month"], row["identifier"]))
    span = usage.aggregate(first=Min("day"), last=Max("day"))
    return Table(rows, span["first"], span["last"])


def build_seminar_attendance():
    from courses.models import RegistrationStatus, SeminarSession

    seated = (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED)
    sessions = (
        SeminarSession.objects.filter(page__in=catalogue_seminars())
        .select_related("page")
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status__in=seated)),
            attended=Count("registrations", filter=Q(registrations__status=RegistrationStatus.ATTENDED)),
        )
        .order_by("starts_at", "pk")
    )
    rows = []
    starts = []
    for session in sessions:
        starts.append(_local_date(session.starts_at))
        seminar = session.page
        rows.append(
            {
                "seminar_id": seminar.pk,
                "seminar": seminar.title,
                "seminar_en": seminar.title_en,
                "session_id": session.pk,
                "session_start": timezone.localtime(session.starts_at, _local_tz()).isoformat(),
                "session_end": timezone.localtime(session.ends_at, _local_tz()).isoformat(),
                "format": seminar.format,
                "capacity": session.capacity,
                "registrations_confirmed": session.confirmed,
                "attended": session.attended,
                "cancelled": session.cancelled_at is not None,
                "url": page_url(seminar),
            }
        )
    return Table(rows, min(starts) if starts else None, max(starts) if starts else None)


def build_course_evaluations():
    from courses.models import QUESTION_FIELDS, CourseEvaluation

    courses = list(catalogue_courses().only("pk", "title", "title_en").order_by("path"))
    evaluations = CourseEvaluation.objects.filter(course_id__in=[course.pk for course in courses]).order_by()
    summaries = {
        row["course_id"]: row
        for row in evaluations.values("course_id").annotate(
            n=Count("pk"), **{name: Avg(name) for name in QUESTION_FIELDS}
        )
    }
    rows = []
    for course in courses:
        summary = summaries.get(course.pk, {})
        means = [summary[name] for name in QUESTION_FIELDS if summary.get(name) is not None]
        row = {"course_id": course.pk, "title": course.title, "title_en": course.title_en}
        row["evaluations"] = summary.get("n", 0)
        for name in QUESTION_FIELDS:
            row[f"average_{name}"] = _number(summary.get(name), 2)
        row["average_overall"] = round(sum(means) / len(means), 2) if means else None
        rows.append(row)
    span = evaluations.aggregate(first=Min("created_at"), last=Max("updated_at"))
    return Table(rows, _local_date(span["first"]), _local_date(span["last"]))


# --- The registry --------------------------------------------------------------------------

# The standard evaluation questions (``courses.models.evaluations.QUESTIONS``) as published.
QUESTION_TEXTS = {
    "content_useful": Text("เนื้อหามีประโยชน์ต่อการทำงาน", "The content is useful for my work."),
    "clear_materials": Text("บทเรียนและสื่อชัดเจน", "The lessons and materials are clear."),
    "well_organised": Text("หลักสูตรจัดลำดับดีและเรียนตามได้ง่าย", "The course is well organised and easy to follow."),
    "recommend": Text("จะแนะนำหลักสูตรนี้แก่เพื่อนร่วมงาน", "I would recommend this course to colleagues."),
}


def _question_columns():
    from courses.models.evaluations import QUESTION_FIELDS

    columns = []
    for name in QUESTION_FIELDS:
        text = QUESTION_TEXTS.get(name, Text(name, name))
        columns.append(
            Column(
                f"average_{name}",
                NUMBER,
                Text(
                    f"คะแนนเฉลี่ย (1–5) ของข้อ “{text.th}” ว่างเมื่อมีผู้ประเมินน้อยกว่า 5 คน",
                    f"Average rating (1–5) of “{text.en}”; empty when fewer than 5 people evaluated the course.",
                ),
                based_on="evaluations",
            )
        )
    return tuple(columns)


COURSE_ID = Column("course_id", INTEGER, Text("รหัสหลักสูตร (หมายเลขหน้าในเว็บไซต์)", "The course's id (its page number)."))
COURSE_TITLE = Column("title", STRING, Text("ชื่อหลักสูตร (ภาษาไทย)", "The course's title in Thai."))
COURSE_TITLE_EN = Column("title_en", STRING, Text("ชื่อหลักสูตรภาษาอังกฤษ (ถ้ามี)", "The course's English title, if any."))
MONTH = Column("month", YEARMONTH, Text("เดือน (ปี ค.ศ.-เดือน ตามเวลาประเทศไทย)", "The month (YYYY-MM, Thailand time)."))
ITEM_IDENTIFIER = Column(
    "identifier",
    STRING,
    Text("รหัสรายการ (ISBN, DOI หรือเลขของห้องสมุด)", "The item's identifier (ISBN, DOI or the library's own)."),
)
ITEM_TITLE = Column("title", STRING, Text("ชื่อเรื่อง", "The item's title."))
ITEM_TITLE_EN = Column("title_en", STRING, Text("ชื่อเรื่องภาษาอังกฤษ (ถ้ามี)", "The item's English title, if any."))
PAGE_URL = Column("url", STRING, Text("ที่อยู่ของหน้าในเว็บไซต์", "The address of its page on the site."))

COURSES = Dataset(
    slug="courses",
    title=Text("รายการหลักสูตร", "Course catalogue"),
    description=Text(
        "หลักสูตรออนไลน์ที่เผยแพร่ต่อสาธารณะบนแพลตฟอร์ม: ชื่อ หมวดหมู่ ระดับ ภาษา กลุ่มผู้เรียน "
        "ชั่วโมงการฝึกอบรม และวันที่เผยแพร่ครั้งแรก ไม่มีข้อมูลส่วนบุคคล",
        "The online courses published on the platform: title, category, level, language, audience, "
        "credited training hours and when each was first published. Nothing personal.",
    ),
    keywords=(Text("หลักสูตร", "courses"), Text("การฝึกอบรม", "training"), Text("ภาครัฐ", "public sector")),
    columns=(
        COURSE_ID,
        COURSE_TITLE,
        COURSE_TITLE_EN,
        Column("category", STRING, Text("หมวดหมู่", "The category, in Thai.")),
        Column("category_en", STRING, Text("หมวดหมู่ภาษาอังกฤษ", "The category, in English.")),
        Column(
            "level",
            STRING,
            Text(
                "ระดับ: beginner (พื้นฐาน), intermediate (กลาง), advanced (สูง)",
                "Level: beginner, intermediate or advanced.",
            ),
        ),
        Column(
            "language",
            STRING,
            Text("ภาษาที่สอน: th (ไทย), en (อังกฤษ), th_en (ไทยและอังกฤษ)", "Language taught in: th, en, or th_en (both)."),
        ),
        Column(
            "audience",
            STRING,
            Text(
                "ผู้มีสิทธิ์ลงทะเบียน: everyone (ทุกคน), staff (ข้าราชการและพนักงานรัฐวิสาหกิจ), agencies (บุคลากรของหน่วยงานที่กำหนด)",
                "Who may enrol: everyone, staff (civil servants and state-enterprise staff), "
                "or agencies (staff of listed agencies).",
            ),
        ),
        Column(
            "training_hours", NUMBER, Text("ชั่วโมงการฝึกอบรมที่ได้รับเมื่อเรียนจบ", "Training hours credited on completion.")
        ),
        PAGE_URL,
        Column("first_published", DATE, Text("วันที่เผยแพร่ครั้งแรก (ค.ศ.)", "The date the course was first published.")),
    ),
    builder=build_courses,
)

COURSE_ACTIVITY_MONTHLY = Dataset(
    slug="course-activity-monthly",
    title=Text("การลงทะเบียนและการเรียนจบรายเดือน", "Monthly enrolments and completions"),
    description=Text(
        "จำนวนการลงทะเบียนและจำนวนผู้เรียนจบของแต่ละหลักสูตรในแต่ละเดือน ตัวเลขที่น้อยกว่า 5 คน (1–4) ไม่เปิดเผย",
        "How many learners enrolled in and completed each course, per month. Figures of 1 to 4 people are suppressed.",
    ),
    keywords=(Text("การลงทะเบียน", "enrolments"), Text("การเรียนจบ", "completions"), Text("สถิติ", "statistics")),
    columns=(
        MONTH,
        COURSE_ID,
        COURSE_TITLE,
        COURSE_TITLE_EN,
        Column(
            "enrolments",
            INTEGER,
            Text("จำนวนผู้ลงทะเบียนในเดือนนั้น (ว่างเมื่อ 1–4 คน)", "Learners who enrolled that month (empty when 1 to 4)."),
            counts_people=True,
        ),
        Column(
            "completions",
            INTEGER,
            Text(
                "จำนวนผู้เรียนจบในเดือนนั้น (ว่างเมื่อ 1–4 คน)",
                "Learners who completed the course that month (empty when 1 to 4).",
            ),
            counts_people=True,
        ),
    ),
    builder=build_course_activity_monthly,
)

LIBRARY_ITEMS = Dataset(
    slug="library-items",
    title=Text("รายการในห้องสมุดอิเล็กทรอนิกส์", "E-library catalogue"),
    description=Text(
        "ข้อมูลบรรณานุกรมแบบดับลินคอร์ของรายการในห้องสมุดอิเล็กทรอนิกส์ที่เผยแพร่ต่อสาธารณะ "
        "รายการที่จำกัดสิทธิ์การเปิดไฟล์แสดงเฉพาะข้อมูลบรรณานุกรม ไม่มีที่อยู่ของไฟล์",
        "The Dublin Core records of the e-library's public items. Items whose file is restricted "
        "are listed with their record only, without the address of the file.",
    ),
    keywords=(
        Text("ห้องสมุด", "library"),
        Text("ดับลินคอร์", "Dublin Core"),
        Text("สิ่งพิมพ์ภาครัฐ", "government publications"),
    ),
    columns=(
        ITEM_IDENTIFIER,
        ITEM_TITLE,
        ITEM_TITLE_EN,
        Column("creator", STRING, Text("ผู้แต่ง ตามลำดับ คั่นด้วย ;", "Creators in the order credited, separated by “;”.")),
        Column("subject", STRING, Text("หัวเรื่อง คั่นด้วย ;", "Subjects in Thai, separated by “;”.")),
        Column("subject_en", STRING, Text("หัวเรื่องภาษาอังกฤษ คั่นด้วย ;", "Subjects in English, separated by “;”.")),
        Column("description", STRING, Text("สาระสังเขป (ข้อความล้วน)", "The description, as plain text.")),
        Column("publisher", STRING, Text("สำนักพิมพ์หรือหน่วยงานที่จัดพิมพ์", "The publisher.")),
        Column("date", STRING, Text("ปีหรือวันที่พิมพ์ (ค.ศ. YYYY หรือ YYYY-MM-DD)", "The date issued (YYYY or YYYY-MM-DD).")),
        Column(
            "type",
            STRING,
            Text(
                "ประเภทตามศัพท์ DCMI (Text, StillImage, MovingImage, Sound)",
                "The DCMI type (Text, StillImage, MovingImage, Sound).",
            ),
        ),
        Column(
            "item_type",
            STRING,
            Text(
                "ประเภทของห้องสมุด (book, ebook, report, manual, ...)",
                "The library's own type (book, ebook, report, manual, ...).",
            ),
        ),
        Column("language", STRING, Text("ภาษา: th, en หรือ mul (หลายภาษา)", "Language: th, en or mul (several).")),
        Column("rights", STRING, Text("สัญญาอนุญาตของรายการ", "The item's licence.")),
        Column("rights_url", STRING, Text("ที่อยู่ของสัญญาอนุญาต", "The address of the item's licence.")),
        Column(
            "access",
            STRING,
            Text(
                "ผู้เปิดไฟล์ได้: open (ทุกคน), signed_in (ผู้เข้าสู่ระบบ), civil_servants (ข้าราชการ)",
                "Who may open the file: open (everyone), signed_in (signed-in users), civil_servants.",
            ),
        ),
        PAGE_URL,
        Column(
            "file_url",
            STRING,
            Text("ที่อยู่สำหรับดาวน์โหลดไฟล์ (เฉพาะรายการที่เปิดให้ทุกคน)", "The file's download address (open items only)."),
        ),
    ),
    builder=build_library_items,
)

LIBRARY_USAGE_MONTHLY = Dataset(
    slug="library-usage-monthly",
    title=Text("สถิติการเข้าชมและดาวน์โหลดห้องสมุดรายเดือน", "Monthly e-library views and downloads"),
    description=Text(
        "จำนวนการเข้าชมและการดาวน์โหลดของแต่ละรายการในแต่ละเดือน (นับผู้เข้าชมแต่ละรายครั้งเดียวต่อวัน "
        "ไม่นับโปรแกรมอัตโนมัติ) ตัวเลข 1–4 ไม่เปิดเผย",
        "Views and downloads of each item per month (each visitor counted once a day, known bots left out). "
        "Figures of 1 to 4 are suppressed.",
    ),
    keywords=(Text("ห้องสมุด", "library"), Text("สถิติการใช้งาน", "usage statistics"), Text("ดาวน์โหลด", "downloads")),
    columns=(
        MONTH,
        ITEM_IDENTIFIER,
        ITEM_TITLE,
        ITEM_TITLE_EN,
        Column(
            "views",
            INTEGER,
            Text("จำนวนการเข้าชม (ว่างเมื่อ 1–4)", "Views: visitors a day, added up over the month (empty when 1 to 4)."),
            counts_people=True,
        ),
        Column(
            "downloads",
            INTEGER,
            Text(
                "จำนวนการดาวน์โหลด (ว่างเมื่อ 1–4)",
                "Downloads: visitors a day, added up over the month (empty when 1 to 4).",
            ),
            counts_people=True,
        ),
    ),
    builder=build_library_usage_monthly,
)

SEMINAR_ATTENDANCE = Dataset(
    slug="seminar-attendance",
    title=Text("การเข้าร่วมสัมมนารายรอบ", "Seminar attendance per session"),
    description=Text(
        "สัมมนาที่เผยแพร่ต่อสาธารณะ แต่ละรอบพร้อมรูปแบบ จำนวนที่นั่ง จำนวนผู้ลงทะเบียนที่ได้รับการยืนยัน "
        "และจำนวนผู้เข้าร่วม ตัวเลขที่น้อยกว่า 5 คน (1–4) ไม่เปิดเผย",
        "The public seminars' sessions with their format, seats, confirmed registrations and attendance. "
        "Figures of 1 to 4 people are suppressed.",
    ),
    keywords=(Text("สัมมนา", "seminars"), Text("การเข้าร่วม", "attendance"), Text("การฝึกอบรม", "training")),
    columns=(
        Column("seminar_id", INTEGER, Text("รหัสสัมมนา (หมายเลขหน้าในเว็บไซต์)", "The seminar's id (its page number).")),
        Column("seminar", STRING, Text("ชื่อสัมมนา", "The seminar's title in Thai.")),
        Column("seminar_en", STRING, Text("ชื่อสัมมนาภาษาอังกฤษ (ถ้ามี)", "The seminar's English title, if any.")),
        Column("session_id", INTEGER, Text("รหัสรอบ", "The session's id.")),
        Column(
            "session_start",
            DATETIME,
            Text("เวลาเริ่ม (ISO 8601 เวลาประเทศไทย)", "When the session starts (ISO 8601, Thailand time)."),
        ),
        Column(
            "session_end",
            DATETIME,
            Text("เวลาสิ้นสุด (ISO 8601 เวลาประเทศไทย)", "When the session ends (ISO 8601, Thailand time)."),
        ),
        Column(
            "format",
            STRING,
            Text("รูปแบบ: on_site (ในสถานที่), online (ออนไลน์), hybrid (ผสม)", "Format: on_site, online or hybrid."),
        ),
        Column("capacity", INTEGER, Text("จำนวนที่นั่ง", "Seats.")),
        Column(
            "registrations_confirmed",
            INTEGER,
            Text(
                "ผู้ลงทะเบียนที่ได้รับการยืนยัน รวมผู้เข้าร่วม (ว่างเมื่อ 1–4 คน หรือเมื่อผู้ไม่มาร่วมมี 1–4 คน)",
                "Confirmed registrations, attendees included (empty when 1 to 4, or when 1 to 4 did not come).",
            ),
            counts_people=True,
            includes="attended",
        ),
        Column(
            "attended",
            INTEGER,
            Text("ผู้เข้าร่วม (ว่างเมื่อ 1–4 คน)", "People who attended (empty when 1 to 4)."),
            counts_people=True,
        ),
        Column(
            "cancelled", BOOLEAN, Text("รอบนี้ถูกยกเลิก (true/false)", "Whether the session was cancelled (true/false).")
        ),
        PAGE_URL,
    ),
    builder=build_seminar_attendance,
)

COURSE_EVALUATIONS = Dataset(
    slug="course-evaluations",
    title=Text("ผลการประเมินหลักสูตร", "Course evaluations"),
    description=Text(
        "จำนวนผู้ประเมินและคะแนนเฉลี่ย (1–5) ของแต่ละคำถามมาตรฐาน ที่ผู้เรียนจบให้แต่ละหลักสูตร "
        "ไม่เปิดเผยจำนวน 1–4 คน และไม่เปิดเผยคะแนนเฉลี่ยจากผู้ประเมินน้อยกว่า 5 คน ไม่มีความคิดเห็นรายบุคคล",
        "How many learners evaluated each course after completing it, and the average rating (1 to 5) of "
        "each standard question. Counts of 1 to 4 and averages of fewer than 5 evaluations are suppressed; "
        "no comments are published.",
    ),
    keywords=(Text("การประเมินหลักสูตร", "course evaluation"), Text("ความพึงพอใจ", "satisfaction")),
    columns=(
        COURSE_ID,
        COURSE_TITLE,
        COURSE_TITLE_EN,
        Column(
            "evaluations",
            INTEGER,
            Text("จำนวนผู้ประเมิน (ว่างเมื่อ 1–4 คน)", "Learners who evaluated the course (empty when 1 to 4)."),
            counts_people=True,
        ),
        *_question_columns(),
        Column(
            "average_overall",
            NUMBER,
            Text(
                "คะแนนเฉลี่ยรวมของทุกข้อ; ว่างเมื่อมีผู้ประเมินน้อยกว่า 5 คน",
                "The mean of the questions' averages; empty when fewer than 5 people evaluated the course.",
            ),
            based_on="evaluations",
        ),
    ),
    builder=build_course_evaluations,
)

DATASETS = {
    dataset.slug: dataset
    for dataset in (
        COURSES,
        COURSE_ACTIVITY_MONTHLY,
        LIBRARY_ITEMS,
        LIBRARY_USAGE_MONTHLY,
        SEMINAR_ATTENDANCE,
        COURSE_EVALUATIONS,
    )
}


def get(slug):
    """The data set called ``slug``, or None."""
    return DATASETS.get(slug)


def all_datasets():
    """Every data set, in the order the page lists them."""
    return list(DATASETS.values())
