-- 0089_unshown_traffic_and_one_cipher_setting: two readings made one.
-- The traffic of a day that did not show a connection's protection, with the state the connection
-- was first shown in (0081), as one view: cleartext, quantum and tls-adoption each joined
-- unshown_traffic to connection_protection for themselves.
-- v_rule_allows lists `V3CipherSuites4Char` under the one setting `V3CipherSuites`, each suite once,
-- as v_policy_settings does since 0086: two prints of one policy (one fingerprint), a release that
-- prints the second list and one that does not, allowed two settings, and a report that read one
-- print per fingerprint (compliance, impact, quantum) named the setting to change after whichever
-- print came first, the lake (every print) both (review 16b's yearly tree).

-- A connection's first day in connection_protection (the earliest, should the order days arrived
-- in have left two): AT-TLS maps a connection at its start, so what that day showed holds for the
-- traffic of the days that did not show it. A report filters on the unshown day, system, stack,
-- job, direction, service port and peer outside; SQLite takes those terms into the join (a peer's
-- traffic is looked up by unshown_traffic_peer).
CREATE VIEW v_unshown_traffic AS
SELECT u.capture_date, u.system, u.stack, u.identity_id, u.direction, u.service_port, u.job, u.remote_ip,
       u.tls_state, u.bytes_in, u.bytes_out,
       p.capture_date AS shown_date, p.tls_state AS shown_state, p.tls_protocol, p.cipher_code, p.key_share
FROM unshown_traffic u
JOIN connection_protection p ON p.identity_id = u.identity_id
WHERE p.capture_date = (SELECT min(f.capture_date) FROM connection_protection f WHERE f.identity_id = u.identity_id);

-- What each rule allows, as in 0006 but for the cipher lists: a `V3CipherSuites4Char` suite that
-- `V3CipherSuites` lists too is that list's (each suite once, where first listed), one the other
-- does not list is numbered on after that list's suites (its place among the suites of the two
-- lists up to it), and either part of the connection action's one cipher setting overrides the
-- environment action's.
DROP VIEW v_rule_allows;

CREATE VIEW v_rule_allows (snapshot_id, rule_id, rule, kind, action, action_name, setting, position, code, name,
                           grade) AS
SELECT r.snapshot_id, r.rule_id, r.name, 'cipher', 'connection', c.name,
       CASE WHEN i.second THEN substr(i.setting, 1, 14) ELSE i.setting END,
       CASE WHEN i.second THEN (SELECT count(DISTINCT v.code) FROM conn_action_ciphers v
                                WHERE v.conn_action_id = i.conn_action_id
                                  AND (upper(v.setting) = 'V3CIPHERSUITES'
                                       OR v.setting = i.setting AND v.position <= i.position))
            ELSE i.position END,
       i.code, coalesce(cs.name, i.name), coalesce(cs.grade, 'unknown')
FROM rules r
JOIN conn_actions c ON c.snapshot_id = r.snapshot_id AND c.name = r.conn_action
JOIN (SELECT *, upper(setting) = 'V3CIPHERSUITES4CHAR' AS second FROM conn_action_ciphers) i
  ON i.conn_action_id = c.conn_action_id
LEFT JOIN cipher_suites cs ON cs.code = i.code
WHERE NOT (i.second AND EXISTS (SELECT 1 FROM conn_action_ciphers v
                                WHERE v.conn_action_id = i.conn_action_id AND upper(v.setting) = 'V3CIPHERSUITES'
                                  AND v.code = i.code))
UNION ALL
SELECT r.snapshot_id, r.rule_id, r.name, 'cipher', 'environment', e.name,
       CASE WHEN i.second THEN substr(i.setting, 1, 14) ELSE i.setting END,
       CASE WHEN i.second THEN (SELECT count(DISTINCT v.code) FROM env_action_ciphers v
                                WHERE v.env_action_id = i.env_action_id
                                  AND (upper(v.setting) = 'V3CIPHERSUITES'
                                       OR v.setting = i.setting AND v.position <= i.position))
            ELSE i.position END,
       i.code, coalesce(cs.name, i.name), coalesce(cs.grade, 'unknown')
FROM rules r
JOIN env_actions e ON e.snapshot_id = r.snapshot_id AND e.name = r.env_action
JOIN (SELECT *, upper(setting) = 'V3CIPHERSUITES4CHAR' AS second FROM env_action_ciphers) i
  ON i.env_action_id = e.env_action_id
LEFT JOIN conn_actions c ON c.snapshot_id = r.snapshot_id AND c.name = r.conn_action
LEFT JOIN cipher_suites cs ON cs.code = i.code
WHERE NOT (i.second AND EXISTS (SELECT 1 FROM env_action_ciphers v
                                WHERE v.env_action_id = i.env_action_id AND upper(v.setting) = 'V3CIPHERSUITES'
                                  AND v.code = i.code))
  -- the connection action's list of the setting overrides (either part of the one cipher setting)
  AND NOT EXISTS (SELECT 1 FROM conn_action_ciphers x
                  WHERE x.conn_action_id = c.conn_action_id
                    AND replace(upper(x.setting), '4CHAR', '') = replace(upper(i.setting), '4CHAR', ''))
UNION ALL
SELECT r.snapshot_id, r.rule_id, r.name, 'group', 'connection', c.name, i.setting, i.position, i.code,
       coalesce(ng.name, i.name),
       coalesce(ng.grade, 'unknown')
FROM rules r
JOIN conn_actions c ON c.snapshot_id = r.snapshot_id AND c.name = r.conn_action
JOIN conn_action_groups i ON i.conn_action_id = c.conn_action_id
LEFT JOIN named_groups ng ON ng.code = i.code
UNION ALL
SELECT r.snapshot_id, r.rule_id, r.name, 'group', 'environment', e.name, i.setting, i.position, i.code,
       coalesce(ng.name, i.name),
       coalesce(ng.grade, 'unknown')
FROM rules r
JOIN env_actions e ON e.snapshot_id = r.snapshot_id AND e.name = r.env_action
JOIN env_action_groups i ON i.env_action_id = e.env_action_id
LEFT JOIN conn_actions c ON c.snapshot_id = r.snapshot_id AND c.name = r.conn_action
LEFT JOIN named_groups ng ON ng.code = i.code
WHERE NOT EXISTS (SELECT 1 FROM conn_action_groups x WHERE x.conn_action_id = c.conn_action_id AND x.setting = i.setting)
UNION ALL
SELECT r.snapshot_id, r.rule_id, r.name, 'signature_pair', 'connection', c.name, i.setting, i.position, i.code,
       coalesce(sp.name, i.name),
       coalesce(sp.grade, 'unknown')
FROM rules r
JOIN conn_actions c ON c.snapshot_id = r.snapshot_id AND c.name = r.conn_action
JOIN conn_action_signature_pairs i ON i.conn_action_id = c.conn_action_id
LEFT JOIN signature_pairs sp ON sp.code = i.code
UNION ALL
SELECT r.snapshot_id, r.rule_id, r.name, 'signature_pair', 'environment', e.name, i.setting, i.position, i.code,
       coalesce(sp.name, i.name),
       coalesce(sp.grade, 'unknown')
FROM rules r
JOIN env_actions e ON e.snapshot_id = r.snapshot_id AND e.name = r.env_action
JOIN env_action_signature_pairs i ON i.env_action_id = e.env_action_id
LEFT JOIN conn_actions c ON c.snapshot_id = r.snapshot_id AND c.name = r.conn_action
LEFT JOIN signature_pairs sp ON sp.code = i.code
WHERE NOT EXISTS (SELECT 1 FROM conn_action_signature_pairs x WHERE x.conn_action_id = c.conn_action_id AND x.setting = i.setting)
UNION ALL
SELECT r.snapshot_id, r.rule_id, r.name, 'protocol',
       CASE WHEN CASE p.name WHEN 'SSLv2' THEN c.sslv2 WHEN 'SSLv3' THEN c.sslv3 WHEN 'TLSv1.0' THEN c.tlsv1
                   WHEN 'TLSv1.1' THEN c.tlsv1_1 WHEN 'TLSv1.2' THEN c.tlsv1_2 WHEN 'TLSv1.3' THEN c.tlsv1_3 END IS NOT NULL THEN 'connection' ELSE 'environment' END,
       CASE WHEN CASE p.name WHEN 'SSLv2' THEN c.sslv2 WHEN 'SSLv3' THEN c.sslv3 WHEN 'TLSv1.0' THEN c.tlsv1
                   WHEN 'TLSv1.1' THEN c.tlsv1_1 WHEN 'TLSv1.2' THEN c.tlsv1_2 WHEN 'TLSv1.3' THEN c.tlsv1_3 END IS NOT NULL THEN c.name ELSE e.name END,
       'protocols', p.rank, p.name, p.name, p.grade
FROM rules r
CROSS JOIN protocols p
LEFT JOIN env_actions e ON e.snapshot_id = r.snapshot_id AND e.name = r.env_action
LEFT JOIN conn_actions c ON c.snapshot_id = r.snapshot_id AND c.name = r.conn_action
WHERE coalesce(CASE p.name WHEN 'SSLv2' THEN c.sslv2 WHEN 'SSLv3' THEN c.sslv3 WHEN 'TLSv1.0' THEN c.tlsv1
                   WHEN 'TLSv1.1' THEN c.tlsv1_1 WHEN 'TLSv1.2' THEN c.tlsv1_2 WHEN 'TLSv1.3' THEN c.tlsv1_3 END, CASE p.name WHEN 'SSLv2' THEN e.sslv2 WHEN 'SSLv3' THEN e.sslv3 WHEN 'TLSv1.0' THEN e.tlsv1
                   WHEN 'TLSv1.1' THEN e.tlsv1_1 WHEN 'TLSv1.2' THEN e.tlsv1_2 WHEN 'TLSv1.3' THEN e.tlsv1_3 END) = 1;
