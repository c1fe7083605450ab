"""Learners' evaluations of the courses they completed.

One ``CourseEvaluation`` per learner and course, which the learner may edit: a rating from 1 to 5
on each of the standard ``QUESTIONS`` and an optional plain-text comment (at most 1,000
characters, passed through the project's sanitiser before it is stored). Only a learner who
completed the course may give one (``courses.services.evaluations``). The course page shows the
average and the count; the course's instructors see every answer.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The standard questions, by field name, in the order they are asked.
QUESTIONS = (
    ("content_useful", _("The content is useful for my work.")),
    ("clear_materials", _("The lessons and materials are clear.")),
    ("well_organised", _("The course is well organised and easy to follow.")),
    ("recommend", _("I would recommend this course to colleagues.")),
)
QUESTION_FIELDS = tuple(name for name, _text in QUESTIONS)
COMMENT_MAX_LENGTH = 1000


def _rating(label):
    return models.PositiveSmallIntegerField(label, validators=[MinValueValidator(1), MaxValueValidator(5)])


class CourseEvaluationQuerySet(models.QuerySet):
    """Queries over evaluations.

    Example: ``CourseEvaluation.objects.filter(course=course).summary()``.
    """

    def summary(self):
        """``{"count": n, "average": mean of every rating or None, "<question>": mean, ...}``."""
        aggregates = {name: Avg(name) for name in QUESTION_FIELDS}
        result = self.aggregate(count=Count("pk"), **aggregates)
        means = [result[name] for name in QUESTION_FIELDS if result[name] is not None]
        result["average"] = sum(means) / len(means) if means else None
        return result


class CourseEvaluation(models.Model):
    """One learner's evaluation of one completed ``CoursePage``: four ratings and a comment."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="course_evaluations"
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="evaluations"
    )
    content_useful = _rating(QUESTIONS[0][1])
    clear_materials = _rating(QUESTIONS[1][1])
    well_organised = _rating(QUESTIONS[2][1])
    recommend = _rating(QUESTIONS[3][1])
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("given"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    objects = CourseEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("course evaluation")
        verbose_name_plural = _("course evaluations")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_evaluation_per_learner_and_course"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}), name=f"evaluation_{name}_1_to_5"
                )
                for name in QUESTION_FIELDS
            ],
        ]

    def __str__(self):
        return f"{self.user} · {self.course}"

    @property
    def average(self):
        return sum(getattr(self, name) for name in QUESTION_FIELDS) / len(QUESTION_FIELDS)

    def ratings(self):
        """``[(question text, rating), ...]`` in the order asked."""
        return [(text, getattr(self, name)) for name, text in QUESTIONS]
