"""Signed, expiring tokens for the links in account e-mails."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for the "confirm your e-mail address" link.

    The hash covers the address and ``email_verified``, so a link stops working once it
    has been used or the address has changed; it also expires after
    ``settings.EMAIL_VERIFICATION_TIMEOUT`` seconds. ``last_login`` is deliberately left
    out: the user logs in right after verifying, and that must not make a used link look
    forged (see ``was_used``).
    """

    key_salt = "lms.accounts.tokens.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{timestamp}{user.email}{bool(user.email_verified)}"

    def check_token(self, user, token):
        """True when the token was made for this user in its current state and has not expired."""
        timestamp = self._timestamp(user, token)
        if timestamp is None:
            return False
        return (self._num_seconds(self._now()) - timestamp) <= settings.EMAIL_VERIFICATION_TIMEOUT

    def was_used(self, user, token):
        """True when the token is genuine but the address has since been verified with it (or another)."""
        if not user.email_verified:
            return False
        # The token was signed while the account was unverified: check it against that state.
        original = user.__class__(pk=user.pk, password=user.password, email=user.email, email_verified=False)
        return self._timestamp(original, token) is not None

    def _timestamp(self, user, token):
        """The token's timestamp when its signature matches ``user``, else None."""
        if not (user and token):
            return None
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return None
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token):
                return timestamp
        return None


email_verification_token = EmailVerificationTokenGenerator()
