"""Courses and seminars: catalogue pages, course, lesson and seminar pages, and learners' records.

Pages (``CourseIndexPage`` > ``CoursePage`` > ``LessonPage``, ``QuizPage``) are content edited in
Wagtail; learners' records (``Enrolment``, ``LessonProgress``, ``QuizAttempt``) are plain models keyed to
the pages, never stored in page revisions.
"""

from .categories import CourseCategory
from .certificates import Certificate, CertificateStatus
from .course import (
    Audience,
    CompletionRule,
    CourseInstructor,
    CourseLanguage,
    CoursePage,
    CoursePageQuerySet,
    LessonPage,
    Level,
)
from .evaluations import QUESTION_FIELDS, QUESTIONS, CourseEvaluation
from .indexes import CourseIndexPage, SeminarIndexPage
from .learning import Enrolment, EnrolmentSource, EnrolmentStatus, LessonProgress
from .quiz import AttemptEnd, FeedbackMode, QuizAnswer, QuizAttempt, QuizPage
from .seminars import (
    ACTIVE_STATUSES,
    AttendanceSource,
    CalendarFeed,
    Registration,
    RegistrationStatus,
    SeminarAgendaItem,
    SeminarFormat,
    SeminarMaterial,
    SeminarPage,
    SeminarSession,
    SeminarSpeaker,
)

__all__ = [
    "CourseEvaluation",
    "QUESTIONS",
    "QUESTION_FIELDS",
    "ACTIVE_STATUSES",
    "AttendanceSource",
    "CalendarFeed",
    "Registration",
    "RegistrationStatus",
    "SeminarAgendaItem",
    "SeminarFormat",
    "SeminarMaterial",
    "SeminarPage",
    "SeminarSession",
    "SeminarSpeaker",
    "AttemptEnd",
    "Audience",
    "Certificate",
    "CertificateStatus",
    "CompletionRule",
    "CourseCategory",
    "CourseIndexPage",
    "CourseInstructor",
    "CourseLanguage",
    "CoursePage",
    "CoursePageQuerySet",
    "Enrolment",
    "EnrolmentSource",
    "EnrolmentStatus",
    "FeedbackMode",
    "LessonPage",
    "LessonProgress",
    "Level",
    "QuizAnswer",
    "QuizAttempt",
    "QuizPage",
    "SeminarIndexPage",
]
