"""Learners' evaluations of courses on the course page: the form, its POST, and what everyone sees.

A learner who completed a course (``courses.services.evaluations.has_completed``) finds on
the course page a form with the standard statements (``QUESTIONS``), each rated 1 to 5,
and an optional comment; once given, the same form shows their evaluation and changes it.
Everyone sees the course's average rating and the number of evaluations, once there is one.

The form POSTs (with the CSRF token) to ``courses:evaluate``, which calls
``give_evaluation`` or ``change_evaluation`` as the form's ``intent`` says: a "give" form
sent twice, say from two tabs, is refused as already given rather than silently
overwriting the first; the page it comes back to offers to change that one. A
refusal (``EvaluationError``) is a message and, for a learner who may evaluate, the course
page again with the form as they filled it in and its errors; nothing is written. A guest
is sent to log in; a learner who has not completed the course gets the message on the
course page.

``course_evaluation_context`` is what ``CoursePage.get_context`` adds to the page: a fixed
number of queries, whatever the number of evaluations.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .models import QUESTIONS, CourseEvaluation
from .models.evaluations import COMMENT_MAX_LENGTH
from .services.evaluations import EvaluationError, change_evaluation, give_evaluation, has_completed
from .views import _course_for_action

# The hidden "intent" of the form: "give" a first evaluation or "change" the one given.
CHANGE = "change"
RATINGS = (1, 2, 3, 4, 5)
# What each rating means, shown beside its radio button.
RATING_LABELS = {
    1: gettext_lazy("Strongly disagree"),
    2: gettext_lazy("Disagree"),
    3: gettext_lazy("Neither agree nor disagree"),
    4: gettext_lazy("Agree"),
    5: gettext_lazy("Strongly agree"),
}
# Where the form is on the course page, so that a redirect or a re-rendered page lands on it.
ANCHOR = "course-evaluation"
# The bound form of a refused POST, handed to the course page it re-renders.
REQUEST_FORM_ATTRIBUTE = "course_evaluation_form"


class CourseEvaluationForm(forms.Form):
    """The evaluation form: one 1–5 rating per standard statement and an optional comment.

    It only reads and shows what was sent (and marks the fields in error); the rules are the
    service's (``courses.services.evaluations``).
    """

    comment = forms.CharField(
        label=gettext_lazy("Comment (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": COMMENT_MAX_LENGTH}),
        error_messages={"max_length": gettext_lazy("Keep the comment to 1,000 characters or fewer.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, text in QUESTIONS:
            self.fields[name] = forms.TypedChoiceField(
                label=text,
                choices=[(value, str(value)) for value in RATINGS],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext_lazy("Choose a rating from 1 to 5."),
                    "invalid_choice": gettext_lazy("Choose a rating from 1 to 5."),
                },
            )

    def rating_fields(self):
        """The rating fields as the template draws them: each statement with its five options."""
        rows = []
        for name, _text in QUESTIONS:
            field = self[name]
            value = field.value()
            chosen = str(value) if value not in (None, "") else ""
            rows.append(
                {
                    "field": field,
                    "options": [
                        {
                            "value": rating,
                            "label": RATING_LABELS[rating],
                            "id": f"{field.auto_id}_{rating}",
                            "checked": chosen == str(rating),
                        }
                        for rating in RATINGS
                    ],
                }
            )
        return rows


def _form_for(evaluation):
    """An unbound form showing ``evaluation`` (or empty, to give one)."""
    if evaluation is None:
        return CourseEvaluationForm()
    initial = {name: getattr(evaluation, name) for name, _text in QUESTIONS}
    return CourseEvaluationForm(initial={**initial, "comment": evaluation.comment})


# The average is public only from this many evaluations: below, it would show one person's
# ratings (the open data suppresses the same, ``lms.open_data.datasets.SMALLEST_PUBLISHED_COUNT``).
SMALLEST_SHOWN_AVERAGE = 5


def evaluation_summary(course):
    """``{"count": n, "average": mean of every rating or None, "average_shown": bool, ...}`` (one query)."""
    summary = CourseEvaluation.objects.filter(course=course).summary()
    summary["average_shown"] = summary["count"] >= SMALLEST_SHOWN_AVERAGE
    summary["smallest_shown"] = SMALLEST_SHOWN_AVERAGE
    return summary


def course_evaluation_context(request, course):
    """The course page's evaluation part: the summary for everyone, the form for a learner who completed it.

    ``evaluation_summary`` (count, average), ``evaluation`` (the learner's own, or None),
    ``evaluation_form`` (None when the visitor may not evaluate the course) and
    ``evaluation_url``. At most four queries, none per evaluation. A course not saved yet
    (an editor's first preview) has none of these.
    """
    if not course.pk:
        return {}
    context = {"evaluation_summary": evaluation_summary(course), "evaluation": None, "evaluation_form": None}
    user = request.user
    # An editor's preview shows the course as a visitor sees it, not the editor's own form.
    if not user.is_authenticated or getattr(request, "is_preview", False):
        return context
    evaluation = CourseEvaluation.objects.filter(user=user, course=course).first()
    if evaluation is None and not has_completed(user, course):
        return context
    form = getattr(request, REQUEST_FORM_ATTRIBUTE, None) or _form_for(evaluation)
    context.update({"evaluation": evaluation, "evaluation_form": form})
    return context


@require_POST
def evaluate(request, course_id):
    """Give or change the signed-in learner's evaluation of a live course they completed."""
    course, login = _course_for_action(request, course_id)
    if login is not None:
        return login
    course_url = f"{course.url}#{ANCHOR}"
    if not has_completed(request.user, course):
        messages.error(request, _("Only learners who completed this course may evaluate it."))
        return redirect(course_url)
    form = CourseEvaluationForm(request.POST)
    ratings = {name: request.POST.get(name) for name, _text in QUESTIONS}
    comment = request.POST.get("comment", "")
    changing = request.POST.get("intent") == CHANGE
    try:
        if changing:
            change_evaluation(request.user, course, ratings, comment)
        else:
            give_evaluation(request.user, course, ratings, comment)
    except EvaluationError as error:
        messages.error(request, error.message)
        form.is_valid()  # marks the fields in error for the page
        setattr(request, REQUEST_FORM_ATTRIBUTE, form)
        # The course page again, with what they sent: a GET-like render of the page, no write.
        return course.serve(request)
    if changing:
        messages.success(request, _("Your evaluation has been changed."))
    else:
        messages.success(request, _("Thank you: your evaluation has been saved."))
    return redirect(course_url)
