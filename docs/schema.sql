-- The schema as the migrations leave it (generated; do not edit).
-- Regenerate after adding a migration: UPDATE_SCHEMA_SQL=1 cargo test --locked --lib schema_sql

CREATE TABLE attributes (
    capture_id     INTEGER NOT NULL REFERENCES "capture_rows" ON DELETE CASCADE,
    source_line    INTEGER NOT NULL,
    -- the table of the row the field belongs to, and that row's id
    owner_table    TEXT    NOT NULL,
    owner_id       INTEGER NOT NULL,
    key            TEXT    NOT NULL,
    value          TEXT    NOT NULL
) STRICT;

CREATE TABLE "capture_files" (
    file_id        INTEGER PRIMARY KEY,
    path           TEXT    NOT NULL UNIQUE,
    sha256         TEXT    NOT NULL,
    size           INTEGER NOT NULL,
    mtime_ns       INTEGER,
    system         TEXT    NOT NULL,
    capture_date   TEXT    NOT NULL,
    ingested_at    TEXT    NOT NULL,
    problem_count  INTEGER NOT NULL DEFAULT 0
, continues TEXT, text_size INTEGER, text_sha256 TEXT) STRICT;

CREATE TABLE "capture_rows" (
    capture_id     INTEGER PRIMARY KEY,
    -- NULL: a report of a stub prune kept (snapshots.pruned)
    file_id        INTEGER REFERENCES capture_files ON DELETE CASCADE,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    report_kind    TEXT    NOT NULL,
    dialect_text_id INTEGER NOT NULL,
    release_text_id INTEGER NOT NULL,
    -- NULL: the snapshot's
    stack          TEXT,
    system         TEXT,
    -- NULL: the snapshot's capture_date || 'T' || header_time
    captured_at    TEXT,
    header_time    TEXT,
    first_line     INTEGER NOT NULL,
    last_line      INTEGER NOT NULL,
    record_count   INTEGER NOT NULL
) STRICT;

CREATE TABLE cipher_suites (
    code           TEXT    PRIMARY KEY,
    -- the z/OS 2-character spec, for the 00xx suites z/OS documents one for
    code_2char     TEXT    UNIQUE,
    name           TEXT    NOT NULL UNIQUE,
    -- the oldest version that can negotiate the suite
    protocol_min   TEXT    NOT NULL REFERENCES protocols,
    kex            TEXT    NOT NULL,
    auth           TEXT    NOT NULL,
    enc            TEXT    NOT NULL,
    enc_bits       INTEGER NOT NULL,
    mode           TEXT    NOT NULL,
    -- the HMAC hash of CBC and stream suites; only the PRF hash of AEAD suites
    mac            TEXT    NOT NULL,
    forward_secret INTEGER NOT NULL CHECK (forward_secret IN (0, 1)),
    aead           INTEGER NOT NULL CHECK (aead IN (0, 1)),
    export         INTEGER NOT NULL CHECK (export IN (0, 1)),
    null_cipher    INTEGER NOT NULL CHECK (null_cipher IN (0, 1)),
    anonymous      INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    zos_supported  INTEGER NOT NULL CHECK (zos_supported IN (0, 1)),
    -- 1 for every public-key exchange; on TLS 1.3 suites "classical by default": the key-share group decides
    quantum_vulnerable INTEGER NOT NULL CHECK (quantum_vulnerable IN (0, 1)),
    -- ciphersuite.info's grade, reproduced from its fixtures, and the weaknesses behind it
    grade          TEXT    NOT NULL REFERENCES grades,
    grade_reasons  TEXT    NOT NULL,
    -- the strictest Mozilla configuration that allows the suite
    mozilla_5_7    TEXT    NOT NULL CHECK (mozilla_5_7 IN ('modern', 'intermediate', 'old', 'none')),
    mozilla_6_0    TEXT    NOT NULL CHECK (mozilla_6_0 IN ('modern', 'intermediate', 'old', 'none')),
    nist_800_52r2  INTEGER NOT NULL CHECK (nist_800_52r2 IN (0, 1)),
    -- IANA's Recommended column; NULL for the SSLv2 specs, which IANA does not list
    iana_recommended TEXT  CHECK (iana_recommended IN ('Y', 'N', 'D'))
) STRICT;

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

CREATE TABLE conn_actions (
    conn_action_id INTEGER PRIMARY KEY,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    capture_id     INTEGER NOT NULL REFERENCES "capture_rows" ON DELETE CASCADE,
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

CREATE TABLE "connection_directions" (
    identity_id   INTEGER NOT NULL,
    capture_date  TEXT    NOT NULL,
    system        TEXT    NOT NULL,
    stack         TEXT    NOT NULL,
    -- the strongest evidence of direction the connection's rows of that day had of their own (1
    -- strongest: v_connection_core.evidence_rank), and the direction it gives
    rank          INTEGER NOT NULL,
    direction     TEXT    NOT NULL,
    PRIMARY KEY (identity_id, rank, capture_date)
) STRICT, WITHOUT ROWID;

CREATE TABLE connection_heads (
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    conn_id        TEXT    NOT NULL,
    connection_id  INTEGER NOT NULL,
    identity_id    INTEGER NOT NULL,
    captured_at    TEXT    NOT NULL,
    started_at     TEXT,
    local_port     INTEGER,
    remote_port    INTEGER,
    bytes_in       INTEGER,
    bytes_out      INTEGER,
    segments_in    INTEGER,
    segments_out   INTEGER, whole_counters INTEGER,
    PRIMARY KEY (system, stack, conn_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE connection_links (
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    linked_through TEXT    NOT NULL,
    PRIMARY KEY (system, stack)
) STRICT, WITHOUT ROWID;

CREATE TABLE connection_protection (
    capture_date   TEXT    NOT NULL,
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    identity_id    INTEGER NOT NULL,
    -- clear or negotiated, as the connection counts that day, and its negotiation
    tls_state      TEXT    NOT NULL,
    tls_protocol   TEXT,
    cipher_code    TEXT,
    key_share      TEXT,
    PRIMARY KEY (system, stack, capture_date, identity_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE "connection_rows" (
    connection_id INTEGER PRIMARY KEY,
    snapshot_id INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    capture_id INTEGER NOT NULL REFERENCES "capture_rows" ON DELETE CASCADE,
    source_line INTEGER NOT NULL,
    source_rank INTEGER NOT NULL,
    report_count INTEGER NOT NULL DEFAULT 1,
    conn_id TEXT    NOT NULL,
    job_text_id INTEGER,
    local_ip_text_id INTEGER,
    local_port INTEGER,
    remote_ip TEXT,
    remote_port INTEGER,
    state_text_id INTEGER,
    bytes_in INTEGER,
    bytes_out INTEGER,
    segments_in INTEGER,
    segments_out INTEGER,
    started_s INTEGER,
    last_touched_s INTEGER,
    ttls_policy INTEGER,
    ttls_rule_text_id INTEGER,
    ttls_group_action_text_id INTEGER,
    ttls_env_action_text_id INTEGER,
    rcv_nxt INTEGER,
    snd_nxt INTEGER,
    client_rcv_nxt_d INTEGER,
    client_snd_nxt_d INTEGER,
    init_rcv_seq_num_d INTEGER,
    init_snd_seq_num_d INTEGER,
    congestion_window INTEGER,
    slow_start_threshold INTEGER,
    incoming_window_num_d INTEGER,
    outgoing_window_num_d INTEGER,
    snd_wl1_d INTEGER,
    snd_wl2_d INTEGER,
    snd_wnd INTEGER,
    max_snd_wnd_d INTEGER,
    snd_una_d INTEGER,
    rtt_seq_d INTEGER,
    smooth_trip_time REAL,
    smooth_trip_variance REAL,
    rcv_wnd INTEGER,
    tcp_rare_text_id INTEGER,
    previous_id INTEGER,
    identity_id INTEGER,
    traffic_bytes_in INTEGER,
    traffic_bytes_out INTEGER,
    traffic_segments_in INTEGER,
    traffic_segments_out INTEGER
, rexmt INTEGER, rexmt_count INTEGER, dup_acks INTEGER, receive_data_queued INTEGER, send_data_queued INTEGER, send_stalled INTEGER, counter_digits INTEGER) STRICT;

CREATE TABLE daily_capacity (
    capture_date   TEXT    NOT NULL,
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    job            TEXT,
    direction      TEXT,
    service_port   INTEGER,
    snapshots      INTEGER NOT NULL,
    -- connections, each counted once in the day
    connections    INTEGER NOT NULL,
    peak_connections INTEGER NOT NULL,
    -- traffic in the day
    bytes_in       INTEGER,
    bytes_out      INTEGER,
    segments_in    INTEGER,
    segments_out   INTEGER,
    top_peer       TEXT,
    top_peer_bytes INTEGER,
    -- connections first seen this day that had started on an earlier date:
    -- their first counters hold traffic from before the first capture
    started_earlier INTEGER NOT NULL
, days_covered INTEGER NOT NULL DEFAULT 1) STRICT;

CREATE TABLE daily_endpoints (
    capture_date   TEXT    NOT NULL,
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    endpoint       TEXT    NOT NULL,
    direction      TEXT,
    service_port   INTEGER,
    job            TEXT,
    remote_ip      TEXT,
    tls_state      TEXT,
    continued_from TEXT,
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
    -- connections, each counted once in the day
    connections    INTEGER NOT NULL,
    -- those of them with a TLS session in their first snapshot of the day
    tls_sessions   INTEGER NOT NULL,
    snapshots      INTEGER NOT NULL,
    first_seen     TEXT    NOT NULL,
    last_seen      TEXT    NOT NULL,
    -- traffic in the day: growth of the counters since the previous snapshot
    bytes_in       INTEGER,
    bytes_out      INTEGER
, seen_before TEXT, negotiated_before TEXT) STRICT;

CREATE TABLE daily_peer_sets (
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    capture_date   TEXT    NOT NULL,
    set_id         INTEGER NOT NULL,
    peers          INTEGER NOT NULL,
    PRIMARY KEY (system, stack, capture_date, set_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE daily_services (
    capture_date   TEXT    NOT NULL,
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    endpoint       TEXT    NOT NULL,
    direction      TEXT,
    service_port   INTEGER,
    job            TEXT,
    tls_state      TEXT,
    continued_from TEXT,
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
, key_share_grade TEXT, worst_grade TEXT, weak INTEGER NOT NULL DEFAULT 0, first_seen TEXT NOT NULL DEFAULT '', last_seen TEXT NOT NULL DEFAULT '', seen_before TEXT, negotiated_before TEXT) STRICT;

CREATE TABLE day_changes (
    capture_date   TEXT    NOT NULL PRIMARY KEY,
    change         INTEGER NOT NULL
) STRICT;

CREATE TABLE endpoint_days (
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    job            TEXT,
    service_port   INTEGER,
    remote_ip      TEXT,
    capture_date   TEXT    NOT NULL,
    first_at       TEXT    NOT NULL,
    first_protected INTEGER,
    first_protocol TEXT,
    first_protocol_rank INTEGER,
    first_cipher   TEXT,
    first_aead     INTEGER,
    first_grade    TEXT,
    first_grade_rank INTEGER,
    last_at        TEXT    NOT NULL,
    last_protected INTEGER,
    last_protocol  TEXT,
    last_protocol_rank INTEGER,
    last_cipher    TEXT,
    last_aead      INTEGER,
    last_grade     TEXT,
    last_grade_rank INTEGER
, direction TEXT, first_key_share TEXT, last_key_share TEXT) STRICT;

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

CREATE TABLE env_actions (
    env_action_id  INTEGER PRIMARY KEY,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    capture_id     INTEGER NOT NULL REFERENCES "capture_rows" ON DELETE CASCADE,
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
    renegotiation  TEXT, source TEXT NOT NULL DEFAULT 'netstat'
    CHECK (source IN ('netstat', 'pasearch', 'both')),
    UNIQUE (snapshot_id, name)
) STRICT;

CREATE TABLE grades (
    grade          TEXT    PRIMARY KEY,
    rank           INTEGER NOT NULL UNIQUE
) STRICT;

CREATE TABLE group_action_envs (
    group_action_id INTEGER NOT NULL REFERENCES group_actions ON DELETE CASCADE,
    capture_id     INTEGER NOT NULL REFERENCES "capture_rows" ON DELETE CASCADE,
    source_line    INTEGER NOT NULL,
    env_action     TEXT    NOT NULL,
    conns          INTEGER,
    PRIMARY KEY (group_action_id, env_action)
) STRICT;

CREATE TABLE group_actions (
    group_action_id INTEGER PRIMARY KEY,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    capture_id     INTEGER NOT NULL REFERENCES "capture_rows" ON DELETE CASCADE,
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
    fips140        INTEGER, source TEXT NOT NULL DEFAULT 'netstat'
    CHECK (source IN ('netstat', 'pasearch', 'both')),
    UNIQUE (snapshot_id, name)
) STRICT;

CREATE TABLE ingest_problems (
    problem_id     INTEGER PRIMARY KEY,
    path           TEXT    NOT NULL,
    line           INTEGER NOT NULL,
    reason         TEXT    NOT NULL,
    recorded_at    TEXT    NOT NULL
) STRICT;

CREATE TABLE ingest_roots (
    -- a folder (or file) given to `ttlsinv ingest`, absolute, symlinks
    -- resolved, one text per path as capture_files.path
    root        TEXT    NOT NULL PRIMARY KEY,
    -- the --layout template; NULL: the default rule (no --layout)
    layout      TEXT,
    recorded_at TEXT    NOT NULL
) STRICT;

CREATE TABLE kept_connection_ids (
    -- one row
    one            INTEGER PRIMARY KEY CHECK (one = 1),
    highest        INTEGER NOT NULL
) STRICT;

CREATE TABLE named_groups (
    code           TEXT    PRIMARY KEY,
    iana_value     INTEGER NOT NULL UNIQUE,
    -- the name z/OS prints ('X25519') where z/OS lists the group, else IANA's
    name           TEXT    NOT NULL,
    iana_recommended TEXT  NOT NULL CHECK (iana_recommended IN ('Y', 'N', 'D')),
    grade          TEXT    NOT NULL REFERENCES grades,
    grade_reason   TEXT    NOT NULL,
    quantum_vulnerable INTEGER NOT NULL CHECK (quantum_vulnerable IN (0, 1))
) STRICT;

CREATE TABLE negotiated_days (
    -- the last snapshot of the day that saw it so: its system, stack, date and time
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    identity_id    INTEGER,
    job            TEXT,
    direction      TEXT,
    service_port   INTEGER,
    -- in IPv4 form, as in the summaries (0033)
    remote_ip      TEXT,
    rule           TEXT,
    env_action     TEXT,
    tls_protocol   TEXT,
    cipher_code    TEXT,
    key_share      TEXT,
    first_seen     TEXT    NOT NULL
) STRICT;

CREATE TABLE negotiation_sets (
    set_id         INTEGER PRIMARY KEY,
    negotiations   TEXT    NOT NULL UNIQUE
) STRICT;

CREATE TABLE negotiations (
    negotiation_id INTEGER PRIMARY KEY,
    tls_protocol   TEXT,
    cipher_code    TEXT,
    key_share      TEXT
) STRICT;

CREATE TABLE peer_services (
    service_id     INTEGER PRIMARY KEY,
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    direction      TEXT,
    service_port   INTEGER,
    job            TEXT
) STRICT;

CREATE TABLE policy_objects (
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    object         TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    fingerprint    TEXT    NOT NULL,
    PRIMARY KEY (snapshot_id, object, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE protocols (
    name           TEXT    PRIMARY KEY
                           CHECK (name IN ('SSLv2', 'SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3')),
    rank           INTEGER NOT NULL UNIQUE,
    grade          TEXT    NOT NULL REFERENCES grades,
    grade_reason   TEXT    NOT NULL
) STRICT;

CREATE TABLE pruned_days (
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    capture_date   TEXT    NOT NULL,
    pruned_at      TEXT    NOT NULL, quantum_rules TEXT, unlisted_connections INTEGER,
    PRIMARY KEY (system, stack, capture_date)
) STRICT;

CREATE TABLE pruned_files (
    path           TEXT    NOT NULL PRIMARY KEY,
    sha256         TEXT    NOT NULL,
    system         TEXT    NOT NULL,
    capture_date   TEXT    NOT NULL,
    pruned_at      TEXT    NOT NULL
, size INTEGER, text_size INTEGER, text_sha256 TEXT) STRICT;

CREATE TABLE pruned_heads (
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    conn_id        TEXT    NOT NULL,
    connection_id  INTEGER NOT NULL,
    identity_id    INTEGER NOT NULL,
    captured_at    TEXT    NOT NULL,
    started_at     TEXT,
    local_port     INTEGER,
    remote_port    INTEGER,
    bytes_in       INTEGER,
    bytes_out      INTEGER,
    segments_in    INTEGER,
    segments_out   INTEGER,
    -- the job and remote address (IPv4 form) of the socket the head was last seen on, which a
    -- later row of the monitor layout (no conn id) continues it by; NULL when a later conn id was
    -- printed on that socket
    job            TEXT,
    remote_ip      TEXT,
    -- the last pruned date the connection was seen at all, told its protection (clear,
    -- not_captured or better), showed policy_only or better, negotiated
    seen           TEXT,
    told           TEXT,
    policy_only    TEXT,
    negotiated     TEXT, head_date TEXT, whole_counters INTEGER,
    PRIMARY KEY (system, stack, conn_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE raised_alerts (
    alert_id   INTEGER PRIMARY KEY,
    key        TEXT    NOT NULL UNIQUE,
    -- 'regression', 'policy_change', 'weak_crypto', 'cleartext',
    -- 'capture_missing' or 'capture_failed'
    kind       TEXT    NOT NULL,
    date       TEXT,
    system     TEXT,
    stack      TEXT,
    subject    TEXT,
    detail     TEXT,
    raised_at  TEXT    NOT NULL,
    read_at    TEXT
) STRICT;

CREATE TABLE regressions (
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    job            TEXT,
    service_port   INTEGER,
    remote_ip      TEXT,
    capture_date   TEXT    NOT NULL,
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
, direction TEXT, before_key_share TEXT, after_key_share TEXT) STRICT;

CREATE TABLE rules (
    rule_id        INTEGER PRIMARY KEY,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    capture_id     INTEGER NOT NULL REFERENCES "capture_rows" ON DELETE CASCADE,
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
    conn_action    TEXT, source TEXT NOT NULL DEFAULT 'netstat'
    CHECK (source IN ('netstat', 'pasearch', 'both')), rule_type TEXT, status TEXT, weight INTEGER,
    UNIQUE (snapshot_id, name)
) STRICT;

CREATE TABLE "service_evidence" (
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    capture_date   TEXT    NOT NULL,
    evidence       TEXT    NOT NULL CHECK (evidence IN ('listener', 'listeners shown', 'peers', 'remote', 'session')),
    port           INTEGER NOT NULL,
    remote_ip      TEXT    NOT NULL DEFAULT '',
    -- for `listener`, the listener's job; for `peers`, `remote` and `session`, the job of the rows
    job            TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (system, stack, evidence, port, remote_ip, job, capture_date)
) STRICT, WITHOUT ROWID;

CREATE TABLE service_peers (
    service_id     INTEGER NOT NULL,
    remote_ip      TEXT    NOT NULL,
    set_id         INTEGER NOT NULL,
    PRIMARY KEY (service_id, remote_ip)
) STRICT, WITHOUT ROWID;

CREATE TABLE service_sets (
    service_id     INTEGER NOT NULL,
    set_id         INTEGER NOT NULL,
    peers          INTEGER NOT NULL,
    PRIMARY KEY (service_id, set_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE signature_pairs (
    code           TEXT    PRIMARY KEY,
    -- the name z/OS prints ('TLS_SIGALG_SHA256_WITH_RSA') where z/OS lists the pair, else IANA's
    name           TEXT    NOT NULL,
    -- NULL for the TLS 1.2 pairs IANA reserves
    iana_name      TEXT    UNIQUE,
    hash           TEXT    NOT NULL,
    signature      TEXT    NOT NULL,
    iana_recommended TEXT  CHECK (iana_recommended IN ('Y', 'N', 'D')),
    grade          TEXT    NOT NULL REFERENCES grades,
    grade_reason   TEXT    NOT NULL
) STRICT;

CREATE TABLE snapshot_policies (
    snapshot_id    INTEGER PRIMARY KEY REFERENCES snapshots ON DELETE CASCADE,
    fingerprint    TEXT    NOT NULL
, partial INTEGER NOT NULL DEFAULT 0) STRICT;

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
    report_count   INTEGER NOT NULL DEFAULT 1, pruned INTEGER NOT NULL DEFAULT 0 CHECK (pruned IN (0, 1)),
    UNIQUE (system, stack, capture_date, run_key)
) STRICT;

CREATE TABLE summaries_pending (
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    capture_date   TEXT    NOT NULL,
    PRIMARY KEY (system, stack, capture_date)
) STRICT, WITHOUT ROWID;

CREATE TABLE texts (
    text_id        INTEGER PRIMARY KEY,
    text           TEXT    NOT NULL UNIQUE
) STRICT;

CREATE TABLE "tls_session_rows" (
    tls_session_id INTEGER PRIMARY KEY,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    capture_id     INTEGER NOT NULL REFERENCES "capture_rows" ON DELETE CASCADE,
    source_line    INTEGER NOT NULL,
    report_count   INTEGER NOT NULL DEFAULT 1,
    conn_id        TEXT    NOT NULL,
    sec_level_text_id INTEGER,
    protocol TEXT,
    cipher_code TEXT,
    cipher_name_text_id INTEGER,
    key_share_code TEXT,
    key_share_name_text_id INTEGER,
    cert_user_id_text_id INTEGER,
    map_type_text_id INTEGER,
    fips140 INTEGER,
    session_id ANY,
    sid_reuse_requested INTEGER,
    rule_name_text_id INTEGER
) STRICT;

CREATE TABLE unshown_traffic (
    capture_date   TEXT    NOT NULL,
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    identity_id    INTEGER NOT NULL,
    direction      TEXT,
    service_port   INTEGER,
    job            TEXT,
    -- in IPv4 form, as in the summaries (0033)
    remote_ip      TEXT,
    -- unknown or not_captured: the state the connection counts in that day (daily_endpoints)
    tls_state      TEXT    NOT NULL,
    -- traffic in the day, which daily_endpoints holds under that state
    bytes_in       INTEGER,
    bytes_out      INTEGER,
    PRIMARY KEY (system, stack, capture_date, identity_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE walked_files (
    path           TEXT    NOT NULL PRIMARY KEY,
    -- 'ingested' (by this run or an earlier one: the file is in the
    -- inventory), 'duplicate', 'not a capture' or 'failed'
    outcome        TEXT    NOT NULL,
    -- why, for the outcomes that have a why: the note of a file that is not
    -- a capture, the first problem of a file that failed (and how many more),
    -- the file a duplicate has the content of
    reason         TEXT,
    -- the reports in the file this version does not read, by the NETSTAT
    -- report each looks like (`ROUTE, HOME, unrecognised`); those it reads
    -- are in captures
    skipped_reports TEXT,
    walked_at      TEXT    NOT NULL
, path_system TEXT, path_date TEXT) STRICT;

CREATE INDEX attributes_capture ON attributes (capture_id);

CREATE INDEX attributes_cut ON attributes (owner_table, owner_id) WHERE key = 'Cut';

CREATE INDEX attributes_owner ON attributes (owner_table, owner_id);

CREATE INDEX capture_files_content ON capture_files (sha256, system, capture_date);

CREATE INDEX capture_files_continues ON capture_files (continues) WHERE continues IS NOT NULL;

CREATE INDEX captures_file ON capture_rows (file_id);

CREATE INDEX captures_snapshot ON capture_rows (snapshot_id, report_kind, file_id);

CREATE INDEX conn_actions_capture ON conn_actions (capture_id);

CREATE INDEX conn_actions_name_nocase ON conn_actions (snapshot_id, name COLLATE NOCASE);

CREATE INDEX connection_directions_day ON connection_directions (system, stack, capture_date);

CREATE INDEX connection_protection_identity ON connection_protection (identity_id, capture_date);

CREATE INDEX connection_rows_capture ON connection_rows (capture_id);

CREATE UNIQUE INDEX connection_rows_conn ON connection_rows (snapshot_id, conn_id DESC);

CREATE INDEX connection_rows_listeners ON connection_rows (snapshot_id, local_port) WHERE remote_port = 0;

CREATE INDEX connection_rows_unlinked ON connection_rows (snapshot_id) WHERE identity_id IS NULL;

CREATE INDEX daily_capacity_day ON daily_capacity (system, stack, capture_date);

CREATE INDEX daily_endpoints_clear
    ON daily_endpoints (system, stack, job, direction, service_port, remote_ip, capture_date)
    WHERE endpoint = 'connection' AND tls_state = 'clear';

CREATE INDEX daily_endpoints_day ON daily_endpoints (system, stack, capture_date);

CREATE INDEX daily_endpoints_peer
    ON daily_endpoints (system, stack, job, direction, service_port, remote_ip, capture_date, tls_state, tls_protocol,
                        cipher_code, key_share)
    WHERE endpoint = 'connection';

CREATE INDEX daily_endpoints_weak
    ON daily_endpoints (system, stack, job, direction, service_port, remote_ip, capture_date, worst_grade)
    WHERE weak = 1;

CREATE INDEX daily_services_day ON daily_services (system, stack, capture_date);

CREATE INDEX endpoint_days_day ON endpoint_days (system, stack, capture_date);

CREATE INDEX endpoint_days_endpoint
    ON endpoint_days (system, stack, job, direction, service_port, remote_ip, capture_date);

CREATE INDEX env_actions_capture ON env_actions (capture_id);

CREATE INDEX env_actions_name_nocase ON env_actions (snapshot_id, name COLLATE NOCASE);

CREATE INDEX group_action_envs_capture ON group_action_envs (capture_id);

CREATE INDEX group_actions_capture ON group_actions (capture_id);

CREATE INDEX group_actions_name_nocase ON group_actions (snapshot_id, name COLLATE NOCASE);

CREATE INDEX ingest_problems_path ON ingest_problems (path);

CREATE INDEX negotiated_days_negotiation ON negotiated_days (tls_protocol, cipher_code, key_share);

CREATE INDEX negotiated_days_snapshot ON negotiated_days (snapshot_id);

CREATE INDEX negotiations_key ON negotiations (tls_protocol, cipher_code, key_share);

CREATE INDEX peer_services_key ON peer_services (system, stack, direction, service_port, job);

CREATE INDEX pruned_heads_connection ON pruned_heads (connection_id);

CREATE INDEX regressions_day ON regressions (system, stack, capture_date);

CREATE INDEX rules_capture ON rules (capture_id);

CREATE INDEX rules_name_nocase ON rules (snapshot_id, name COLLATE NOCASE);

CREATE INDEX service_evidence_day ON service_evidence (system, stack, capture_date);

CREATE INDEX service_peers_set ON service_peers (service_id, set_id, remote_ip);

CREATE INDEX tls_session_rows_capture ON tls_session_rows (capture_id);

CREATE UNIQUE INDEX tls_session_rows_conn ON tls_session_rows (snapshot_id, conn_id DESC);

CREATE INDEX unshown_traffic_peer ON unshown_traffic (system, stack, job, direction, service_port, remote_ip,
    capture_date, bytes_in, bytes_out);

CREATE VIEW captures AS
SELECT
    k.capture_id,
    k.file_id,
    k.snapshot_id,
    k.report_kind,
    (SELECT text FROM texts WHERE text_id = k.dialect_text_id) AS dialect,
    (SELECT text FROM texts WHERE text_id = k.release_text_id) AS release,
    coalesce(k.stack, (SELECT stack FROM snapshots WHERE snapshot_id = k.snapshot_id)) AS stack,
    coalesce(k.system, (SELECT system FROM snapshots WHERE snapshot_id = k.snapshot_id)) AS system,
    coalesce(k.captured_at,
             (SELECT capture_date FROM snapshots WHERE snapshot_id = k.snapshot_id) || 'T' || k.header_time)
        AS captured_at,
    k.header_time,
    k.first_line,
    k.last_line,
    k.record_count
FROM capture_rows k;

CREATE VIEW connections AS
SELECT
    c.connection_id,
    c.snapshot_id,
    c.capture_id,
    c.source_line,
    c.source_rank,
    c.report_count,
    c.conn_id,
    t_job.text AS job,
    t_local_ip.text AS local_ip,
    c.local_port,
    c.remote_ip,
    c.remote_port,
    t_state.text AS state,
    c.bytes_in,
    c.bytes_out,
    c.segments_in,
    c.segments_out,
    c.counter_digits,
    strftime('%Y-%m-%dT%H:%M:%S', c.started_s, 'unixepoch') AS started_at,
    time(c.last_touched_s, 'unixepoch') AS last_touched,
    c.ttls_policy,
    t_ttls_rule.text AS ttls_rule,
    t_ttls_group_action.text AS ttls_group_action,
    t_ttls_env_action.text AS ttls_env_action,
    c.rcv_nxt,
    c.snd_nxt,
    c.client_rcv_nxt_d + coalesce(c.rcv_nxt, 0) AS client_rcv_nxt,
    c.client_snd_nxt_d + coalesce(c.snd_nxt, 0) AS client_snd_nxt,
    c.init_rcv_seq_num_d + coalesce(c.rcv_nxt, 0) AS init_rcv_seq_num,
    c.init_snd_seq_num_d + coalesce(c.snd_nxt, 0) AS init_snd_seq_num,
    c.congestion_window,
    c.slow_start_threshold,
    c.incoming_window_num_d + coalesce(c.rcv_nxt, 0) AS incoming_window_num,
    c.outgoing_window_num_d + coalesce(c.snd_nxt, 0) AS outgoing_window_num,
    c.snd_wl1_d + coalesce(c.rcv_nxt, 0) AS snd_wl1,
    c.snd_wl2_d + coalesce(c.snd_nxt, 0) AS snd_wl2,
    c.snd_wnd,
    c.max_snd_wnd_d + coalesce(c.snd_wnd, 0) AS max_snd_wnd,
    c.snd_una_d + coalesce(c.snd_nxt, 0) AS snd_una,
    c.rtt_seq_d + coalesce(c.snd_nxt, 0) AS rtt_seq,
    json_extract(t_rare.text, '$[0]') AS maximum_segment_size,
    json_extract(t_rare.text, '$[1]') AS ds_field,
    c.smooth_trip_time,
    c.smooth_trip_variance,
    c.rexmt,
    c.rexmt_count,
    c.dup_acks,
    c.rcv_wnd,
    json_extract(t_rare.text, '$[2]') AS sock_opt,
    json_extract(t_rare.text, '$[3]') AS tcp_timer,
    json_extract(t_rare.text, '$[4]') AS tcp_sig,
    json_extract(t_rare.text, '$[5]') AS tcp_sel,
    json_extract(t_rare.text, '$[6]') AS tcp_det,
    json_extract(t_rare.text, '$[7]') AS tcp_pol,
    json_extract(t_rare.text, '$[8]') AS tcp_prf,
    json_extract(t_rare.text, '$[9]') AS tcp_prf2,
    json_extract(t_rare.text, '$[10]') AS tcp_prf3,
    json_extract(t_rare.text, '$[11]') AS delay_ack,
    json_extract(t_rare.text, '$[12]') AS qos_policy,
    json_extract(t_rare.text, '$[13]') AS routing_policy,
    json_extract(t_rare.text, '$[14]') AS receive_buffer_size,
    json_extract(t_rare.text, '$[15]') AS send_buffer_size,
    c.receive_data_queued,
    c.send_data_queued,
    c.send_stalled,
    json_extract(t_rare.text, '$[16]') AS ancillary_input_queue,
    c.previous_id,
    c.identity_id,
    c.traffic_bytes_in,
    c.traffic_bytes_out,
    c.traffic_segments_in,
    c.traffic_segments_out
FROM connection_rows c
LEFT JOIN texts t_job ON t_job.text_id = c.job_text_id
LEFT JOIN texts t_local_ip ON t_local_ip.text_id = c.local_ip_text_id
LEFT JOIN texts t_state ON t_state.text_id = c.state_text_id
LEFT JOIN texts t_ttls_rule ON t_ttls_rule.text_id = c.ttls_rule_text_id
LEFT JOIN texts t_ttls_group_action ON t_ttls_group_action.text_id = c.ttls_group_action_text_id
LEFT JOIN texts t_ttls_env_action ON t_ttls_env_action.text_id = c.ttls_env_action_text_id
LEFT JOIN texts t_rare ON t_rare.text_id = c.tcp_rare_text_id;

CREATE VIEW tls_sessions AS
SELECT
    t.tls_session_id,
    t.snapshot_id,
    t.capture_id,
    t.source_line,
    t.report_count,
    t.conn_id,
    (SELECT text FROM texts WHERE text_id = t.sec_level_text_id) AS sec_level,
    t.protocol,
    t.cipher_code,
    (SELECT text FROM texts WHERE text_id = t.cipher_name_text_id) AS cipher_name,
    t.key_share_code,
    (SELECT text FROM texts WHERE text_id = t.key_share_name_text_id) AS key_share_name,
    (SELECT text FROM texts WHERE text_id = t.cert_user_id_text_id) AS cert_user_id,
    (SELECT text FROM texts WHERE text_id = t.map_type_text_id) AS map_type,
    t.fips140,
    CASE WHEN typeof(t.session_id) = 'blob'
        THEN rtrim(substr(hex(t.session_id), 1, 8) || ' ' || substr(hex(t.session_id), 9, 8) || ' '
            || substr(hex(t.session_id), 17, 8) || ' ' || substr(hex(t.session_id), 25, 8) || ' '
            || substr(hex(t.session_id), 33, 8) || ' ' || substr(hex(t.session_id), 41, 8) || ' '
            || substr(hex(t.session_id), 49, 8) || ' ' || substr(hex(t.session_id), 57, 8))
        ELSE t.session_id END AS session_id,
    t.sid_reuse_requested,
    (SELECT text FROM texts WHERE text_id = t.rule_name_text_id) AS rule_name
FROM tls_session_rows t;

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
    CASE WHEN k.release GLOB 'V[0-9]*R[0-9]*'
         THEN substr(k.release, 2, instr(k.release, 'R') - 2) || '.' || substr(k.release, instr(k.release, 'R') + 1)
         ELSE k.release END AS zos_release,
    k.dialect,
    k.report_kind,
    k.captured_at,
    k.first_line,
    k.last_line,
    k.record_count
FROM captures k
JOIN capture_files f ON f.file_id = k.file_id;

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

CREATE VIEW v_connection_core AS
WITH base AS (
    SELECT
        c.connection_id,
        c.snapshot_id,
        c.capture_id,
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
        -- the name the capture printed, else the catalog's (the TTLS report may print the code
        -- alone: `Cipher: 35`), as the `ciphers` report names it (0061)
        coalesce(t.cipher_name, cs.name) AS cipher_name,
        t.key_share_code AS key_share,
        coalesce(t.key_share_name, ng.name) AS key_share_name,
        c.source_line,
        CASE c.state WHEN 'Listen' THEN 'listener' WHEN 'UDP' THEN 'udp' ELSE 'connection' END AS endpoint,
        CASE
            WHEN c.state = 'Listen' THEN 'listener'
            WHEN c.state = 'UDP' THEN NULL
            -- a listener on the local port of its own job (a server keeps its port): on its day, on
            -- any day below port 1024, and from 1024 up on another day unless the row's own day shows
            -- the stack's listeners (as for `no listener` below) and the port numbers do not say
            -- inbound: a client job's own listener on a port the stack lent it (FTP's active-mode data
            -- listener) says nothing of the day the stack lends it the port again (0087); or of
            -- another job (a listener hands its connections to another, as FTP and givesocket servers
            -- do) in the row's own run, or on its day on a port below 1024, which the stack never lends
            -- a client: a port from 1024 up (EPHEMERALPORTS 1024-65535) that another job listened on in
            -- another run may be lent to a client since, FTP's passive-mode data listeners taking one
            -- for each PASV (0045, 0058)
            WHEN EXISTS (SELECT 1 FROM service_evidence v
                         WHERE v.system = s.system AND v.stack = s.stack AND v.evidence = 'listener'
                           AND v.port = c.local_port
                           AND (v.job = c.job
                                AND (v.capture_date = s.capture_date OR c.local_port < 1024
                                     OR shown.capture_date IS NULL OR c.source_rank NOT IN (1, 2, 4)
                                     OR c.local_port < 49152 AND c.remote_port >= 49152)
                                OR v.capture_date = s.capture_date
                                   AND (c.local_port < 1024
                                        OR EXISTS (SELECT 1 FROM connection_rows l INDEXED BY connection_rows_listeners
                                                   WHERE l.snapshot_id = c.snapshot_id AND l.remote_port = 0
                                                     AND l.local_port = c.local_port
                                                     AND l.state_text_id = (SELECT text_id FROM texts
                                                                            WHERE text = 'Listen')))))
                THEN 'listener'
            WHEN (c.remote_ip = c.local_ip OR c.remote_ip LIKE '127.%' OR c.remote_ip = '::1')
                 AND EXISTS (SELECT 1 FROM service_evidence v
                             WHERE v.system = s.system AND v.stack = s.stack AND v.evidence = 'listener'
                               AND v.port = c.remote_port) THEN 'own listener'
            WHEN lower(r.direction) IN ('inbound', 'outbound') THEN 'rule'
            WHEN lower(coalesce(ca.handshake_role, e.handshake_role)) LIKE 'server%'
              OR lower(coalesce(ca.handshake_role, e.handshake_role)) = 'client' THEN 'handshake role'
            -- the day shows the stack's listeners, none on the local port that counts (else `listener`),
            -- and a list that prints listeners printed the row: ALL, ALLCONN or CONN, BYTEINFO (ranks 1,
            -- 2, 4), not a TTLS report alone (3): beside an ALLCONN filtered by port, whose listeners
            -- are those of its port, TTLS's connections on other ports would be taken for clients'.
            -- Before `peers`: a service accepts its connections from a listener, so a local port
            -- with none that holds two remote sockets is a client's fixed port (FTP's active-mode
            -- data from port 20 to two clients at once), not a service (0040)
            -- but the day's `session` of the row's job with the same peer, on the row's local port
            -- (src/store/summarize/evidence.rs): in one run the job held a connection from that address
            -- that a listener of another job had accepted (a z/OS FTP login session's own process,
            -- FTPD1's child FTPD12), and this one, on a port from 1024 up that is not that
            -- connection's port less one (active-mode data), is the data connection the client opened
            -- to the session's passive-mode listener, which closed on accepting it (0090)
            WHEN shown.capture_date IS NOT NULL AND c.source_rank IN (1, 2, 4)
                 AND EXISTS (SELECT 1 FROM service_evidence v
                             WHERE v.system = s.system AND v.stack = s.stack AND v.evidence = 'session'
                               AND v.port = c.local_port
                               AND v.remote_ip = CASE WHEN c.remote_ip LIKE '::ffff:%.%.%.%'
                                                      THEN substr(c.remote_ip, 8) ELSE c.remote_ip END
                               AND v.job = c.job AND v.capture_date = s.capture_date) THEN 'session'
            WHEN shown.capture_date IS NOT NULL AND c.source_rank IN (1, 2, 4) THEN 'no listener'
            -- `peers` and `remote` of the row's day, of its job on another day, or on a port below
            -- 1024: from 1024 up, another job's port of another day may be lent since to anyone (0087)
            WHEN EXISTS (SELECT 1 FROM service_evidence v
                         WHERE v.system = s.system AND v.stack = s.stack AND v.evidence = 'peers'
                           AND v.port = c.local_port
                           AND (v.capture_date = s.capture_date OR v.job = c.job OR c.local_port < 1024))
                THEN 'peers'
            WHEN EXISTS (SELECT 1 FROM service_evidence v
                         WHERE v.system = s.system AND v.stack = s.stack AND v.evidence = 'remote'
                           AND v.port = c.remote_port
                           AND (v.capture_date = s.capture_date OR v.job = c.job OR c.remote_port < 1024)
                           AND v.remote_ip = CASE WHEN c.remote_ip LIKE '::ffff:%.%.%.%'
                                                  THEN substr(c.remote_ip, 8) ELSE c.remote_ip END) THEN 'remote'
            WHEN c.local_port < 1024 AND c.remote_port >= 1024 OR c.remote_port < 1024 AND c.local_port >= 1024
              OR c.local_port < 49152 AND c.remote_port >= 49152 OR c.remote_port < 49152 AND c.local_port >= 49152
                THEN 'port numbers'
        END AS own_evidence,
        lower(r.direction) AS rule_direction,
        lower(coalesce(ca.handshake_role, e.handshake_role)) AS handshake_role,
        CASE
            WHEN c.state IN ('Listen', 'UDP') THEN NULL
            WHEN t.sec_level IS NOT NULL THEN 'negotiated'
            -- the group action of the connection's own rule (its snapshot's print) says
            -- `TTLSEnabled: Off`: AT-TLS does not protect the connections the rule maps, they flow
            -- in clear, as firmly as `TTLSPolicy: No` says (0057; `policy_only` before); a snapshot
            -- that printed no TTLSEnabled of it (NETSTAT without the `pasearch -t` dump of another day)
            -- counts as the last earlier snapshot of its stack that did (0099: `policy_only` before)
            WHEN coalesce(g.ttls_enabled,
                          (SELECT pg.ttls_enabled FROM snapshots ps
                           JOIN group_actions pg ON pg.snapshot_id = ps.snapshot_id
                           WHERE ps.system = s.system AND ps.stack = s.stack AND ps.capture_date <= s.capture_date
                             AND ps.captured_at < s.captured_at AND pg.ttls_enabled IS NOT NULL
                             AND pg.name = coalesce(c.ttls_group_action, r.group_action) COLLATE NOCASE
                           ORDER BY ps.captured_at DESC, pg.name = coalesce(c.ttls_group_action, r.group_action) DESC
                           LIMIT 1)) = 0 THEN 'clear'
            WHEN t.tls_session_id IS NULL AND c.ttls_policy = 0 THEN 'clear'
            WHEN t.tls_session_id IS NULL AND c.ttls_policy IS NOT 1 THEN 'unknown'
            -- a rule matched and no TTLS entry of it: policy_only when the snapshot's list of every
            -- AT-TLS connection leaves it out: TTLS, or a TTLS DETAIL its echo asked with no filter
            -- (`Whole list`; with no echo it may be a TTLS CONN n DETAIL), neither filtered by its
            -- command nor cut by the console's MAX= (0072: TTLS alone), printed once the connection
            -- had started (a list printed before says nothing of it: 0099), else not captured
            WHEN t.tls_session_id IS NULL
                 AND NOT EXISTS (SELECT 1 FROM captures k
                                 WHERE k.snapshot_id = c.snapshot_id AND k.report_kind IN ('TTLS', 'TTLS DETAIL')
                                   AND (c.started_at IS NULL OR c.started_at <= k.captured_at)
                                   AND (k.report_kind = 'TTLS'
                                        OR EXISTS (SELECT 1 FROM attributes w
                                                   WHERE w.owner_table = 'captures' AND w.owner_id = k.capture_id
                                                     AND w.key = 'Whole list'))
                                   AND NOT EXISTS (SELECT 1 FROM attributes a
                                                   WHERE a.owner_table = 'captures' AND a.owner_id = k.capture_id
                                                     AND a.key IN ('Filter', 'Cut')))
                THEN 'not_captured'
            -- mapped, no session by the time TTLS printed: under a rule whose connection or environment
            -- action says `ApplicationControlled: On` (its snapshot's print, else the last earlier one of
            -- its stack) AT-TLS passes the application's data in clear until the application asks for
            -- the handshake (SIOCTTLSCTL: z/OS FTP's TLSMECHANISM ATTLS before AUTH TLS), so the bytes
            -- so far went in clear (0099: `policy_only` before); with it Off no data flows before the
            -- handshake: handshake not done
            WHEN coalesce(ca.application_controlled, e.application_controlled,
                          (SELECT pe.application_controlled FROM snapshots ps
                           JOIN env_actions pe ON pe.snapshot_id = ps.snapshot_id
                           WHERE ps.system = s.system AND ps.stack = s.stack AND ps.capture_date <= s.capture_date
                             AND ps.captured_at < s.captured_at AND pe.application_controlled IS NOT NULL
                             AND pe.name = coalesce(c.ttls_env_action, r.env_action) COLLATE NOCASE
                           ORDER BY ps.captured_at DESC, pe.name = coalesce(c.ttls_env_action, r.env_action) DESC
                           LIMIT 1)) = 1 THEN 'clear'
            ELSE 'policy_only'
        END AS tls_state,
        c.traffic_bytes_in,
        c.traffic_bytes_out,
        c.traffic_segments_in,
        c.traffic_segments_out,
        c.previous_id AS previous_connection_id,
        -- the table, not the view connections: its joins of texts cost the
        -- query cursors (see above) and give nothing here
        -- a previous observation pruned is the head `ttlsinv prune` kept of it, with its date (0069)
        coalesce((SELECT ps.capture_date FROM connection_rows p JOIN snapshots ps ON ps.snapshot_id = p.snapshot_id
                  WHERE p.connection_id = c.previous_id),
                 (SELECT h.head_date FROM pruned_heads h WHERE h.connection_id = c.previous_id)) AS previous_date,
        c.identity_id,
        t.tls_session_id,
        -- a SecLevel printed and not known (kept as text, a problem at its line): negotiated TLS of
        -- unknown version, graded unknown as an unknown cipher code is (0051)
        CASE WHEN t.sec_level IS NOT NULL THEN coalesce(p.grade, 'unknown') END AS protocol_grade,
        p.rank AS protocol_rank,
        -- a negotiated session whose cipher could not be read is graded unknown, never left out of
        -- worst_grade (0051)
        CASE WHEN t.cipher_code IS NOT NULL OR t.sec_level IS NOT NULL THEN coalesce(cs.grade, 'unknown') END
            AS cipher_grade,
        CASE WHEN t.key_share_code IS NOT NULL THEN coalesce(ng.grade, 'unknown') END AS key_share_grade,
        cs.forward_secret,
        cs.aead,
        -- a TLS 1.3 suite names no key exchange: the key share group decides; TLS 1.2 and older
        -- have no post-quantum key exchange, so a cipher code the catalog does not grade (unknown,
        -- unreadable, or a signalling value such as 00FF, which is no cipher suite) is classical
        -- (0051: 00FF counted as resistant)
        CASE WHEN t.protocol IS NULL THEN NULL
             WHEN t.protocol = 'TLSv1.3' THEN ng.quantum_vulnerable
             WHEN coalesce(cs.grade, 'unknown') = 'unknown' THEN 1
             ELSE cs.quantum_vulnerable END AS quantum_vulnerable
    FROM connections c
    JOIN snapshots s ON s.snapshot_id = c.snapshot_id
    LEFT JOIN tls_sessions t ON t.snapshot_id = c.snapshot_id AND t.conn_id = c.conn_id
    -- a rule or action of the snapshot by the name the connection (or its rule) gives; one that
    -- equals it but for case when either is printed all in upper case, as the console prints every
    -- name, and it is the only one so (0072)
    LEFT JOIN rules r
        ON r.snapshot_id = c.snapshot_id AND r.name = coalesce(c.ttls_rule, t.rule_name) COLLATE NOCASE
       AND (r.name = coalesce(c.ttls_rule, t.rule_name)
            OR (r.name = upper(r.name) OR coalesce(c.ttls_rule, t.rule_name) = upper(coalesce(c.ttls_rule, t.rule_name)))
               AND NOT EXISTS (SELECT 1 FROM rules x WHERE x.snapshot_id = c.snapshot_id
                                 AND x.name = coalesce(c.ttls_rule, t.rule_name) COLLATE NOCASE AND x.name <> r.name))
    LEFT JOIN env_actions e
        ON e.snapshot_id = c.snapshot_id AND e.name = coalesce(c.ttls_env_action, r.env_action) COLLATE NOCASE
       AND (e.name = coalesce(c.ttls_env_action, r.env_action)
            OR (e.name = upper(e.name) OR coalesce(c.ttls_env_action, r.env_action) = upper(coalesce(c.ttls_env_action, r.env_action)))
               AND NOT EXISTS (SELECT 1 FROM env_actions x WHERE x.snapshot_id = c.snapshot_id
                                 AND x.name = coalesce(c.ttls_env_action, r.env_action) COLLATE NOCASE AND x.name <> e.name))
    LEFT JOIN group_actions g
        ON g.snapshot_id = c.snapshot_id AND g.name = coalesce(c.ttls_group_action, r.group_action) COLLATE NOCASE
       AND (g.name = coalesce(c.ttls_group_action, r.group_action)
            OR (g.name = upper(g.name) OR coalesce(c.ttls_group_action, r.group_action) = upper(coalesce(c.ttls_group_action, r.group_action)))
               AND NOT EXISTS (SELECT 1 FROM group_actions x WHERE x.snapshot_id = c.snapshot_id
                                 AND x.name = coalesce(c.ttls_group_action, r.group_action) COLLATE NOCASE AND x.name <> g.name))
    LEFT JOIN conn_actions ca
        ON ca.snapshot_id = c.snapshot_id AND ca.name = r.conn_action COLLATE NOCASE
       AND (ca.name = r.conn_action
            OR (ca.name = upper(ca.name) OR r.conn_action = upper(r.conn_action))
               AND NOT EXISTS (SELECT 1 FROM conn_actions x WHERE x.snapshot_id = c.snapshot_id
                                 AND x.name = r.conn_action COLLATE NOCASE AND x.name <> ca.name))
    LEFT JOIN protocols p ON p.name = t.protocol
    LEFT JOIN cipher_suites cs ON cs.code = t.cipher_code
    LEFT JOIN named_groups ng ON ng.code = t.key_share_code
    LEFT JOIN service_evidence shown
        ON shown.system = s.system AND shown.stack = s.stack AND shown.evidence = 'listeners shown'
       AND shown.port = 0 AND shown.remote_ip = '' AND shown.capture_date = s.capture_date
),
directed AS (
    SELECT
        base.*,
        CASE own_evidence
            WHEN 'listener' THEN 'inbound'
            WHEN 'own listener' THEN 'outbound'
            WHEN 'rule' THEN rule_direction
            WHEN 'handshake role' THEN CASE WHEN handshake_role = 'client' THEN 'outbound' ELSE 'inbound' END
            WHEN 'peers' THEN 'inbound'
            WHEN 'remote' THEN 'outbound'
            WHEN 'session' THEN 'inbound'
            WHEN 'no listener' THEN 'outbound'
            WHEN 'port numbers' THEN
                CASE WHEN local_port < 1024 AND remote_port >= 1024 THEN 'inbound'
                     WHEN remote_port < 1024 AND local_port >= 1024 THEN 'outbound'
                     WHEN local_port < 49152 AND remote_port >= 49152 THEN 'inbound'
                     ELSE 'outbound' END
            ELSE CASE WHEN endpoint = 'connection' THEN 'unknown' END
        END AS own_direction,
        -- the strength of the row's own evidence, in the order above (connections alone)
        CASE WHEN endpoint = 'connection' THEN
            CASE own_evidence WHEN 'listener' THEN 1 WHEN 'own listener' THEN 2 WHEN 'rule' THEN 3
                WHEN 'handshake role' THEN 4 WHEN 'session' THEN 5 WHEN 'no listener' THEN 5 WHEN 'peers' THEN 6 WHEN 'remote' THEN 7
                WHEN 'port numbers' THEN 8 ELSE 9 END
        END AS evidence_rank,
        -- One direction for a connection's life (0058): the strongest evidence any day of the
        -- connection (identity) had of its own (connection_directions, left by the summaries; the
        -- earliest of equal strength), as rank (one digit), date and direction in one text: a
        -- subquery per column, or a join, takes cursors that the reports' CTEs multiply past SQLite's
        -- limit. The first entry in the order of the table's key (0071), one read however many days
        -- the connection lived
        CASE WHEN endpoint = 'connection' THEN
            (SELECT x.rank || x.capture_date || x.direction FROM connection_directions x
             WHERE x.identity_id = base.identity_id ORDER BY x.rank, x.capture_date LIMIT 1)
        END AS carried
    FROM base
)
SELECT
    connection_id, snapshot_id, capture_id, system, stack, captured_at, capture_date, conn_id, job, local_ip,
    local_port, remote_ip, remote_port, state, bytes_in, bytes_out, segments_in, segments_out, started_at,
    ttls_policy, ttls_rule, ttls_group_action, ttls_env_action, tls_protocol, cipher_code, cipher_name, key_share,
    key_share_name, source_line, endpoint,
    -- the strongest evidence of the connection stands for a row whose own is weaker: `same connection`
    CASE WHEN CAST(substr(carried, 1, 1) AS INTEGER) < evidence_rank THEN substr(carried, 12) ELSE own_direction END
        AS direction,
    protocol_grade, protocol_rank, cipher_grade,
    key_share_grade, forward_secret, aead,
    CASE CASE WHEN CAST(substr(carried, 1, 1) AS INTEGER) < evidence_rank THEN substr(carried, 12)
              ELSE own_direction END
        WHEN 'outbound' THEN remote_port WHEN 'inbound' THEN local_port END AS service_port,
    -- the grade of the three with the lowest rank (none: NULL), and that rank
    CASE min(coalesce(gp.rank, 99), coalesce(gc.rank, 99), coalesce(gk.rank, 99))
        WHEN 99 THEN NULL
        WHEN coalesce(gp.rank, 99) THEN protocol_grade
        WHEN coalesce(gc.rank, 99) THEN cipher_grade
        ELSE key_share_grade
    END AS worst_grade,
    nullif(min(coalesce(gp.rank, 99), coalesce(gc.rank, 99), coalesce(gk.rank, 99)), 99) AS grade_rank,
    CASE WHEN CAST(substr(carried, 1, 1) AS INTEGER) < evidence_rank THEN 'same connection' ELSE own_evidence END
        AS direction_evidence,
    tls_state, traffic_bytes_in, traffic_bytes_out, traffic_segments_in, traffic_segments_out,
    previous_connection_id, previous_date, identity_id, tls_session_id, quantum_vulnerable, own_direction,
    evidence_rank, CAST(substr(carried, 1, 1) AS INTEGER) AS carried_rank, substr(carried, 2, 10) AS carried_from
FROM directed
LEFT JOIN grades gp ON gp.grade = directed.protocol_grade
LEFT JOIN grades gc ON gc.grade = directed.cipher_grade
LEFT JOIN grades gk ON gk.grade = directed.key_share_grade;

CREATE VIEW v_connections AS
SELECT
    v.connection_id, v.snapshot_id, v.system, v.stack, v.captured_at, v.capture_date, v.conn_id, v.job, v.local_ip,
    v.local_port, v.remote_ip, v.remote_port, v.state, v.bytes_in, v.bytes_out, v.segments_in, v.segments_out,
    v.started_at, v.ttls_policy, v.ttls_rule, v.ttls_group_action, v.ttls_env_action, v.tls_protocol, v.cipher_code,
    v.cipher_name, v.key_share, v.key_share_name, f.path AS source_file, v.source_line, v.endpoint, v.direction,
    v.protocol_grade, v.protocol_rank, v.cipher_grade, v.key_share_grade, v.forward_secret, v.aead, v.service_port,
    v.worst_grade, v.direction_evidence, v.tls_state, v.traffic_bytes_in, v.traffic_bytes_out, v.traffic_segments_in,
    v.traffic_segments_out, v.previous_connection_id, v.previous_date, v.identity_id, v.quantum_vulnerable
FROM v_connection_core v
JOIN captures k ON k.capture_id = v.capture_id
JOIN capture_files f ON f.file_id = k.file_id;

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

CREATE VIEW v_env_action_protocols AS
SELECT e.env_action_id, e.snapshot_id, e.name AS env_action, p.name AS protocol, p.grade,
       CASE p.name
           WHEN 'SSLv2' THEN e.sslv2 WHEN 'SSLv3' THEN e.sslv3 WHEN 'TLSv1.0' THEN e.tlsv1
           WHEN 'TLSv1.1' THEN e.tlsv1_1 WHEN 'TLSv1.2' THEN e.tlsv1_2 WHEN 'TLSv1.3' THEN e.tlsv1_3
       END AS enabled
FROM env_actions e CROSS JOIN protocols p;

CREATE VIEW v_env_action_signature_pairs AS
SELECT e.env_action_id, e.snapshot_id, e.name AS env_action, l.setting, l.position, l.code,
       coalesce(sp.name, l.name) AS name, coalesce(sp.grade, 'unknown') AS grade, sp.iana_recommended
FROM env_action_signature_pairs l
JOIN env_actions e ON e.env_action_id = l.env_action_id
LEFT JOIN signature_pairs sp ON sp.code = l.code;

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

CREATE VIEW v_unshown_traffic AS
SELECT u.capture_date, u.system, u.stack, u.identity_id, u.direction, u.service_port, u.job, u.remote_ip,
       u.tls_state, u.bytes_in, u.bytes_out,
       p.capture_date AS shown_date, p.tls_state AS shown_state, p.tls_protocol, p.cipher_code, p.key_share
FROM unshown_traffic u
JOIN connection_protection p ON p.identity_id = u.identity_id
WHERE p.capture_date = (SELECT min(f.capture_date) FROM connection_protection f WHERE f.identity_id = u.identity_id);

CREATE TRIGGER captures_delete INSTEAD OF DELETE ON captures
BEGIN
    DELETE FROM capture_rows WHERE capture_id = old.capture_id;
END;

CREATE TRIGGER captures_insert INSTEAD OF INSERT ON captures
BEGIN
    INSERT OR IGNORE INTO texts (text) VALUES (new.dialect), (new.release);
    INSERT INTO capture_rows (capture_id, file_id, snapshot_id, report_kind, dialect_text_id, release_text_id, stack,
                              system, captured_at, header_time, first_line, last_line, record_count)
    SELECT new.capture_id, new.file_id, new.snapshot_id, new.report_kind,
           (SELECT text_id FROM texts WHERE text = new.dialect),
           (SELECT text_id FROM texts WHERE text = new.release),
           nullif(new.stack, s.stack),
           nullif(new.system, s.system),
           CASE WHEN new.captured_at = s.capture_date || 'T' || new.header_time THEN NULL ELSE new.captured_at END,
           new.header_time, new.first_line, new.last_line, new.record_count
    FROM (SELECT 1) LEFT JOIN snapshots s ON s.snapshot_id = new.snapshot_id;
END;

CREATE TRIGGER connection_rows_kept_sockets
AFTER UPDATE OF local_ip_text_id, local_port, remote_ip, remote_port ON connection_rows
BEGIN
    INSERT INTO attributes (capture_id, source_line, owner_table, owner_id, key, value)
    SELECT old.capture_id, old.source_line, 'connections', old.connection_id, 'LocalSocket (other report)',
           (SELECT text FROM texts WHERE text_id = old.local_ip_text_id) || '..' || coalesce(old.local_port, '*')
    WHERE (old.local_ip_text_id IS NOT NULL AND old.local_ip_text_id IS NOT new.local_ip_text_id
           AND (SELECT CASE WHEN text LIKE '::ffff:%.%.%.%' THEN substr(text, 8) ELSE text END
                FROM texts WHERE text_id = old.local_ip_text_id)
               IS NOT (SELECT CASE WHEN text LIKE '::ffff:%.%.%.%' THEN substr(text, 8) ELSE text END
                       FROM texts WHERE text_id = new.local_ip_text_id))
       OR (old.local_port IS NOT NULL AND old.local_port IS NOT new.local_port);
    INSERT INTO attributes (capture_id, source_line, owner_table, owner_id, key, value)
    SELECT old.capture_id, old.source_line, 'connections', old.connection_id, 'RemoteSocket (other report)',
           old.remote_ip || '..' || coalesce(old.remote_port, '*')
    WHERE (old.remote_ip IS NOT NULL
           AND CASE WHEN old.remote_ip LIKE '::ffff:%.%.%.%' THEN substr(old.remote_ip, 8) ELSE old.remote_ip END
               IS NOT CASE WHEN new.remote_ip LIKE '::ffff:%.%.%.%' THEN substr(new.remote_ip, 8) ELSE new.remote_ip END)
       OR (old.remote_port IS NOT NULL AND old.remote_port IS NOT new.remote_port);
END;

CREATE TRIGGER connection_rows_links_update
AFTER UPDATE OF bytes_in, bytes_out, segments_in, segments_out, started_s, local_ip_text_id, local_port, remote_ip,
    remote_port ON connection_rows
WHEN old.identity_id IS NOT NULL
  AND (old.bytes_in IS NOT new.bytes_in OR old.bytes_out IS NOT new.bytes_out
       OR old.segments_in IS NOT new.segments_in OR old.segments_out IS NOT new.segments_out
       OR old.started_s IS NOT new.started_s OR old.local_ip_text_id IS NOT new.local_ip_text_id
       OR old.local_port IS NOT new.local_port OR old.remote_ip IS NOT new.remote_ip
       OR old.remote_port IS NOT new.remote_port)
BEGIN
    UPDATE connection_rows SET identity_id = NULL WHERE connection_id = new.connection_id;
END;

CREATE TRIGGER connections_delete INSTEAD OF DELETE ON connections
BEGIN
    DELETE FROM connection_rows WHERE connection_id = old.connection_id;
END;

CREATE TRIGGER connections_insert INSTEAD OF INSERT ON connections
BEGIN
    INSERT OR IGNORE INTO texts (text) VALUES (new.job), (new.local_ip), (new.state), (new.ttls_rule), (new.ttls_group_action), (new.ttls_env_action),
        (CASE WHEN coalesce(new.maximum_segment_size, new.ds_field, new.sock_opt, new.tcp_timer, new.tcp_sig, new.tcp_sel, new.tcp_det, new.tcp_pol, new.tcp_prf, new.tcp_prf2, new.tcp_prf3, new.delay_ack, new.qos_policy, new.routing_policy, new.receive_buffer_size, new.send_buffer_size, new.ancillary_input_queue) IS NULL THEN NULL
         ELSE json_array(new.maximum_segment_size, new.ds_field, new.sock_opt, new.tcp_timer, new.tcp_sig, new.tcp_sel, new.tcp_det, new.tcp_pol, new.tcp_prf, new.tcp_prf2, new.tcp_prf3, new.delay_ack, new.qos_policy, new.routing_policy, new.receive_buffer_size, new.send_buffer_size, new.ancillary_input_queue) END);
    INSERT INTO connection_rows (connection_id, snapshot_id, capture_id, source_line, source_rank, report_count, conn_id, job_text_id, local_ip_text_id, local_port, remote_ip, remote_port, state_text_id, bytes_in, bytes_out, segments_in, segments_out, counter_digits, started_s, last_touched_s, ttls_policy, ttls_rule_text_id, ttls_group_action_text_id, ttls_env_action_text_id, rcv_nxt, snd_nxt, client_rcv_nxt_d, client_snd_nxt_d, init_rcv_seq_num_d, init_snd_seq_num_d, congestion_window, slow_start_threshold, incoming_window_num_d, outgoing_window_num_d, snd_wl1_d, snd_wl2_d, snd_wnd, max_snd_wnd_d, snd_una_d, rtt_seq_d, smooth_trip_time, smooth_trip_variance, rcv_wnd, tcp_rare_text_id, previous_id, identity_id, traffic_bytes_in, traffic_bytes_out, traffic_segments_in, traffic_segments_out, rexmt, rexmt_count, dup_acks, receive_data_queued, send_data_queued, send_stalled)
    VALUES (new.connection_id,
        new.snapshot_id,
        new.capture_id,
        new.source_line,
        new.source_rank,
        coalesce(new.report_count, 1),
        new.conn_id,
        (SELECT text_id FROM texts WHERE text = new.job),
        (SELECT text_id FROM texts WHERE text = new.local_ip),
        new.local_port,
        new.remote_ip,
        new.remote_port,
        (SELECT text_id FROM texts WHERE text = new.state),
        new.bytes_in,
        new.bytes_out,
        new.segments_in,
        new.segments_out,
        new.counter_digits,
        CAST(strftime('%s', new.started_at) AS INTEGER),
        CAST(strftime('%s', '1970-01-01T' || new.last_touched) AS INTEGER),
        new.ttls_policy,
        (SELECT text_id FROM texts WHERE text = new.ttls_rule),
        (SELECT text_id FROM texts WHERE text = new.ttls_group_action),
        (SELECT text_id FROM texts WHERE text = new.ttls_env_action),
        new.rcv_nxt,
        new.snd_nxt,
        new.client_rcv_nxt - coalesce(new.rcv_nxt, 0),
        new.client_snd_nxt - coalesce(new.snd_nxt, 0),
        new.init_rcv_seq_num - coalesce(new.rcv_nxt, 0),
        new.init_snd_seq_num - coalesce(new.snd_nxt, 0),
        new.congestion_window,
        new.slow_start_threshold,
        new.incoming_window_num - coalesce(new.rcv_nxt, 0),
        new.outgoing_window_num - coalesce(new.snd_nxt, 0),
        new.snd_wl1 - coalesce(new.rcv_nxt, 0),
        new.snd_wl2 - coalesce(new.snd_nxt, 0),
        new.snd_wnd,
        new.max_snd_wnd - coalesce(new.snd_wnd, 0),
        new.snd_una - coalesce(new.snd_nxt, 0),
        new.rtt_seq - coalesce(new.snd_nxt, 0),
        new.smooth_trip_time,
        new.smooth_trip_variance,
        new.rcv_wnd,
        (SELECT text_id FROM texts WHERE text = CASE WHEN coalesce(new.maximum_segment_size, new.ds_field, new.sock_opt, new.tcp_timer, new.tcp_sig, new.tcp_sel, new.tcp_det, new.tcp_pol, new.tcp_prf, new.tcp_prf2, new.tcp_prf3, new.delay_ack, new.qos_policy, new.routing_policy, new.receive_buffer_size, new.send_buffer_size, new.ancillary_input_queue) IS NULL THEN NULL
         ELSE json_array(new.maximum_segment_size, new.ds_field, new.sock_opt, new.tcp_timer, new.tcp_sig, new.tcp_sel, new.tcp_det, new.tcp_pol, new.tcp_prf, new.tcp_prf2, new.tcp_prf3, new.delay_ack, new.qos_policy, new.routing_policy, new.receive_buffer_size, new.send_buffer_size, new.ancillary_input_queue) END),
        new.previous_id,
        new.identity_id,
        new.traffic_bytes_in,
        new.traffic_bytes_out,
        new.traffic_segments_in,
        new.traffic_segments_out,
        new.rexmt,
        new.rexmt_count,
        new.dup_acks,
        new.receive_data_queued,
        new.send_data_queued,
        new.send_stalled);
END;

CREATE TRIGGER snapshots_links_delete AFTER DELETE ON snapshots BEGIN
    DELETE FROM connection_links WHERE system = old.system AND stack = old.stack;
END;

CREATE TRIGGER snapshots_summaries_delete AFTER DELETE ON snapshots BEGIN
    INSERT INTO summaries_pending SELECT old.system, old.stack, old.capture_date
    WHERE NOT EXISTS (SELECT 1 FROM summaries_pending
                      WHERE system = old.system AND stack = old.stack AND capture_date = old.capture_date);
END;

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

CREATE TRIGGER tls_sessions_delete INSTEAD OF DELETE ON tls_sessions
BEGIN
    DELETE FROM tls_session_rows WHERE tls_session_id = old.tls_session_id;
END;

CREATE TRIGGER tls_sessions_insert INSTEAD OF INSERT ON tls_sessions
BEGIN
    INSERT OR IGNORE INTO texts (text) VALUES (new.sec_level), (new.cipher_name), (new.key_share_name), (new.cert_user_id), (new.map_type), (new.rule_name);
    INSERT INTO tls_session_rows (tls_session_id, snapshot_id, capture_id, source_line, report_count, conn_id, sec_level_text_id, protocol, cipher_code, cipher_name_text_id, key_share_code, key_share_name_text_id, cert_user_id_text_id, map_type_text_id, fips140, session_id, sid_reuse_requested, rule_name_text_id)
    VALUES (new.tls_session_id, new.snapshot_id, new.capture_id, new.source_line, coalesce(new.report_count, 1), new.conn_id, (SELECT text_id FROM texts WHERE text = new.sec_level), new.protocol, new.cipher_code, (SELECT text_id FROM texts WHERE text = new.cipher_name), new.key_share_code, (SELECT text_id FROM texts WHERE text = new.key_share_name), (SELECT text_id FROM texts WHERE text = new.cert_user_id), (SELECT text_id FROM texts WHERE text = new.map_type), new.fips140,
        new.session_id,
        new.sid_reuse_requested, (SELECT text_id FROM texts WHERE text = new.rule_name));
END;
