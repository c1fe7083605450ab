"""Throttling of failed logins, per account and per client address.

Counts live in the cache (Redis in production, so every app server sees the same
counts). After too many failures within the window, further attempts are refused until
the window has passed, even with the right password.
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
    digest = hashlib.sha256(str(value).strip().lower().encode()).hexdigest()[:32]
    return f"login-fail:{kind}:{digest}"


def _limits(request, email):
    limits = []
    if email:
        limits.append((_key("account", email), settings.LOGIN_THROTTLE_PER_ACCOUNT))
    address = client_address(request)
    if address:
        limits.append((_key("address", address), settings.LOGIN_THROTTLE_PER_ADDRESS))
    return limits


def is_locked_out(request, email):
    """True when the account or the address has used up its failed attempts."""
    return any((cache.get(key) or 0) >= limit for key, limit in _limits(request, email))


def record_failure(request, email):
    """Count one failed attempt against the account and the address."""
    window = settings.LOGIN_THROTTLE_WINDOW_SECONDS
    for key, _limit in _limits(request, email):
        if cache.add(key, 1, timeout=window):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=window)


def clear_failures(request, email):
    """A successful login forgets the account's failures (the address keeps its count)."""
    if email:
        cache.delete(_key("account", email))


def lockout_minutes():
    return max(1, settings.LOGIN_THROTTLE_WINDOW_SECONDS // 60)
