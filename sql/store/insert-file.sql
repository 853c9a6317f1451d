-- A capture file read (path encoded as path_text), with its hash and where and when it was captured,
-- and the earlier file it was read after (?8, its path), if any; its text identity (?9, ?10) when its
-- bytes are not that text.
-- Run by src/store/write.rs.
INSERT INTO capture_files
(path, sha256, size, mtime_ns, system, capture_date, ingested_at, problem_count, continues, text_size, text_sha256)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?7, ?8, ?9, ?10)
RETURNING file_id;
