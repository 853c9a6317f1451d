-- The rows of snapshot ?1 (see days-snapshots.sql) with the columns of v_connection_core the summaries
-- read: the view v_connections reads too (migration 0029), so that each row is read as v_connections
-- gives it. `service_port` follows from `direction` in src/store/summarize/days.rs (the view would
-- work the direction out again for it). Counters are traffic (growth since the connection's previous
-- snapshot), not as printed. A peer is its address in IPv4 form: a dual-mode stack prints an IPv4
-- client as `::ffff:10.9.9.9`, another report or day as `10.9.9.9` (src/model.rs `ipv4_form`); the
-- facts keep what was printed.
-- A row's direction is v_connection_core's, worked out here from its parts (the row's own evidence
-- and the strongest entry of its connection, `carried`, both as the view works them out), each read
-- once in the subquery: SQLite writes a view's column out wherever it is named, and the view's
-- `direction` names the evidence and the entry twice each, its `carried_rank` and `carried_from`
-- the entry again, so that reading them all looked the evidence up four times a row, about half of
-- the cost of reading a day (OFFSET 0 keeps the subquery from being flattened into this query).
-- tests/it/summaries.rs checks that every row reads as v_connections gives it.
-- Run by src/store/summarize/days.rs.
SELECT conn_id, endpoint,
    CASE WHEN CAST(substr(carried, 1, 1) AS INTEGER) < evidence_rank THEN substr(carried, 12) ELSE own_direction END
        AS direction,
    local_port, remote_port, job,
    CASE WHEN remote_ip LIKE '::ffff:%.%.%.%' THEN substr(remote_ip, 8) ELSE remote_ip END AS remote_ip,
    tls_state, ttls_rule AS rule, ttls_env_action AS env_action, tls_protocol,
    protocol_rank, cipher_code, cipher_name, key_share, protocol_grade, cipher_grade, key_share_grade, worst_grade,
    grade_rank, aead, traffic_bytes_in, traffic_bytes_out, traffic_segments_in, traffic_segments_out,
    tls_session_id IS NOT NULL AS has_session, identity_id, previous_connection_id, previous_date,
    -- the row's own evidence of direction and the strongest of its connection it read
    -- (src/store/summarize/directions.rs)
    evidence_rank, own_direction, CAST(substr(carried, 1, 1) AS INTEGER) AS carried_rank,
    substr(carried, 2, 10) AS carried_from,
    -- counters of the connection are printed for the first time (no earlier observation printed them:
    -- it is first seen, or was seen by ALLCONN alone, which prints none, or, for segments, by
    -- `netstat -b`'s monitor layout, which prints bytes alone) and it started before the day, or no
    -- report printed its start (the monitor layout: it may have): their traffic holds what it moved
    -- before (CASE, so the previous row is read only for such a row; the start date last, as its text
    -- is formatted for each row that gets that far)
    CASE WHEN (coalesce(bytes_in, bytes_out) IS NOT NULL AND traffic_bytes_in IS bytes_in
               AND traffic_bytes_out IS bytes_out
               OR coalesce(segments_in, segments_out) IS NOT NULL AND traffic_segments_in IS segments_in
               AND traffic_segments_out IS segments_out)
              AND coalesce(substr(started_at, 1, 10) < capture_date, 1)
         THEN CASE WHEN previous_connection_id IS NULL THEN 1
                   ELSE coalesce((SELECT p.bytes_in IS NULL AND p.bytes_out IS NULL
                                         AND coalesce(c.bytes_in, c.bytes_out) IS NOT NULL
                                      OR p.segments_in IS NULL AND p.segments_out IS NULL
                                         AND coalesce(c.segments_in, c.segments_out) IS NOT NULL
                                  FROM connections p WHERE p.connection_id = c.previous_connection_id),
                                 -- pruned: the counters its head kept at the prune boundary
                                 (SELECT h.bytes_in IS NULL AND h.bytes_out IS NULL
                                         AND coalesce(c.bytes_in, c.bytes_out) IS NOT NULL
                                      OR h.segments_in IS NULL AND h.segments_out IS NULL
                                         AND coalesce(c.segments_in, c.segments_out) IS NOT NULL
                                  FROM pruned_heads h WHERE h.connection_id = c.previous_connection_id)) END
         ELSE 0 END AS started_earlier
FROM (SELECT conn_id, endpoint, local_port, remote_port, job, remote_ip, tls_state, ttls_rule, ttls_env_action,
             tls_protocol, protocol_rank,
             cipher_code, cipher_name, key_share, protocol_grade, cipher_grade, key_share_grade, worst_grade,
             grade_rank, aead, traffic_bytes_in, traffic_bytes_out, traffic_segments_in, traffic_segments_out,
             tls_session_id, identity_id, previous_connection_id, previous_date, evidence_rank, own_direction,
             bytes_in, bytes_out, segments_in, segments_out, started_at, capture_date,
             -- as v_connection_core's `carried` (migration 0058)
             CASE WHEN endpoint = 'connection' THEN
                 (SELECT x.rank || x.capture_date || x.direction FROM connection_directions x
                  WHERE x.identity_id = v.identity_id ORDER BY x.rank, x.capture_date LIMIT 1)
             END AS carried
      FROM v_connection_core v
      WHERE snapshot_id = ?1
      LIMIT -1 OFFSET 0) c;
