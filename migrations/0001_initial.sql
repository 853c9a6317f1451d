-- 0001_initial: the inventory's core. Capture files and the netstat reports
-- found in them, snapshots (what one capture run saw on one system and
-- stack), and the facts parsed from the reports: connections, negotiated TLS
-- sessions, AT-TLS rules, group and environment actions with their list
-- settings, and a key/value table for every field without a typed column.
-- Every fact row points to the capture (report) and line it came from.

CREATE TABLE capture_files (
    file_id        INTEGER PRIMARY KEY,
    path           TEXT    NOT NULL UNIQUE,
    sha256         TEXT    NOT NULL UNIQUE,
    size           INTEGER NOT NULL,
    mtime_ns       INTEGER,
    system         TEXT    NOT NULL,
    capture_date   TEXT    NOT NULL,
    ingested_at    TEXT    NOT NULL,
    problem_count  INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE snapshots (
    snapshot_id    INTEGER PRIMARY KEY,
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    capture_date   TEXT    NOT NULL,
    -- the folder of the capture files, the time in their names, and the run
    -- number within a file: reports that share it are one capture run
    run_key        TEXT    NOT NULL,
    captured_at    TEXT    NOT NULL,
    -- how many netstat reports make up the snapshot
    report_count   INTEGER NOT NULL DEFAULT 1,
    UNIQUE (system, stack, capture_date, run_key)
) STRICT;

CREATE TABLE captures (
    capture_id     INTEGER PRIMARY KEY,
    file_id        INTEGER NOT NULL REFERENCES capture_files ON DELETE CASCADE,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    report_kind    TEXT    NOT NULL,
    dialect        TEXT    NOT NULL,
    release        TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    system         TEXT    NOT NULL,
    captured_at    TEXT    NOT NULL,
    header_time    TEXT,
    first_line     INTEGER NOT NULL,
    last_line      INTEGER NOT NULL,
    record_count   INTEGER NOT NULL
) STRICT;
CREATE INDEX captures_file ON captures (file_id);
CREATE INDEX captures_snapshot ON captures (snapshot_id);

CREATE TABLE connections (
    connection_id  INTEGER PRIMARY KEY,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    capture_id     INTEGER NOT NULL REFERENCES captures ON DELETE CASCADE,
    source_line    INTEGER NOT NULL,
    -- which report kind supplied the row: 1 ALL, 2 ALLCONN/CONN, 3 TTLS
    source_rank    INTEGER NOT NULL,
    -- how many reports of the snapshot described the connection
    report_count   INTEGER NOT NULL DEFAULT 1,
    conn_id        TEXT    NOT NULL,
    job            TEXT,
    local_ip       TEXT,
    local_port     INTEGER,
    remote_ip      TEXT,
    remote_port    INTEGER,
    state          TEXT,
    bytes_in       INTEGER,
    bytes_out      INTEGER,
    segments_in    INTEGER,
    segments_out   INTEGER,
    started_at     TEXT,
    last_touched   TEXT,
    ttls_policy    INTEGER,
    ttls_rule      TEXT,
    ttls_group_action TEXT,
    ttls_env_action TEXT,
    rcv_nxt INTEGER, snd_nxt INTEGER, client_rcv_nxt INTEGER, client_snd_nxt INTEGER,
    init_rcv_seq_num INTEGER, init_snd_seq_num INTEGER, congestion_window INTEGER,
    slow_start_threshold INTEGER, incoming_window_num INTEGER, outgoing_window_num INTEGER,
    snd_wl1 INTEGER, snd_wl2 INTEGER, snd_wnd INTEGER, max_snd_wnd INTEGER, snd_una INTEGER,
    rtt_seq INTEGER, maximum_segment_size INTEGER, ds_field TEXT,
    smooth_trip_time REAL, smooth_trip_variance REAL, rexmt INTEGER, rexmt_count INTEGER,
    dup_acks INTEGER, rcv_wnd INTEGER, sock_opt TEXT, tcp_timer TEXT, tcp_sig TEXT,
    tcp_sel TEXT, tcp_det TEXT, tcp_pol TEXT, tcp_prf TEXT, tcp_prf2 TEXT, tcp_prf3 TEXT,
    delay_ack INTEGER, qos_policy INTEGER, routing_policy INTEGER,
    receive_buffer_size INTEGER, send_buffer_size INTEGER, receive_data_queued INTEGER,
    send_data_queued INTEGER, send_stalled INTEGER, ancillary_input_queue TEXT,
    UNIQUE (snapshot_id, conn_id)
) STRICT;
CREATE INDEX connections_capture ON connections (capture_id);

CREATE TABLE tls_sessions (
    tls_session_id INTEGER PRIMARY KEY,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    capture_id     INTEGER NOT NULL REFERENCES captures ON DELETE CASCADE,
    source_line    INTEGER NOT NULL,
    report_count   INTEGER NOT NULL DEFAULT 1,
    conn_id        TEXT    NOT NULL,
    sec_level      TEXT,
    protocol       TEXT,
    cipher_code    TEXT,
    cipher_name    TEXT,
    key_share_code TEXT,
    key_share_name TEXT,
    cert_user_id   TEXT,
    map_type       TEXT,
    fips140        INTEGER,
    session_id     TEXT,
    sid_reuse_requested INTEGER,
    rule_name      TEXT,
    UNIQUE (snapshot_id, conn_id)
) STRICT;
CREATE INDEX tls_sessions_capture ON tls_sessions (capture_id);

CREATE TABLE rules (
    rule_id        INTEGER PRIMARY KEY,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    capture_id     INTEGER NOT NULL REFERENCES captures ON DELETE CASCADE,
    source_line    INTEGER NOT NULL,
    name           TEXT    NOT NULL,
    priority       INTEGER,
    local_addr     TEXT,
    local_port     TEXT,
    remote_addr    TEXT,
    remote_port    TEXT,
    job_name       TEXT,
    user_id        TEXT,
    direction      TEXT,
    group_action   TEXT,
    env_action     TEXT,
    conn_action    TEXT,
    UNIQUE (snapshot_id, name)
) STRICT;
CREATE INDEX rules_capture ON rules (capture_id);

CREATE TABLE group_actions (
    group_action_id INTEGER PRIMARY KEY,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    capture_id     INTEGER NOT NULL REFERENCES captures ON DELETE CASCADE,
    source_line    INTEGER NOT NULL,
    name           TEXT    NOT NULL,
    group_id       TEXT,
    conns          INTEGER,
    tasks          INTEGER,
    work_q_elements INTEGER,
    syslog_q_elements INTEGER,
    ttls_enabled   INTEGER,
    ctrace_clear_text INTEGER,
    trace          INTEGER,
    syslog_facility TEXT,
    secondary_map  INTEGER,
    fips140        INTEGER,
    UNIQUE (snapshot_id, name)
) STRICT;
CREATE INDEX group_actions_capture ON group_actions (capture_id);

CREATE TABLE group_action_envs (
    group_action_id INTEGER NOT NULL REFERENCES group_actions ON DELETE CASCADE,
    capture_id     INTEGER NOT NULL REFERENCES captures ON DELETE CASCADE,
    source_line    INTEGER NOT NULL,
    env_action     TEXT    NOT NULL,
    conns          INTEGER,
    PRIMARY KEY (group_action_id, env_action)
) STRICT;
CREATE INDEX group_action_envs_capture ON group_action_envs (capture_id);

CREATE TABLE env_actions (
    env_action_id  INTEGER PRIMARY KEY,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    capture_id     INTEGER NOT NULL REFERENCES captures ON DELETE CASCADE,
    source_line    INTEGER NOT NULL,
    name           TEXT    NOT NULL,
    handshake_role TEXT,
    keyring        TEXT,
    certificate_label TEXT,
    client_auth_type TEXT,
    cert_validation_mode TEXT,
    sslv2          INTEGER,
    sslv3          INTEGER,
    tlsv1          INTEGER,
    tlsv1_1        INTEGER,
    tlsv1_2        INTEGER,
    tlsv1_3        INTEGER,
    suite_b_profile TEXT,
    middlebox_compat_mode INTEGER,
    application_controlled INTEGER,
    secondary_map  INTEGER,
    handshake_timeout INTEGER,
    reset_cipher_timer INTEGER,
    trace          INTEGER,
    renegotiation  TEXT,
    UNIQUE (snapshot_id, name)
) STRICT;
CREATE INDEX env_actions_capture ON env_actions (capture_id);

-- List-valued settings of environment actions, in printed order.
CREATE TABLE env_action_ciphers (
    env_action_id  INTEGER NOT NULL REFERENCES env_actions ON DELETE CASCADE,
    setting        TEXT    NOT NULL,
    position       INTEGER NOT NULL,
    code           TEXT    NOT NULL,
    name           TEXT,
    source_line    INTEGER NOT NULL,
    PRIMARY KEY (env_action_id, setting, position)
) STRICT;

CREATE TABLE env_action_groups (
    env_action_id  INTEGER NOT NULL REFERENCES env_actions ON DELETE CASCADE,
    setting        TEXT    NOT NULL,
    position       INTEGER NOT NULL,
    code           TEXT    NOT NULL,
    name           TEXT,
    source_line    INTEGER NOT NULL,
    PRIMARY KEY (env_action_id, setting, position)
) STRICT;

CREATE TABLE env_action_signature_pairs (
    env_action_id  INTEGER NOT NULL REFERENCES env_actions ON DELETE CASCADE,
    setting        TEXT    NOT NULL,
    position       INTEGER NOT NULL,
    code           TEXT    NOT NULL,
    name           TEXT,
    source_line    INTEGER NOT NULL,
    PRIMARY KEY (env_action_id, setting, position)
) STRICT;

-- Every field a parser saw that has no typed column, as printed.
CREATE TABLE attributes (
    capture_id     INTEGER NOT NULL REFERENCES captures ON DELETE CASCADE,
    source_line    INTEGER NOT NULL,
    -- the table of the row the field belongs to, and that row's id
    owner_table    TEXT    NOT NULL,
    owner_id       INTEGER NOT NULL,
    key            TEXT    NOT NULL,
    value          TEXT    NOT NULL
) STRICT;
CREATE INDEX attributes_owner ON attributes (owner_table, owner_id);
CREATE INDEX attributes_capture ON attributes (capture_id);

-- What could not be read: kept per file path, replaced when the file is read again.
CREATE TABLE ingest_problems (
    problem_id     INTEGER PRIMARY KEY,
    path           TEXT    NOT NULL,
    line           INTEGER NOT NULL,
    reason         TEXT    NOT NULL,
    recorded_at    TEXT    NOT NULL
) STRICT;
CREATE INDEX ingest_problems_path ON ingest_problems (path);

-- One row per connection per snapshot, with its negotiated TLS session.
CREATE VIEW v_connections AS
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
    c.source_line
FROM connections c
JOIN snapshots s ON s.snapshot_id = c.snapshot_id
JOIN captures k ON k.capture_id = c.capture_id
JOIN capture_files f ON f.file_id = k.file_id
LEFT JOIN tls_sessions t ON t.snapshot_id = c.snapshot_id AND t.conn_id = c.conn_id
LEFT JOIN rules r ON r.snapshot_id = t.snapshot_id AND r.name = t.rule_name;

-- Each netstat report with the file it was found in.
CREATE VIEW v_captures AS
SELECT
    k.capture_id,
    k.snapshot_id,
    f.path,
    f.sha256,
    f.size,
    k.system,
    k.stack,
    k.release,
    k.dialect,
    k.report_kind,
    k.captured_at,
    k.first_line,
    k.last_line,
    k.record_count
FROM captures k
JOIN capture_files f ON f.file_id = k.file_id;
