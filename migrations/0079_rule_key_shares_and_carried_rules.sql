-- 0079_rule_key_shares_and_carried_rules: two readings of the policy that quantum, compliance, the CBOM,
-- impact and allowed-not-used each wrote for themselves (and their lake twins), now one view each.

-- The key share list each rule's HandshakeRole reads: as the TLS client z/OS offers its
-- ClientKeyShareGroups, as the server (also ServerWithClientAuth) it picks from its
-- ServerKeyShareGroups; a rule whose role is not printed keeps both. The connection action's role
-- overrides the environment action's, as AT-TLS applies them.
CREATE VIEW v_rule_key_shares AS
SELECT r.snapshot_id, r.name AS rule, k.setting
FROM rules r
LEFT JOIN env_actions e ON e.snapshot_id = r.snapshot_id AND e.name = r.env_action
LEFT JOIN conn_actions c ON c.snapshot_id = r.snapshot_id AND c.name = r.conn_action
JOIN (SELECT 'client' AS role, 'ClientKeyShareGroups' AS setting
      UNION ALL SELECT 'server', 'ServerKeyShareGroups') k
  ON k.role = CASE WHEN lower(coalesce(c.handshake_role, e.handshake_role)) = 'client' THEN 'client'
                   WHEN lower(coalesce(c.handshake_role, e.handshake_role)) LIKE 'server%' THEN 'server'
                   ELSE k.role END;

-- The rules a day's negotiated connections were seen under (ALL's TTLSRule, as negotiated_days keeps
-- it per connection and day) that no capture of that day printed (a TTLS list without DETAIL, or no
-- TTLS report at all): read as last printed before the day by the stack (`printed_snapshot_id`, NULL
-- when it never was), whatever a report's period. A report filters on capture_date, system and stack
-- outside; SQLite takes those terms into the DISTINCT, so only the period's days are read.
CREATE VIEW v_carried_rules AS
SELECT d.capture_date, d.system, d.stack, d.rule,
       (SELECT b.snapshot_id FROM snapshots b
        JOIN policy_objects o ON o.snapshot_id = b.snapshot_id AND o.object = 'rule' AND o.name = d.rule
        WHERE b.system = d.system AND b.stack = d.stack AND b.capture_date < d.capture_date
        ORDER BY b.captured_at DESC LIMIT 1) AS printed_snapshot_id
FROM (SELECT DISTINCT s.capture_date, s.system, s.stack, n.rule
      FROM snapshots s JOIN negotiated_days n ON n.snapshot_id = s.snapshot_id
      WHERE n.rule IS NOT NULL) d
WHERE NOT EXISTS (SELECT 1 FROM snapshots s
                  JOIN policy_objects o ON o.snapshot_id = s.snapshot_id AND o.object = 'rule' AND o.name = d.rule
                  WHERE s.system = d.system AND s.stack = d.stack AND s.capture_date = d.capture_date);
