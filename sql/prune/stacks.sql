-- The stacks of the snapshots being pruned.
-- Run by src/store/summarize/links.rs.
SELECT DISTINCT s.system, s.stack FROM snapshots s JOIN temp.prune_snapshots USING (snapshot_id) ORDER BY 1, 2
