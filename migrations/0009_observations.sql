-- 0009_observations: the same content is another observation when it was
-- taken on another date or system. TTLS reports print no time, so the
-- TTLS CONN n DETAIL or TTLS GROUP text of long-lived connections is byte
-- for byte the same from one day to the next; each day needs its copy.
-- capture_files.sha256 is no longer unique; the same content on the same
-- system and date (a copy under another name) is still skipped.
--
-- SQLite cannot drop a constraint: the table is built again (the migration
-- runner turns foreign keys off around migrations, as SQLite prescribes,
-- and checks them after). Views name the table and keep working.

PRAGMA legacy_alter_table = ON;

CREATE TABLE capture_files_new (
    file_id        INTEGER PRIMARY KEY,
    path           TEXT    NOT NULL UNIQUE,
    sha256         TEXT    NOT NULL,
    size           INTEGER NOT NULL,
    mtime_ns       INTEGER,
    system         TEXT    NOT NULL,
    capture_date   TEXT    NOT NULL,
    ingested_at    TEXT    NOT NULL,
    problem_count  INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO capture_files_new (file_id, path, sha256, size, mtime_ns, system, capture_date, ingested_at, problem_count)
SELECT file_id, path, sha256, size, mtime_ns, system, capture_date, ingested_at, problem_count FROM capture_files;
DROP TABLE capture_files;
ALTER TABLE capture_files_new RENAME TO capture_files;
CREATE INDEX capture_files_content ON capture_files (sha256, system, capture_date);

PRAGMA legacy_alter_table = OFF;
