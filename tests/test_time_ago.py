"""How long ago a message says something happened, read for the safety check's lines that ask
about a span of time (bot/text/when.py): only what the words settle counts."""

from __future__ import annotations

import pytest

from bot.text.when import ago

NOW = 1_700_000_000.0  # November 2023


@pytest.mark.parametrize(
    "text",
    ["she had it replaced a good 6 years ago", "op was back in 2015", "ages ago", "years back", "when he was a kid",
     "a couple of yrs ago", "over a year ago"],
)  # fmt: skip
def test_surely_longer_ago_than_three_months(text: str) -> None:
    when = ago(text, NOW)
    assert when is not None and when.beyond(90)


@pytest.mark.parametrize("text", ["keyhole surgery 2 weeks ago", "last month", "six weeks back", "yesterday"])
def test_surely_within_three_months(text: str) -> None:
    when = ago(text, NOW)
    assert when is not None and when.within(90)


@pytest.mark.parametrize("text", ["about 3 months ago", "a few months back", "last year", "in 2023"])
def test_either_side_of_three_months_settles_nothing(text: str) -> None:
    when = ago(text, NOW)
    assert when is None or not (when.beyond(90) or when.within(90))


@pytest.mark.parametrize("text", ["a while ago", "I take warfarin", "2030", "step 4"])
def test_no_time_said(text: str) -> None:
    assert ago(text, NOW) is None
