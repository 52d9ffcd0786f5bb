"""Thin adapters that connect the engine to a terminal or to Telegram."""
