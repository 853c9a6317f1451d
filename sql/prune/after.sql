-- After the deletion (and sql/prune/days-kept.sql): the links are as they were (then
-- sql/summarize/skip-pruned.sql); the table sql/prune/told.sql made goes.
-- Run by src/store/prune.rs.
INSERT OR REPLACE INTO connection_links SELECT * FROM temp.links_before;
DROP TABLE temp.links_before;
DROP TABLE temp.prune_snapshots;
DROP TABLE temp.pruned_told;
