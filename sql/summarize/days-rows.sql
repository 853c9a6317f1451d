-- The rows of snapshot ?1 (see days-snapshots.sql) with the columns of v_connection_core the summaries
-- read: the view v_connections reads too (migration 0029), so that each row is read as v_connections
-- gives it. `service_port` follows from `direction` in src/store/summarize/days.rs (the view would
-- work the direction out again for it). Counters are traffic (growth since the counter's last print
-- in an earlier snapshot), not as printed. A peer is its address in IPv4 form: a dual-mode stack prints an IPv4
-- client as `::ffff:10.9.9.9`, another report or day as `10.9.9.9` (src/model.rs `ipv4_form`); the
-- facts keep what was printed.
-- What the view works out of these columns per row is worked out in src/store/summarize/days.rs, once
-- per connection or from a few values held: a row's direction from its own evidence (evidence_rank,
-- own_direction) and the strongest entry of its connection (the view's `carried`, which the
-- summaries write and so hold: src/store/summarize/directions.rs), a subquery per row here; and
-- worst_grade and grade_rank from the three grades and the table grades, three lookups per row here.
-- The rest is read once in the subquery (OFFSET 0 keeps it from being flattened into this query,
-- which names some columns twice). The evidence is still worked out twice, for evidence_rank and
-- own_direction.
-- tests/it/summaries.rs checks that every row reads as v_connections gives it.
-- Run by src/store/summarize/days.rs.
SELECT conn_id, endpoint, local_port, remote_port, job,
    CASE WHEN remote_ip LIKE '::ffff:%.%.%.%' THEN substr(remote_ip, 8) ELSE remote_ip END AS remote_ip,
    tls_state, ttls_rule AS rule, ttls_env_action AS env_action, tls_protocol,
    protocol_rank, cipher_code, cipher_name, key_share, protocol_grade, cipher_grade, key_share_grade, aead,
    traffic_bytes_in, traffic_bytes_out, traffic_segments_in, traffic_segments_out,
    tls_session_id IS NOT NULL AS has_session, identity_id, previous_connection_id, previous_date,
    -- ALLCONN lists recently closed connections: seen that day, not open in the run
    state IS 'Closed' AS closed,
    -- the row's own evidence of direction (src/store/summarize/directions.rs)
    evidence_rank, own_direction,
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
         ELSE 0 END AS started_earlier,
    -- the days its traffic covers (review 15a F4): since the capture date of the counters it grew
    -- from, when those are another day's: the previous observation's, or, when that printed none (a
    -- run of CONN or ALLCONN alone), the latest one before it that printed counters, however many
    -- counter-less runs and days lie between (review 18a F12), or else the earliest of them (the
    -- date of a head a prune kept where the walk reaches a pruned row); 1 for traffic of the day
    -- alone (a day not captured, or captured without counters, puts the growth of two days or more
    -- on the next). The walk is taken only after a row without counters.
    CASE WHEN previous_date < capture_date
              AND coalesce(traffic_bytes_in, traffic_bytes_out, traffic_segments_in, traffic_segments_out) IS NOT NULL
         THEN CAST(julianday(capture_date) - julianday(CASE
                  WHEN (SELECT coalesce(p.bytes_in, p.bytes_out, p.segments_in, p.segments_out) IS NULL
                        FROM connection_rows p WHERE p.connection_id = c.previous_connection_id)
                  THEN (WITH RECURSIVE back(id) AS (
                            SELECT c.previous_connection_id
                            UNION ALL
                            SELECT p.previous_id FROM back JOIN connection_rows p ON p.connection_id = back.id
                            WHERE coalesce(p.bytes_in, p.bytes_out, p.segments_in, p.segments_out) IS NULL)
                        SELECT min(coalesce(s.capture_date, h.head_date)) FROM back
                        LEFT JOIN connection_rows r ON r.connection_id = back.id
                        LEFT JOIN snapshots s ON s.snapshot_id = r.snapshot_id
                        LEFT JOIN pruned_heads h ON h.connection_id = back.id)
                  ELSE previous_date END) AS INTEGER)
         ELSE 1 END AS days_covered
FROM (SELECT conn_id, endpoint, state, local_port, remote_port, job, remote_ip, tls_state, ttls_rule, ttls_env_action,
             tls_protocol, protocol_rank,
             cipher_code, cipher_name, key_share, protocol_grade, cipher_grade, key_share_grade, aead, traffic_bytes_in, traffic_bytes_out, traffic_segments_in, traffic_segments_out,
             tls_session_id, identity_id, previous_connection_id, previous_date, evidence_rank, own_direction,
             bytes_in, bytes_out, segments_in, segments_out, started_at, capture_date
      FROM v_connection_core v
      WHERE snapshot_id = ?1
      LIMIT -1 OFFSET 0) c;
