"""Demo content for ``manage.py load_demo``: a realistic Thai site built by small builders.

Each builder is a function ``build_something(demo)`` that receives a ``DemoContext``,
creates what is missing and leaves what exists alone, so running the command twice
changes nothing. Builders run in the order of ``BUILDERS``; a later builder can use
what an earlier one put on the context (``demo.pages["courses"]``,
``demo.agencies["OCSC"]``, ``demo.users["learner"]``).

To add demo content for another app, write ``<app>/demo.py`` with a builder and append
its dotted path to ``BUILDERS`` (after the builders it depends on).
"""

from dataclasses import dataclass, field

from django.utils.module_loading import import_string

BUILDERS = [
    "lms.demo.pages.build_pages",
    "lms.demo.permissions.build_page_permissions",
    "lms.demo.agencies.build_agencies",
    "lms.demo.users.build_users",
    "courses.demo.build_demo_signatory",
    "courses.demo.build_course_categories",
    "courses.demo.build_courses",
    "courses.demo.build_course_quizzes",
    "courses.demo.build_demo_enrolments",
    "courses.demo.build_demo_quiz_attempts",
    "courses.demo.build_demo_certificates",
    "library.demo.build_library",
    "lms.demo.permissions.build_course_review_workflow",
    "lms.demo.permissions.build_course_editors",
    "courses.seminar_demo.build_seminars",
]


@dataclass
class DemoLogin:
    """A demo account as the command reports it."""

    email: str
    role: str
    created: bool


@dataclass
class DemoContext:
    """What the builders share: the objects built so far and a count of changes made."""

    stdout: object = None
    verbosity: int = 1
    site: object = None
    pages: dict = field(default_factory=dict)
    agencies: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    logins: list = field(default_factory=list)
    changes: int = 0

    def changed(self, message):
        """Count one change and describe it when the command runs with ``-v 2``."""
        self.changes += 1
        if self.stdout is not None and self.verbosity >= 2:
            self.stdout.write(f"  {message}")


def sync(instance, values):
    """Set ``values`` on ``instance`` and save it only when one of them differs.

    Returns True when the instance was saved. Foreign keys may be given as objects.
    """
    differing = {name: value for name, value in values.items() if getattr(instance, name) != value}
    if not differing:
        return False
    for name, value in differing.items():
        setattr(instance, name, value)
    instance.save()
    return True


def run_builders(demo):
    """Run every builder in ``BUILDERS``, in order."""
    for path in BUILDERS:
        import_string(path)(demo)
    return demo
