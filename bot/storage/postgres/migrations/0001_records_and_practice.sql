-- Version 1: one row per person (their conversation state, as JSON text), and the practice
-- plan's tables beside it: the pain diary, reminders and time zones.

CREATE TABLE users (
    user_id     BIGINT PRIMARY KEY,
    record      TEXT NOT NULL,
    updated_at  DOUBLE PRECISION NOT NULL
);

CREATE TABLE pain_diary (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     BIGINT NOT NULL,
    at          DOUBLE PRECISION NOT NULL,
    kind        TEXT NOT NULL,
    score       INTEGER,
    routine_id  TEXT,
    run         TEXT
);
CREATE INDEX pain_diary_by_user ON pain_diary (user_id, at);

CREATE TABLE reminders (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id        BIGINT NOT NULL,
    times          INTEGER[] NOT NULL,  -- minutes after local midnight
    days           INTEGER NOT NULL,    -- weekdays as bits, bit 0 is Monday
    routine_id     TEXT,
    created_at     DOUBLE PRECISION NOT NULL,
    last_sent      DOUBLE PRECISION NOT NULL DEFAULT 0,
    snoozed_until  DOUBLE PRECISION
);
CREATE INDEX reminders_by_user ON reminders (user_id);

CREATE TABLE time_zones (
    user_id  BIGINT PRIMARY KEY,
    zone     TEXT NOT NULL,
    at       DOUBLE PRECISION NOT NULL
);
