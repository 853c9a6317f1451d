-- Every capture file ingested so far, with what tells whether it changed.
-- Run by src/store/mod.rs.
-- Its text identity: that of its bytes when none is kept (0068).
SELECT path, file_id, sha256, size, mtime_ns, problem_count, system, capture_date, continues,
       coalesce(text_size, size), coalesce(text_sha256, sha256)
FROM capture_files
