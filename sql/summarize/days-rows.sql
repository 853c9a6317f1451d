-- The rows of the days, in capture order (a connection's first snapshot of a day comes first).
-- `worst_grade`'s rank comes from `grades`. Counters are traffic (growth since the connection's
-- previous snapshot), not as printed.
-- Run by src/store/summarize/days.rs.
SELECT v.snapshot_id, v.system, v.stack, v.capture_date, v.captured_at, v.conn_id, v.endpoint,
   v.direction, v.service_port, v.job, v.remote_ip, v.tls_state, v.tls_protocol, v.protocol_rank,
   v.cipher_code, v.cipher_name, v.key_share, v.protocol_grade, v.cipher_grade, v.key_share_grade,
   v.worst_grade, g.rank AS grade_rank, v.aead, v.traffic_bytes_in, v.traffic_bytes_out, v.traffic_segments_in,
   v.traffic_segments_out,
   EXISTS (SELECT 1 FROM tls_sessions t WHERE t.snapshot_id = v.snapshot_id AND t.conn_id = v.conn_id)
       AS has_session,
   v.identity_id, v.previous_date, substr(v.started_at, 1, 10) < v.capture_date AS started_earlier
FROM v_connections v
LEFT JOIN grades g ON g.grade = v.worst_grade
WHERE v.snapshot_id IN (SELECT s.snapshot_id FROM snapshots s
                        JOIN temp.summary_days USING (system, stack, capture_date))
ORDER BY v.captured_at, v.snapshot_id;
