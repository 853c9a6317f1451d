-- 0073_counter_digits: the digits a connection's byte and segment counters were printed in.
--
-- The TCP/IP stack keeps 64-bit counters; NETSTAT's SHORT format prints their low 32 bits in 10
-- digits, the LONG format the whole counter in 20 (IBM: Netstat ALL report field descriptions,
-- BytesIn). Only a counter printed in 10 digits wraps at 2^32: a 20-digit counter that falls
-- under an unchanged start is an earlier run read again or a misprint, and counts nothing (review
-- 14b F17: BytesIn 3 000 000 000 then 1 000 in 20 digits counted 1 294 968 296 bytes that never
-- moved). Rows stored before keep no width (NULL) and the rule they were linked by: every counter
-- taken for a 32-bit one. The view connections and its triggers as in 0026, with the column.

ALTER TABLE connection_rows ADD COLUMN counter_digits INTEGER;

DROP VIEW connections;

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
