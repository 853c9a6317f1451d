-- 0006_summaries: summaries per capture date that the canned reports read
-- instead of every connection row, so that they answer in well under a
-- second on tens of millions of rows. They hold nothing of their own: every
-- row is derived from the fact tables and the reference tables.
--
-- Triggers on `snapshots` note each system, stack and capture date whose
-- snapshots were written or removed in `summaries_pending`, in the same
-- transaction as the facts; `ttlsinv ingest` rebuilds the summaries of those
-- days once the files are written (and after an interrupted run, at the next
-- one). A new catalog (grades) marks every day pending. (The triggers test
-- for the row rather than INSERT OR IGNORE: a trigger takes the conflict
-- handling of the statement that fired it.)

CREATE TABLE summaries_pending (
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    capture_date   TEXT    NOT NULL,
    PRIMARY KEY (system, stack, capture_date)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER snapshots_summaries_insert AFTER INSERT ON snapshots BEGIN
    INSERT INTO summaries_pending SELECT new.system, new.stack, new.capture_date
    WHERE NOT EXISTS (SELECT 1 FROM summaries_pending
                      WHERE system = new.system AND stack = new.stack AND capture_date = new.capture_date);
END;
CREATE TRIGGER snapshots_summaries_update AFTER UPDATE ON snapshots BEGIN
    INSERT INTO summaries_pending SELECT new.system, new.stack, new.capture_date
    WHERE NOT EXISTS (SELECT 1 FROM summaries_pending
                      WHERE system = new.system AND stack = new.stack AND capture_date = new.capture_date);
END;
CREATE TRIGGER snapshots_summaries_delete AFTER DELETE ON snapshots BEGIN
    INSERT INTO summaries_pending SELECT old.system, old.stack, old.capture_date
    WHERE NOT EXISTS (SELECT 1 FROM summaries_pending
                      WHERE system = old.system AND stack = old.stack AND capture_date = old.capture_date);
END;

-- Every row of v_connections of a day, counted per endpoint (kind,
-- direction, service port, job, remote address) and what it negotiated.
CREATE TABLE daily_endpoints (
    capture_date   TEXT    NOT NULL,
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    endpoint       TEXT    NOT NULL,
    direction      TEXT,
    service_port   INTEGER,
    job            TEXT,
    remote_ip      TEXT,
    ttls_policy    INTEGER,
    tls_protocol   TEXT,
    cipher_code    TEXT,
    cipher_name    TEXT,
    key_share      TEXT,
    protocol_grade TEXT,
    cipher_grade   TEXT,
    key_share_grade TEXT,
    worst_grade    TEXT,
    -- 1 when the protocol, cipher suite or key share group is weak or insecure
    weak           INTEGER NOT NULL,
    -- connection rows: a connection seen in two snapshots of the day counts twice
    connections    INTEGER NOT NULL,
    -- those of them with a TLS session
    tls_sessions   INTEGER NOT NULL,
    snapshots      INTEGER NOT NULL,
    first_seen     TEXT    NOT NULL,
    last_seen      TEXT    NOT NULL,
    bytes_in       INTEGER,
    bytes_out      INTEGER
) STRICT;
CREATE INDEX daily_endpoints_day ON daily_endpoints (system, stack, capture_date);
CREATE INDEX daily_endpoints_weak ON daily_endpoints (system, stack) WHERE weak = 1;
-- Led by the date, so that a new day's rows go at the end of the index
-- instead of into every page of it.
CREATE INDEX daily_endpoints_clear ON daily_endpoints (capture_date, system, stack, direction, service_port, job, remote_ip)
    WHERE endpoint = 'connection' AND ttls_policy = 0;

-- daily_endpoints without the remote address: what the counting reports read.
CREATE TABLE daily_services (
    capture_date   TEXT    NOT NULL,
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    endpoint       TEXT    NOT NULL,
    direction      TEXT,
    service_port   INTEGER,
    job            TEXT,
    ttls_policy    INTEGER,
    tls_protocol   TEXT,
    cipher_code    TEXT,
    cipher_name    TEXT,
    key_share      TEXT,
    protocol_grade TEXT,
    cipher_grade   TEXT,
    connections    INTEGER NOT NULL,
    tls_sessions   INTEGER NOT NULL,
    bytes_in       INTEGER,
    bytes_out      INTEGER
) STRICT;
CREATE INDEX daily_services_day ON daily_services (system, stack, capture_date);

-- The rows of the capacity report, one per day and service.
CREATE TABLE daily_capacity (
    capture_date   TEXT    NOT NULL,
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    job            TEXT,
    direction      TEXT,
    service_port   INTEGER,
    snapshots      INTEGER NOT NULL,
    connections    INTEGER NOT NULL,
    peak_connections INTEGER NOT NULL,
    bytes_in       INTEGER,
    bytes_out      INTEGER,
    segments_in    INTEGER,
    segments_out   INTEGER,
    top_peer       TEXT,
    top_peer_bytes INTEGER
) STRICT;
CREATE INDEX daily_capacity_day ON daily_capacity (system, stack, capture_date);

-- The security of each connection endpoint (system, stack, job, service
-- port, remote address) at its first and last snapshot of a day; when it
-- had several connections in a snapshot, the weakest stands for it.
CREATE TABLE endpoint_days (
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    job            TEXT,
    service_port   INTEGER,
    remote_ip      TEXT,
    capture_date   TEXT    NOT NULL,
    first_at       TEXT    NOT NULL,
    first_policy   INTEGER,
    first_protocol TEXT,
    first_protocol_rank INTEGER,
    first_cipher   TEXT,
    first_aead     INTEGER,
    first_grade    TEXT,
    first_grade_rank INTEGER,
    last_at        TEXT    NOT NULL,
    last_policy    INTEGER,
    last_protocol  TEXT,
    last_protocol_rank INTEGER,
    last_cipher    TEXT,
    last_aead      INTEGER,
    last_grade     TEXT,
    last_grade_rank INTEGER
) STRICT;
CREATE INDEX endpoint_days_endpoint ON endpoint_days (system, stack, job, service_port, remote_ip, capture_date);
-- Covering: the endpoints of a day are read without the table (and without
-- the rows of every other day of the system and stack).
CREATE INDEX endpoint_days_day ON endpoint_days (system, stack, capture_date, job, service_port, remote_ip);

-- Each step from one snapshot to the next that saw an endpoint where its
-- security got worse: the rows of the regressions report.
CREATE TABLE regressions (
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    job            TEXT,
    service_port   INTEGER,
    remote_ip      TEXT,
    -- the date of the later snapshot
    capture_date   TEXT    NOT NULL,
    -- 1 when the earlier snapshot is of an earlier date
    across_days    INTEGER NOT NULL,
    before_at      TEXT    NOT NULL,
    after_at       TEXT    NOT NULL,
    worse          TEXT    NOT NULL,
    before_protocol TEXT,
    after_protocol TEXT,
    before_cipher  TEXT,
    after_cipher   TEXT,
    before_grade   TEXT,
    after_grade    TEXT
) STRICT;
CREATE INDEX regressions_day ON regressions (system, stack, capture_date);

-- Fingerprints (SHA-256) of the settings of v_policy_settings: of a whole
-- snapshot, and of each rule and action in it. Equal fingerprints, equal
-- settings: policy-drift compares settings only where they differ.
CREATE TABLE snapshot_policies (
    snapshot_id    INTEGER PRIMARY KEY REFERENCES snapshots ON DELETE CASCADE,
    fingerprint    TEXT    NOT NULL
) STRICT;

CREATE TABLE policy_objects (
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    object         TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    fingerprint    TEXT    NOT NULL,
    PRIMARY KEY (snapshot_id, object, name)
) STRICT, WITHOUT ROWID;

-- v_connections, the same rows: the worst of the three grades by joining
-- `grades` rather than a subquery per row (a third faster to read, which the
-- summaries do for every connection).
DROP VIEW v_connections;

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
    -- the grade of the three with the lowest rank (none: NULL)
    CASE min(coalesce(gp.rank, 99), coalesce(gc.rank, 99), coalesce(gk.rank, 99))
        WHEN 99 THEN NULL
        WHEN coalesce(gp.rank, 99) THEN protocol_grade
        WHEN coalesce(gc.rank, 99) THEN cipher_grade
        ELSE key_share_grade
    END AS worst_grade
FROM base
LEFT JOIN grades gp ON gp.grade = base.protocol_grade
LEFT JOIN grades gc ON gc.grade = base.cipher_grade
LEFT JOIN grades gk ON gk.grade = base.key_share_grade;

-- v_policy_settings, the same rows, written so that a query for some
-- snapshots reads only theirs (the summaries fingerprint the policy of each
-- snapshot; policy-drift expands only the pairs whose fingerprints differ).
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
    SELECT e.snapshot_id, 'env_action', e.name, l.setting,
           (SELECT group_concat(code, ' ') FROM (SELECT code FROM env_action_ciphers
               WHERE env_action_id = l.env_action_id AND setting = l.setting ORDER BY position))
    FROM env_actions e JOIN env_action_ciphers l ON l.env_action_id = e.env_action_id AND l.position = 1
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
    SELECT c.snapshot_id, 'conn_action', c.name, l.setting,
           (SELECT group_concat(code, ' ') FROM (SELECT code FROM conn_action_ciphers
               WHERE conn_action_id = l.conn_action_id AND setting = l.setting ORDER BY position))
    FROM conn_actions c JOIN conn_action_ciphers l ON l.conn_action_id = c.conn_action_id AND l.position = 1
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

-- v_rule_allows, the same rows, written as one part per list table, each
-- starting from `rules`, so that a query for some snapshots or rules reads
-- only theirs (policy-inventory and allowed-not-used ask for the rules of
-- the period; the first form worked out every rule of every snapshot).
-- List settings belong to one list table each, so an environment action's
-- setting is overridden when the connection action's table of that kind
-- has the setting.
DROP VIEW v_rule_allows;

CREATE VIEW v_rule_allows (snapshot_id, rule_id, rule, kind, action, action_name, setting, position, code, name,
                           grade) AS
SELECT r.snapshot_id, r.rule_id, r.name, 'cipher', 'connection', c.name, i.setting, i.position, i.code,
       coalesce(cs.name, i.name),
       coalesce(cs.grade, 'unknown')
FROM rules r
JOIN conn_actions c ON c.snapshot_id = r.snapshot_id AND c.name = r.conn_action
JOIN conn_action_ciphers i ON i.conn_action_id = c.conn_action_id
LEFT JOIN cipher_suites cs ON cs.code = i.code
UNION ALL
SELECT r.snapshot_id, r.rule_id, r.name, 'cipher', 'environment', e.name, i.setting, i.position, i.code,
       coalesce(cs.name, i.name),
       coalesce(cs.grade, 'unknown')
FROM rules r
JOIN env_actions e ON e.snapshot_id = r.snapshot_id AND e.name = r.env_action
JOIN env_action_ciphers i ON i.env_action_id = e.env_action_id
LEFT JOIN conn_actions c ON c.snapshot_id = r.snapshot_id AND c.name = r.conn_action
LEFT JOIN cipher_suites cs ON cs.code = i.code
WHERE NOT EXISTS (SELECT 1 FROM conn_action_ciphers x WHERE x.conn_action_id = c.conn_action_id AND x.setting = i.setting)
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

INSERT INTO summaries_pending SELECT DISTINCT system, stack, capture_date FROM snapshots;
