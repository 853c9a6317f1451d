-- The rows of snapshot ?1 (of system ?2, stack ?3, capture date ?4; see days-snapshots.sql), with
-- the columns of v_connections the summaries read, each worked out once and nothing else read:
-- v_connections works out the evidence of direction for `direction` and again for `service_port`,
-- and joins what the summaries do not read (the file, the grade of the worst grade). The
-- direction here is v_connections' `direction_evidence` and `direction` in one CASE;
-- `service_port` follows from it in src/store/summarize/days.rs. `grade_rank` is the rank of
-- `worst_grade`. Counters are traffic (growth since the connection's previous snapshot), not as
-- printed. summaries::the_summaries_read_each_row_as_v_connections_gives_it (tests/it) checks every
-- column against v_connections.
-- Run by src/store/summarize/days.rs.
WITH base AS (
    SELECT
        c.conn_id, c.job, c.local_port,
        c.remote_ip, c.remote_port, c.traffic_bytes_in, c.traffic_bytes_out, c.traffic_segments_in,
        c.traffic_segments_out, c.identity_id,
        CASE c.state WHEN 'Listen' THEN 'listener' WHEN 'UDP' THEN 'udp' ELSE 'connection' END AS endpoint,
        CASE
            WHEN c.state = 'Listen' THEN 'inbound'
            WHEN c.state = 'UDP' THEN NULL
            WHEN EXISTS (SELECT 1 FROM service_evidence v
                         WHERE v.system = ?2 AND v.stack = ?3 AND v.evidence = 'listener'
                           AND v.port = c.local_port) THEN 'inbound'
            WHEN (c.remote_ip = c.local_ip OR c.remote_ip LIKE '127.%' OR c.remote_ip = '::1')
                 AND EXISTS (SELECT 1 FROM service_evidence v
                             WHERE v.system = ?2 AND v.stack = ?3 AND v.evidence = 'listener'
                               AND v.port = c.remote_port) THEN 'outbound'
            WHEN lower(r.direction) IN ('inbound', 'outbound') THEN lower(r.direction)
            WHEN lower(coalesce(ca.handshake_role, e.handshake_role)) LIKE 'server%' THEN 'inbound'
            WHEN lower(coalesce(ca.handshake_role, e.handshake_role)) = 'client' THEN 'outbound'
            WHEN EXISTS (SELECT 1 FROM service_evidence v
                         WHERE v.system = ?2 AND v.stack = ?3 AND v.evidence = 'peers'
                           AND v.port = c.local_port) THEN 'inbound'
            WHEN EXISTS (SELECT 1 FROM service_evidence v
                         WHERE v.system = ?2 AND v.stack = ?3 AND v.evidence = 'remote'
                           AND v.port = c.remote_port AND v.remote_ip = c.remote_ip) THEN 'outbound'
            WHEN c.local_port < 1024 AND c.remote_port >= 1024 THEN 'inbound'
            WHEN c.remote_port < 1024 AND c.local_port >= 1024 THEN 'outbound'
            WHEN c.local_port < 49152 AND c.remote_port >= 49152 THEN 'inbound'
            WHEN c.remote_port < 49152 AND c.local_port >= 49152 THEN 'outbound'
            ELSE 'unknown'
        END AS direction,
        CASE
            WHEN c.state IN ('Listen', 'UDP') THEN NULL
            WHEN t.sec_level IS NOT NULL THEN 'negotiated'
            WHEN t.tls_session_id IS NOT NULL THEN 'policy_only'
            WHEN c.ttls_policy = 1 THEN
                CASE WHEN EXISTS (SELECT 1 FROM captures k
                                  WHERE k.snapshot_id = c.snapshot_id AND k.report_kind = 'TTLS')
                     THEN 'policy_only' ELSE 'not_captured' END
            WHEN c.ttls_policy = 0 THEN 'clear'
            ELSE 'unknown'
        END AS tls_state,
        t.protocol AS tls_protocol, t.cipher_code, t.cipher_name, t.key_share_code AS key_share,
        p.grade AS protocol_grade, p.rank AS protocol_rank,
        CASE WHEN t.cipher_code IS NOT NULL THEN coalesce(cs.grade, 'unknown') END AS cipher_grade,
        CASE WHEN t.key_share_code IS NOT NULL THEN coalesce(ng.grade, 'unknown') END AS key_share_grade,
        cs.aead,
        t.tls_session_id IS NOT NULL AS has_session,
        (SELECT ps.capture_date FROM connections pc JOIN snapshots ps ON ps.snapshot_id = pc.snapshot_id
         WHERE pc.connection_id = c.previous_id) AS previous_date,
        substr(c.started_at, 1, 10) < ?4 AS started_earlier
    FROM connections c
    LEFT JOIN tls_sessions t ON t.snapshot_id = c.snapshot_id AND t.conn_id = c.conn_id
    LEFT JOIN rules r ON r.snapshot_id = c.snapshot_id AND r.name = coalesce(c.ttls_rule, t.rule_name)
    LEFT JOIN env_actions e ON e.snapshot_id = c.snapshot_id AND e.name = coalesce(c.ttls_env_action, r.env_action)
    LEFT JOIN conn_actions ca ON ca.snapshot_id = c.snapshot_id AND ca.name = r.conn_action
    LEFT JOIN protocols p ON p.name = t.protocol
    LEFT JOIN cipher_suites cs ON cs.code = t.cipher_code
    LEFT JOIN named_groups ng ON ng.code = t.key_share_code
    WHERE c.snapshot_id = ?1
)
SELECT base.*,
    -- the grade of the three with the lowest rank (none: NULL)
    CASE min(coalesce(gp.rank, 99), coalesce(gc.rank, 99), coalesce(gk.rank, 99))
        WHEN 99 THEN NULL
        WHEN coalesce(gp.rank, 99) THEN protocol_grade
        WHEN coalesce(gc.rank, 99) THEN cipher_grade
        ELSE key_share_grade
    END AS worst_grade,
    nullif(min(coalesce(gp.rank, 99), coalesce(gc.rank, 99), coalesce(gk.rank, 99)), 99) AS grade_rank
FROM base
LEFT JOIN grades gp ON gp.grade = base.protocol_grade
LEFT JOIN grades gc ON gc.grade = base.cipher_grade
LEFT JOIN grades gk ON gk.grade = base.key_share_grade;
