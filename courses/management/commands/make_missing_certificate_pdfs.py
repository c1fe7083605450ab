"""``manage.py make_missing_certificate_pdfs``: certificates still owed, and PDFs that could not be made.

Issuing runs in the background after a course is completed; if that failed (the task
worker was down, storage refused the file), this command puts it right: it issues the
certificate of every completed enrolment in a course that awards one and has none, and
draws the PDF of every certificate that has none. Safe to run again (a scheduler may run
it daily); it prints what it did.
"""

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef

from courses.models import Certificate, Enrolment
from courses.services.certificates import ensure_pdf, issue_for_enrolment


class Command(BaseCommand):
    help = "Issue certificates still owed for completed courses, and make the PDFs certificates are missing."

    def handle(self, *args, **options):
        owed = (
            Enrolment.objects.filter(completed_at__isnull=False, course__awards_certificate=True)
            .exclude(Exists(Certificate.objects.filter(user=OuterRef("user"), course=OuterRef("course"))))
            .select_related("course", "user")
        )
        issued = sum(1 for enrolment in owed.iterator() if issue_for_enrolment(enrolment)[1])
        missing = Certificate.objects.filter(pdf="")
        made = failed = 0
        for certificate in missing.iterator():
            if ensure_pdf(certificate):
                made += 1
            else:
                failed += 1
        self.stdout.write(f"Issued {issued} certificate(s); made {made} PDF(s); {failed} could not be made.")
        if failed:
            self.stderr.write("Some PDFs could not be made: see the log for why.")
