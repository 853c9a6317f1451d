-- 0018_narrow_connections: a connection row in about half the bytes
-- (issue 16), every printed field still read back as before through the
-- view `connections`, which has the columns, names and values the table
-- had (v_connections reads it, so it is unchanged). The rows themselves are
-- in `connection_rows`:
--   * texts that repeat (job, local address, state, AT-TLS rule and
--     actions, the TCP flag bytes) are kept once in `texts` and referred to
--     by `<column>_text_id`;
--   * StartDate/StartTime is `started_s`, seconds from 1970-01-01T00:00:00
--     to the printed (local) time, and Last Touched is `last_touched_s`,
--     seconds from midnight: the text had no fraction, so none is lost;
--   * TCP sequence numbers and windows that follow another field (a
--     connection's ClientRcvNxt, InitRcvSeqNum, IncomingWindowNum and SndWl1
--     are close to its RcvNxt, and so on) are kept as `<column>_d`, the
--     difference from that field (from 0 when it was not printed).
-- Inserting into and deleting from `connections` still works (triggers), so
-- the rows are copied through the view.
CREATE TABLE texts (
    text_id        INTEGER PRIMARY KEY,
    text           TEXT    NOT NULL UNIQUE
) STRICT;

CREATE TABLE connection_rows (
    connection_id  INTEGER PRIMARY KEY,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    capture_id     INTEGER NOT NULL REFERENCES captures ON DELETE CASCADE,
    source_line    INTEGER NOT NULL,
    source_rank    INTEGER NOT NULL,
    report_count   INTEGER NOT NULL DEFAULT 1,
    conn_id        TEXT    NOT NULL,
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
    maximum_segment_size INTEGER,
    ds_field_text_id INTEGER,
    smooth_trip_time REAL,
    smooth_trip_variance REAL,
    rexmt INTEGER,
    rexmt_count INTEGER,
    dup_acks INTEGER,
    rcv_wnd INTEGER,
    sock_opt_text_id INTEGER,
    tcp_timer_text_id INTEGER,
    tcp_sig_text_id INTEGER,
    tcp_sel_text_id INTEGER,
    tcp_det_text_id INTEGER,
    tcp_pol_text_id INTEGER,
    tcp_prf_text_id INTEGER,
    tcp_prf2_text_id INTEGER,
    tcp_prf3_text_id INTEGER,
    delay_ack INTEGER,
    qos_policy INTEGER,
    routing_policy INTEGER,
    receive_buffer_size INTEGER,
    send_buffer_size INTEGER,
    receive_data_queued INTEGER,
    send_data_queued INTEGER,
    send_stalled INTEGER,
    ancillary_input_queue_text_id INTEGER,
    previous_id INTEGER,
    identity_id INTEGER,
    traffic_bytes_in INTEGER,
    traffic_bytes_out INTEGER,
    traffic_segments_in INTEGER,
    traffic_segments_out INTEGER,
    UNIQUE (snapshot_id, conn_id)
) STRICT;

-- Renamed without touching the views that read `connections` (v_connections
-- reads the view from now on).
PRAGMA legacy_alter_table = ON;
ALTER TABLE connections RENAME TO connections_0017;
PRAGMA legacy_alter_table = OFF;

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
    c.maximum_segment_size,
    t_ds_field.text AS ds_field,
    c.smooth_trip_time,
    c.smooth_trip_variance,
    c.rexmt,
    c.rexmt_count,
    c.dup_acks,
    c.rcv_wnd,
    t_sock_opt.text AS sock_opt,
    t_tcp_timer.text AS tcp_timer,
    t_tcp_sig.text AS tcp_sig,
    t_tcp_sel.text AS tcp_sel,
    t_tcp_det.text AS tcp_det,
    t_tcp_pol.text AS tcp_pol,
    t_tcp_prf.text AS tcp_prf,
    t_tcp_prf2.text AS tcp_prf2,
    t_tcp_prf3.text AS tcp_prf3,
    c.delay_ack,
    c.qos_policy,
    c.routing_policy,
    c.receive_buffer_size,
    c.send_buffer_size,
    c.receive_data_queued,
    c.send_data_queued,
    c.send_stalled,
    t_ancillary_input_queue.text AS ancillary_input_queue,
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
LEFT JOIN texts t_ds_field ON t_ds_field.text_id = c.ds_field_text_id
LEFT JOIN texts t_sock_opt ON t_sock_opt.text_id = c.sock_opt_text_id
LEFT JOIN texts t_tcp_timer ON t_tcp_timer.text_id = c.tcp_timer_text_id
LEFT JOIN texts t_tcp_sig ON t_tcp_sig.text_id = c.tcp_sig_text_id
LEFT JOIN texts t_tcp_sel ON t_tcp_sel.text_id = c.tcp_sel_text_id
LEFT JOIN texts t_tcp_det ON t_tcp_det.text_id = c.tcp_det_text_id
LEFT JOIN texts t_tcp_pol ON t_tcp_pol.text_id = c.tcp_pol_text_id
LEFT JOIN texts t_tcp_prf ON t_tcp_prf.text_id = c.tcp_prf_text_id
LEFT JOIN texts t_tcp_prf2 ON t_tcp_prf2.text_id = c.tcp_prf2_text_id
LEFT JOIN texts t_tcp_prf3 ON t_tcp_prf3.text_id = c.tcp_prf3_text_id
LEFT JOIN texts t_ancillary_input_queue ON t_ancillary_input_queue.text_id = c.ancillary_input_queue_text_id;

CREATE TRIGGER connections_insert INSTEAD OF INSERT ON connections
BEGIN
    INSERT OR IGNORE INTO texts (text) VALUES (new.job), (new.local_ip), (new.state), (new.ttls_rule), (new.ttls_group_action), (new.ttls_env_action), (new.ds_field), (new.sock_opt), (new.tcp_timer), (new.tcp_sig), (new.tcp_sel), (new.tcp_det), (new.tcp_pol), (new.tcp_prf), (new.tcp_prf2), (new.tcp_prf3), (new.ancillary_input_queue);
    INSERT INTO connection_rows (connection_id, snapshot_id, capture_id, source_line, source_rank, report_count, conn_id, job_text_id, local_ip_text_id, local_port, remote_ip, remote_port, state_text_id, bytes_in, bytes_out, segments_in, segments_out, started_s, last_touched_s, ttls_policy, ttls_rule_text_id, ttls_group_action_text_id, ttls_env_action_text_id, rcv_nxt, snd_nxt, client_rcv_nxt_d, client_snd_nxt_d, init_rcv_seq_num_d, init_snd_seq_num_d, congestion_window, slow_start_threshold, incoming_window_num_d, outgoing_window_num_d, snd_wl1_d, snd_wl2_d, snd_wnd, max_snd_wnd_d, snd_una_d, rtt_seq_d, maximum_segment_size, ds_field_text_id, smooth_trip_time, smooth_trip_variance, rexmt, rexmt_count, dup_acks, rcv_wnd, sock_opt_text_id, tcp_timer_text_id, tcp_sig_text_id, tcp_sel_text_id, tcp_det_text_id, tcp_pol_text_id, tcp_prf_text_id, tcp_prf2_text_id, tcp_prf3_text_id, delay_ack, qos_policy, routing_policy, receive_buffer_size, send_buffer_size, receive_data_queued, send_data_queued, send_stalled, ancillary_input_queue_text_id, previous_id, identity_id, traffic_bytes_in, traffic_bytes_out, traffic_segments_in, traffic_segments_out)
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
     new.maximum_segment_size,
     (SELECT text_id FROM texts WHERE text = new.ds_field),
     new.smooth_trip_time,
     new.smooth_trip_variance,
     new.rexmt,
     new.rexmt_count,
     new.dup_acks,
     new.rcv_wnd,
     (SELECT text_id FROM texts WHERE text = new.sock_opt),
     (SELECT text_id FROM texts WHERE text = new.tcp_timer),
     (SELECT text_id FROM texts WHERE text = new.tcp_sig),
     (SELECT text_id FROM texts WHERE text = new.tcp_sel),
     (SELECT text_id FROM texts WHERE text = new.tcp_det),
     (SELECT text_id FROM texts WHERE text = new.tcp_pol),
     (SELECT text_id FROM texts WHERE text = new.tcp_prf),
     (SELECT text_id FROM texts WHERE text = new.tcp_prf2),
     (SELECT text_id FROM texts WHERE text = new.tcp_prf3),
     new.delay_ack,
     new.qos_policy,
     new.routing_policy,
     new.receive_buffer_size,
     new.send_buffer_size,
     new.receive_data_queued,
     new.send_data_queued,
     new.send_stalled,
     (SELECT text_id FROM texts WHERE text = new.ancillary_input_queue),
     new.previous_id,
     new.identity_id,
     new.traffic_bytes_in,
     new.traffic_bytes_out,
     new.traffic_segments_in,
     new.traffic_segments_out);
END;

CREATE TRIGGER connections_delete INSTEAD OF DELETE ON connections
BEGIN
    DELETE FROM connection_rows WHERE connection_id = old.connection_id;
END;


-- In row order, so the texts are numbered as an ingest would have numbered them.
INSERT INTO connections SELECT * FROM connections_0017 ORDER BY connection_id;
DROP TABLE connections_0017;

CREATE INDEX connection_rows_capture ON connection_rows (capture_id);
CREATE INDEX connection_rows_unlinked ON connection_rows (snapshot_id) WHERE identity_id IS NULL;

-- As 0017's trigger on `connections` (the listeners' index is gone: no
-- statement's plan used it).
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
