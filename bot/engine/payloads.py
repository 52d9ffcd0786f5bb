"""Button payloads: short strings such as ``n:calf-massage:3fa2c1:2`` (Next, from step 2).

Every payload names what it acts on, so a press can be checked against the current state: a
button from a finished routine or an earlier step is recognised as stale, and a payload that
does not parse (forged, truncated, from an old version) is rejected rather than guessed at.
"""

from __future__ import annotations

from dataclasses import dataclass

# action -> number of arguments it takes (a tuple when it accepts several counts)
_ARITY: dict[str, tuple[int, ...]] = {
    "e": (1, 2),  # open an entry: id [, point section]
    "r": (1,),  # routine intro: routine id
    "go": (2,),  # start the routine shown in the intro: routine, run
    "q": (4,),  # screening answer: routine, run, question index, y|n
    "redo": (2,),  # "my answer has changed": routine, run
    "safe": (2,),  # continue with the safe part: routine, run
    "pb": (3,),  # pain before: routine, run, 0-10 or s(kip)
    "pa": (3,),  # pain after: routine, run, 0-10 or s(kip)
    "n": (3,),  # next: routine, run, step shown
    "b": (3,),  # back: routine, run, step shown
    "t": (3,),  # start timer: routine, run, step shown
    "x": (2,),  # stop: routine, run
    "res": (2,),  # resume: routine, run
    "m": (1, 2),  # menu: name [, argument]
    "none": (0,),  # none of the suggestions fit
    "ok": (1,),  # "a doctor has checked it": red-flag rule id
}


@dataclass(frozen=True)
class Payload:
    action: str
    args: tuple[str, ...] = ()


def encode(action: str, *args: object) -> str:
    return ":".join((action, *(str(arg) for arg in args)))


def decode(payload: str) -> Payload | None:
    """The parsed payload, or None when it is not one this engine writes."""
    if not payload or len(payload.encode("utf-8", "replace")) > 64:
        return None
    action, *args = payload.split(":")
    if action not in _ARITY or len(args) not in _ARITY[action] or not all(args):
        return None
    return Payload(action, tuple(args))


def small_int(text: str, low: int, high: int) -> int | None:
    """``text`` as an int within [low, high], or None (never raises on forged input)."""
    if not text.isascii() or not text.isdigit() or len(text) > 3:
        return None
    value = int(text)
    return value if low <= value <= high else None
