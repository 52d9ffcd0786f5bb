"""The "if this is happening now" card shown from the net's reading needs the net to give that
card's situations a chance of their own, not only to find the message unfamiliar."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.safety.net import NetReading
from bot.safety.triage import Assessment, Earlier


@pytest.mark.parametrize(("chance", "shown"), [(0.05, False), (0.4, True)])
def test_the_card_from_the_nets_reading_needs_its_situations_likely(triage, monkeypatch, chance, shown):
    """Worrying enough for a card (the danger above ``soft``), the net's likeliest rule is the
    crisis: its card is shown only when the net gives the crisis at least the ``card`` chance."""
    thresholds = triage.net.thresholds
    monkeypatch.setattr(triage.net, "thresholds", replace(thresholds, card=0.2))
    reading = NetReading("crisis", thresholds.soft + 0.05, chance, {"crisis": chance, "overdose": chance / 4})
    card = triage.now_card(Assessment(None, Earlier(frozenset(), None), reading=reading))
    assert (card.id if card else None) == ("now-distress" if shown else None)
