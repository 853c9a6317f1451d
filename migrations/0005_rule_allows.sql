-- 0005_rule_allows: what each rule really allows. A connection action
-- overrides its rule's environment action setting by setting (AT-TLS reads
-- the connection action first), and pasearch dumps put cipher lists and
-- protocol switches in connection actions; reports that ask "what does this
-- rule allow" must look at both.

CREATE VIEW v_rule_allows AS
WITH rule_actions AS (
    SELECT r.rule_id, r.snapshot_id, r.name AS rule, e.env_action_id, e.name AS env_action,
           c.conn_action_id, c.name AS conn_action
    FROM rules r
    LEFT JOIN env_actions e ON e.snapshot_id = r.snapshot_id AND e.name = r.env_action
    LEFT JOIN conn_actions c ON c.snapshot_id = r.snapshot_id AND c.name = r.conn_action
),
conn_items(conn_action_id, kind, setting, position, code, name) AS (
    SELECT conn_action_id, 'cipher', setting, position, code, name FROM conn_action_ciphers
    UNION ALL SELECT conn_action_id, 'group', setting, position, code, name FROM conn_action_groups
    UNION ALL SELECT conn_action_id, 'signature_pair', setting, position, code, name FROM conn_action_signature_pairs
),
env_items(env_action_id, kind, setting, position, code, name) AS (
    SELECT env_action_id, 'cipher', setting, position, code, name FROM env_action_ciphers
    UNION ALL SELECT env_action_id, 'group', setting, position, code, name FROM env_action_groups
    UNION ALL SELECT env_action_id, 'signature_pair', setting, position, code, name FROM env_action_signature_pairs
),
items(rule_id, kind, action, setting, position, code, name) AS (
    SELECT a.rule_id, i.kind, 'connection', i.setting, i.position, i.code, i.name
    FROM rule_actions a JOIN conn_items i ON i.conn_action_id = a.conn_action_id
    UNION ALL
    SELECT a.rule_id, i.kind, 'environment', i.setting, i.position, i.code, i.name
    FROM rule_actions a JOIN env_items i ON i.env_action_id = a.env_action_id
    WHERE NOT EXISTS (SELECT 1 FROM conn_items x WHERE x.conn_action_id = a.conn_action_id AND x.setting = i.setting)
),
protocol_switches(rule_id, action, protocol, enabled) AS (
    SELECT a.rule_id,
           CASE WHEN CASE p.name WHEN 'SSLv2' THEN c.sslv2 WHEN 'SSLv3' THEN c.sslv3 WHEN 'TLSv1.0' THEN c.tlsv1
                                 WHEN 'TLSv1.1' THEN c.tlsv1_1 WHEN 'TLSv1.2' THEN c.tlsv1_2
                                 WHEN 'TLSv1.3' THEN c.tlsv1_3 END IS NOT NULL
                THEN 'connection' ELSE 'environment' END,
           p.name,
           coalesce(
               CASE p.name WHEN 'SSLv2' THEN c.sslv2 WHEN 'SSLv3' THEN c.sslv3 WHEN 'TLSv1.0' THEN c.tlsv1
                           WHEN 'TLSv1.1' THEN c.tlsv1_1 WHEN 'TLSv1.2' THEN c.tlsv1_2 WHEN 'TLSv1.3' THEN c.tlsv1_3 END,
               CASE p.name WHEN 'SSLv2' THEN e.sslv2 WHEN 'SSLv3' THEN e.sslv3 WHEN 'TLSv1.0' THEN e.tlsv1
                           WHEN 'TLSv1.1' THEN e.tlsv1_1 WHEN 'TLSv1.2' THEN e.tlsv1_2 WHEN 'TLSv1.3' THEN e.tlsv1_3 END)
    FROM rule_actions a
    CROSS JOIN protocols p
    LEFT JOIN env_actions e ON e.env_action_id = a.env_action_id
    LEFT JOIN conn_actions c ON c.conn_action_id = a.conn_action_id
)
SELECT a.snapshot_id, a.rule_id, a.rule, i.kind, i.action,
       CASE i.action WHEN 'connection' THEN a.conn_action ELSE a.env_action END AS action_name,
       i.setting, i.position, i.code,
       coalesce(cs.name, ng.name, sp.name, i.name) AS name,
       coalesce(cs.grade, ng.grade, sp.grade, 'unknown') AS grade
FROM items i
JOIN rule_actions a ON a.rule_id = i.rule_id
LEFT JOIN cipher_suites cs ON i.kind = 'cipher' AND cs.code = i.code
LEFT JOIN named_groups ng ON i.kind = 'group' AND ng.code = i.code
LEFT JOIN signature_pairs sp ON i.kind = 'signature_pair' AND sp.code = i.code
UNION ALL
SELECT a.snapshot_id, a.rule_id, a.rule, 'protocol', s.action,
       CASE s.action WHEN 'connection' THEN a.conn_action ELSE a.env_action END,
       'protocols', p.rank, p.name, p.name, p.grade
FROM protocol_switches s
JOIN rule_actions a ON a.rule_id = s.rule_id
JOIN protocols p ON p.name = s.protocol
WHERE s.enabled = 1;
