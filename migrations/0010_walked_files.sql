-- 0010_walked_files: what became of every file an ingest walked, so that
-- every file of a tree is accounted for, not only those that gave rows: a
-- README or a script (not a capture), a file that failed, a duplicate. One
-- row per path, replaced each time a run walks the path again.
CREATE TABLE IF NOT EXISTS walked_files (
    path           TEXT    NOT NULL PRIMARY KEY,
    -- 'ingested' (by this run or an earlier one: the file is in the
    -- inventory), 'duplicate', 'not a capture' or 'failed'
    outcome        TEXT    NOT NULL,
    -- why, for the outcomes that have a why: the note of a file that is not
    -- a capture, the first problem of a file that failed (and how many more),
    -- the file a duplicate has the content of
    reason         TEXT,
    -- the reports in the file this version does not read, by the NETSTAT
    -- report each looks like (`ROUTE, HOME, unrecognised`); those it reads
    -- are in captures
    skipped_reports TEXT,
    walked_at      TEXT    NOT NULL
) STRICT;
