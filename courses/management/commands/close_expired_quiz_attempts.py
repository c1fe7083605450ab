"""``manage.py close_expired_quiz_attempts``: grade the attempts whose time ran out.

An attempt is also closed whenever its learner comes back to the quiz; this command (run
by a scheduler, e.g. every few minutes) closes those whose learners never came back, so
that reports and course progress are up to date.
"""

from django.core.management.base import BaseCommand

from courses.services.quizzes import close_expired_attempts


class Command(BaseCommand):
    help = "Grade and close every quiz attempt whose deadline (and grace period) has passed."

    def handle(self, *args, **options):
        count = close_expired_attempts()
        self.stdout.write(f"Closed {count} attempt(s) whose time ran out.")
