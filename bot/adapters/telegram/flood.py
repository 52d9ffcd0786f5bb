"""A per-person flood guard: past LIMIT messages in WINDOW seconds, one "slow down" note, then
silence until the person slows down. Dropped updates cost nothing: no engine, no API call."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from enum import Enum


class Verdict(Enum):
    ALLOW = "allow"
    WARN = "warn"  # over the limit for the first time in this window: say so once
    DROP = "drop"


class FloodGuard:
    def __init__(self, limit: int = 20, window: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._seen: dict[int, deque[float]] = {}
        self._warned_until: dict[int, float] = {}

    def check(self, user_id: int) -> Verdict:
        now = self.clock()
        seen = self._seen.setdefault(user_id, deque())
        while seen and now - seen[0] > self.window:
            seen.popleft()
        seen.append(now)
        if len(self._seen) > 10_000:
            self._forget_idle(now)
        if len(seen) <= self.limit:
            return Verdict.ALLOW
        if self._warned_until.get(user_id, 0.0) > now:
            return Verdict.DROP
        self._warned_until[user_id] = now + self.window
        return Verdict.WARN

    def _forget_idle(self, now: float) -> None:
        for user_id in [u for u, seen in self._seen.items() if not seen or now - seen[-1] > self.window]:
            del self._seen[user_id]
            self._warned_until.pop(user_id, None)
