"""``manage.py load_demo``: build the demo site, safe to run again at any time."""

from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from lms.demo import DemoContext, run_builders
from lms.demo.users import shown_demo_password


class Command(BaseCommand):
    """Build a realistic Thai demo site: pages, site settings, agencies and one account per role.

    The work is done by the builders listed in ``lms.demo.BUILDERS``, in order, in one
    transaction; each creates what is missing and leaves what exists alone, so a second
    run adds no rows and no page revisions. To add demo content for another app, write a
    builder ``build_<something>(demo)`` in ``<app>/demo.py`` and append its dotted path
    to ``lms.demo.BUILDERS``; it can use ``demo.pages``, ``demo.agencies`` and
    ``demo.users`` from the builders before it and should call ``demo.changed(...)``
    for each change it makes. The search index is rebuilt at the end.

    The demo accounts' logins are printed with the development password only when
    ``lms.demo.users.shown_demo_password`` allows it (``DEBUG`` on and a local database);
    otherwise the accounts get random passwords that are never printed. Last comes the
    public verification address of the demo learner's certificate, to try it out.
    """

    help = "Build the demo site (pages, settings, agencies, one account per role). Safe to run twice."

    def handle(self, *args, **options):
        demo = DemoContext(stdout=self.stdout, verbosity=options["verbosity"])
        with transaction.atomic():
            run_builders(demo)
            call_command("update_index", verbosity=0, stdout=StringIO(), stderr=StringIO())
        # The open data files from the demo's figures (a daily scheduler rebuilds them in production).
        from lms.open_data.build import rebuild_all

        rebuild_all()

        if demo.changes:
            self.stdout.write(self.style.SUCCESS(f"Demo content built ({demo.changes} changes)."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo content was already in place; nothing changed."))
        self.write_logins(demo)
        self.write_demo_certificate(demo)

    def write_logins(self, demo):
        if not demo.logins:
            return
        password = shown_demo_password()
        if password is None:
            emails = ", ".join(login.email for login in demo.logins)
            self.stdout.write(
                f"Demo accounts exist: {emails}. New accounts get a random password that is not shown: "
                "use the password reset to sign in. (The development password is used only with DEBUG "
                "on and a local database.)"
            )
            return
        width = max(len(login.email) for login in demo.logins)
        role_width = max(len(login.role) for login in demo.logins)
        self.stdout.write("")
        self.stdout.write(f"{'E-mail':<{width}}  {'Role':<{role_width}}  Password")
        for login in demo.logins:
            note = "" if login.created else "  (existing account: password unchanged)"
            self.stdout.write(f"{login.email:<{width}}  {login.role:<{role_width}}  {password}{note}")

    def write_demo_certificate(self, demo):
        from courses.demo import demo_certificate
        from courses.services.certificates import verification_url

        certificate = demo_certificate(demo)
        if certificate is not None:
            self.stdout.write("")
            self.stdout.write(f"Demo certificate: {verification_url(certificate)}")
