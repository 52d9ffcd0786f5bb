"""Kneebot: a Telegram assistant for knee-pain self-care."""

__version__ = "0.1.0"
