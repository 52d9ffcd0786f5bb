-- Version 2: several instances share the work. A reminder knows when it is next due and who
-- claimed it; routine timers, messages waiting to be sent (the outbox), the marks of updates
-- already handled, and updates taken in and not yet handled (the inbox) get tables of their own.
-- Reminders written by version 1 get their next due instant when the bot starts.

ALTER TABLE reminders
    ADD COLUMN next_due       DOUBLE PRECISION,
    ADD COLUMN claimed_by     TEXT,
    ADD COLUMN claimed_until  DOUBLE PRECISION;
CREATE INDEX reminders_by_due ON reminders (next_due);

CREATE TABLE timers (
    user_id        BIGINT PRIMARY KEY,
    token          TEXT NOT NULL,
    due            DOUBLE PRECISION NOT NULL,
    claimed_by     TEXT,
    claimed_until  DOUBLE PRECISION
);
CREATE INDEX timers_by_due ON timers (due);

CREATE TABLE outbox (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id        BIGINT NOT NULL,
    chat_id        BIGINT NOT NULL,
    kind           TEXT NOT NULL,
    body           TEXT NOT NULL,   -- the message as JSON (bot.engine.outgoing)
    created_at     DOUBLE PRECISION NOT NULL,
    started        BOOLEAN NOT NULL DEFAULT false,
    claimed_by     TEXT,
    claimed_until  DOUBLE PRECISION
);
CREATE INDEX outbox_by_user ON outbox (user_id);

CREATE TABLE handled (
    update_key  TEXT PRIMARY KEY,
    at          DOUBLE PRECISION NOT NULL
);
CREATE INDEX handled_by_time ON handled (at);

CREATE TABLE inbox (
    bot_id         BIGINT NOT NULL,
    update_id      BIGINT NOT NULL,
    body           TEXT,            -- deleted once handled; the id stays a day
    user_id        BIGINT,
    received_at    DOUBLE PRECISION NOT NULL,
    attempts       INTEGER NOT NULL DEFAULT 0,
    claimed_by     TEXT,
    claimed_until  DOUBLE PRECISION,
    PRIMARY KEY (bot_id, update_id)
);
CREATE INDEX inbox_by_user ON inbox (user_id);
