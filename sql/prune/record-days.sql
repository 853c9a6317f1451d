-- The days whose facts go.
-- Run by src/store/prune.rs.
INSERT OR IGNORE INTO pruned_days (system, stack, capture_date, pruned_at)
SELECT DISTINCT s.system, s.stack, s.capture_date, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM snapshots s JOIN temp.prune_snapshots USING (snapshot_id)
