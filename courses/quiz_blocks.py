"""StreamField blocks for a quiz's question pool, as instructors write them in Wagtail.

Each question type is one block; every question has a prompt, its points and an
explanation shown as feedback. Choices are ``ListBlock`` items, so each keeps a stable id
(Wagtail's list item UUID) across edits: an attempt stores the ids it was shown and the
learner's answer refers to them (see ``courses.models.quiz``). The blocks check what an
instructor could get wrong: a single-choice question with no or two right answers, a
multiple-choice question with none, duplicate choices, an empty list of accepted answers.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

# No document links or images in questions and explanations: a file is served to anyone
# enrolled, so one linked from an explanation would give the answer away before submission.
QUESTION_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]
CHOICE_MAX_LENGTH = 500
ACCEPTED_ANSWER_MAX_LENGTH = 200


class QuestionKind:
    """The block names of the question types; also stored in each attempt's answers."""

    SINGLE = "single_choice"
    MULTIPLE = "multiple_choice"
    TRUE_FALSE = "true_false"
    SHORT_TEXT = "short_text"
    NUMERIC = "numeric"

    CHOICE_KINDS = (SINGLE, MULTIPLE, TRUE_FALSE)


class MultipleChoiceScoring:
    ALL_OR_NOTHING = "all_or_nothing"
    PARTIAL = "partial"


class AnswerChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=CHOICE_MAX_LENGTH, label=_("choice"))
    correct = blocks.BooleanBlock(required=False, label=_("correct"))

    class Meta:
        icon = "radio-full"
        label = _("Choice")


class QuestionBlock(blocks.StructBlock):
    """What every question has: the prompt, its points and the explanation given as feedback."""

    prompt = blocks.RichTextBlock(features=QUESTION_TEXT_FEATURES, label=_("question"))
    points = blocks.IntegerBlock(min_value=1, max_value=100, default=1, label=_("points"))
    explanation = blocks.RichTextBlock(
        features=QUESTION_TEXT_FEATURES,
        required=False,
        label=_("explanation"),
        help_text=_("Shown with the correct answer when the quiz gives feedback."),
    )

    class Meta:
        icon = "help"


def _duplicates(texts):
    seen, repeated = set(), []
    for text in texts:
        key = " ".join(unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold()).split())
        if key in seen:
            repeated.append(text)
        seen.add(key)
    return repeated


class ChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(AnswerChoiceBlock(), min_num=2, max_num=10, label=_("choices"))

    def check_choices(self, choices):
        """Errors in ``choices`` other than how many are correct.

        The list's own ``min_num`` is not enforced when Wagtail saves a draft, but a draft
        may be published by its approver: two choices, each with its text, are checked here too.
        """
        if any(not choice["text"].strip() for choice in choices):
            return _("Every choice needs its text.")
        if len(choices) < 2:
            return _("Give at least two choices.")
        repeated = _duplicates([choice["text"] for choice in choices])
        if repeated:
            return _("Each choice must be different: “%(text)s” appears twice.") % {"text": repeated[0]}
        return None

    def clean(self, value):
        value = super().clean(value)
        message = self.check_choices(value["choices"]) or self.check_correct(
            [choice for choice in value["choices"] if choice["correct"]]
        )
        if message:
            raise StructBlockValidationError(block_errors={"choices": ValidationError(message)})
        return value


class SingleChoiceQuestionBlock(ChoiceQuestionBlock):
    def check_correct(self, correct):
        if len(correct) != 1:
            return _("Mark exactly one choice as correct.")
        return None

    class Meta:
        icon = "radio-full"
        label = _("Single choice")


class MultipleChoiceQuestionBlock(ChoiceQuestionBlock):
    scoring = blocks.ChoiceBlock(
        choices=[
            (MultipleChoiceScoring.ALL_OR_NOTHING, _("All or nothing")),
            (MultipleChoiceScoring.PARTIAL, _("Partial credit")),
        ],
        default=MultipleChoiceScoring.ALL_OR_NOTHING,
        label=_("scoring"),
        help_text=_(
            "Partial credit: each correct choice ticked earns its share of the points, each wrong one "
            "takes a share away, never below zero."
        ),
    )

    def check_correct(self, correct):
        if not correct:
            return _("Mark at least one choice as correct.")
        return None

    class Meta:
        icon = "tasks"
        label = _("Multiple choice")


class TrueFalseQuestionBlock(QuestionBlock):
    answer = blocks.ChoiceBlock(
        choices=[("true", _("True")), ("false", _("False"))], default="true", label=_("correct answer")
    )

    class Meta:
        icon = "tick"
        label = _("True or false")


class ShortTextQuestionBlock(QuestionBlock):
    accepted_answers = blocks.ListBlock(
        blocks.CharBlock(max_length=ACCEPTED_ANSWER_MAX_LENGTH, label=_("accepted answer")),
        min_num=1,
        max_num=20,
        label=_("accepted answers"),
        help_text=_(
            "Compared without regard to upper and lower case or spaces at either end; list each spelling you accept."
        ),
    )

    def clean(self, value):
        value = super().clean(value)
        answers = [answer.strip() for answer in value["accepted_answers"]]
        if not any(answers):
            raise StructBlockValidationError(
                block_errors={"accepted_answers": ValidationError(_("Give at least one accepted answer."))}
            )
        return value

    class Meta:
        icon = "edit"
        label = _("Short text answer")


class NumericQuestionBlock(QuestionBlock):
    answer = blocks.DecimalBlock(max_digits=18, decimal_places=6, label=_("correct answer"))
    tolerance = blocks.DecimalBlock(
        min_value=0,
        max_digits=18,
        decimal_places=6,
        default=0,
        label=_("tolerance"),
        help_text=_("Answers within this distance of the correct answer are accepted; 0 for an exact answer."),
    )
    unit = blocks.CharBlock(
        required=False, max_length=30, label=_("unit"), help_text=_("Shown after the answer box, e.g. “baht”.")
    )

    class Meta:
        icon = "decimal"
        label = _("Numeric answer")


class QuestionPoolBlock(blocks.StreamBlock):
    single_choice = SingleChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    true_false = TrueFalseQuestionBlock()
    short_text = ShortTextQuestionBlock()
    numeric = NumericQuestionBlock()

    class Meta:
        max_num = 500
