-- What a prune deletes: days (system, stack, capture date), snapshots, connections.
-- Run by src/store/prune.rs.
SELECT
(SELECT count(*) FROM (SELECT DISTINCT s.system, s.stack, s.capture_date FROM snapshots s
                       JOIN temp.prune_snapshots USING (snapshot_id))),
(SELECT count(*) FROM temp.prune_snapshots),
(SELECT count(*) FROM connections WHERE snapshot_id IN (SELECT snapshot_id FROM temp.prune_snapshots))
