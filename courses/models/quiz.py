"""Quizzes: the ``QuizPage`` instructors write, and learners' attempts at it.

A ``QuizPage`` is a child of a ``CoursePage``, placed in the syllabus among the lessons.
Its question pool is a StreamField (``courses.quiz_blocks``). Starting an attempt copies
the questions drawn, in the order shown and with their choices in the order shown, into
``QuizAnswer`` rows: the attempt is graded against that copy, so an instructor's later
edit does not change an attempt under way or one already graded. What the learner may see
(``QuizAnswer.choices``) is kept apart from what grades it (``QuizAnswer.key``), which
never reaches a page before the attempt is submitted. The rules (who may start, saving,
grading, deadlines) are in ``courses.services.quizzes``.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from home.blocks import RICH_TEXT_FEATURES

from ..quiz_blocks import QuestionKind, QuestionPoolBlock


class FeedbackMode(models.TextChoices):
    """When a learner sees, per question, whether they were right, the right answer and the explanation."""

    NEVER = "never", _("Never")
    AFTER_EACH = "after_each", _("After each attempt")
    AFTER_PASSING = "after_passing", _("Only after passing")
    AFTER_LAST = "after_last", _("After the last attempt")


class QuizPage(Page):
    """A quiz in a course's syllabus: instructions, rules and a pool of questions.

    Only learners enrolled in the course take it (``serve`` shows others the locked page).
    The questions themselves are never rendered by this page: an attempt shows its own
    copy of them (``courses.views``).
    """

    instructions = RichTextField(_("instructions"), features=RICH_TEXT_FEATURES, blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=15, validators=[MinValueValidator(1), MaxValueValidator(1440)]
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=60,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The percentage of the points a learner needs to pass."),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("0 for unlimited attempts."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Leave empty for no time limit. When time is up the attempt is graded on the answers saved."),
    )
    questions_to_draw = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        default=0,
        validators=[MaxValueValidator(500)],
        help_text=_("0 to ask every question; otherwise this many are drawn at random from the pool for each attempt."),
    )
    shuffle_questions = models.BooleanField(_("shuffle the questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle the choices"), default=True)
    feedback_mode = models.CharField(
        _("show feedback"),
        max_length=16,
        choices=FeedbackMode.choices,
        default=FeedbackMode.AFTER_EACH,
        help_text=_("When learners see the correct answers and the explanations. The score is always shown."),
    )
    required_for_completion = models.BooleanField(
        _("required for course completion"),
        default=True,
        help_text=_("Learners must pass this quiz to complete the course."),
    )
    questions = StreamField(QuestionPoolBlock(), verbose_name=_("questions"), blank=True)

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("instructions"),
        FieldPanel("estimated_minutes"),
    ]
    question_panels = [FieldPanel("questions")]
    rule_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("max_attempts"), FieldPanel("time_limit_minutes")]),
                FieldPanel("required_for_completion"),
            ],
            heading=_("Passing"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("questions_to_draw"),
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
                FieldPanel("feedback_mode"),
            ],
            heading=_("Questions and feedback"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(question_panels, heading=_("Questions")),
            ObjectList(rule_panels, heading=_("Rules")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    # The title only: the questions must not be found (and quoted) by the site search.
    search_fields = [*Page.search_fields]

    syllabus_kind = "quiz"
    is_preview = False

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    @property
    def counts_towards_completion(self):
        """Required, and it can be taken: a quiz without questions cannot hold up anyone's completion."""
        return self.required_for_completion and bool(self.questions)

    @property
    def course(self):
        from .course import CoursePage

        return CoursePage.objects.ancestor_of(self).first()

    @property
    def question_count(self):
        return len(self.questions)

    @property
    def questions_per_attempt(self):
        """How many questions each attempt asks."""
        count = len(self.questions)
        return min(self.questions_to_draw, count) if self.questions_to_draw else count

    @property
    def time_limit(self):
        return timedelta(minutes=self.time_limit_minutes) if self.time_limit_minutes else None

    def clean(self):
        super().clean()
        errors = {}
        count = len(self.questions) if self.questions is not None else 0
        if self.questions_to_draw and self.questions_to_draw > count:
            errors["questions_to_draw"] = gettext(
                "The pool has only %(count)s questions: draw at most that many, or 0 for all."
            ) % {"count": count}
        if self.feedback_mode == FeedbackMode.AFTER_LAST and not self.max_attempts:
            errors["feedback_mode"] = gettext(
                "“After the last attempt” needs a maximum number of attempts; with unlimited attempts "
                "there is no last one."
            )
        if errors:
            raise ValidationError(errors)

    def serve(self, request, *args, **kwargs):
        """The quiz's page for a learner enrolled in its course; the locked page (403) for anyone else."""
        from ..services.progress import active_enrolment
        from ..services.quizzes import record_quiz_opened

        course = self.course
        if course is None or not course.live:
            raise Http404("This quiz's course is not published.")
        enrolment = active_enrolment(request.user, course) if request.user.is_authenticated else None
        if enrolment is None:
            return self.serve_locked(request, course)
        if request.method == "GET":
            record_quiz_opened(enrolment, self)
        return super().serve(request, *args, course=course, enrolment=enrolment, **kwargs)

    def serve_locked(self, request, course):
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
        """The quiz's rules, the learner's attempts and what they may do next (``quiz_state``)."""
        from ..services.progress import active_enrolment
        from ..services.quizzes import quiz_state

        course = kwargs.pop("course", None) or self.course
        if "enrolment" in kwargs:
            enrolment = kwargs.pop("enrolment")
        else:
            enrolment = active_enrolment(request.user, course) if course and request.user.is_authenticated else None
        context = super().get_context(request, *args, **kwargs)
        items = course.syllabus_items() if course else []
        ids = [item.pk for item in items]
        position = ids.index(self.pk) if self.pk in ids else None
        in_preview = getattr(request, "is_preview", False)
        context.update(
            {
                "course": course,
                "enrolment": enrolment,
                "previous_item": items[position - 1] if position else None,
                "next_item": items[position + 1] if position is not None and position + 1 < len(items) else None,
                # An editor's preview shows the rules, never a learner's attempts.
                "state": quiz_state(request.user, self, enrolment)
                if enrolment is not None and self.pk and not in_preview
                else None,
            }
        )
        return context


class AttemptEnd(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    TIME_UP = "time_up", _("Time ran out")


class QuizAttemptQuerySet(models.QuerySet):
    def open(self):
        return self.filter(submitted_at__isnull=True)

    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def for_user(self, user):
        return self.filter(user=user)

    def expired(self, now=None):
        """Open attempts whose deadline and grace period have passed."""
        now = now or timezone.now()
        return self.open().filter(deadline__lt=now - timedelta(seconds=settings.QUIZ_DEADLINE_GRACE_SECONDS))


class QuizAttempt(models.Model):
    """One learner's attempt at a quiz: when it started, its deadline, and its grade once submitted.

    Open while ``submitted_at`` is empty; at most one open attempt per learner and quiz.
    ``number`` counts the learner's attempts at the quiz from 1, which makes the attempt
    limit hold even when two starts race. ``course`` is the quiz's course when the attempt
    started, so a course's results are one query.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(
        "courses.QuizPage", verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="attempts"
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    ended_by = models.CharField(_("ended by"), max_length=16, choices=AttemptEnd.choices, blank=True)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"))
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=8, decimal_places=2, default=0)
    percentage = models.DecimalField(_("percentage"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["quiz_id", "user_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz", "number"], name="courses_quizattempt_numbered_per_learner"),
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=models.Q(submitted_at__isnull=True),
                name="courses_quizattempt_one_open_per_learner",
            ),
        ]
        indexes = [models.Index(fields=["user", "course"]), models.Index(fields=["quiz", "submitted_at"])]

    def __str__(self):
        return f"{self.user} · {self.quiz_id} #{self.number}"

    @property
    def is_open(self):
        return self.submitted_at is None

    @property
    def time_taken(self):
        """How long the attempt lasted: until it was submitted, or until its deadline when time ran out."""
        if self.submitted_at is None:
            return None
        end = self.submitted_at
        if self.deadline is not None and end > self.deadline:
            end = self.deadline
        return max(end - self.started_at, timedelta(0))

    def seconds_left(self, now=None):
        """Whole seconds until the deadline (never negative), or None without a time limit."""
        if self.deadline is None:
            return None
        now = now or timezone.now()
        return max(0, int((self.deadline - now).total_seconds()))

    def is_past_deadline(self, now=None, grace=True):
        """True once the deadline (plus the grace period, unless ``grace=False``) has passed."""
        if self.deadline is None:
            return False
        now = now or timezone.now()
        limit = self.deadline + timedelta(seconds=settings.QUIZ_DEADLINE_GRACE_SECONDS if grace else 0)
        return now > limit


class QuizAnswer(models.Model):
    """One question of an attempt as it was drawn, and the learner's answer to it.

    ``choices`` (id and text, in the order shown) and ``prompt`` are what the learner
    sees while answering. ``key`` holds what grades the answer (the correct choice ids,
    the accepted texts, the number and its tolerance) and ``explanation`` the feedback:
    neither may reach the learner before the attempt is submitted. ``response`` is the
    learner's answer (a list of choice ids, a text, or a number as text; empty when not
    answered); ``score`` and ``is_correct`` are set when the attempt is graded.
    """

    attempt = models.ForeignKey(
        QuizAttempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="answers"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    question_key = models.CharField(_("question id"), max_length=64)
    kind = models.CharField(_("question type"), max_length=16)
    prompt = models.TextField(_("question"))
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    key = models.JSONField(_("answer key"), default=dict)
    explanation = models.TextField(_("explanation"), blank=True)
    response = models.JSONField(_("answer"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    is_correct = models.BooleanField(_("correct"), null=True, blank=True)

    class Meta:
        verbose_name = _("quiz answer")
        verbose_name_plural = _("quiz answers")
        ordering = ["attempt_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="courses_quizanswer_one_per_position"),
        ]
        indexes = [models.Index(fields=["question_key"])]

    def __str__(self):
        return f"{self.attempt_id} · {self.position}"

    @property
    def is_answered(self):
        return self.response not in (None, "", [])

    @property
    def is_choice(self):
        return self.kind in QuestionKind.CHOICE_KINDS

    @property
    def display_choices(self):
        """The choices in the order shown, with true/false labelled in the visitor's language."""
        if self.kind == QuestionKind.TRUE_FALSE:
            labels = {"true": gettext("True"), "false": gettext("False")}
            return [{"id": choice["id"], "text": labels.get(choice["id"], choice["id"])} for choice in self.choices]
        return self.choices

    @property
    def selected_ids(self):
        return list(self.response) if self.is_choice and isinstance(self.response, list) else []

    @property
    def text_response(self):
        return self.response if isinstance(self.response, str) else ""

    @property
    def score_or_zero(self):
        return self.score if self.score is not None else Decimal("0")
