"""Grading one question, and reading a learner's answer from a form: plain functions, no database.

``snapshot_question`` turns a question block of a quiz's pool into what an attempt keeps
(the prompt and choices the learner sees, the key that grades the answer).
``parse_response`` checks what a form posted for one question and returns the answer to
store, or raises ``AnswerError`` with a message for the learner. ``grade`` scores a stored
answer against the key.

Short text answers are compared after Unicode NFC normalisation, case folding, trimming
and collapsing runs of white space, so "  Bangkok " and "bangkok" match. Numbers may be
typed with Thai digits and thousands separators; an answer within the tolerance is right.
Multiple choice with partial credit earns, of the question's points, (right choices ticked
minus wrong choices ticked) divided by the number of right choices, never below zero.
"""

import random
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..quiz_blocks import MultipleChoiceScoring, QuestionKind

TEXT_ANSWER_MAX_LENGTH = 500
NUMBER_MAX_LENGTH = 40
CENT = Decimal("0.01")
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


class AnswerError(Exception):
    """An answer that cannot be stored: ``message`` says why, in the learner's language.

    ``foreign`` marks an answer the attempt's page cannot have sent (a choice of another
    question, two choices where the page offers one): the whole form is then refused.
    """

    def __init__(self, message, foreign=False):
        super().__init__(message)
        self.message = message
        self.foreign = foreign


def normalise_text(value):
    """Text as compared for short answers: NFC, case-folded, trimmed, inner white space collapsed."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", value).casefold())
    return " ".join(folded.split())


def parse_number(value):
    """The Decimal a learner typed ("1,250.5", "๑๒.๕", "-3"), or None if it is not a number."""
    text = value.strip().translate(THAI_DIGITS).replace(" ", "").replace("\u00a0", "")
    if THOUSANDS.match(text):
        text = text.replace(",", "")
    if not NUMBER.match(text):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def snapshot_question(block, rng=None, shuffle_choices=False):
    """What an attempt keeps of one question block (a StreamField child): a dict of ``QuizAnswer`` fields.

    The choice ids are the ids of the pool's list items; true/false choices are "true" and
    "false". ``rng`` shuffles the choices when ``shuffle_choices`` is set.
    """
    value = block.value
    kind = block.block_type
    fields = {
        "question_key": block.id or "",
        "kind": kind,
        "prompt": value["prompt"].source,
        "points": Decimal(value["points"]),
        "explanation": value["explanation"].source if value.get("explanation") else "",
        "choices": [],
        "unit": "",
        "key": {},
    }
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        items = [(child.id, child.value) for child in value["choices"].bound_blocks]
        choices = [{"id": str(item_id), "text": choice["text"]} for item_id, choice in items]
        if shuffle_choices:
            (rng or random).shuffle(choices)
        fields["choices"] = choices
        fields["key"] = {"correct": sorted(str(item_id) for item_id, choice in items if choice["correct"])}
        if kind == QuestionKind.MULTIPLE:
            fields["key"]["scoring"] = value["scoring"]
    elif kind == QuestionKind.TRUE_FALSE:
        fields["choices"] = [{"id": "true", "text": ""}, {"id": "false", "text": ""}]
        fields["key"] = {"correct": [value["answer"]]}
    elif kind == QuestionKind.SHORT_TEXT:
        accepted = [answer for answer in value["accepted_answers"] if answer.strip()]
        fields["key"] = {"accepted": accepted}
    elif kind == QuestionKind.NUMERIC:
        fields["key"] = {"answer": str(value["answer"]), "tolerance": str(value["tolerance"] or 0)}
        fields["unit"] = value.get("unit") or ""
    else:  # pragma: no cover - a block type added without grading
        raise ValueError(f"Unknown question type {kind}")
    return fields


def parse_response(answer, values):
    """The answer to store for ``answer`` (a ``QuizAnswer``) from the strings a form posted for it.

    ``values`` is ``request.POST.getlist(...)``: empty when nothing was chosen or typed,
    which stores None (not answered). Raises ``AnswerError`` for a choice that is not one of
    this question's, several choices for a single-choice question, a text that is too
    long, or something that is not a number.
    """
    values = [value for value in values if value is not None]
    if answer.kind in QuestionKind.CHOICE_KINDS:
        chosen = [value.strip() for value in values if value.strip()]
        if not chosen:
            return None
        allowed = {choice["id"] for choice in answer.choices}
        if any(choice not in allowed for choice in chosen):
            raise AnswerError(_("That choice is not one of this question's choices."), foreign=True)
        if answer.kind != QuestionKind.MULTIPLE and len(set(chosen)) > 1:
            raise AnswerError(_("Choose only one answer."), foreign=True)
        return sorted(set(chosen))
    if len(values) > 1:
        raise AnswerError(_("Give one answer."), foreign=True)
    text = values[0] if values else ""
    if answer.kind == QuestionKind.SHORT_TEXT:
        if len(text) > TEXT_ANSWER_MAX_LENGTH:
            raise AnswerError(
                _("Keep your answer to %(limit)s characters or fewer; this one has %(length)s.")
                % {"limit": TEXT_ANSWER_MAX_LENGTH, "length": len(text)}
            )
        text = text.strip()
        return text or None
    if answer.kind == QuestionKind.NUMERIC:
        if not text.strip():
            return None
        if len(text) > NUMBER_MAX_LENGTH:
            raise AnswerError(_("Enter a number, for example 12.5."))
        number = parse_number(text)
        if number is None:
            raise AnswerError(_("Enter a number, for example 12.5."))
        return str(number)
    raise AnswerError(_("This question cannot be answered."))  # pragma: no cover


def _points(answer, fraction):
    return (Decimal(answer.points) * fraction).quantize(CENT, rounding=ROUND_HALF_UP)


def grade(answer):
    """``(score, is_correct)`` for ``answer`` as stored; an unanswered question scores 0."""
    response = answer.response
    key = answer.key or {}
    zero = Decimal("0.00")
    if response in (None, "", []):
        return zero, False
    if answer.kind in QuestionKind.CHOICE_KINDS:
        chosen = set(response)
        correct = set(key.get("correct", []))
        if chosen == correct:
            return _points(answer, Decimal(1)), True
        if answer.kind == QuestionKind.MULTIPLE and key.get("scoring") == MultipleChoiceScoring.PARTIAL and correct:
            net = len(chosen & correct) - len(chosen - correct)
            if net <= 0:
                return zero, False
            return _points(answer, Decimal(net) / Decimal(len(correct))), False
        return zero, False
    if answer.kind == QuestionKind.SHORT_TEXT:
        given = normalise_text(str(response))
        if any(given == normalise_text(accepted) for accepted in key.get("accepted", [])):
            return _points(answer, Decimal(1)), True
        return zero, False
    if answer.kind == QuestionKind.NUMERIC:
        try:
            given = Decimal(str(response))
            target = Decimal(key["answer"])
            tolerance = abs(Decimal(key.get("tolerance") or "0"))
        except (InvalidOperation, KeyError):
            return zero, False
        if abs(given - target) <= tolerance:
            return _points(answer, Decimal(1)), True
        return zero, False
    return zero, False


def correct_answer_display(answer):
    """The correct answer as a learner reads it in feedback: choice texts, accepted texts, or the number."""
    key = answer.key or {}
    if answer.kind in QuestionKind.CHOICE_KINDS:
        correct = set(key.get("correct", []))
        return [choice["text"] for choice in answer.display_choices if choice["id"] in correct]
    if answer.kind == QuestionKind.SHORT_TEXT:
        return list(key.get("accepted", []))[:1]
    if answer.kind == QuestionKind.NUMERIC:
        number = Decimal(key.get("answer", "0")).normalize()
        text = f"{number:f}"
        tolerance = Decimal(key.get("tolerance") or "0").normalize()
        if tolerance:
            text = f"{text} ± {tolerance:f}"
        return [f"{text} {answer.unit}".strip()]
    return []
