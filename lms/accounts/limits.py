"""How often the account pages may send mail or create accounts.

They keep the forms from being used to flood someone's inbox or to create accounts in
bulk. When a reset or resend limit is reached the visitor sees the usual answer and no
mail is sent, so the limits reveal nothing about which addresses have accounts.
"""

from lms.models.users import normalise_email
from lms.services import rate_limit
from lms.services.login_throttle import client_address

HOUR = 3600

PASSWORD_RESETS_PER_EMAIL = 3
PASSWORD_RESETS_PER_ADDRESS = 20
VERIFICATION_RESENDS_PER_EMAIL = 3
VERIFICATION_RESEND_INTERVAL_SECONDS = 60
SIGNUPS_PER_ADDRESS = 10
# Every sign-up form sent counts here, valid or not: the "already registered" answer the
# form must give would otherwise be a free way to test which addresses have accounts.
SIGNUP_ATTEMPTS_PER_ADDRESS = 30


def password_reset_allowed(request, email):
    """Count a reset request; True while its client address (20 an hour) and the address asked for (3 an hour) may send."""
    return rate_limit.hit(
        "password-reset:client", client_address(request), PASSWORD_RESETS_PER_ADDRESS, HOUR
    ) and rate_limit.hit("password-reset:email", normalise_email(email), PASSWORD_RESETS_PER_EMAIL, HOUR)


def verification_resend_allowed(user):
    """Count a new verification link for ``user``; True when at most one a minute and three an hour are sent."""
    return rate_limit.hit(
        "verify-resend:interval", user.pk, 1, VERIFICATION_RESEND_INTERVAL_SECONDS
    ) and rate_limit.hit("verify-resend:email", normalise_email(user.email), VERIFICATION_RESENDS_PER_EMAIL, HOUR)


def signup_allowed(request):
    """Count a sign-up from the request's client address; True while there have been at most 10 in the hour."""
    return rate_limit.hit("signup:client", client_address(request), SIGNUPS_PER_ADDRESS, HOUR)


def signup_attempt_allowed(request):
    """Count a sign-up form sent from the request's client address, valid or not; True while at most 30 in the hour."""
    return rate_limit.hit("signup-attempt:client", client_address(request), SIGNUP_ATTEMPTS_PER_ADDRESS, HOUR)
