-- Every capture file ingested so far, with what tells whether it changed.
-- Run by src/store/mod.rs.
SELECT path, file_id, sha256, size, mtime_ns, problem_count, system, capture_date, continues FROM capture_files
