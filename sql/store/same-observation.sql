-- The ingested files with the same content, taken on the same system and date, each with the run
-- keys of its snapshots (a row each, in file order; none: NULL): the same observation is one of
-- the same capture run, which src/store/mod.rs checks (TTLS prints no time, so a long-lived
-- connection's TTLS text is the same from run to run).
-- Run by src/store/mod.rs.
SELECT DISTINCT f.file_id, f.path, s.run_key
FROM capture_files f
LEFT JOIN capture_rows r ON r.file_id = f.file_id
LEFT JOIN snapshots s ON s.snapshot_id = r.snapshot_id
WHERE f.sha256 = ?1 AND f.system = ?2 AND f.capture_date = ?3
ORDER BY f.file_id
