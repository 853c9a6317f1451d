-- After the deletion: a day that keeps a snapshot is no pruned day, the links are as they
-- were, and no pruned day waits for a rebuild that would empty its summaries.
-- Run by src/store/prune.rs.
DELETE FROM pruned_days WHERE EXISTS (SELECT 1 FROM snapshots s
    WHERE s.system = pruned_days.system AND s.stack = pruned_days.stack
      AND s.capture_date = pruned_days.capture_date);
INSERT OR REPLACE INTO connection_links SELECT * FROM temp.links_before;
DROP TABLE temp.links_before;
DELETE FROM summaries_pending WHERE (system, stack, capture_date) IN
    (SELECT system, stack, capture_date FROM pruned_days);
DROP TABLE temp.prune_snapshots;
