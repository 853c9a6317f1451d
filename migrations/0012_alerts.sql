-- 0012_alerts (table raised_alerts): what `ttlsinv alerts` has raised and when it was read, so
-- that each run says only what is new since the last read. One row per
-- alert, named by a key that stays the same however often the same fact is
-- found again (a regression step, a policy setting change, an endpoint's
-- first weak negotiation, a service's cleartext, a missing capture day, a
-- file that failed).
CREATE TABLE IF NOT EXISTS raised_alerts (
    alert_id   INTEGER PRIMARY KEY,
    key        TEXT    NOT NULL UNIQUE,
    -- 'regression', 'policy_change', 'weak_crypto', 'cleartext',
    -- 'capture_missing' or 'capture_failed'
    kind       TEXT    NOT NULL,
    date       TEXT,
    system     TEXT,
    stack      TEXT,
    subject    TEXT,
    detail     TEXT,
    raised_at  TEXT    NOT NULL,
    read_at    TEXT
) STRICT;
