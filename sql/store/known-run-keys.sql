-- The run keys of the snapshots of every capture file ingested so far: a file of the same content
-- is the same observation only in the same capture run (TTLS prints no time, so a long-lived
-- connection's TTLS text is the same from run to run).
-- Run by src/store/mod.rs.
SELECT DISTINCT r.file_id, s.run_key
FROM capture_rows r
JOIN snapshots s ON s.snapshot_id = r.snapshot_id
-- (not the reports of a stub prune kept, which no file holds)
WHERE r.file_id IS NOT NULL
