"""`kneebot health`: ask a running bot's health server whether it is alive (``/healthz``) or
ready (``/readyz``), for a container's HEALTHCHECK, systemd or a script. Prints one line and
exits 0 (yes), 1 (no, or no answer) or 2 (nowhere to ask)."""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request

TIMEOUT = 5.0  # seconds; a health check that waits longer than this is a failed one


def probe(address: tuple[str, int] | None, *, ready: bool = False) -> int:
    if address is None:
        print(
            "kneebot health: the bot serves its health checks only when KNEEBOT_METRICS_LISTEN (or "
            "--metrics-listen) is set; set it to the same HOST:PORT here.",
            file=sys.stderr,
        )
        return 2
    host, port = address
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/{'readyz' if ready else 'healthz'}"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as answer:
            status, body = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    except (OSError, ValueError) as error:
        print(f"kneebot health: no answer from {url} ({type(error).__name__}: {error})", file=sys.stderr)
        return 1
    print(f"{url}: {status} {_summary(body)}")
    return 0 if status == 200 else 1


def _summary(body: bytes) -> str:
    try:
        found = json.loads(body)
    except ValueError:
        return ""
    return ", ".join(f"{key}: {value}" for key, value in found.items()) if isinstance(found, dict) else ""
