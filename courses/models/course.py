"""Course pages and their lessons, as instructors write them in Wagtail."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES
from lms.models import LearnerType
from lms.roles import INSTRUCTORS
from lms.search import SegmentedSearchMixin

from ..blocks import LessonBodyBlock
from ..forms import CoursePageForm


class Audience(models.TextChoices):
    """Who may enrol in a course."""

    EVERYONE = "everyone", _("Everyone")
    STAFF = "staff", _("Civil servants and state-enterprise staff")
    AGENCIES = "agencies", _("Staff of the listed agencies")


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CourseLanguage(models.TextChoices):
    THAI = "th", _("Thai")
    ENGLISH = "en", _("English")
    BOTH = "th_en", _("Thai and English")


class CompletionRule(models.TextChoices):
    """When a learner has completed a course (see ``courses.services.progress``)."""

    ALL_ITEMS = "all_items", _("Every lesson and every required quiz completed")
    PERCENTAGE = "percentage", _("A share of the lessons and required quizzes completed")


STAFF_TYPES = (LearnerType.CIVIL_SERVANT, LearnerType.STATE_ENTERPRISE)


def audience_admits(audience, agencies, user):
    """True when ``user`` belongs to ``audience`` (an ``Audience``); ``agencies`` are the listed ones.

    Courses and seminars share it. Staff of a listed agency's sub-agencies belong too.
    """
    if audience == Audience.EVERYONE:
        return True
    if not user.is_authenticated or user.learner_type not in STAFF_TYPES:
        return False
    if audience == Audience.STAFF:
        return True
    if not user.agency_id:
        return False
    listed = set(agencies.values_list("pk", flat=True))
    agency = user.agency
    # Walk up the (three-level) agency tree.
    while agency is not None:
        if agency.pk in listed:
            return True
        agency = agency.parent
    return False


@dataclass
class SyllabusEntry:
    """One line of a course page's syllabus as a visitor sees it.

    ``status`` is ``done``, ``started`` or ``not_started`` for a learner studying the
    course and empty for anyone else; ``locked`` items are listed without a link.
    """

    item: Page
    number: int
    minutes: int
    status: str = ""
    locked: bool = False

    @property
    def is_preview(self):
        return getattr(self.item, "is_preview", False)


class CoursePageQuerySet(PageQuerySet):
    """Queries over courses.

    Example: ``CoursePage.objects.live().public().with_learner_counts().order_by("-learner_count")``.
    """

    def with_learner_counts(self):
        """Annotate ``learner_count``: enrolments that are active or completed (withdrawn ones do not count)."""
        from .learning import Enrolment, EnrolmentStatus

        counts = (
            Enrolment.objects.filter(course=OuterRef("pk"))
            .exclude(status=EnrolmentStatus.WITHDRAWN)
            .order_by()
            .values("course")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(learner_count=Coalesce(Subquery(counts), Value(0)))

    def open_for_enrolment(self, now=None):
        """Courses whose enrolment window includes ``now`` (capacity is not checked here)."""
        now = now or timezone.now()
        return self.filter(
            Q(enrolment_opens_at__isnull=True) | Q(enrolment_opens_at__lte=now),
            Q(enrolment_closes_at__isnull=True) | Q(enrolment_closes_at__gt=now),
        )

    def taught_by(self, user):
        """Courses that list ``user`` among their instructors (in the saved, current version)."""
        return self.filter(course_instructors__user=user).distinct()


CoursePageManager = PageManager.from_queryset(CoursePageQuerySet)


class CoursePage(SegmentedSearchMixin, Page):
    """An online course: its description, who may enrol and when, and how it is completed.

    Its children are the syllabus: ``LessonPage`` and ``QuizPage`` in page-tree order. Learners' enrolments and progress are kept in
    ``courses.Enrolment`` and ``courses.LessonProgress``.
    """

    title_en = models.CharField(
        _("English title"),
        max_length=255,
        blank=True,
        help_text=_("Printed on the English line of certificates; the Thai title is used when empty."),
    )
    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences shown on the catalogue card.")
    )
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category = models.ForeignKey(
        "courses.CourseCategory",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
    )
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices, default=Audience.EVERYONE)
    audience_agencies = ParentalManyToManyField(
        "lms.Agency",
        verbose_name=_("agencies"),
        blank=True,
        related_name="restricted_courses",
        help_text=_("For “staff of the listed agencies”: staff of these agencies and of their sub-agencies may enrol."),
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.BEGINNER)
    language = models.CharField(
        _("language"), max_length=8, choices=CourseLanguage.choices, default=CourseLanguage.THAI
    )
    training_hours = models.DecimalField(
        _("credited training hours"),
        max_digits=5,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(999)],
    )
    learning_objectives = models.TextField(_("learning objectives"), blank=True, help_text=_("One objective per line."))
    prerequisites = ParentalManyToManyField(
        "courses.CoursePage",
        verbose_name=_("prerequisite courses"),
        blank=True,
        symmetrical=False,
        related_name="required_by",
        help_text=_("Learners must complete these courses before they may enrol."),
    )
    enrolment_opens_at = models.DateTimeField(_("enrolment opens"), null=True, blank=True)
    enrolment_closes_at = models.DateTimeField(_("enrolment closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("The most learners who may be enrolled at once; leave empty for no limit."),
    )
    completion_rule = models.CharField(
        _("completion rule"), max_length=16, choices=CompletionRule.choices, default=CompletionRule.ALL_ITEMS
    )
    completion_percentage = models.PositiveSmallIntegerField(
        _("share required (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("For the “share” completion rule: the percentage of items a learner must complete."),
    )
    awards_certificate = models.BooleanField(_("awards a certificate"), default=True)
    certificate_valid_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Leave empty for a certificate that does not expire."),
    )
    certificate_signatory = models.ForeignKey(
        "home.Signatory",
        verbose_name=_("first signatory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty for the signatories in the site settings."),
    )
    certificate_signatory_2 = models.ForeignKey(
        "home.Signatory",
        verbose_name=_("second signatory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CoursePageManager()
    base_form_class = CoursePageForm

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage", "courses.QuizPage"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("title_en"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("cover_image"),
        FieldPanel("learning_objectives"),
        InlinePanel("course_instructors", label=_("Instructors"), heading=_("Instructors")),
    ]
    enrolment_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("category"), FieldPanel("level"), FieldPanel("language")]),
                FieldPanel("training_hours"),
            ],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("audience_agencies"), FieldPanel("prerequisites")],
            heading=_("Who may enrol"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("enrolment_opens_at"), FieldPanel("enrolment_closes_at")]),
                FieldPanel("capacity"),
            ],
            heading=_("Enrolment"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("completion_rule"), FieldPanel("completion_percentage")]),
            ],
            heading=_("Completion"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("awards_certificate"), FieldPanel("certificate_valid_months")]),
                # Whose signature a course's certificates carry is the administrators' choice, not the instructors'.
                FieldRowPanel(
                    [
                        FieldPanel("certificate_signatory", permission="courses.change_certificate"),
                        FieldPanel("certificate_signatory_2", permission="courses.change_certificate"),
                    ]
                ),
            ],
            heading=_("Certificate"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(enrolment_panels, heading=_("Enrolment and completion")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text_segmented"),
        index.FilterField("category"),
        index.FilterField("audience"),
        index.FilterField("level"),
        index.FilterField("language"),
    ]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def get_search_parts(self):
        parts = [self.summary, self.description, self.learning_objectives]
        if self.category_id:
            parts.extend([self.category.name, self.category.name_en])
        parts.extend(instructor.display_name for instructor in self.course_instructors.all())
        return parts

    def clean(self):
        super().clean()
        errors = {}
        if self.enrolment_opens_at and self.enrolment_closes_at and self.enrolment_closes_at <= self.enrolment_opens_at:
            errors["enrolment_closes_at"] = _("Enrolment must close after it opens.")
        if errors:
            raise ValidationError(errors)

    @property
    def objectives(self):
        """The learning objectives as a list, one per non-empty line."""
        return [line.strip() for line in self.learning_objectives.splitlines() if line.strip()]

    def syllabus_items(self):
        """The live lessons and quizzes of the course, in page-tree order, as specific pages."""
        return list(self.get_children().live().specific().order_by("path"))

    def enrolment_window_state(self, now=None):
        """``"not_yet_open"``, ``"closed"`` or ``"open"`` for the enrolment dates at ``now``."""
        now = now or timezone.now()
        if self.enrolment_opens_at and now < self.enrolment_opens_at:
            return "not_yet_open"
        if self.enrolment_closes_at and now >= self.enrolment_closes_at:
            return "closed"
        return "open"

    def audience_allows(self, user):
        """True when ``user`` belongs to the course's audience (prerequisites are checked elsewhere)."""
        return audience_admits(self.audience, self.audience_agencies, user)

    def get_context(self, request, *args, **kwargs):
        """The course page: facts, syllabus (locked or with the learner's progress), instructors, enrol panel.

        The number of queries does not depend on the number of lessons.
        """
        from ..services.enrolment import enrolment_state, places_taken
        from ..services.progress import completed_item_ids, next_item_for, started_item_ids
        from .learning import EnrolmentStatus

        context = super().get_context(request, *args, **kwargs)
        items = self.syllabus_items()
        # An editor's preview of a course not saved yet has no learners to look up.
        state = enrolment_state(self, request.user) if self.pk else None
        enrolment = state.enrolment if state else None
        studying = enrolment is not None and enrolment.status != EnrolmentStatus.WITHDRAWN
        done_ids, started_ids, continue_item = set(), set(), None
        if studying:
            done_ids = completed_item_ids(request.user, self, items, since=enrolment.round_started_at)
            started_ids = started_item_ids(request.user, self, since=enrolment.round_started_at)
            enrolment.course = self
            continue_item = next_item_for(enrolment, items, done_ids)
        syllabus = []
        for number, item in enumerate(items, start=1):
            entry = SyllabusEntry(item=item, number=number, minutes=getattr(item, "estimated_minutes", 0) or 0)
            if studying:
                entry.status = "done" if item.pk in done_ids else "started" if item.pk in started_ids else "not_started"
            else:
                entry.locked = not entry.is_preview
            syllabus.append(entry)
        total_minutes = sum(entry.minutes for entry in syllabus)
        # The completed panel: the learner's certificate, or that it is being prepared (one query, only then).
        from lms.dashboard import course_certificate_context

        completed = state is not None and state.kind == "completed" and not getattr(request, "is_preview", False)
        context.update(course_certificate_context(request.user, self, completed=completed))
        context.update(
            {
                "enrolment_state": state,
                "enrolment": enrolment,
                "studying": studying,
                "continue_item": continue_item,
                "syllabus": syllabus,
                "syllabus_hours": total_minutes // 60,
                "syllabus_minutes": total_minutes % 60,
                "places_left": max(0, self.capacity - places_taken(self)) if self.capacity and self.pk else None,
                "audience_agency_list": list(self.audience_agencies.all())
                if self.audience == Audience.AGENCIES
                else [],
                # Filtered in Python: in an editor's preview the relation is a FakeQuerySet without .live().
                "prerequisite_courses": [course for course in self.prerequisites.all() if course.live],
                "instructors": list(
                    self.course_instructors.select_related("user", "photo").prefetch_related("photo__renditions")
                ),
            }
        )
        # The learners' evaluations: the average for everyone, the form for those who completed the course.
        from ..evaluation_views import course_evaluation_context

        context.update(course_evaluation_context(request, self))
        return context


class CourseInstructor(Orderable):
    """An instructor shown on a course page; one with an account may edit the course.

    ``user`` links the account that gets editing rights on the course (see
    ``courses.permissions``); the name, position, photo and biography are what learners see.
    """

    course = ParentalKey("courses.CoursePage", on_delete=models.CASCADE, related_name="course_instructors")
    user = models.ForeignKey(
        "lms.User",
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        # Only instructors' accounts are offered: the list must not show every learner to an instructor.
        limit_choices_to={"groups__name": INSTRUCTORS},
        help_text=_("The instructor's account: it may edit this course and see its learners."),
    )
    name = models.CharField(
        _("name"), max_length=255, blank=True, help_text=_("Shown to learners; the account's name when left empty.")
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    biography = models.TextField(_("short biography"), max_length=1000, blank=True)

    panels = [
        FieldPanel("user"),
        FieldPanel("name"),
        FieldPanel("position"),
        FieldPanel("photo"),
        FieldPanel("biography"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("instructor")
        verbose_name_plural = _("instructors")

    def __str__(self):
        return self.display_name

    def clean(self):
        super().clean()
        if not self.user_id and not self.name.strip():
            raise ValidationError({"name": _("Give the instructor's name or choose their account.")})

    @property
    def display_name(self):
        if self.name.strip():
            return self.name.strip()
        return self.user.get_full_name() if self.user_id else ""


class LessonPage(SegmentedSearchMixin, Page):
    """One lesson of a course: a body of text, images, video, audio and downloads.

    Lessons are ordered by the page tree under their ``CoursePage``. A preview lesson may
    be read by anyone; the others need an active enrolment.
    """

    introduction = models.TextField(_("introduction"), max_length=600, blank=True)
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=10, validators=[MinValueValidator(1), MaxValueValidator(1440)]
    )
    is_preview = models.BooleanField(
        _("preview"), default=False, help_text=_("Guests and learners not enrolled may read a preview lesson.")
    )
    complete_when_video_ends = models.BooleanField(
        _("complete when the video ends"),
        default=False,
        help_text=_("Mark the lesson complete when the learner reaches the end of its uploaded video."),
    )

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldRowPanel(
            [FieldPanel("estimated_minutes"), FieldPanel("is_preview"), FieldPanel("complete_when_video_ends")]
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("search_text_segmented")]

    # A lesson counts towards course completion; quizzes decide per quiz.
    counts_towards_completion = True
    syllabus_kind = "lesson"

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_search_parts(self):
        parts = [self.introduction]
        if not self.is_preview:
            # A locked lesson's body must not be found (and quoted) by the public site search.
            return parts
        for block in self.body:
            if block.block_type in ("heading", "paragraph"):
                parts.append(str(block.value.source if hasattr(block.value, "source") else block.value))
            elif block.block_type in ("callout",):
                parts.extend([block.value.get("title", ""), str(block.value["text"].source)])
        return parts

    @property
    def course(self):
        return CoursePage.objects.ancestor_of(self).first()

    def serve(self, request, *args, **kwargs):
        """Show the lesson to a learner enrolled in its course (anyone for a preview lesson), else a 403.

        Opening it as a learner records that the lesson was started. Editors' previews do
        not come through here (``serve_preview``), so they always render.
        """
        from ..services.progress import active_enrolment, record_lesson_opened

        course = self.course
        if course is None or not course.live:
            raise Http404("This lesson's course is not published.")
        enrolment = active_enrolment(request.user, course) if request.user.is_authenticated else None
        if enrolment is None and not self.is_preview:
            return self.serve_locked(request, course)
        if enrolment is not None and request.method == "GET":
            record_lesson_opened(request.user, self, enrolment=enrolment)
        return super().serve(request, *args, course=course, enrolment=enrolment, **kwargs)

    def serve_locked(self, request, course):
        """The 403 page: why this lesson is closed to the visitor and how to enrol."""
        from ..services.enrolment import enrolment_state

        context = {
            "page": self,
            "self": self,
            "request": request,
            "course": course,
            "enrolment_state": enrolment_state(course, request.user),
        }
        return TemplateResponse(request, "courses/lesson_locked.html", context, status=403)

    def get_context(self, request, *args, **kwargs):
        """The lesson with its neighbours in the syllabus and, for a learner, their progress.

        ``serve`` passes the ``course`` and ``enrolment`` it has already looked up; a
        preview looks them up here.
        """
        from ..services.progress import active_enrolment, completed_item_ids

        course = kwargs.pop("course", None) or self.course
        if "enrolment" in kwargs:
            enrolment = kwargs.pop("enrolment")
        else:
            enrolment = active_enrolment(request.user, course) if course and request.user.is_authenticated else None
        context = super().get_context(request, *args, **kwargs)
        items = course.syllabus_items() if course else []
        ids = [item.pk for item in items]
        position = ids.index(self.pk) if self.pk in ids else None
        previous_item = items[position - 1] if position else None
        next_item = items[position + 1] if position is not None and position + 1 < len(items) else None
        done_ids = (
            completed_item_ids(request.user, course, since=enrolment.round_started_at)
            if enrolment is not None
            else set()
        )
        in_preview = getattr(request, "is_preview", False)
        context.update(
            {
                "course": course,
                "enrolment": enrolment,
                "lesson_completed": self.pk in done_ids,
                "previous_item": previous_item,
                "previous_item_open": previous_item is not None
                and (enrolment is not None or getattr(previous_item, "is_preview", False)),
                "next_item": next_item,
                "next_item_open": next_item is not None
                and (enrolment is not None or getattr(next_item, "is_preview", False)),
                # Progress is recorded for a learner on the live page, never from an editor's preview.
                "complete_url": reverse("courses:complete-lesson", args=[self.pk])
                if enrolment is not None and self.pk and not in_preview
                else None,
            }
        )
        return context
