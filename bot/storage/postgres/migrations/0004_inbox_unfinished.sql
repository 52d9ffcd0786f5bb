-- Version 4: the inbox hands each person's updates out in order, and every instance looks for
-- updates left waiting their turn every second: an index on the unfinished ones alone, so that
-- look does not read a day's worth of handled update ids.

CREATE INDEX inbox_unfinished ON inbox (bot_id, update_id) WHERE body IS NOT NULL;
