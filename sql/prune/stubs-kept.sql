-- After sql/prune/policy-stubs.sql, before the pruned files are forgotten: the stubs an earlier
-- prune kept that no longer hold a last print go; the snapshots being pruned that do become stubs:
-- their connections, TLS sessions and every other report go, and the reports their rules and
-- actions come from are no file's (the forgotten files leave them), so that they stay.
-- Run by src/store/prune.rs.
DELETE FROM snapshots WHERE pruned AND snapshot_id NOT IN (SELECT snapshot_id FROM temp.prune_stubs);
DELETE FROM temp.prune_stubs WHERE snapshot_id NOT IN (SELECT snapshot_id FROM temp.prune_snapshots);
DROP TABLE IF EXISTS temp.stub_reports;
CREATE TEMP TABLE stub_reports (capture_id INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO temp.stub_reports
SELECT capture_id FROM rules WHERE snapshot_id IN (SELECT snapshot_id FROM temp.prune_stubs)
UNION SELECT capture_id FROM group_actions WHERE snapshot_id IN (SELECT snapshot_id FROM temp.prune_stubs)
UNION SELECT e.capture_id FROM group_action_envs e JOIN group_actions g USING (group_action_id)
      WHERE g.snapshot_id IN (SELECT snapshot_id FROM temp.prune_stubs)
UNION SELECT capture_id FROM env_actions WHERE snapshot_id IN (SELECT snapshot_id FROM temp.prune_stubs)
UNION SELECT capture_id FROM conn_actions WHERE snapshot_id IN (SELECT snapshot_id FROM temp.prune_stubs);
-- the values of the rules and actions another report printed (kept as attributes)
INSERT OR IGNORE INTO temp.stub_reports
SELECT a.capture_id FROM attributes a
JOIN capture_rows k ON k.capture_id = a.capture_id
WHERE k.snapshot_id IN (SELECT snapshot_id FROM temp.prune_snapshots)
  AND a.owner_table IN ('rules', 'group_actions', 'env_actions', 'conn_actions')
  AND a.owner_id IN (SELECT rule_id FROM rules WHERE snapshot_id IN (SELECT snapshot_id FROM temp.prune_stubs)
                     UNION ALL SELECT group_action_id FROM group_actions
                     WHERE snapshot_id IN (SELECT snapshot_id FROM temp.prune_stubs)
                     UNION ALL SELECT env_action_id FROM env_actions
                     WHERE snapshot_id IN (SELECT snapshot_id FROM temp.prune_stubs)
                     UNION ALL SELECT conn_action_id FROM conn_actions
                     WHERE snapshot_id IN (SELECT snapshot_id FROM temp.prune_stubs));
-- (by their reports: the index each has)
DELETE FROM connection_rows WHERE capture_id IN
    (SELECT capture_id FROM capture_rows WHERE snapshot_id IN (SELECT snapshot_id FROM temp.prune_stubs));
DELETE FROM tls_session_rows WHERE capture_id IN
    (SELECT capture_id FROM capture_rows WHERE snapshot_id IN (SELECT snapshot_id FROM temp.prune_stubs));
-- what the stubs' connections negotiated goes with them (the other snapshots' by their deletion)
DELETE FROM negotiated_days WHERE snapshot_id IN (SELECT snapshot_id FROM temp.prune_stubs);
DELETE FROM capture_rows WHERE snapshot_id IN (SELECT snapshot_id FROM temp.prune_stubs)
    AND capture_id NOT IN (SELECT capture_id FROM temp.stub_reports);
DELETE FROM attributes WHERE capture_id IN (SELECT capture_id FROM temp.stub_reports)
    AND owner_table NOT IN ('rules', 'group_actions', 'env_actions', 'conn_actions');
UPDATE capture_rows SET file_id = NULL WHERE capture_id IN (SELECT capture_id FROM temp.stub_reports);
UPDATE snapshots SET pruned = 1 WHERE snapshot_id IN (SELECT snapshot_id FROM temp.prune_stubs);
DROP TABLE temp.stub_reports;
DROP TABLE temp.prune_stubs;
