-- Every attribute belongs to a row: one row a violation.
-- Run by src/store/check.rs.
SELECT 'attribute ' || a.rowid || ' (' || a.key || ') of missing ' || a.owner_table || ' ' || a.owner_id
FROM attributes a WHERE NOT CASE a.owner_table
    WHEN 'connections' THEN EXISTS (SELECT 1 FROM connections WHERE connection_id = a.owner_id)
    WHEN 'tls_sessions' THEN EXISTS (SELECT 1 FROM tls_sessions WHERE tls_session_id = a.owner_id)
    WHEN 'rules' THEN EXISTS (SELECT 1 FROM rules WHERE rule_id = a.owner_id)
    WHEN 'group_actions' THEN EXISTS (SELECT 1 FROM group_actions WHERE group_action_id = a.owner_id)
    WHEN 'env_actions' THEN EXISTS (SELECT 1 FROM env_actions WHERE env_action_id = a.owner_id)
    WHEN 'conn_actions' THEN EXISTS (SELECT 1 FROM conn_actions WHERE conn_action_id = a.owner_id)
    WHEN 'captures' THEN a.owner_id = a.capture_id
    ELSE 0 END
