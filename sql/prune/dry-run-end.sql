-- After a dry run: the snapshots it counted are forgotten.
-- Run by src/store/prune.rs.
DROP TABLE temp.prune_snapshots
