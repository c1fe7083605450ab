"""``manage.py make_certificate_key [--path P] [--force | --if-missing]``: make the key that signs certificates.

Writes a new Ed25519 private key in PEM to ``--path`` (default: the
``CERTIFICATE_SIGNING_KEY_FILE`` setting), readable by its owner only (0600), and prints
its key id (the ``kid`` published in ``/.well-known/jwks.json``). An existing key is kept
unless ``--force`` is given: replacing it means credentials fetched before no longer
verify (fetching them again gives ones signed with the new key). ``--if-missing`` makes
one only when there is none, quietly (for ``make demo``).
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from courses.credentials import load_signing_key, new_private_key_pem


def write_private(path, content):
    """Write ``content`` to ``path`` with mode 0600, replacing it in one step (no half-written key)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = "Make the Ed25519 key that signs certificates' Open Badges credentials, and print its key id."

    def add_arguments(self, parser):
        parser.add_argument("--path", help="Where to write the key (default: CERTIFICATE_SIGNING_KEY_FILE).")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--force", action="store_true", help="Replace a key that is already there.")
        group.add_argument("--if-missing", action="store_true", help="Keep a key that is already there, quietly.")

    def handle(self, *args, **options):
        path = Path(options["path"] or settings.CERTIFICATE_SIGNING_KEY_FILE)
        if path.exists() and options["if_missing"]:
            return
        if path.exists() and not options["force"]:
            raise CommandError(f"{path} already exists; give --force to replace it.")
        pem = new_private_key_pem()
        write_private(path, pem)
        kid = load_signing_key(pem).kid
        self.stdout.write(f"Wrote a new certificate signing key to {path}")
        self.stdout.write(f"Key id (kid): {kid}")
        if settings.CERTIFICATE_SIGNING_KEY:
            self.stderr.write("CERTIFICATE_SIGNING_KEY is set in the environment and takes precedence over any file.")
