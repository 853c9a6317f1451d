-- When each capture date last changed, for `export --since-last`: ingest
-- rebuilds the summaries of every day it changed (summaries_pending), and
-- then gives those days a change number higher than any before. A lake
-- remembers the highest number it has seen; the days above it are the ones
-- to write again.
CREATE TABLE IF NOT EXISTS day_changes (
    capture_date   TEXT    NOT NULL PRIMARY KEY,
    change         INTEGER NOT NULL
) STRICT;

-- Every day already in the database counts as changed once.
INSERT OR IGNORE INTO day_changes (capture_date, change) SELECT DISTINCT capture_date, 1 FROM snapshots;
