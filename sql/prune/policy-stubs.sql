-- The snapshots kept as stubs (snapshots.pruned): of each stack, among the snapshots being pruned
-- and the stubs an earlier prune kept, the last to print each rule and action (by each source:
-- NETSTAT, pasearch, both), the last with a policy and the last with the whole policy in use (not
-- partial). policy-drift compares the first capture kept with these as it did with the pruned
-- ones; a rule idle since is in force as they print it. Read by sql/prune/stubs-kept.sql.
-- Run by src/store/prune.rs.
DROP TABLE IF EXISTS temp.prune_stubs;
CREATE TEMP TABLE prune_stubs (snapshot_id INTEGER PRIMARY KEY);
WITH candidates AS MATERIALIZED (
    SELECT s.snapshot_id, s.system, s.stack, s.captured_at, p.partial
    FROM snapshots s JOIN snapshot_policies p ON p.snapshot_id = s.snapshot_id
    WHERE s.pruned OR s.snapshot_id IN (SELECT snapshot_id FROM temp.prune_snapshots)
),
printed(snapshot_id, object, name, source) AS (
    SELECT snapshot_id, 'rule', name, source FROM rules
    WHERE snapshot_id IN (SELECT snapshot_id FROM candidates)
    UNION ALL SELECT snapshot_id, 'group_action', name, source FROM group_actions
    WHERE snapshot_id IN (SELECT snapshot_id FROM candidates)
    UNION ALL SELECT snapshot_id, 'env_action', name, source FROM env_actions
    WHERE snapshot_id IN (SELECT snapshot_id FROM candidates)
    UNION ALL SELECT snapshot_id, 'conn_action', name, source FROM conn_actions
    WHERE snapshot_id IN (SELECT snapshot_id FROM candidates)
),
last AS (
    SELECT c.snapshot_id, row_number() OVER (PARTITION BY c.system, c.stack, b.object, b.name, b.source
                                             ORDER BY c.captured_at DESC, c.snapshot_id DESC) AS place
    FROM candidates c JOIN printed b ON b.snapshot_id = c.snapshot_id
    UNION ALL
    SELECT snapshot_id, row_number() OVER (PARTITION BY system, stack ORDER BY captured_at DESC, snapshot_id DESC)
    FROM candidates
    UNION ALL
    SELECT snapshot_id, row_number() OVER (PARTITION BY system, stack ORDER BY captured_at DESC, snapshot_id DESC)
    FROM candidates WHERE NOT partial
)
INSERT INTO temp.prune_stubs SELECT DISTINCT snapshot_id FROM last WHERE place = 1;
