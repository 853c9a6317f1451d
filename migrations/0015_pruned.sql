-- 0015_pruned: what `ttlsinv prune --before DATE` deleted. The facts of the
-- captures before the date go (connections, TLS sessions, policy rows and
-- their lists, attributes, reports, snapshots, files); the daily summaries
-- stay, so adoption, capacity and regressions over the years still answer.

-- The files whose facts were pruned: a later ingest of the same tree does
-- not bring them back (`ingest --restore-pruned` does, on purpose).
CREATE TABLE IF NOT EXISTS pruned_files (
    path           TEXT    NOT NULL PRIMARY KEY,
    sha256         TEXT    NOT NULL,
    system         TEXT    NOT NULL,
    capture_date   TEXT    NOT NULL,
    pruned_at      TEXT    NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS pruned_files_day ON pruned_files (system, capture_date);

-- The days (system, stack, capture date) whose facts were pruned: their
-- summaries are kept as they were and never rebuilt; reports that need the
-- facts say the detail of these days is gone.
CREATE TABLE IF NOT EXISTS pruned_days (
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    capture_date   TEXT    NOT NULL,
    pruned_at      TEXT    NOT NULL,
    PRIMARY KEY (system, stack, capture_date)
) STRICT;
