"""The Wagtail editor's "Quiz results" screens: each quiz's attempts, question statistics and CSV exports.

Modelled on the "Course learners" report (``courses.admin_views``) and with the same
audience: administrators see every quiz, an instructor the quizzes of the courses they
teach (``courses.permissions.quizzes_whose_results_user_may_see``), anyone else is refused.
A quiz the user may not see is a 404, so its existence is not revealed.

Opening a quiz's results first grades the attempts whose time ran out
(``close_expired_attempts``), so that the figures count them. The page shows:

- a summary: attempts submitted, learners, pass rate (the share of the learners with a
  submitted attempt who passed at least once), average and best percentage, and how many
  attempts are still in progress;
- the submitted attempts, filtered by passed / not passed and searched by name or
  e-mail, 50 a page, with the same rows as CSV (``?export=csv``);
- statistics per question over the submitted attempts, in one aggregate query on
  ``QuizAnswer.question_key`` (the block id of the question in the quiz's pool), in the
  order of the current pool; questions taken out of the pool since come last, marked as
  removed. Also as CSV.

CSV files are UTF-8 with a byte order mark (so that Excel shows Thai), with text that a
spreadsheet could run as a formula neutralised. ``QuizResultsViewSet`` is registered in
``courses/wagtail_hooks.py``.
"""

import csv
import html
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import django_filters
from django.db.models import Avg, Count, Max, OuterRef, Q, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import Button

from courses.admin_views import (
    LearnersReportAccessMixin,
    LearnersReportMenuItem,
    admin_language,
    iso_local,
    learner_name,
    spreadsheet_safe,
)
from courses.models import CoursePage, QuizAnswer, QuizAttempt
from courses.permissions import course_path_of, quizzes_whose_results_user_may_see
from courses.quiz_blocks import QuestionPoolBlock
from courses.services.quizzes import close_expired_attempts
from lms.thai import format_date

URL_NAMESPACE = "quiz-results"
PROMPT_LENGTH = 120
TENTH = Decimal("0.1")


# --- Figures as people read them


def plain_number(value):
    """A Decimal without trailing zeros ("2.5", "3", "66.67"), or "" for None."""
    if value is None:
        return ""
    value = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "") else text


def share(part, whole):
    """``part`` as a percentage of ``whole`` to one decimal (Decimal), or None when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


def percent_text(value):
    """ "66.7%" for a percentage (to one decimal), "–" when there is none yet."""
    if value is None:
        return "–"
    return f"{plain_number(Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP))}%"


def duration_text(value):
    """A timedelta as h:mm:ss ("0:04:07"), or "" for None."""
    if value is None:
        return ""
    seconds = int(value.total_seconds())
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def plain_prompt(source):
    """A question's prompt (rich text HTML) as plain text, shortened for a table cell."""
    text = " ".join(html.unescape(strip_tags(source or "")).split())
    return Truncator(text).chars(PROMPT_LENGTH)


def csv_response(filename, headings, rows):
    """A CSV download: UTF-8 with a byte order mark, ``headings`` then ``rows`` (lists of text).

    Built in full while the editor's language is active (a streamed body would be written
    after the view returns, in whatever language is active then).
    """
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([str(heading) for heading in headings])
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def export_date():
    return timezone.localdate().isoformat()


# --- What the report computes


QUESTION_KIND_LABELS = {name: block.meta.label for name, block in QuestionPoolBlock().child_blocks.items()}


@dataclass
class QuestionStatistics:
    """One question's figures over a quiz's submitted attempts.

    ``average_score`` is out of ``points`` (the points the answers were graded with, or the
    pool's points for a question not asked yet); ``correct_share`` is a percentage.
    """

    key: str
    kind: str
    prompt: str
    points: Decimal
    asked: int = 0
    correct: int = 0
    average_score: Decimal | None = None
    removed: bool = False

    @property
    def kind_label(self):
        return QUESTION_KIND_LABELS.get(self.kind, self.kind)

    @property
    def correct_share(self):
        return share(self.correct, self.asked)

    @property
    def correct_share_text(self):
        return percent_text(self.correct_share)

    @property
    def average_score_text(self):
        if self.average_score is None:
            return "–"
        return _("%(score)s of %(points)s") % {
            "score": plain_number(self.average_score),
            "points": plain_number(self.points),
        }


def question_statistics(quiz):
    """The ``QuestionStatistics`` of ``quiz``: its current pool in order, then the questions removed since.

    One aggregate query over the answers of the submitted attempts, grouped by question id.
    ``graded_points`` is the largest value the question was graded out of (an editor may
    have changed its points between attempts). ``any_kind`` and ``any_prompt`` are one of
    the kinds and prompts the attempts copied (``Max``: the alphabetically largest, not
    the latest). They are used only for a question removed from the pool, which has
    nothing else to name it by; a question still in the pool is named by the pool.
    """
    rows = (
        QuizAnswer.objects.filter(attempt__quiz=quiz, attempt__submitted_at__isnull=False)
        .values("question_key")
        .annotate(
            asked=Count("pk"),
            correct=Count("pk", filter=Q(is_correct=True)),
            average_score=Avg("score"),
            graded_points=Max("points"),
            any_kind=Max("kind"),
            any_prompt=Max("prompt"),
        )
        .order_by()
    )
    found = {row["question_key"]: row for row in rows}
    statistics = []
    for block in quiz.questions:
        statistics.append(
            _statistics(
                block.id or "",
                found.pop(block.id, None),
                kind=block.block_type,
                prompt=block.value["prompt"].source,
                points=Decimal(block.value["points"]),
            )
        )
    removed = [
        _statistics(key, row, kind=row["any_kind"], prompt=row["any_prompt"], points=row["graded_points"], removed=True)
        for key, row in found.items()
    ]
    removed.sort(key=lambda item: (item.prompt, item.key))
    return statistics + removed


def _statistics(key, row, kind, prompt, points, removed=False):
    item = QuestionStatistics(key=key, kind=kind, prompt=plain_prompt(prompt), points=points, removed=removed)
    if row is not None:
        item.asked = row["asked"]
        item.correct = row["correct"]
        item.points = row["graded_points"]
        if row["average_score"] is not None:
            item.average_score = Decimal(row["average_score"]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return item


@dataclass
class QuizSummary:
    """A quiz's figures over its submitted attempts, and how many attempts are still in progress."""

    attempts: int
    learners: int
    learners_passed: int
    average_percentage: Decimal | None
    best_percentage: Decimal | None
    in_progress: int

    @property
    def pass_rate(self):
        """The share of the learners with a submitted attempt who passed at least once (a percentage)."""
        return share(self.learners_passed, self.learners)

    @property
    def pass_rate_text(self):
        return percent_text(self.pass_rate)

    @property
    def average_percentage_text(self):
        return percent_text(self.average_percentage)

    @property
    def best_percentage_text(self):
        return percent_text(self.best_percentage)


def quiz_summary(quiz):
    """The ``QuizSummary`` of ``quiz``, in one query."""
    submitted = Q(submitted_at__isnull=False)
    figures = QuizAttempt.objects.filter(quiz=quiz).aggregate(
        attempts=Count("pk", filter=submitted),
        learners=Count("user", filter=submitted, distinct=True),
        learners_passed=Count("user", filter=submitted & Q(passed=True), distinct=True),
        average_percentage=Avg("percentage", filter=submitted),
        best_percentage=Max("percentage", filter=submitted),
        in_progress=Count("pk", filter=Q(submitted_at__isnull=True)),
    )
    if figures["average_percentage"] is not None:
        figures["average_percentage"] = Decimal(figures["average_percentage"]).quantize(TENTH, rounding=ROUND_HALF_UP)
    return QuizSummary(**figures)


# --- The quizzes


class QuizListView(LearnersReportAccessMixin, generic.IndexView):
    """The quizzes whose results the user may see, with their figures; each links to its results."""

    page_title = _("Quiz results")
    header_icon = "clipboard-list"
    paginate_by = 50
    results_url_name = None

    def get_base_queryset(self):
        submitted = Q(attempts__submitted_at__isnull=False)
        course_title = CoursePage.objects.filter(path=course_path_of(OuterRef("path"))).values("title")[:1]
        # One join (the attempts), so the counts are not multiplied by another relation's rows.
        return (
            quizzes_whose_results_user_may_see(self.request.user)
            .annotate(
                course_title=Subquery(course_title),
                attempt_count=Count("attempts", filter=submitted),
                learner_count=Count("attempts__user", filter=submitted, distinct=True),
                passed_count=Count("attempts__user", filter=submitted & Q(attempts__passed=True), distinct=True),
                average_percentage=Avg("attempts__percentage", filter=submitted),
            )
            .order_by("course_title", "path")
        )

    def get_results_url(self, quiz):
        return reverse(self.results_url_name, args=[quiz.pk])

    @cached_property
    def columns(self):
        return [
            Column("course_title", label=_("Course")),
            TitleColumn("title", label=_("Quiz"), get_url=self.get_results_url),
            Column("attempt_count", label=_("Attempts submitted"), width="12%"),
            Column("learner_count", label=_("Learners"), width="10%"),
            Column(
                "pass_rate",
                label=_("Pass rate"),
                accessor=lambda quiz: percent_text(share(quiz.passed_count, quiz.learner_count)),
                width="10%",
            ),
            Column(
                "average_percentage",
                label=_("Average"),
                accessor=lambda quiz: percent_text(quiz.average_percentage),
                width="10%",
            ),
        ]

    @cached_property
    def verbose_name_plural(self):
        return _("quizzes")


# --- One quiz


class QuizResultsMixin(LearnersReportAccessMixin):
    """Finds the quiz named in the URL among those the user may see, and grades its attempts whose time ran out."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.quiz_id = kwargs["quiz_id"]

    def find_objects(self):
        # Another instructor's quiz is not found rather than forbidden: its existence is not revealed.
        self.quiz = get_object_or_404(quizzes_whose_results_user_may_see(self.request.user), pk=self.quiz_id)
        close_expired_attempts(quiz=self.quiz)


class AttemptFilterSet(WagtailFilterSet):
    """Filter of a quiz's attempts: passed or not."""

    PASSED, NOT_PASSED = "yes", "no"

    result = django_filters.ChoiceFilter(
        label=_("Result"),
        choices=[(PASSED, _("Passed")), (NOT_PASSED, _("Not passed"))],
        method="filter_result",
    )

    class Meta:
        model = QuizAttempt
        fields = []

    def filter_result(self, queryset, name, value):
        return queryset.filter(passed=value == self.PASSED)


def passed_text(attempt):
    return _("Passed") if attempt.passed else _("Not passed")


class QuizAttemptsView(QuizResultsMixin, generic.IndexView):
    """A quiz's summary, submitted attempts and question statistics; ``?export=csv`` downloads the filtered attempts."""

    model = QuizAttempt
    template_name = "courses/admin/quiz_results.html"
    header_icon = "clipboard-list"
    paginate_by = 50
    default_ordering = "-started_at"
    filterset_class = AttemptFilterSet
    search_fields = ["user__email", "user__first_name", "user__last_name", "user__first_name_en", "user__last_name_en"]
    # Learners' records are not in the search index: search the database.
    search_backend_name = None
    FORMATS = ("csv",)
    list_export = [
        "name",
        "email",
        "agency",
        "number",
        "started",
        "time_taken",
        "score",
        "max_score",
        "percentage",
        "passed",
        "ended_by",
    ]
    index_url_name = None
    index_results_url_name = None
    quizzes_url_name = None
    questions_csv_url_name = None

    def get_base_queryset(self):
        return QuizAttempt.objects.filter(quiz=self.quiz).submitted().select_related("user", "user__agency")

    def order_queryset(self, queryset):
        # The primary key last, so that a page of the listing never repeats or skips an attempt.
        return queryset.order_by(self.ordering or self.default_ordering, "-pk")

    def search_queryset(self, queryset):
        # Every word must match one of the name or e-mail fields, so "สมหญิง ใจดี" finds the full name.
        if not self.is_searching:
            return queryset
        for word in self.search_query.split():
            word_matches = Q()
            for field in self.search_fields:
                word_matches |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(word_matches)
        return queryset

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.quiz.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.quiz.pk])

    def get_page_title(self):
        return self.quiz.title

    def get_page_subtitle(self):
        return _("Results")

    @cached_property
    def breadcrumbs_items(self):
        return [{"url": reverse(self.quizzes_url_name), "label": _("Quiz results")}]

    @cached_property
    def verbose_name_plural(self):
        return _("attempts")

    @cached_property
    def questions_csv_url(self):
        return reverse(self.questions_csv_url_name, args=[self.quiz.pk])

    @cached_property
    def header_more_buttons(self):
        # The export mixin offers every format it knows: keep CSV only, and say what each file holds.
        others = [button for button in super().header_more_buttons if "export=" not in (button.url or "")]
        return [
            *others,
            Button(_("Download attempts (CSV)"), url=self.csv_export_url, icon_name="download", priority=100),
            Button(
                _("Download question statistics (CSV)"),
                url=self.questions_csv_url,
                icon_name="download",
                priority=110,
            ),
        ]

    @cached_property
    def columns(self):
        language = admin_language()
        return [
            Column(
                "name",
                label=_("Name"),
                accessor=lambda attempt: learner_name(attempt.user, language),
                sort_key="user__first_name",
            ),
            Column("email", label=_("E-mail"), accessor="user.email", sort_key="user__email"),
            Column("agency", label=_("Agency"), accessor=lambda attempt: attempt.user.agency or ""),
            Column("number", label=_("Attempt"), sort_key="number"),
            Column(
                "started",
                label=_("Started"),
                accessor=lambda attempt: format_date(attempt.started_at, "short", language, with_time=True),
                sort_key="started_at",
            ),
            Column("time_taken", label=_("Time taken"), accessor=lambda attempt: duration_text(attempt.time_taken)),
            Column(
                "score",
                label=_("Score"),
                accessor=lambda attempt: f"{plain_number(attempt.score)} / {plain_number(attempt.max_score)}",
                sort_key="score",
            ),
            Column(
                "percentage",
                label=_("Percentage"),
                accessor=lambda attempt: percent_text(attempt.percentage),
                sort_key="percentage",
            ),
            Column("passed", label=_("Result"), accessor=passed_text, sort_key="passed"),
            Column("ended_by", label=_("Ended by"), accessor="get_ended_by_display"),
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.results_only and not self.is_export:
            context.update(
                {
                    "quiz": self.quiz,
                    "course": self.quiz.course,
                    "summary": quiz_summary(self.quiz),
                    "questions": question_statistics(self.quiz),
                    "questions_csv_url": self.questions_csv_url,
                }
            )
        return context

    # --- CSV export

    def export_headings(self):
        return [
            _("Name"),
            _("E-mail"),
            _("Agency"),
            _("Attempt"),
            _("Started"),
            _("Time taken"),
            _("Score"),
            _("Maximum score"),
            _("Percentage"),
            _("Result"),
            _("Ended by"),
        ]

    def export_row(self, attempt, language):
        user = attempt.user
        return [
            spreadsheet_safe(learner_name(user, language)),
            spreadsheet_safe(user.email),
            spreadsheet_safe(user.agency.display_name) if user.agency_id else "",
            attempt.number,
            iso_local(attempt.started_at, with_time=True),
            duration_text(attempt.time_taken),
            plain_number(attempt.score),
            plain_number(attempt.max_score),
            plain_number(attempt.percentage),
            passed_text(attempt),
            attempt.get_ended_by_display(),
        ]

    def write_csv_response(self, queryset):
        language = admin_language()
        return csv_response(
            f"quiz-{self.quiz.pk}-attempts-{export_date()}",
            self.export_headings(),
            (self.export_row(attempt, language) for attempt in queryset),
        )


class QuizQuestionsCsvView(QuizResultsMixin, View):
    """A quiz's question statistics as CSV."""

    def get(self, request, *args, **kwargs):
        headings = [
            _("Position"),
            _("Question"),
            _("Type"),
            _("Times asked"),
            _("Answered correctly (%)"),
            _("Average score"),
            _("Points"),
            _("In the quiz"),
            _("Question id"),
        ]
        rows = [
            [
                position,
                spreadsheet_safe(item.prompt),
                item.kind_label,
                item.asked,
                plain_number(item.correct_share),
                plain_number(item.average_score),
                plain_number(item.points),
                _("Removed from the quiz") if item.removed else _("Yes"),
                item.key,
            ]
            for position, item in enumerate(question_statistics(self.quiz), start=1)
        ]
        return csv_response(f"quiz-{self.quiz.pk}-questions-{export_date()}", headings, rows)


# --- The viewset


def quiz_results_url(quiz):
    """The address of ``quiz``'s results in the editor."""
    return reverse(f"{URL_NAMESPACE}:attempts", args=[quiz.pk])


class QuizResultsViewSet(ViewSet):
    """The "Quiz results" menu item: the list of quizzes and each quiz's results."""

    icon = "clipboard-list"
    menu_label = _("Quiz results")
    menu_name = "quiz-results"
    menu_order = 251
    add_to_admin_menu = True
    menu_item_class = LearnersReportMenuItem

    def get_urlpatterns(self):
        url_names = {
            "index_url_name": self.get_url_name("attempts"),
            "index_results_url_name": self.get_url_name("attempts_results"),
            "quizzes_url_name": self.get_url_name("index"),
            "questions_csv_url_name": self.get_url_name("questions_csv"),
        }
        return [
            path(
                "",
                QuizListView.as_view(
                    index_url_name=self.get_url_name("index"), results_url_name=self.get_url_name("attempts")
                ),
                name="index",
            ),
            path("<int:quiz_id>/", QuizAttemptsView.as_view(**url_names), name="attempts"),
            path(
                "<int:quiz_id>/results/",
                QuizAttemptsView.as_view(results_only=True, **url_names),
                name="attempts_results",
            ),
            path("<int:quiz_id>/questions.csv", QuizQuestionsCsvView.as_view(), name="questions_csv"),
        ]
