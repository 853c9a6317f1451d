-- A problem found in a file (file, line, reason), replacing what an earlier ingest of it found.
-- Run by src/store/write.rs.
INSERT INTO ingest_problems (path, line, reason, recorded_at)
VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
