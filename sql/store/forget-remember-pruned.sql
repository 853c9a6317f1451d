-- A file remembered as pruned.
-- Run by src/store/forget.rs.
INSERT OR REPLACE INTO pruned_files (path, sha256, system, capture_date, pruned_at, size, text_size, text_sha256)
SELECT path, sha256, system, capture_date, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), size, text_size, text_sha256
FROM capture_files
WHERE file_id = ?1
