-- 0003_graded_views: v_connections gains what a reader needs to judge a
-- connection at a glance: the kind of endpoint, its direction and service
-- port, and the grades of what it negotiated (protocol, cipher suite, key
-- share group, and the worst of the three) from the reference tables of
-- 0002. Environment actions gain views of what they allow, graded, and
-- every policy object gets its settings as (setting, value) rows, so that
-- inventory and drift reports can compare them.

DROP VIEW v_connections;

-- An index for the direction of a connection: is there a listener on its
-- local port in the same snapshot?
CREATE INDEX connections_listeners ON connections (snapshot_id, local_port) WHERE state = 'Listen';

CREATE VIEW v_connections AS
WITH base AS (
    SELECT
        c.connection_id,
        c.snapshot_id,
        s.system,
        s.stack,
        s.captured_at,
        s.capture_date,
        c.conn_id,
        c.job,
        c.local_ip,
        c.local_port,
        c.remote_ip,
        c.remote_port,
        c.state,
        c.bytes_in,
        c.bytes_out,
        c.segments_in,
        c.segments_out,
        c.started_at,
        CASE WHEN t.tls_session_id IS NOT NULL THEN 1 ELSE c.ttls_policy END AS ttls_policy,
        coalesce(c.ttls_rule, t.rule_name) AS ttls_rule,
        coalesce(c.ttls_group_action, r.group_action) AS ttls_group_action,
        coalesce(c.ttls_env_action, r.env_action) AS ttls_env_action,
        t.protocol AS tls_protocol,
        t.cipher_code,
        t.cipher_name,
        t.key_share_code AS key_share,
        t.key_share_name,
        f.path AS source_file,
        c.source_line,
        CASE c.state WHEN 'Listen' THEN 'listener' WHEN 'UDP' THEN 'udp' ELSE 'connection' END AS endpoint,
        CASE
            WHEN c.state = 'Listen' THEN 'inbound'
            WHEN c.state = 'UDP' THEN NULL
            WHEN lower(r.direction) IN ('inbound', 'outbound') THEN lower(r.direction)
            WHEN EXISTS (SELECT 1 FROM connections l
                         WHERE l.snapshot_id = c.snapshot_id AND l.state = 'Listen' AND l.local_port = c.local_port)
                THEN 'inbound'
            ELSE 'outbound'
        END AS direction,
        p.grade AS protocol_grade,
        p.rank AS protocol_rank,
        CASE WHEN t.cipher_code IS NOT NULL THEN coalesce(cs.grade, 'unknown') END AS cipher_grade,
        CASE WHEN t.key_share_code IS NOT NULL THEN coalesce(ng.grade, 'unknown') END AS key_share_grade,
        cs.forward_secret,
        cs.aead
    FROM connections c
    JOIN snapshots s ON s.snapshot_id = c.snapshot_id
    JOIN captures k ON k.capture_id = c.capture_id
    JOIN capture_files f ON f.file_id = k.file_id
    LEFT JOIN tls_sessions t ON t.snapshot_id = c.snapshot_id AND t.conn_id = c.conn_id
    LEFT JOIN rules r ON r.snapshot_id = t.snapshot_id AND r.name = t.rule_name
    LEFT JOIN protocols p ON p.name = t.protocol
    LEFT JOIN cipher_suites cs ON cs.code = t.cipher_code
    LEFT JOIN named_groups ng ON ng.code = t.key_share_code
)
SELECT
    base.*,
    CASE direction WHEN 'outbound' THEN remote_port ELSE local_port END AS service_port,
    (SELECT g.grade FROM grades g WHERE g.grade IN (protocol_grade, cipher_grade, key_share_grade)
     ORDER BY g.rank LIMIT 1) AS worst_grade
FROM base;

-- What each environment action allows, graded.
CREATE VIEW v_env_action_ciphers AS
SELECT e.env_action_id, e.snapshot_id, e.name AS env_action, l.setting, l.position, l.code,
       coalesce(cs.name, l.name) AS name, coalesce(cs.grade, 'unknown') AS grade,
       cs.mozilla_5_7, cs.mozilla_6_0, cs.nist_800_52r2, cs.iana_recommended, cs.forward_secret, cs.aead,
       cs.quantum_vulnerable
FROM env_action_ciphers l
JOIN env_actions e ON e.env_action_id = l.env_action_id
LEFT JOIN cipher_suites cs ON cs.code = l.code;

CREATE VIEW v_env_action_groups AS
SELECT e.env_action_id, e.snapshot_id, e.name AS env_action, l.setting, l.position, l.code,
       coalesce(ng.name, l.name) AS name, coalesce(ng.grade, 'unknown') AS grade, ng.iana_recommended,
       ng.quantum_vulnerable
FROM env_action_groups l
JOIN env_actions e ON e.env_action_id = l.env_action_id
LEFT JOIN named_groups ng ON ng.code = l.code;

CREATE VIEW v_env_action_signature_pairs AS
SELECT e.env_action_id, e.snapshot_id, e.name AS env_action, l.setting, l.position, l.code,
       coalesce(sp.name, l.name) AS name, coalesce(sp.grade, 'unknown') AS grade, sp.iana_recommended
FROM env_action_signature_pairs l
JOIN env_actions e ON e.env_action_id = l.env_action_id
LEFT JOIN signature_pairs sp ON sp.code = l.code;

CREATE VIEW v_env_action_protocols AS
SELECT e.env_action_id, e.snapshot_id, e.name AS env_action, p.name AS protocol, p.grade,
       CASE p.name
           WHEN 'SSLv2' THEN e.sslv2 WHEN 'SSLv3' THEN e.sslv3 WHEN 'TLSv1.0' THEN e.tlsv1
           WHEN 'TLSv1.1' THEN e.tlsv1_1 WHEN 'TLSv1.2' THEN e.tlsv1_2 WHEN 'TLSv1.3' THEN e.tlsv1_3
       END AS enabled
FROM env_actions e CROSS JOIN protocols p;

-- Every setting of every rule, group action and environment action, one
-- row each, as text: typed columns (On/Off for flags), list settings (codes
-- in order, blank separated) and the settings kept in attributes. Runtime
-- counters (group ids, connection counts, queue elements) are not settings
-- and are left out. The setting names are NETSTAT's.
CREATE VIEW v_policy_settings AS
WITH typed(snapshot_id, object, name, setting, value) AS (
    SELECT r.snapshot_id, 'rule', r.name, k.value,
           CASE k.value
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
    FROM rules r, json_each('["Priority", "LocalAddr", "LocalPort", "RemoteAddr", "RemotePort", "JobName",
                             "UserId", "Direction", "TTLSGrpAction", "TTLSEnvAction", "TTLSConnAction"]') k
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
),
list_items(env_action_id, setting, code, position) AS (
    SELECT env_action_id, setting, code, position FROM env_action_ciphers
    UNION ALL SELECT env_action_id, setting, code, position FROM env_action_groups
    UNION ALL SELECT env_action_id, setting, code, position FROM env_action_signature_pairs
),
-- group_concat keeps the order of its input when the input is already
-- sorted by the grouping columns (SQLite then groups without sorting again).
lists(snapshot_id, object, name, setting, value) AS (
    SELECT e.snapshot_id, 'env_action', e.name, l.setting, l.codes
    FROM (SELECT env_action_id, setting, group_concat(code, ' ') AS codes
          FROM (SELECT * FROM list_items ORDER BY env_action_id, setting, position)
          GROUP BY env_action_id, setting) l
    JOIN env_actions e ON e.env_action_id = l.env_action_id
),
kept(snapshot_id, object, name, setting, value) AS (
    SELECT coalesce(r.snapshot_id, g.snapshot_id, e.snapshot_id),
           CASE a.owner_table WHEN 'rules' THEN 'rule' WHEN 'group_actions' THEN 'group_action' ELSE 'env_action' END,
           coalesce(r.name, g.name, e.name), a.key, a.value
    FROM attributes a
    LEFT JOIN rules r ON a.owner_table = 'rules' AND r.rule_id = a.owner_id
    LEFT JOIN group_actions g ON a.owner_table = 'group_actions' AND g.group_action_id = a.owner_id
    LEFT JOIN env_actions e ON a.owner_table = 'env_actions' AND e.env_action_id = a.owner_id
    WHERE a.owner_table IN ('rules', 'group_actions', 'env_actions')
)
SELECT * FROM typed WHERE value IS NOT NULL
UNION ALL SELECT * FROM lists
UNION ALL SELECT * FROM kept;
