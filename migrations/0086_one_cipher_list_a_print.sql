-- 0086_one_cipher_list_a_print: `V3CipherSuites` and `V3CipherSuites4Char` are one setting in
-- v_policy_settings, `V3CipherSuites`: each suite once, where first listed (the 2-character list
-- first), as policy-inventory and v_rule_allows list them. A release that prints both lists most
-- suites in both, so a release upgrade that starts printing the second list was a setting `added`
-- to every environment action (policy-drift) and a policy_change alert each (review 16b F3), and
-- the policy's fingerprint changed with the release, not the policy. v_policy_settings as in 0006
-- but for the two cipher list parts. The days whose snapshots print a `V3CipherSuites4Char` list
-- are summarized again (their policies' fingerprints).
DROP VIEW v_policy_settings;

CREATE VIEW v_policy_settings AS
WITH typed(snapshot_id, object, name, setting, value) AS (
    SELECT r.snapshot_id, 'rule', r.name, k.value,
           CASE k.value
               WHEN 'Rule Type' THEN r.rule_type
               WHEN 'Status' THEN r.status
               WHEN 'Weight' THEN CAST(r.weight AS TEXT)
               WHEN 'Priority' THEN CAST(r.priority AS TEXT)
               WHEN 'LocalAddr' THEN r.local_addr
               WHEN 'LocalPort' THEN r.local_port
               WHEN 'RemoteAddr' THEN r.remote_addr
               WHEN 'RemotePort' THEN r.remote_port
               WHEN 'JobName' THEN r.job_name
               WHEN 'UserId' THEN r.user_id
               WHEN 'Direction' THEN r.direction
               WHEN 'TTLSGrpAction' THEN r.group_action
               WHEN 'TTLSEnvAction' THEN r.env_action
               WHEN 'TTLSConnAction' THEN r.conn_action
           END
    FROM rules r, json_each('["Rule Type", "Status", "Weight", "Priority", "LocalAddr", "LocalPort", "RemoteAddr",
                             "RemotePort", "JobName", "UserId", "Direction", "TTLSGrpAction", "TTLSEnvAction",
                             "TTLSConnAction"]') k
    UNION ALL
    SELECT g.snapshot_id, 'group_action', g.name, k.value,
           CASE k.value
               WHEN 'TTLSEnabled' THEN CASE g.ttls_enabled WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'CtraceClearText' THEN CASE g.ctrace_clear_text WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'Trace' THEN CAST(g.trace AS TEXT)
               WHEN 'SyslogFacility' THEN g.syslog_facility
               WHEN 'SecondaryMap' THEN CASE g.secondary_map WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'FIPS140' THEN CASE g.fips140 WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
           END
    FROM group_actions g, json_each('["TTLSEnabled", "CtraceClearText", "Trace", "SyslogFacility",
                                     "SecondaryMap", "FIPS140"]') k
    UNION ALL
    SELECT e.snapshot_id, 'env_action', e.name, k.value,
           CASE k.value
               WHEN 'HandshakeRole' THEN e.handshake_role
               WHEN 'Keyring' THEN e.keyring
               WHEN 'CertificateLabel' THEN e.certificate_label
               WHEN 'ClientAuthType' THEN e.client_auth_type
               WHEN 'CertValidationMode' THEN e.cert_validation_mode
               WHEN 'SSLV2' THEN CASE e.sslv2 WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'SSLV3' THEN CASE e.sslv3 WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'TLSV1' THEN CASE e.tlsv1 WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'TLSV1.1' THEN CASE e.tlsv1_1 WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'TLSV1.2' THEN CASE e.tlsv1_2 WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'TLSV1.3' THEN CASE e.tlsv1_3 WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'SuiteBProfile' THEN e.suite_b_profile
               WHEN 'MiddleBoxCompatMode' THEN CASE e.middlebox_compat_mode WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'ApplicationControlled' THEN CASE e.application_controlled WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'SecondaryMap' THEN CASE e.secondary_map WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'HandshakeTimeout' THEN CAST(e.handshake_timeout AS TEXT)
               WHEN 'ResetCipherTimer' THEN CAST(e.reset_cipher_timer AS TEXT)
               WHEN 'Trace' THEN CAST(e.trace AS TEXT)
               WHEN 'Renegotiation' THEN e.renegotiation
           END
    FROM env_actions e, json_each('["HandshakeRole", "Keyring", "CertificateLabel", "ClientAuthType",
                                   "CertValidationMode", "SSLV2", "SSLV3", "TLSV1", "TLSV1.1", "TLSV1.2",
                                   "TLSV1.3", "SuiteBProfile", "MiddleBoxCompatMode", "ApplicationControlled",
                                   "SecondaryMap", "HandshakeTimeout", "ResetCipherTimer", "Trace",
                                   "Renegotiation"]') k
    UNION ALL
    SELECT c.snapshot_id, 'conn_action', c.name, k.value,
           CASE k.value
               WHEN 'HandshakeRole' THEN c.handshake_role
               WHEN 'CertificateLabel' THEN c.certificate_label
               WHEN 'ServerCertificateLabel' THEN c.server_certificate_label
               WHEN 'ClientCertificateLabel' THEN c.client_certificate_label
               WHEN 'SSLV2' THEN CASE c.sslv2 WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'SSLV3' THEN CASE c.sslv3 WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'TLSV1' THEN CASE c.tlsv1 WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'TLSV1.1' THEN CASE c.tlsv1_1 WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'TLSV1.2' THEN CASE c.tlsv1_2 WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'TLSV1.3' THEN CASE c.tlsv1_3 WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'MiddleBoxCompatMode' THEN CASE c.middlebox_compat_mode WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'ApplicationControlled' THEN CASE c.application_controlled WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'SecondaryMap' THEN CASE c.secondary_map WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'CtraceClearText' THEN CASE c.ctrace_clear_text WHEN 1 THEN 'On' WHEN 0 THEN 'Off' END
               WHEN 'HandshakeTimeout' THEN CAST(c.handshake_timeout AS TEXT)
               WHEN 'ResetCipherTimer' THEN CAST(c.reset_cipher_timer AS TEXT)
               WHEN 'Trace' THEN CAST(c.trace AS TEXT)
           END
    FROM conn_actions c, json_each('["HandshakeRole", "CertificateLabel", "ServerCertificateLabel",
                                    "ClientCertificateLabel", "SSLV2", "SSLV3", "TLSV1", "TLSV1.1", "TLSV1.2",
                                    "TLSV1.3", "MiddleBoxCompatMode", "ApplicationControlled", "SecondaryMap",
                                    "CtraceClearText", "HandshakeTimeout", "ResetCipherTimer", "Trace"]') k
),
-- List settings: the codes of each setting of an action in printed order
-- (positions count from 1). Every part starts from the snapshot's rows, so
-- that a query for some snapshots reads only theirs.
lists(snapshot_id, object, name, setting, value) AS (
    SELECT e.snapshot_id, 'env_action', e.name, CASE WHEN upper(l.setting) = 'V3CIPHERSUITES4CHAR' THEN substr(l.setting, 1, 14) ELSE l.setting END,
           (SELECT group_concat(code, ' ') FROM (
               SELECT code, min((upper(setting) = 'V3CIPHERSUITES4CHAR') * 1000000 + position) AS first
               FROM env_action_ciphers
               WHERE env_action_id = l.env_action_id
                 AND (setting = l.setting
                      OR upper(l.setting) = 'V3CIPHERSUITES' AND upper(setting) = 'V3CIPHERSUITES4CHAR')
               GROUP BY code ORDER BY first))
    FROM env_actions e JOIN env_action_ciphers l ON l.env_action_id = e.env_action_id AND l.position = 1
    WHERE upper(l.setting) <> 'V3CIPHERSUITES4CHAR'
       OR NOT EXISTS (SELECT 1 FROM env_action_ciphers v WHERE v.env_action_id = l.env_action_id AND upper(v.setting) = 'V3CIPHERSUITES')
    UNION ALL
    SELECT e.snapshot_id, 'env_action', e.name, l.setting,
           (SELECT group_concat(code, ' ') FROM (SELECT code FROM env_action_groups
               WHERE env_action_id = l.env_action_id AND setting = l.setting ORDER BY position))
    FROM env_actions e JOIN env_action_groups l ON l.env_action_id = e.env_action_id AND l.position = 1
    UNION ALL
    SELECT e.snapshot_id, 'env_action', e.name, l.setting,
           (SELECT group_concat(code, ' ') FROM (SELECT code FROM env_action_signature_pairs
               WHERE env_action_id = l.env_action_id AND setting = l.setting ORDER BY position))
    FROM env_actions e JOIN env_action_signature_pairs l ON l.env_action_id = e.env_action_id AND l.position = 1
    UNION ALL
    SELECT c.snapshot_id, 'conn_action', c.name, CASE WHEN upper(l.setting) = 'V3CIPHERSUITES4CHAR' THEN substr(l.setting, 1, 14) ELSE l.setting END,
           (SELECT group_concat(code, ' ') FROM (
               SELECT code, min((upper(setting) = 'V3CIPHERSUITES4CHAR') * 1000000 + position) AS first
               FROM conn_action_ciphers
               WHERE conn_action_id = l.conn_action_id
                 AND (setting = l.setting
                      OR upper(l.setting) = 'V3CIPHERSUITES' AND upper(setting) = 'V3CIPHERSUITES4CHAR')
               GROUP BY code ORDER BY first))
    FROM conn_actions c JOIN conn_action_ciphers l ON l.conn_action_id = c.conn_action_id AND l.position = 1
    WHERE upper(l.setting) <> 'V3CIPHERSUITES4CHAR'
       OR NOT EXISTS (SELECT 1 FROM conn_action_ciphers v WHERE v.conn_action_id = l.conn_action_id AND upper(v.setting) = 'V3CIPHERSUITES')
    UNION ALL
    SELECT c.snapshot_id, 'conn_action', c.name, l.setting,
           (SELECT group_concat(code, ' ') FROM (SELECT code FROM conn_action_groups
               WHERE conn_action_id = l.conn_action_id AND setting = l.setting ORDER BY position))
    FROM conn_actions c JOIN conn_action_groups l ON l.conn_action_id = c.conn_action_id AND l.position = 1
    UNION ALL
    SELECT c.snapshot_id, 'conn_action', c.name, l.setting,
           (SELECT group_concat(code, ' ') FROM (SELECT code FROM conn_action_signature_pairs
               WHERE conn_action_id = l.conn_action_id AND setting = l.setting ORDER BY position))
    FROM conn_actions c JOIN conn_action_signature_pairs l ON l.conn_action_id = c.conn_action_id AND l.position = 1
),
kept(snapshot_id, object, name, setting, value) AS (
    SELECT r.snapshot_id, 'rule', r.name, a.key, a.value
    FROM rules r CROSS JOIN attributes a ON a.owner_table = 'rules' AND a.owner_id = r.rule_id
    UNION ALL
    SELECT g.snapshot_id, 'group_action', g.name, a.key, a.value
    FROM group_actions g CROSS JOIN attributes a ON a.owner_table = 'group_actions' AND a.owner_id = g.group_action_id
    UNION ALL
    SELECT e.snapshot_id, 'env_action', e.name, a.key, a.value
    FROM env_actions e CROSS JOIN attributes a ON a.owner_table = 'env_actions' AND a.owner_id = e.env_action_id
    UNION ALL
    SELECT c.snapshot_id, 'conn_action', c.name, a.key, a.value
    FROM conn_actions c CROSS JOIN attributes a ON a.owner_table = 'conn_actions' AND a.owner_id = c.conn_action_id
)
SELECT * FROM typed WHERE value IS NOT NULL
UNION ALL SELECT * FROM lists
UNION ALL SELECT * FROM kept;

INSERT INTO summaries_pending (system, stack, capture_date)
SELECT DISTINCT s.system, s.stack, s.capture_date FROM snapshots s
WHERE NOT s.pruned
  AND (EXISTS (SELECT 1 FROM env_actions e JOIN env_action_ciphers l ON l.env_action_id = e.env_action_id
               WHERE e.snapshot_id = s.snapshot_id AND upper(l.setting) = 'V3CIPHERSUITES4CHAR')
       OR EXISTS (SELECT 1 FROM conn_actions c JOIN conn_action_ciphers l ON l.conn_action_id = c.conn_action_id
                  WHERE c.snapshot_id = s.snapshot_id AND upper(l.setting) = 'V3CIPHERSUITES4CHAR'))
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;
