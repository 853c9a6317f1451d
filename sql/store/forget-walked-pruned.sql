-- What became of a pruned file, as `report files` shows it.
-- Run by src/store/forget.rs.
INSERT INTO walked_files (path, outcome, reason, walked_at)
SELECT path, 'pruned', ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM capture_files WHERE file_id = ?1
ON CONFLICT (path) DO UPDATE SET outcome = excluded.outcome, reason = excluded.reason
