-- 0007_trustworthy_numbers: what the numbers mean, as a person would work
-- them out by hand from the capture text.
--
-- * Traffic. NETSTAT's BytesIn/BytesOut/SegmentsIn/SegmentsOut count from
--   the connection's start. A connection is followed from snapshot to
--   snapshot (same stack and conn id; same start time, sockets, and counters
--   that did not go down): `previous_id` is its previous observation,
--   `identity_id` its first, and the traffic_* columns the growth of each
--   counter since the previous observation (the whole counter when first
--   seen). The summaries add traffic, never printed counters.
-- * Counting. A connection is counted once a day and once in a period,
--   however many snapshots saw it: the summaries keep, per row, the date a
--   connection was last seen before that day (`continued_from`).
-- * Direction and service port from evidence, strongest first (see
--   v_connections); `unknown` when nothing tells.
-- * Protection. `tls_state`: `negotiated` (a SecLevel was printed for the
--   connection), `policy_only` (an AT-TLS rule matched, the snapshot's TTLS
--   report shows no negotiated session), `not_captured` (a rule matched, the
--   snapshot has no TTLS report to tell), `clear` (TTLSPolicy: No) or
--   `unknown` (no report said: ALLCONN only).
--
-- The columns below are derived: `ttlsinv ingest` fills them when it
-- rebuilds the summaries of the days it wrote (and of the days they change).

ALTER TABLE connections ADD COLUMN previous_id INTEGER;
ALTER TABLE connections ADD COLUMN identity_id INTEGER;
ALTER TABLE connections ADD COLUMN traffic_bytes_in INTEGER;
ALTER TABLE connections ADD COLUMN traffic_bytes_out INTEGER;
ALTER TABLE connections ADD COLUMN traffic_segments_in INTEGER;
ALTER TABLE connections ADD COLUMN traffic_segments_out INTEGER;
-- The rows the next ingest links: new ones, and those printed again.
CREATE INDEX connections_unlinked ON connections (snapshot_id) WHERE identity_id IS NULL;

-- The latest observation of each conn id of a stack that the links reached,
-- with the last counters printed for it: where the next day's links start.
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
    segments_out   INTEGER,
    PRIMARY KEY (system, stack, conn_id)
) STRICT, WITHOUT ROWID;

-- Per system and stack, the capture time up to which connections are linked.
CREATE TABLE connection_links (
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    linked_through TEXT    NOT NULL,
    PRIMARY KEY (system, stack)
) STRICT, WITHOUT ROWID;

-- A snapshot removed (its file changed) or a connection printed again with
-- other counters or sockets: the stack's links are worked out again.
CREATE TRIGGER snapshots_links_delete AFTER DELETE ON snapshots BEGIN
    DELETE FROM connection_links WHERE system = old.system AND stack = old.stack;
END;
CREATE TRIGGER connections_links_update
AFTER UPDATE OF bytes_in, bytes_out, segments_in, segments_out, started_at, local_ip, local_port, remote_ip,
    remote_port ON connections
WHEN old.identity_id IS NOT NULL BEGIN
    UPDATE connections SET identity_id = NULL WHERE connection_id = new.connection_id;
END;

-- Evidence of services, per day: `listener` (a listener on the local port),
-- `peers` (the local port served two or more remote sockets in one
-- snapshot), `remote` (a remote socket was reached from two or more local
-- ports in one snapshot; remote_ip says which). Direction reads the
-- evidence of every day of the stack.
CREATE TABLE service_evidence (
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    capture_date   TEXT    NOT NULL,
    evidence       TEXT    NOT NULL CHECK (evidence IN ('listener', 'peers', 'remote')),
    port           INTEGER NOT NULL,
    remote_ip      TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (system, stack, evidence, port, remote_ip, capture_date)
) STRICT, WITHOUT ROWID;
CREATE INDEX service_evidence_day ON service_evidence (system, stack, capture_date);

DROP VIEW v_connections;

-- One row per connection per snapshot. Besides what was printed:
--   direction, service_port, direction_evidence: from evidence, strongest
--     first: a listener on the local port in any snapshot of the stack;
--     a connection to a listener of the same stack over a loopback or its
--     own address; the AT-TLS rule's Direction; the environment (or
--     connection) action's HandshakeRole; the local port serving several
--     remote sockets at once in any snapshot; a remote socket reached from
--     several local ports at once; a well-known port (below 1024) against
--     one that is not, or a registered port (below 49152) against an
--     ephemeral one. Otherwise `unknown`, with no service port.
--   tls_state: negotiated / policy_only / not_captured / clear / unknown.
--   bytes_in ... segments_out: as printed, counted from the connection's start.
--   traffic_*: growth since the connection's previous observation.
--   previous_connection_id, previous_date, identity_id: the observations of
--     one connection (identity_id is the connection_id of its first).
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
            WHEN c.state = 'Listen' THEN 'listener'
            WHEN c.state = 'UDP' THEN NULL
            WHEN EXISTS (SELECT 1 FROM service_evidence v
                         WHERE v.system = s.system AND v.stack = s.stack AND v.evidence = 'listener'
                           AND v.port = c.local_port) THEN 'listener'
            WHEN (c.remote_ip = c.local_ip OR c.remote_ip LIKE '127.%' OR c.remote_ip = '::1')
                 AND EXISTS (SELECT 1 FROM service_evidence v
                             WHERE v.system = s.system AND v.stack = s.stack AND v.evidence = 'listener'
                               AND v.port = c.remote_port) THEN 'own listener'
            WHEN lower(r.direction) IN ('inbound', 'outbound') THEN 'rule'
            WHEN lower(coalesce(ca.handshake_role, e.handshake_role)) LIKE 'server%'
              OR lower(coalesce(ca.handshake_role, e.handshake_role)) = 'client' THEN 'handshake role'
            WHEN EXISTS (SELECT 1 FROM service_evidence v
                         WHERE v.system = s.system AND v.stack = s.stack AND v.evidence = 'peers'
                           AND v.port = c.local_port) THEN 'peers'
            WHEN EXISTS (SELECT 1 FROM service_evidence v
                         WHERE v.system = s.system AND v.stack = s.stack AND v.evidence = 'remote'
                           AND v.port = c.remote_port AND v.remote_ip = c.remote_ip) THEN 'remote'
            WHEN c.local_port < 1024 AND c.remote_port >= 1024 OR c.remote_port < 1024 AND c.local_port >= 1024
              OR c.local_port < 49152 AND c.remote_port >= 49152 OR c.remote_port < 49152 AND c.local_port >= 49152
                THEN 'port numbers'
        END AS direction_evidence,
        lower(r.direction) AS rule_direction,
        lower(coalesce(ca.handshake_role, e.handshake_role)) AS handshake_role,
        CASE
            WHEN c.state IN ('Listen', 'UDP') THEN NULL
            WHEN t.sec_level IS NOT NULL THEN 'negotiated'
            WHEN t.tls_session_id IS NOT NULL OR c.ttls_policy = 1 THEN
                CASE WHEN EXISTS (SELECT 1 FROM captures k
                                  WHERE k.snapshot_id = c.snapshot_id AND k.report_kind IN ('TTLS', 'TTLS DETAIL'))
                     THEN 'policy_only' ELSE 'not_captured' END
            WHEN c.ttls_policy = 0 THEN 'clear'
            ELSE 'unknown'
        END AS tls_state,
        c.traffic_bytes_in,
        c.traffic_bytes_out,
        c.traffic_segments_in,
        c.traffic_segments_out,
        c.previous_id AS previous_connection_id,
        (SELECT ps.capture_date FROM connections p JOIN snapshots ps ON ps.snapshot_id = p.snapshot_id
         WHERE p.connection_id = c.previous_id) AS previous_date,
        c.identity_id,
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
    LEFT JOIN rules r ON r.snapshot_id = c.snapshot_id AND r.name = coalesce(c.ttls_rule, t.rule_name)
    LEFT JOIN env_actions e ON e.snapshot_id = c.snapshot_id AND e.name = coalesce(c.ttls_env_action, r.env_action)
    LEFT JOIN conn_actions ca ON ca.snapshot_id = c.snapshot_id AND ca.name = r.conn_action
    LEFT JOIN protocols p ON p.name = t.protocol
    LEFT JOIN cipher_suites cs ON cs.code = t.cipher_code
    LEFT JOIN named_groups ng ON ng.code = t.key_share_code
),
directed AS (
    SELECT
        base.*,
        CASE direction_evidence
            WHEN 'listener' THEN 'inbound'
            WHEN 'own listener' THEN 'outbound'
            WHEN 'rule' THEN rule_direction
            WHEN 'handshake role' THEN CASE WHEN handshake_role = 'client' THEN 'outbound' ELSE 'inbound' END
            WHEN 'peers' THEN 'inbound'
            WHEN 'remote' THEN 'outbound'
            WHEN 'port numbers' THEN
                CASE WHEN local_port < 1024 AND remote_port >= 1024 THEN 'inbound'
                     WHEN remote_port < 1024 AND local_port >= 1024 THEN 'outbound'
                     WHEN local_port < 49152 AND remote_port >= 49152 THEN 'inbound'
                     ELSE 'outbound' END
            ELSE CASE WHEN endpoint = 'connection' THEN 'unknown' END
        END AS direction
    FROM base
)
SELECT
    connection_id, snapshot_id, system, stack, captured_at, capture_date, conn_id, job, local_ip, local_port,
    remote_ip, remote_port, state, bytes_in, bytes_out, segments_in, segments_out, started_at, ttls_policy,
    ttls_rule, ttls_group_action, ttls_env_action, tls_protocol, cipher_code, cipher_name, key_share,
    key_share_name, source_file, source_line, endpoint, direction, protocol_grade, protocol_rank, cipher_grade,
    key_share_grade, forward_secret, aead,
    CASE direction WHEN 'outbound' THEN remote_port WHEN 'inbound' THEN local_port END AS service_port,
    -- the grade of the three with the lowest rank (none: NULL)
    CASE min(coalesce(gp.rank, 99), coalesce(gc.rank, 99), coalesce(gk.rank, 99))
        WHEN 99 THEN NULL
        WHEN coalesce(gp.rank, 99) THEN protocol_grade
        WHEN coalesce(gc.rank, 99) THEN cipher_grade
        ELSE key_share_grade
    END AS worst_grade,
    direction_evidence, tls_state, traffic_bytes_in, traffic_bytes_out, traffic_segments_in, traffic_segments_out,
    previous_connection_id, previous_date, identity_id
FROM directed
LEFT JOIN grades gp ON gp.grade = directed.protocol_grade
LEFT JOIN grades gc ON gc.grade = directed.cipher_grade
LEFT JOIN grades gk ON gk.grade = directed.key_share_grade;

-- The summaries, rebuilt with the meanings above: connections counted once
-- a day (the first snapshot of the day that saw each stands for it), bytes
-- and segments as traffic, tls_state instead of ttls_policy, and per row the
-- date the connections were last seen before that day (continued_from, NULL
-- for connections first seen that day): a period from :from counts the
-- rows with continued_from NULL or before :from, so each connection once.
DROP TABLE daily_endpoints;
DROP TABLE daily_services;
DROP TABLE daily_capacity;
DROP TABLE endpoint_days;
DROP TABLE regressions;

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
) STRICT;
CREATE INDEX daily_endpoints_day ON daily_endpoints (system, stack, capture_date);
CREATE INDEX daily_endpoints_weak ON daily_endpoints (system, stack) WHERE weak = 1;
CREATE INDEX daily_endpoints_clear ON daily_endpoints (capture_date, system, stack, direction, service_port, job, remote_ip)
    WHERE endpoint = 'connection' AND tls_state = 'clear';

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
) STRICT;
CREATE INDEX daily_services_day ON daily_services (system, stack, capture_date);

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
) STRICT;
CREATE INDEX daily_capacity_day ON daily_capacity (system, stack, capture_date);

-- protected: 1 negotiated TLS, 0 cleartext, NULL neither known.
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
) STRICT;
CREATE INDEX endpoint_days_endpoint ON endpoint_days (system, stack, job, service_port, remote_ip, capture_date);
CREATE INDEX endpoint_days_day ON endpoint_days (system, stack, capture_date, job, service_port, remote_ip);

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
) STRICT;
CREATE INDEX regressions_day ON regressions (system, stack, capture_date);

INSERT OR IGNORE INTO summaries_pending SELECT DISTINCT system, stack, capture_date FROM snapshots;
