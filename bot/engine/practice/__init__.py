"""The practice plan: reminders in plain words, the pain diary, and the progress chart.

``schedule``: when a reminder is due, in the person's time zone; ``zones``: time zones from
buttons, typed cities and UTC offsets; ``phrases``: what people type ("remind me every morning
at 8", "I'm at a 5 today", "how am I doing?"); ``records``: what the diary and reminder tables
hold (kept by :mod:`bot.storage`); ``changes``: writes an event asks for, made with its record;
``chart`` and ``diary``: the picture, the summary and the CSV; ``screens``: the messages;
``coach``: the conversation around all of it, and the personal data it keeps.
"""
