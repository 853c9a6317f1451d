-- Every snapshot has a capture: one row a violation.
-- Run by src/store/check.rs.
SELECT 'snapshot ' || snapshot_id || ' (' || system || ' ' || stack || ' ' || capture_date || ') has no capture'
FROM snapshots s WHERE NOT EXISTS (SELECT 1 FROM captures k WHERE k.snapshot_id = s.snapshot_id)
