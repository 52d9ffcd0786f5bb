-- Version 3: a pain rating typed in a message remembers which one ("<chat id>:<message id>"), so
-- that an edit of that message replaces the rating instead of adding a second one.

ALTER TABLE pain_diary ADD COLUMN source TEXT;
