-- The first and last capture date of the snapshots being pruned.
-- Run by src/store/prune.rs.
SELECT min(s.capture_date), max(s.capture_date) FROM snapshots s JOIN temp.prune_snapshots USING (snapshot_id)
