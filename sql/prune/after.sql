-- After the deletion (and sql/prune/days-kept.sql): the links are as they were, and no
-- pruned day waits for a rebuild that would empty its summaries; the table sql/prune/told.sql made
-- goes.
-- Run by src/store/prune.rs.
INSERT OR REPLACE INTO connection_links SELECT * FROM temp.links_before;
DROP TABLE temp.links_before;
DELETE FROM summaries_pending WHERE (system, stack, capture_date) IN
    (SELECT system, stack, capture_date FROM pruned_days);
DROP TABLE temp.prune_snapshots;
DROP TABLE temp.pruned_told;
