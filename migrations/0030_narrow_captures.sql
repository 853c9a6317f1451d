-- 0030_narrow_captures: a report's row in about half the bytes (issue 16
-- point 3). A capture with one `TTLS CONN n DETAIL` report per connection
-- has a row per report, and each repeated the same texts. The view
-- `captures` has the columns, names and values the table had; the rows are
-- in `capture_rows`:
--   * dialect and release are kept once in `texts` (0018_narrow_connections);
--   * stack and system are NULL where they are the snapshot's (an ingest
--     writes them so: the snapshot is found by them);
--   * captured_at is NULL where it is the snapshot's date, 'T' and the
--     report's header_time (an ingest writes it so when the report printed
--     its time); header_time itself is kept as printed.
-- The other tables' foreign keys now name `capture_rows` (ALTER TABLE ...
-- RENAME rewrites them in the schema, not their rows).
CREATE TABLE capture_rows_0030 (
    capture_id     INTEGER PRIMARY KEY,
    file_id        INTEGER NOT NULL REFERENCES capture_files ON DELETE CASCADE,
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

INSERT OR IGNORE INTO texts (text) SELECT DISTINCT dialect FROM captures;
INSERT OR IGNORE INTO texts (text) SELECT DISTINCT release FROM captures;
INSERT INTO capture_rows_0030
SELECT k.capture_id, k.file_id, k.snapshot_id, k.report_kind,
       (SELECT text_id FROM texts WHERE text = k.dialect),
       (SELECT text_id FROM texts WHERE text = k.release),
       nullif(k.stack, s.stack),
       nullif(k.system, s.system),
       CASE WHEN k.captured_at = s.capture_date || 'T' || k.header_time THEN NULL ELSE k.captured_at END,
       k.header_time, k.first_line, k.last_line, k.record_count
FROM captures k LEFT JOIN snapshots s ON s.snapshot_id = k.snapshot_id
ORDER BY k.capture_id;

-- The rename rewrites what names `captures` (legacy_alter_table is off):
-- the other tables' foreign keys, and v_connections, which reads only
-- columns `capture_rows` keeps. v_captures reads the view (made again below).
DROP VIEW v_captures;
ALTER TABLE captures RENAME TO capture_rows;
-- The new table takes the name without the views being read again (the wide
-- table is gone at that moment; v_connections reads the new one).
PRAGMA legacy_alter_table = ON;
DROP TABLE capture_rows;
ALTER TABLE capture_rows_0030 RENAME TO capture_rows;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX captures_file ON capture_rows (file_id);
CREATE INDEX captures_snapshot ON capture_rows (snapshot_id, report_kind, file_id);

-- Scalar subqueries rather than joins: a statement that reads only the
-- columns of the index captures_snapshot (a report kind of a snapshot) still
-- reads the index alone (a join's ON clause would name the text ids).
CREATE VIEW captures AS
SELECT
    k.capture_id,
    k.file_id,
    k.snapshot_id,
    k.report_kind,
    (SELECT text FROM texts WHERE text_id = k.dialect_text_id) AS dialect,
    (SELECT text FROM texts WHERE text_id = k.release_text_id) AS release,
    coalesce(k.stack, (SELECT stack FROM snapshots WHERE snapshot_id = k.snapshot_id)) AS stack,
    coalesce(k.system, (SELECT system FROM snapshots WHERE snapshot_id = k.snapshot_id)) AS system,
    coalesce(k.captured_at,
             (SELECT capture_date FROM snapshots WHERE snapshot_id = k.snapshot_id) || 'T' || k.header_time)
        AS captured_at,
    k.header_time,
    k.first_line,
    k.last_line,
    k.record_count
FROM capture_rows k;

CREATE TRIGGER captures_insert INSTEAD OF INSERT ON captures
BEGIN
    INSERT OR IGNORE INTO texts (text) VALUES (new.dialect), (new.release);
    INSERT INTO capture_rows (capture_id, file_id, snapshot_id, report_kind, dialect_text_id, release_text_id, stack,
                              system, captured_at, header_time, first_line, last_line, record_count)
    SELECT new.capture_id, new.file_id, new.snapshot_id, new.report_kind,
           (SELECT text_id FROM texts WHERE text = new.dialect),
           (SELECT text_id FROM texts WHERE text = new.release),
           nullif(new.stack, s.stack),
           nullif(new.system, s.system),
           CASE WHEN new.captured_at = s.capture_date || 'T' || new.header_time THEN NULL ELSE new.captured_at END,
           new.header_time, new.first_line, new.last_line, new.record_count
    FROM (SELECT 1) LEFT JOIN snapshots s ON s.snapshot_id = new.snapshot_id;
END;

CREATE TRIGGER captures_delete INSTEAD OF DELETE ON captures
BEGIN
    DELETE FROM capture_rows WHERE capture_id = old.capture_id;
END;

CREATE VIEW v_captures AS
SELECT
    k.capture_id,
    k.snapshot_id,
    f.path,
    f.sha256,
    f.size,
    k.system,
    k.stack,
    k.release,
    k.dialect,
    k.report_kind,
    k.captured_at,
    k.first_line,
    k.last_line,
    k.record_count
FROM captures k
JOIN capture_files f ON f.file_id = k.file_id;

