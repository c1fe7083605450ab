"""Throttling of failed logins, per account and per client address.

Counts live in the cache (Redis in production, so every app server sees the same
counts). Every attempt is counted before the password is checked; a successful one is
taken off again. After too many failed attempts within the window, further attempts are
refused until the window has passed, even with the right password.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


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


def _key(kind, value):
    from lms.models.users import normalise_email

    digest = hashlib.sha256(normalise_email(str(value)).encode()).hexdigest()[:32]
    return f"login-fail:{kind}:{digest}"


def _limits(request, email):
    limits = []
    if email:
        limits.append((_key("account", email), settings.LOGIN_THROTTLE_PER_ACCOUNT))
    address = client_address(request)
    if address:
        limits.append((_key("address", address), settings.LOGIN_THROTTLE_PER_ADDRESS))
    return limits


def _increment(key):
    """Add one to a counter atomically and return the new value (the window starts at the first)."""
    if cache.add(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
        return 1


def is_locked_out(request, email):
    """True when the account or the address has used up its attempts (for the form's message)."""
    return any((cache.get(key) or 0) >= limit for key, limit in _limits(request, email))


def register_attempt(request, email):
    """Count an attempt before the password is checked; False when it is over a limit.

    Counting first (an atomic increment) means parallel requests cannot all slip through
    while the password hash is being computed: each one takes a number.
    """
    allowed = True
    for key, limit in _limits(request, email):
        if _increment(key) > limit:
            allowed = False
    return allowed


def record_success(request, email):
    """A successful login: the account's count is forgotten, and it does not count against the address."""
    clear_failures(request, email)
    address = client_address(request)
    if address:
        try:
            if cache.decr(_key("address", address)) < 0:
                cache.delete(_key("address", address))
        except ValueError:
            pass


def clear_failures(request, email):
    """Forget the account's attempts (after a successful login or a password reset)."""
    if email:
        cache.delete(_key("account", email))


def lockout_minutes():
    return max(1, settings.LOGIN_THROTTLE_WINDOW_SECONDS // 60)
