-- 0011_ingest_roots: the layout each capture tree was first ingested with, so
-- that a later ingest of the same tree (or of a folder inside it) files new
-- captures under the same dates and systems without repeating --layout, and
-- one with another layout is refused unless asked for on purpose.
CREATE TABLE IF NOT EXISTS ingest_roots (
    -- a folder (or file) given to `ttlsinv ingest`, absolute, symlinks
    -- resolved, one text per path as capture_files.path
    root        TEXT    NOT NULL PRIMARY KEY,
    -- the --layout template; NULL: the default rule (no --layout)
    layout      TEXT,
    recorded_at TEXT    NOT NULL
) STRICT;
