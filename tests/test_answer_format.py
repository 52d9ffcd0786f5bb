"""How a curator's answer text becomes a Telegram message: paragraphs, bullets, escaping."""

from __future__ import annotations

from bot.engine.replies import formatted, plain


def test_lines_starting_with_a_dash_become_bullets_under_their_heading():
    text = "Call now if:\n- you cannot stand\n- the foot is cold\nSee a doctor today if:\n- it locks"
    assert formatted(text).split("\n") == [
        "Call now if:",
        "• you cannot stand",
        "• the foot is cold",
        "See a doctor today if:",
        "• it locks",
    ]


def test_wrapped_lines_join_their_sentence_or_bullet():
    text = "A long sentence that\nwraps in the file.\n- a bullet that also\n  wraps\n- short\nAfter the list."
    assert formatted(text).split("\n") == [
        "A long sentence that wraps in the file.",
        "• a bullet that also wraps",
        "• short",
        "After the list.",
    ]


def test_a_blank_line_starts_a_paragraph():
    assert formatted("First part\nstill first.\n\nSecond part.") == "First part still first.\n\nSecond part."


def test_knowledge_text_is_escaped_in_bullets_and_sentences():
    html = formatted("Pain < 3 & no swelling:\n- use <b>heat</b>")
    assert "<b>" not in html
    assert plain(html) == "Pain < 3 & no swelling:\n• use <b>heat</b>"


def test_a_single_line_answer_is_unchanged_apart_from_escaping():
    assert formatted("Rest it - then move gently.") == "Rest it - then move gently."
    assert formatted("a hyphen-word and -5 degrees") == "a hyphen-word and -5 degrees"
