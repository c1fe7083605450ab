"""Fixed-window rate limits kept in the Django cache.

Counts live in the shared cache (Redis in production), so every app server sees the
same counts. Keys are hashed: e-mail addresses and client addresses never appear in
the cache in clear.

Usage::

    from lms.services import rate_limit

    if not rate_limit.hit("password-reset:email", email, limit=3, window_seconds=3600):
        return same_answer_as_usual()
"""

import hashlib

from django.core.cache import cache

KEY_PREFIX = "rate-limit"


def cache_key(scope, key):
    """The cache key counting ``key`` within ``scope``: the scope in clear, the key as a digest."""
    digest = hashlib.sha256(f"{scope}\x00{key}".encode()).hexdigest()[:40]
    return f"{KEY_PREFIX}:{scope}:{digest}"


def hit(scope, key, limit, window_seconds):
    """Count one use of ``key`` in ``scope``; True while no more than ``limit`` uses fall in the window.

    The window starts with the first use and lasts ``window_seconds``; uses refused
    still count, so hammering does not reopen it early. ``add`` and ``incr`` are atomic
    in the cache, so concurrent requests on several servers cannot both slip under the
    limit. Callers normalise ``key`` (e.g. a lower-cased e-mail address) themselves.
    """
    if limit <= 0:
        return False
    name = cache_key(scope, key)
    if cache.add(name, 1, timeout=window_seconds):
        return True
    try:
        count = cache.incr(name)
    except ValueError:
        # The window ran out between add() and incr(): this use opens a new one.
        if cache.add(name, 1, timeout=window_seconds):
            return True
        count = cache.incr(name)
    return count <= limit
