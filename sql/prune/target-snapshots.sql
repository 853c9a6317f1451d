-- The table of the snapshots the pruned files contributed to, empty.
-- Run by src/store/prune.rs.
CREATE TEMP TABLE IF NOT EXISTS prune_snapshots (snapshot_id INTEGER PRIMARY KEY);
DELETE FROM temp.prune_snapshots;
