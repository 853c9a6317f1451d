-- 0062_policy_stubs: `ttlsinv prune` keeps, of each stack, the last print before its boundary
-- of every rule and action: the snapshots that hold such a print stay as stubs (`pruned` 1),
-- their policy rows and the reports those come from kept, their connections, TLS sessions and
-- files gone. policy-drift compares the first capture kept with them, and the reports that take
-- a rule idle all the period as last printed before it find its print.
ALTER TABLE snapshots ADD COLUMN pruned INTEGER NOT NULL DEFAULT 0 CHECK (pruned IN (0, 1));

-- A stub's reports have no file (it was pruned): file_id may be NULL. SQLite cannot drop a
-- NOT NULL constraint, so the table is built again, as 0030 built it.
CREATE TABLE capture_rows_0062 (
    capture_id     INTEGER PRIMARY KEY,
    -- NULL: a report of a stub prune kept (snapshots.pruned)
    file_id        INTEGER REFERENCES capture_files ON DELETE CASCADE,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    report_kind    TEXT    NOT NULL,
    dialect_text_id INTEGER NOT NULL,
    release_text_id INTEGER NOT NULL,
    -- NULL: the snapshot's
    stack          TEXT,
    system         TEXT,
    -- NULL: the snapshot's capture_date || 'T' || header_time
    captured_at    TEXT,
    header_time    TEXT,
    first_line     INTEGER NOT NULL,
    last_line      INTEGER NOT NULL,
    record_count   INTEGER NOT NULL
) STRICT;
INSERT INTO capture_rows_0062 SELECT * FROM capture_rows ORDER BY capture_id;
-- The new table takes the name without the views being read again (they and the other tables'
-- foreign keys name `capture_rows`, which the new table then is).
PRAGMA legacy_alter_table = ON;
DROP TABLE capture_rows;
ALTER TABLE capture_rows_0062 RENAME TO capture_rows;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX captures_file ON capture_rows (file_id);
CREATE INDEX captures_snapshot ON capture_rows (snapshot_id, report_kind, file_id);
