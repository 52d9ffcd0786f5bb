"""Telegram's side of webhook mode, for tests with one or several bot instances: what people do
through the fake Bot API (``say``, ``press``) is POSTed to the instances' webhook servers, with a
round-robin proxy's habits.

Each update goes to the next instance in turn; one that does not answer 200 (not listening,
killed, refusing) is skipped and the update goes to the next, as a proxy with retries does and as
Telegram retries a delivery that failed. Each person's updates are delivered one after another,
in order (a lane per person, several lanes at once); an update counts as delivered once an
instance answered 200, and Telegram forgets it then.
"""

from __future__ import annotations

import itertools
import queue
import threading
import time
from collections import Counter
from typing import Any

from bot_process import post_update
from fake_bot_api import FakeBotApi

RETRY_PAUSE = 0.05  # seconds after every instance refused an update, before trying again


class WebhookDelivery:
    def __init__(self, api: FakeBotApi, urls: list[str], secret: str, lanes: int = 8) -> None:
        self.api = api
        self.urls = list(urls)
        self.secret = secret
        self.accepted: Counter[str] = Counter()  # updates each instance answered 200
        self._turn = itertools.cycle(range(len(self.urls)))
        self._lock = threading.Lock()
        self._lanes: list[queue.Queue[dict[str, Any] | None]] = [queue.Queue() for _ in range(lanes)]
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._take, daemon=True)]
        self._threads += [threading.Thread(target=self._deliver, args=(lane,), daemon=True) for lane in self._lanes]

    def start(self) -> WebhookDelivery:
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for lane in self._lanes:
            lane.put(None)
        for thread in self._threads:
            thread.join(30)

    def only(self, urls: list[str]) -> None:
        """From now on, deliver to these instances only."""
        with self._lock:
            self.urls = list(urls)
            self._turn = itertools.cycle(range(len(self.urls)))

    @property
    def delivered(self) -> int:
        with self._lock:
            return sum(self.accepted.values())

    def _take(self) -> None:
        while not self._stop.is_set():
            for update in self.api.take_updates(timeout=0.5):
                self._lanes[_sender(update) % len(self._lanes)].put(update)

    def _deliver(self, lane: queue.Queue[dict[str, Any] | None]) -> None:
        while (update := lane.get()) is not None:
            while not self._stop.is_set():
                with self._lock:
                    url = self.urls[next(self._turn) % len(self.urls)]
                if post_update(url, self.secret, update, timeout=10) == 200:
                    with self._lock:
                        self.accepted[url] += 1
                    break
                time.sleep(RETRY_PAUSE)


def _sender(update: dict[str, Any]) -> int:
    for value in update.values():
        if isinstance(value, dict) and isinstance(value.get("from"), dict):
            return int(value["from"]["id"])
    return 0
