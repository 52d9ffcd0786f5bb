"""The Telegram adapter (python-telegram-bot 22): updates in, engine events; replies out, Bot API calls."""
