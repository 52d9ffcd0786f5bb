"""Whose turn it is in the inbox: the rule every store applies when it hands out updates (see
:class:`bot.engine.stores.Inbox`), worked out here once, on one person's unfinished updates.

A person's updates are handled one after another in update-id order, whichever instance took
each in. An instance takes a person's update only when every earlier unfinished one of that
person is its own, at work under a live claim (its in-process order per person and its outbox
per chat then keep the replies in order); an earlier one waiting, or held by another instance,
makes the later ones wait. Two ways to take:

* **in turn** (an update arrives, or the update before it is done): only updates nobody has
  taken yet. One another instance took, even if its claim has expired, is left to the sweep.
* **taking over** (the sweep, after the instance's waiting messages were taken over first):
  updates whose claim is free or expired too, so the replies of an instance that died go out
  before anything after them.

An update taken over that its instance had already handled brings the replies it decided with
it, whatever their own claims say: they were claimed when the update was handled, after the
update itself, so their claims may outlive the update's by a moment, and the next update of
the person, handled meanwhile, would otherwise be answered first. Only the owner's own replies
at work are left alone; an instance that is only slow, not dead, then cannot start them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.engine.stores import MAX_ATTEMPTS


@dataclass(frozen=True)
class Unfinished:
    """One unfinished update of a person, as the inbox holds it."""

    update_id: int
    attempts: int  # how often it was taken before
    claimed_by: str | None
    claimed_until: float | None


@dataclass
class Turn:
    """What an owner does with one person's unfinished updates now."""

    take: list[int]  # update ids to claim and handle, oldest first
    give_up: list[int]  # taken MAX_ATTEMPTS times without finishing: may be what crashes the bot


def next_in_turn(rows: Iterable[Unfinished], owner: str, now: float, *, take_over: bool = False) -> Turn:
    """``rows``: one person's unfinished updates, oldest first."""
    turn = Turn([], [])
    for row in rows:
        claimed = row.claimed_until is not None and row.claimed_until >= now
        if claimed and row.claimed_by == owner:
            continue  # ours, at work: what follows may be ours too
        untouched = row.claimed_by is None and row.attempts == 0
        if claimed or not (untouched or take_over):
            break  # another instance's, or left to the sweep: the rest wait behind it
        if row.attempts >= MAX_ATTEMPTS:
            turn.give_up.append(row.update_id)
            continue
        turn.take.append(row.update_id)
    return turn
