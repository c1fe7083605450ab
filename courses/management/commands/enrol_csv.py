"""``manage.py enrol_csv FILE``: enrol the people listed in a CSV file (e-mail, course) in courses."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from courses.services.bulk_enrolment import MAX_ROWS, enrol_from_csv, may_enrol_in_bulk
from lms.models import User
from lms.models.users import normalise_email


class Command(BaseCommand):
    """Check every row of a CSV file, print each bad row as "line N: reason", then enrol.

    The file format (columns ``email`` and ``course``; the course by number, slug or web
    address) is described in ``courses.services.bulk_enrolment``. Nobody is enrolled when
    a row is bad unless ``--skip-bad-rows`` is given; the command then fails with a
    non-zero exit status. ``--dry-run`` checks only. Without ``--by`` the command acts as
    nobody in particular and may enrol anyone; with ``--by EMAIL`` it acts as that user
    (recorded as "enrolled by", and a training officer's file is limited to their agency).
    """

    help = (
        "Enrol the people in a CSV file with the columns email and course (the course's number, slug or "
        f"web address; at most {MAX_ROWS} rows). Every row is checked first; nobody is enrolled if one is bad "
        "unless --skip-bad-rows is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file (UTF-8), with a header row.")
        parser.add_argument(
            "--skip-bad-rows", action="store_true", help="Enrol the good rows even when some rows are bad."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; enrol nobody.")
        parser.add_argument(
            "--by",
            metavar="EMAIL",
            help="Act as this user (a training officer or administrator): recorded as the one who enrolled.",
        )

    def handle(self, *args, **options):
        acting_user = self.acting_user(options["by"])
        try:
            with open(options["file"], "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": options["file"], "error": error}
            ) from error

        result = enrol_from_csv(
            data, acting_user=acting_user, skip_bad=options["skip_bad_rows"], dry_run=options["dry_run"]
        )
        for problem in result.problems:
            self.stdout.write(_("line %(line)s: %(reason)s") % {"line": problem.line, "reason": problem.message})
        if result.file_problem:
            raise CommandError(_("Nobody was enrolled: the file cannot be used as it is."))
        self.stdout.write(self.summary(result))
        if result.blocked:
            raise CommandError(
                _("Nobody was enrolled: correct the bad rows (%(count)s), or use --skip-bad-rows to enrol the others.")
                % {"count": result.bad_count}
            )

    def acting_user(self, email):
        if not email:
            return None
        user = User.objects.filter(email=normalise_email(email)).first()
        if user is None:
            raise CommandError(_("--by: nobody has an account with the e-mail address %(email)s.") % {"email": email})
        if not may_enrol_in_bulk(user):
            raise CommandError(_("--by: %(email)s may not enrol people in bulk.") % {"email": user.email})
        return user

    def summary(self, result):
        counts = {
            "rows": result.rows,
            "ready": len(result.ready),
            "enrolled": result.enrolled_count,
            "already": result.already_count,
            "bad": result.bad_count,
        }
        if result.dry_run:
            return (
                _(
                    "Dry run, nothing changed. Rows checked: %(rows)s. To enrol: %(ready)s; already enrolled: "
                    "%(already)s; bad: %(bad)s."
                )
                % counts
            )
        if result.blocked:
            return _("Rows checked: %(rows)s. Good: %(ready)s; already enrolled: %(already)s; bad: %(bad)s.") % counts
        return self.style.SUCCESS(
            _(
                "Rows checked: %(rows)s. Enrolled: %(enrolled)s; already enrolled: %(already)s; "
                "bad rows skipped: %(bad)s."
            )
            % counts
        )
