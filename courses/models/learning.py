"""Learners' records: enrolments and lesson progress, kept apart from the page content."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EnrolmentSource(models.TextChoices):
    SELF = "self", _("Self-enrolled")
    BULK = "bulk", _("Bulk enrolment")
    ADMIN = "admin", _("Enrolled by an administrator")


class EnrolmentQuerySet(models.QuerySet):
    """Queries over enrolments.

    Example: ``Enrolment.objects.for_user(request.user).current()`` for the dashboard.
    """

    def for_user(self, user):
        return self.filter(user=user)

    def holding_a_place(self):
        """Enrolments that take a place in the course (active or completed)."""
        return self.exclude(status=EnrolmentStatus.WITHDRAWN)

    def current(self):
        return self.filter(status=EnrolmentStatus.ACTIVE)


class Enrolment(models.Model):
    """A learner's enrolment in a ``CoursePage``: one row per learner and course.

    Withdrawing keeps the row (and the learner's ``LessonProgress``); enrolling again
    re-activates it. ``progress`` (0..1) is a running summary kept by
    ``courses.services.progress``; ``completed_at`` is set once, when the completion
    rule is first met. Only a renewal clears it (``courses.services.progress.renew``,
    once the certificate of a course whose certificates expire has expired): the learner
    takes the course again from ``round_started_at``, and only lessons completed and quizzes
    attempted since then count. The earlier completion stays on its certificate.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )
    source = models.CharField(_("source"), max_length=16, choices=EnrolmentSource.choices, default=EnrolmentSource.SELF)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    progress = models.FloatField(_("progress"), default=0.0)
    hours_credited = models.DecimalField(
        _("hours credited"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_(
            "The course's training hours when the learner completed it; later edits to the course do not change it."
        ),
    )
    # The last lesson or quiz opened (any syllabus page), where "continue" leads.
    last_lesson = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("last item opened"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    # When the learner renewed the course (took it again after their certificate expired):
    # progress counts from here. Empty for the first round.
    round_started_at = models.DateTimeField(_("current round started"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="courses_enrolment_one_per_learner_course"),
            models.CheckConstraint(
                condition=models.Q(progress__gte=0) & models.Q(progress__lte=1),
                name="courses_enrolment_progress_between_0_and_1",
            ),
        ]
        indexes = [models.Index(fields=["course", "status"])]

    def __str__(self):
        return f"{self.user} → {self.course}"

    @property
    def percent(self):
        """Progress as a whole percentage for display (never 100 before completion)."""
        value = round(self.progress * 100)
        if value == 100 and self.completed_at is None:
            return 99
        return value

    @property
    def is_active(self):
        return self.status == EnrolmentStatus.ACTIVE

    @property
    def is_completed(self):
        return self.completed_at is not None

    @property
    def credited_hours(self):
        """The training hours this enrolment earned: those kept at completion, else none."""
        if self.completed_at is None:
            return Decimal("0")
        return self.hours_credited if self.hours_credited is not None else self.course.training_hours


class LessonProgress(models.Model):
    """When a learner started and completed one ``LessonPage``.

    ``course`` is the lesson's course at the time, so a course's progress is one query.
    Rows outlive a withdrawal, so progress comes back when the learner enrols again.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="progress_records"
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="lesson_progress"
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="courses_lessonprogress_one_per_learner_lesson"),
        ]
        indexes = [models.Index(fields=["user", "course"])]

    def __str__(self):
        return f"{self.user} · {self.lesson}"
