-- Every fact row points to a capture of its own snapshot: one row a violation.
-- Run by src/store/check.rs.
SELECT t || ' row ' || id || ' points to capture ' || capture_id || ' of another snapshot' FROM (
    SELECT 'connections' AS t, connection_id AS id, capture_id, snapshot_id FROM connections
    UNION ALL SELECT 'tls_sessions', tls_session_id, capture_id, snapshot_id FROM tls_sessions
    UNION ALL SELECT 'rules', rule_id, capture_id, snapshot_id FROM rules
    UNION ALL SELECT 'group_actions', group_action_id, capture_id, snapshot_id FROM group_actions
    UNION ALL SELECT 'env_actions', env_action_id, capture_id, snapshot_id FROM env_actions
    UNION ALL SELECT 'conn_actions', conn_action_id, capture_id, snapshot_id FROM conn_actions) f
WHERE NOT EXISTS (SELECT 1 FROM captures k WHERE k.capture_id = f.capture_id AND k.snapshot_id = f.snapshot_id)
