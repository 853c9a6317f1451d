-- 0099_clear_by_policy: two kinds of AT-TLS-mapped connection whose data the policy itself leaves in
-- clear are `clear`, not `policy_only` (review 18b F6, F8).
--
-- A connection mapped to a rule whose connection or environment action says `ApplicationControlled:
-- On`, with no session when TTLS printed (its entry prints no SecLevel, or the whole list leaves it
-- out): AT-TLS passes the application's data in clear until the application asks for the handshake
-- (SIOCTTLSCTL TTLS_INIT_CONNECTION); z/OS FTP with TLSMECHANISM ATTLS does so on AUTH TLS only, so a
-- session whose client never sent it moved its user id, password and files in clear and counted in no
-- cleartext number. With it Off AT-TLS starts the handshake before any data: still `policy_only`.
--
-- A rule whose group action says `TTLSEnabled: Off` made its connections `clear` only in the
-- snapshot that printed the group (the `pasearch -t` dump, often weekly); a snapshot that printed no
-- TTLSEnabled of it now counts as the last earlier snapshot of its stack that did, as impact and
-- quantum read a rule no capture of the day printed. The same carry gives ApplicationControlled.
--
-- A connection that started after the run's list of every AT-TLS connection was printed (a job
-- that prints TTLS DETAIL before ALL) was policy_only: that list says nothing of it, it is
-- `not_captured` (review 18b F4).
--
-- v_connection_core is restated from 0090 with the new tls_state decision; v_connections as in 0090.
-- Both change only connections that were `policy_only`, or `not_captured` under a disabled group:
-- their days are summarized again by the next ingest (a pruned day keeps its summaries).
INSERT INTO summaries_pending (system, stack, capture_date)
SELECT DISTINCT system, stack, capture_date FROM daily_endpoints
WHERE endpoint = 'connection' AND tls_state IN ('policy_only', 'not_captured')
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;

DROP VIEW v_connections;
DROP VIEW v_connection_core;

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
