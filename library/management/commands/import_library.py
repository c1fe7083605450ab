"""``manage.py import_library FILE.csv``: import library items from a CSV file (or a ZIP archive holding one)."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from library.importer import COLUMNS, MAX_ROWS, import_library, may_import
from lms.models import User
from lms.models.users import normalise_email


class Command(BaseCommand):
    """Check every row, print each bad one as "line N: reason", then import (nothing if a row is bad).

    The file format is described in ``library.importer``. Nothing is imported when a row
    is bad unless ``--skip-invalid`` is given, and the command then exits with a non-zero
    status. ``--dry-run`` checks and reports what would be created or updated, writing
    nothing. Messages are in the site's language (Thai) unless ``--language en`` is given.
    ``--by EMAIL`` records that user as the author of the revisions and the uploader of the files.
    """

    help = (
        "Import library items from a CSV file (UTF-8) with the columns "
        + ", ".join(COLUMNS)
        + f" (at most {MAX_ROWS} rows), or a ZIP archive holding it and its files. Every row is checked first; "
        "nothing is imported if one is bad unless --skip-invalid is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file, or a ZIP archive with the CSV file and its files.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; write nothing.")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Import the good rows even when some rows are bad."
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="The language of the report (default: the site's, %(default)s).",
        )
        parser.add_argument(
            "--by", metavar="EMAIL", help="Act as this user: recorded as the author of the new revisions."
        )

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            self.run(options)

    def run(self, options):
        user = self.acting_user(options["by"])
        path = options["file"]
        if not os.path.isfile(path):
            raise CommandError(_("There is no file %(file)s.") % {"file": path})

        report = import_library(path, dry_run=options["dry_run"], skip_invalid=options["skip_invalid"], user=user)

        for notice in report.notices:
            self.stdout.write(self.located(notice.line, _("note: %(message)s") % {"message": notice.message}))
        for problem in report.problems:
            self.stdout.write(self.located(problem.line, problem.message))
        if report.file_problem:
            raise CommandError(_("Nothing was imported: the file cannot be used as it is."))
        if options["verbosity"] >= 1:
            for plan in report.plans:
                self.stdout.write(self.located(plan.line, self.action(report, plan)))
        self.stdout.write(self.summary(report))
        if report.blocked:
            raise CommandError(
                _("Nothing was imported: correct the bad rows (%(count)s), or use --skip-invalid to import the others.")
                % {"count": report.bad_count}
            )
        if report.problems and not report.plans:
            raise CommandError(_("Nothing was imported: every row is bad."))

    def located(self, line, message):
        if line is None:
            return message
        return _("line %(line)s: %(reason)s") % {"line": line, "reason": message}

    def action(self, report, plan):
        values = {"identifier": plan.identifier, "title": plan.title}
        if plan.action == "unchanged":
            return _("unchanged %(identifier)s “%(title)s”") % values
        if report.dry_run or not report.imported:
            if plan.action == "create":
                return _("would create %(identifier)s “%(title)s”") % values
            return _("would update %(identifier)s “%(title)s”") % values
        if plan.action == "create":
            return _("created %(identifier)s “%(title)s”") % values
        return _("updated %(identifier)s “%(title)s”") % values

    def acting_user(self, email):
        if not email:
            return None
        user = User.objects.filter(email=normalise_email(email)).first()
        if user is None:
            raise CommandError(_("--by: nobody has an account with the e-mail address %(email)s.") % {"email": email})
        if not may_import(user):
            raise CommandError(_("--by: %(email)s may not import library items.") % {"email": user.email})
        return user

    def summary(self, report):
        counts = {
            "rows": report.rows,
            "created": len(report.created),
            "updated": len(report.updated),
            "unchanged": len(report.unchanged),
            "bad": report.bad_count,
        }
        if report.dry_run:
            return (
                _(
                    "Dry run, nothing changed. Rows checked: %(rows)s. To create: %(created)s; to update: "
                    "%(updated)s; unchanged: %(unchanged)s; bad: %(bad)s."
                )
                % counts
            )
        if not report.imported:
            return (
                _(
                    "Rows checked: %(rows)s. Good: %(created)s new, %(updated)s to update, %(unchanged)s unchanged; "
                    "bad: %(bad)s."
                )
                % counts
            )
        return self.style.SUCCESS(
            _(
                "Rows checked: %(rows)s. Created: %(created)s; updated: %(updated)s; unchanged: %(unchanged)s; "
                "bad rows skipped: %(bad)s."
            )
            % counts
        )
