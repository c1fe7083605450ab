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

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

KEY_PREFIX = "rate-limit"


def cache_key(scope, key):
    """The cache key counting ``key`` within ``scope``: the scope in clear, the key as a digest."""
    digest = hashlib.sha256(f"{scope}\x00{key}".encode()).hexdigest()[:40]
    return f"{KEY_PREFIX}:{scope}:{digest}"


def increment(scope, key, window_seconds):
    """Count one use of ``key`` in ``scope`` and return the count in the current window.

    The window starts with the first use and lasts ``window_seconds``. On Redis the
    count and its expiry are set in one round trip (INCR, then EXPIRE only if no expiry
    is set), so concurrent requests on several servers each get a count of their own and
    no counter can outlive its window. Other caches use ``add``/``incr``, atomic within
    the one process that a local-memory cache serves.
    """
    name = cache_key(scope, key)
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        raw_key = backend.make_and_validate_key(name)
        pipeline = backend._cache.get_client(raw_key, write=True).pipeline()
        pipeline.incr(raw_key)
        pipeline.expire(raw_key, window_seconds, nx=True)
        count, _expiry_set = pipeline.execute()
        return count
    if backend.add(name, 1, timeout=window_seconds):
        return 1
    try:
        return backend.incr(name)
    except ValueError:
        # The window ran out between add() and incr(): this use opens a new one.
        if backend.add(name, 1, timeout=window_seconds):
            return 1
        return backend.incr(name)


def current(scope, key):
    """How many uses of ``key`` the current window in ``scope`` holds (0 when none)."""
    return cache.get(cache_key(scope, key)) or 0


def take_back(scope, key):
    """Undo one use of ``key`` (an attempt that turned out not to count against it)."""
    name = cache_key(scope, key)
    try:
        if cache.decr(name) <= 0:
            cache.delete(name)
    except ValueError:
        pass


def reset(scope, key):
    """Forget every use of ``key`` in ``scope``."""
    cache.delete(cache_key(scope, key))


def hit(scope, key, limit, window_seconds):
    """Count one use of ``key`` in ``scope``; True while no more than ``limit`` uses fall in the window.

    Uses refused still count, so hammering does not reopen the window early. Callers
    normalise ``key`` (e.g. a lower-cased e-mail address) themselves.
    """
    if limit <= 0:
        return False
    return increment(scope, key, window_seconds) <= limit
