-- 0004_policy_sources: AT-TLS policy from `pasearch -t` dumps beside the
-- policy NETSTAT prints, connection actions, and the new report kinds.
--
-- NETSTAT TTLS DETAIL and TTLS GROUP print only the rules and actions that
-- had a connection when they ran; pasearch prints every rule and action of
-- the policy. Rules, group and environment actions now say which printed
-- them: `netstat`, `pasearch`, or `both` when reports of both kinds in one
-- snapshot did. Rules gain the fields only pasearch prints. Connection
-- actions (which override the environment action for one rule's
-- connections) get a table, with list tables like environment actions.
-- Other columns take new values without a schema change: captures.dialect
-- `console` (D TCPIP,,NETSTAT), captures.report_kind `BYTEINFO` and
-- `PASEARCH`, connections.source_rank 4 (BYTEINFO), attributes.owner_table
-- `captures` (fields of a whole report) and `conn_actions`.

ALTER TABLE rules ADD COLUMN source TEXT NOT NULL DEFAULT 'netstat'
    CHECK (source IN ('netstat', 'pasearch', 'both'));
ALTER TABLE rules ADD COLUMN rule_type TEXT;
ALTER TABLE rules ADD COLUMN status TEXT;
ALTER TABLE rules ADD COLUMN weight INTEGER;

ALTER TABLE group_actions ADD COLUMN source TEXT NOT NULL DEFAULT 'netstat'
    CHECK (source IN ('netstat', 'pasearch', 'both'));

ALTER TABLE env_actions ADD COLUMN source TEXT NOT NULL DEFAULT 'netstat'
    CHECK (source IN ('netstat', 'pasearch', 'both'));

CREATE TABLE conn_actions (
    conn_action_id INTEGER PRIMARY KEY,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    capture_id     INTEGER NOT NULL REFERENCES captures ON DELETE CASCADE,
    source_line    INTEGER NOT NULL,
    name           TEXT    NOT NULL,
    source         TEXT    NOT NULL DEFAULT 'netstat' CHECK (source IN ('netstat', 'pasearch', 'both')),
    handshake_role TEXT,
    certificate_label TEXT,
    server_certificate_label TEXT,
    client_certificate_label TEXT,
    sslv2          INTEGER,
    sslv3          INTEGER,
    tlsv1          INTEGER,
    tlsv1_1        INTEGER,
    tlsv1_2        INTEGER,
    tlsv1_3        INTEGER,
    middlebox_compat_mode INTEGER,
    application_controlled INTEGER,
    secondary_map  INTEGER,
    ctrace_clear_text INTEGER,
    handshake_timeout INTEGER,
    reset_cipher_timer INTEGER,
    trace          INTEGER,
    UNIQUE (snapshot_id, name)
) STRICT;
CREATE INDEX conn_actions_capture ON conn_actions (capture_id);

-- List-valued settings of connection actions, in printed order.
CREATE TABLE conn_action_ciphers (
    conn_action_id INTEGER NOT NULL REFERENCES conn_actions ON DELETE CASCADE,
    setting        TEXT    NOT NULL,
    position       INTEGER NOT NULL,
    code           TEXT    NOT NULL,
    name           TEXT,
    source_line    INTEGER NOT NULL,
    PRIMARY KEY (conn_action_id, setting, position)
) STRICT;

CREATE TABLE conn_action_groups (
    conn_action_id INTEGER NOT NULL REFERENCES conn_actions ON DELETE CASCADE,
    setting        TEXT    NOT NULL,
    position       INTEGER NOT NULL,
    code           TEXT    NOT NULL,
    name           TEXT,
    source_line    INTEGER NOT NULL,
    PRIMARY KEY (conn_action_id, setting, position)
) STRICT;

CREATE TABLE conn_action_signature_pairs (
    conn_action_id INTEGER NOT NULL REFERENCES conn_actions ON DELETE CASCADE,
    setting        TEXT    NOT NULL,
    position       INTEGER NOT NULL,
    code           TEXT    NOT NULL,
    name           TEXT,
    source_line    INTEGER NOT NULL,
    PRIMARY KEY (conn_action_id, setting, position)
) STRICT;

-- Every setting of every rule and action, as in 0003, with connection
-- actions and the rule fields pasearch prints (`Rule Type`, `Status`,
-- `Weight`, under pasearch's names).
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
list_items(object, owner_id, setting, code, position) AS (
    SELECT 'env_action', env_action_id, setting, code, position FROM env_action_ciphers
    UNION ALL SELECT 'env_action', env_action_id, setting, code, position FROM env_action_groups
    UNION ALL SELECT 'env_action', env_action_id, setting, code, position FROM env_action_signature_pairs
    UNION ALL SELECT 'conn_action', conn_action_id, setting, code, position FROM conn_action_ciphers
    UNION ALL SELECT 'conn_action', conn_action_id, setting, code, position FROM conn_action_groups
    UNION ALL SELECT 'conn_action', conn_action_id, setting, code, position FROM conn_action_signature_pairs
),
-- group_concat keeps the order of its input when the input is already
-- sorted by the grouping columns (SQLite then groups without sorting again).
lists(snapshot_id, object, name, setting, value) AS (
    SELECT coalesce(e.snapshot_id, c.snapshot_id), l.object, coalesce(e.name, c.name), l.setting, l.codes
    FROM (SELECT object, owner_id, setting, group_concat(code, ' ') AS codes
          FROM (SELECT * FROM list_items ORDER BY object, owner_id, setting, position)
          GROUP BY object, owner_id, setting) l
    LEFT JOIN env_actions e ON l.object = 'env_action' AND e.env_action_id = l.owner_id
    LEFT JOIN conn_actions c ON l.object = 'conn_action' AND c.conn_action_id = l.owner_id
),
kept(snapshot_id, object, name, setting, value) AS (
    SELECT coalesce(r.snapshot_id, g.snapshot_id, e.snapshot_id, c.snapshot_id),
           CASE a.owner_table WHEN 'rules' THEN 'rule' WHEN 'group_actions' THEN 'group_action'
                              WHEN 'env_actions' THEN 'env_action' ELSE 'conn_action' END,
           coalesce(r.name, g.name, e.name, c.name), a.key, a.value
    FROM attributes a
    LEFT JOIN rules r ON a.owner_table = 'rules' AND r.rule_id = a.owner_id
    LEFT JOIN group_actions g ON a.owner_table = 'group_actions' AND g.group_action_id = a.owner_id
    LEFT JOIN env_actions e ON a.owner_table = 'env_actions' AND e.env_action_id = a.owner_id
    LEFT JOIN conn_actions c ON a.owner_table = 'conn_actions' AND c.conn_action_id = a.owner_id
    WHERE a.owner_table IN ('rules', 'group_actions', 'env_actions', 'conn_actions')
)
SELECT * FROM typed WHERE value IS NOT NULL
UNION ALL SELECT * FROM lists
UNION ALL SELECT * FROM kept;
