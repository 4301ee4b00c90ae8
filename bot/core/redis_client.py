"""The one Redis connection factory (dedup, locks, menu state, RQ queue)."""
from __future__ import annotations

from functools import lru_cache

import redis

SOCKET_TIMEOUT = 5.0


@lru_cache(maxsize=8)
def get_redis(url: str) -> redis.Redis:
    """A client for ``url`` (connection pooled, reused per process)."""
    return redis.Redis.from_url(url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=SOCKET_TIMEOUT)
