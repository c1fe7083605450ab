"""``manage.py make_certificate_key [--path P] [--force | --if-missing]``: make the key that signs certificates.

Writes a new Ed25519 private key in PEM to ``--path`` (default: the
``CERTIFICATE_SIGNING_KEY_FILE`` setting), readable by its owner only (0600), and prints
its key id (the ``kid`` published in ``/.well-known/jwks.json``). An existing key is kept
unless ``--force`` is given; the key it replaces is retired, not forgotten: its public half
is added to ``CERTIFICATE_RETIRED_KEYS_FILE`` and stays in ``/.well-known/jwks.json``, so
credentials fetched before still verify (fetching them again gives ones signed with the new
key). ``--if-missing`` makes one only when there is none, quietly (for ``make demo``).
"""

import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from courses.credentials import load_signing_key, new_private_key_pem, retired_public_keys


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
        if path.exists():
            self.retire(path)
        pem = new_private_key_pem()
        write_private(path, pem)
        kid = load_signing_key(pem).kid
        self.stdout.write(f"Wrote a new certificate signing key to {path}")
        self.stdout.write(f"Key id (kid): {kid}")
        if settings.CERTIFICATE_SIGNING_KEY:
            self.stderr.write("CERTIFICATE_SIGNING_KEY is set in the environment and takes precedence over any file.")

    def retire(self, path):
        """Keep the public half of the key at ``path`` in the retired key set, published beside the new key."""
        try:
            old = load_signing_key(path.read_bytes())
        except (OSError, ValueError, TypeError):
            self.stderr.write(f"{path} does not hold a readable Ed25519 key; it is replaced without being retired.")
            return
        retired_path = Path(settings.CERTIFICATE_RETIRED_KEYS_FILE)
        retired = {"keys": [dict(key) for key in retired_public_keys()]}
        if all(key["kid"] != old.kid for key in retired["keys"]):
            retired["keys"].append(dict(old.public_jwk))
        write_private(retired_path, json.dumps(retired, indent=2).encode())
        self.stdout.write(f"Retired key {old.kid}: its public key stays published ({retired_path}).")
