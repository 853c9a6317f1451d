-- Another file with a report of this kind for the same system, stack, date and capture run.
-- Run by src/store/mod.rs.
SELECT f.path FROM snapshots s
JOIN captures k ON k.snapshot_id = s.snapshot_id
JOIN capture_files f ON f.file_id = k.file_id
WHERE s.system = ?1 AND s.stack = ?2 AND s.capture_date = ?3 AND s.run_key = ?4
  AND k.report_kind = ?5 AND f.path <> ?6
LIMIT 1
