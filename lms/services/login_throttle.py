"""Throttling of failed logins, per account and per client address.

Counts live in the cache (Redis in production, so every app server sees the same
counts). Every attempt is counted before the password is checked; a successful one is
taken off again. After too many failed attempts within the window, further attempts are
refused until the window has passed, even with the right password.
"""

from django.conf import settings

from lms.services import rate_limit


def client_address(request):
    """The client's address, honouring only as many X-Forwarded-For hops as are trusted."""
    if request is None:
        return ""
    hops = settings.NUM_TRUSTED_PROXIES
    if hops:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def _account_key(email):
    """The account's key: the address as stored, whatever case and spaces were typed."""
    from lms.models.users import normalise_email

    return normalise_email(str(email))


def _limits(request, email):
    """(scope, key, limit) for the account and for the client address."""
    limits = []
    if email:
        limits.append(("login:account", _account_key(email), settings.LOGIN_THROTTLE_PER_ACCOUNT))
    address = client_address(request)
    if address:
        limits.append(("login:address", address, settings.LOGIN_THROTTLE_PER_ADDRESS))
    return limits


def is_locked_out(request, email):
    """True when the account or the address has used up its attempts (for the form's message)."""
    return any(rate_limit.current(scope, key) >= limit for scope, key, limit in _limits(request, email))


def register_attempt(request, email):
    """Count an attempt before the password is checked; False when it is over a limit.

    Counting first (an atomic increment) means parallel requests cannot all slip through
    while the password hash is being computed: each one takes a number.
    """
    window = settings.LOGIN_THROTTLE_WINDOW_SECONDS
    # A list, not a generator inside any(): every counter is incremented, even past the first refusal.
    over_limit = [rate_limit.increment(scope, key, window) > limit for scope, key, limit in _limits(request, email)]
    return not any(over_limit)


def record_success(request, email):
    """A successful login: the account's count is forgotten, and it does not count against the address."""
    clear_failures(request, email)
    address = client_address(request)
    if address:
        rate_limit.take_back("login:address", address)


def clear_failures(request, email):
    """Forget the account's attempts (after a successful login or a password reset)."""
    if email:
        rate_limit.reset("login:account", _account_key(email))


def lockout_minutes():
    return max(1, settings.LOGIN_THROTTLE_WINDOW_SECONDS // 60)
