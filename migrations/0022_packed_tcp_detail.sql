-- 0022_packed_tcp_detail: a connection row and a TLS session row in fewer
-- bytes again (issue 16), every field read back as before through the
-- views `connections` and `tls_sessions` (columns, names, values, types).
--   * The TCP detail fields that are seldom read and whose values a
--     stack's connections share (MaximumSegmentSize, DSField, the flag
--     bytes SockOpt to TcpPrf3, DelayAck, QOSPolicy, RoutingPolicy, the
--     buffer sizes, Ancillary Input Queue) or that are nearly always 0
--     (ReXmt, ReXmtCount, DupACKs, the data queued, SendStalled) were a
--     column each: a record header byte each, and most of a row's header.
--     They are now one JSON array per connection, in that order (a flag 1
--     or 0, a field not printed null), kept once in `texts` and named by
--     `tcp_rare_text_id` (none when none was printed); the view reads each
--     back with json_extract, which gives the integer or text stored.
--   * A TLS session id printed as groups of 8 upper-case hex digits with
--     a blank between (71 characters for 32 bytes) is kept as its bytes,
--     which the view prints back so; any other text is kept as printed
--     (`session_id` holds a blob or a text).
-- Both tables are built again (SQLite cannot drop a column in a view's
-- use), with their indexes and triggers, and the views with them.

CREATE TABLE connection_rows_0022 (
    connection_id INTEGER PRIMARY KEY,
    snapshot_id INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    capture_id INTEGER NOT NULL REFERENCES captures ON DELETE CASCADE,
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
) STRICT;

-- The rows with their arrays of the seldom read TCP fields.
CREATE TEMP VIEW connection_rows_0022_packed AS
SELECT c.connection_id,
    c.snapshot_id,
    c.capture_id,
    c.source_line,
    c.source_rank,
    c.report_count,
    c.conn_id,
    c.job_text_id,
    c.local_ip_text_id,
    c.local_port,
    c.remote_ip,
    c.remote_port,
    c.state_text_id,
    c.bytes_in,
    c.bytes_out,
    c.segments_in,
    c.segments_out,
    c.started_s,
    c.last_touched_s,
    c.ttls_policy,
    c.ttls_rule_text_id,
    c.ttls_group_action_text_id,
    c.ttls_env_action_text_id,
    c.rcv_nxt,
    c.snd_nxt,
    c.client_rcv_nxt_d,
    c.client_snd_nxt_d,
    c.init_rcv_seq_num_d,
    c.init_snd_seq_num_d,
    c.congestion_window,
    c.slow_start_threshold,
    c.incoming_window_num_d,
    c.outgoing_window_num_d,
    c.snd_wl1_d,
    c.snd_wl2_d,
    c.snd_wnd,
    c.max_snd_wnd_d,
    c.snd_una_d,
    c.rtt_seq_d,
    c.smooth_trip_time,
    c.smooth_trip_variance,
    c.rcv_wnd,
    CASE WHEN coalesce(c.maximum_segment_size, c.ds_field_text_id, c.rexmt, c.rexmt_count, c.dup_acks, c.sock_opt_text_id, c.tcp_timer_text_id, c.tcp_sig_text_id, c.tcp_sel_text_id, c.tcp_det_text_id, c.tcp_pol_text_id, c.tcp_prf_text_id, c.tcp_prf2_text_id, c.tcp_prf3_text_id, c.delay_ack, c.qos_policy, c.routing_policy, c.receive_buffer_size, c.send_buffer_size, c.receive_data_queued, c.send_data_queued, c.send_stalled, c.ancillary_input_queue_text_id) IS NULL THEN NULL
        ELSE json_array(c.maximum_segment_size,
            (SELECT text FROM texts WHERE text_id = c.ds_field_text_id),
            c.rexmt,
            c.rexmt_count,
            c.dup_acks,
            (SELECT text FROM texts WHERE text_id = c.sock_opt_text_id),
            (SELECT text FROM texts WHERE text_id = c.tcp_timer_text_id),
            (SELECT text FROM texts WHERE text_id = c.tcp_sig_text_id),
            (SELECT text FROM texts WHERE text_id = c.tcp_sel_text_id),
            (SELECT text FROM texts WHERE text_id = c.tcp_det_text_id),
            (SELECT text FROM texts WHERE text_id = c.tcp_pol_text_id),
            (SELECT text FROM texts WHERE text_id = c.tcp_prf_text_id),
            (SELECT text FROM texts WHERE text_id = c.tcp_prf2_text_id),
            (SELECT text FROM texts WHERE text_id = c.tcp_prf3_text_id),
            c.delay_ack,
            c.qos_policy,
            c.routing_policy,
            c.receive_buffer_size,
            c.send_buffer_size,
            c.receive_data_queued,
            c.send_data_queued,
            c.send_stalled,
            (SELECT text FROM texts WHERE text_id = c.ancillary_input_queue_text_id)) END AS tcp_rare,
    c.previous_id,
    c.identity_id,
    c.traffic_bytes_in,
    c.traffic_bytes_out,
    c.traffic_segments_in,
    c.traffic_segments_out
FROM main.connection_rows c;

-- The arrays, numbered in row order as an ingest would have numbered them.
INSERT OR IGNORE INTO texts (text)
SELECT tcp_rare FROM connection_rows_0022_packed WHERE tcp_rare IS NOT NULL ORDER BY connection_id;

INSERT INTO connection_rows_0022 (connection_id, snapshot_id, capture_id, source_line, source_rank, report_count, conn_id, job_text_id, local_ip_text_id, local_port, remote_ip, remote_port, state_text_id, bytes_in, bytes_out, segments_in, segments_out, started_s, last_touched_s, ttls_policy, ttls_rule_text_id, ttls_group_action_text_id, ttls_env_action_text_id, rcv_nxt, snd_nxt, client_rcv_nxt_d, client_snd_nxt_d, init_rcv_seq_num_d, init_snd_seq_num_d, congestion_window, slow_start_threshold, incoming_window_num_d, outgoing_window_num_d, snd_wl1_d, snd_wl2_d, snd_wnd, max_snd_wnd_d, snd_una_d, rtt_seq_d, smooth_trip_time, smooth_trip_variance, rcv_wnd, tcp_rare_text_id, previous_id, identity_id, traffic_bytes_in, traffic_bytes_out, traffic_segments_in, traffic_segments_out)
SELECT p.connection_id, p.snapshot_id, p.capture_id, p.source_line, p.source_rank, p.report_count, p.conn_id, p.job_text_id, p.local_ip_text_id, p.local_port, p.remote_ip, p.remote_port, p.state_text_id, p.bytes_in, p.bytes_out, p.segments_in, p.segments_out, p.started_s, p.last_touched_s, p.ttls_policy, p.ttls_rule_text_id, p.ttls_group_action_text_id, p.ttls_env_action_text_id, p.rcv_nxt, p.snd_nxt, p.client_rcv_nxt_d, p.client_snd_nxt_d, p.init_rcv_seq_num_d, p.init_snd_seq_num_d, p.congestion_window, p.slow_start_threshold, p.incoming_window_num_d, p.outgoing_window_num_d, p.snd_wl1_d, p.snd_wl2_d, p.snd_wnd, p.max_snd_wnd_d, p.snd_una_d, p.rtt_seq_d, p.smooth_trip_time, p.smooth_trip_variance, p.rcv_wnd, (SELECT text_id FROM texts WHERE text = p.tcp_rare), p.previous_id, p.identity_id, p.traffic_bytes_in, p.traffic_bytes_out, p.traffic_segments_in, p.traffic_segments_out
FROM connection_rows_0022_packed p ORDER BY p.connection_id;
DROP VIEW connection_rows_0022_packed;

DROP VIEW connections;
DROP TABLE connection_rows;
PRAGMA legacy_alter_table = ON;
ALTER TABLE connection_rows_0022 RENAME TO connection_rows;
PRAGMA legacy_alter_table = OFF;
CREATE UNIQUE INDEX connection_rows_conn ON connection_rows (snapshot_id, conn_id DESC);
CREATE INDEX connection_rows_capture ON connection_rows (capture_id);
CREATE INDEX connection_rows_unlinked ON connection_rows (snapshot_id) WHERE identity_id IS NULL;

-- As 0018 made it (dropped with the table).
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

-- As 0018 made it, the packed fields read from their array.

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
    json_extract(t_rare.text, '$[0]') AS maximum_segment_size,
    json_extract(t_rare.text, '$[1]') AS ds_field,
    c.smooth_trip_time,
    c.smooth_trip_variance,
    json_extract(t_rare.text, '$[2]') AS rexmt,
    json_extract(t_rare.text, '$[3]') AS rexmt_count,
    json_extract(t_rare.text, '$[4]') AS dup_acks,
    c.rcv_wnd,
    json_extract(t_rare.text, '$[5]') AS sock_opt,
    json_extract(t_rare.text, '$[6]') AS tcp_timer,
    json_extract(t_rare.text, '$[7]') AS tcp_sig,
    json_extract(t_rare.text, '$[8]') AS tcp_sel,
    json_extract(t_rare.text, '$[9]') AS tcp_det,
    json_extract(t_rare.text, '$[10]') AS tcp_pol,
    json_extract(t_rare.text, '$[11]') AS tcp_prf,
    json_extract(t_rare.text, '$[12]') AS tcp_prf2,
    json_extract(t_rare.text, '$[13]') AS tcp_prf3,
    json_extract(t_rare.text, '$[14]') AS delay_ack,
    json_extract(t_rare.text, '$[15]') AS qos_policy,
    json_extract(t_rare.text, '$[16]') AS routing_policy,
    json_extract(t_rare.text, '$[17]') AS receive_buffer_size,
    json_extract(t_rare.text, '$[18]') AS send_buffer_size,
    json_extract(t_rare.text, '$[19]') AS receive_data_queued,
    json_extract(t_rare.text, '$[20]') AS send_data_queued,
    json_extract(t_rare.text, '$[21]') AS send_stalled,
    json_extract(t_rare.text, '$[22]') AS ancillary_input_queue,
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

CREATE TRIGGER connections_insert INSTEAD OF INSERT ON connections
BEGIN
    INSERT OR IGNORE INTO texts (text) VALUES (new.job), (new.local_ip), (new.state), (new.ttls_rule), (new.ttls_group_action), (new.ttls_env_action),
        (CASE WHEN coalesce(new.maximum_segment_size, new.ds_field, new.rexmt, new.rexmt_count, new.dup_acks, new.sock_opt, new.tcp_timer, new.tcp_sig, new.tcp_sel, new.tcp_det, new.tcp_pol, new.tcp_prf, new.tcp_prf2, new.tcp_prf3, new.delay_ack, new.qos_policy, new.routing_policy, new.receive_buffer_size, new.send_buffer_size, new.receive_data_queued, new.send_data_queued, new.send_stalled, new.ancillary_input_queue) IS NULL THEN NULL
         ELSE json_array(new.maximum_segment_size, new.ds_field, new.rexmt, new.rexmt_count, new.dup_acks, new.sock_opt, new.tcp_timer, new.tcp_sig, new.tcp_sel, new.tcp_det, new.tcp_pol, new.tcp_prf, new.tcp_prf2, new.tcp_prf3, new.delay_ack, new.qos_policy, new.routing_policy, new.receive_buffer_size, new.send_buffer_size, new.receive_data_queued, new.send_data_queued, new.send_stalled, new.ancillary_input_queue) END);
    INSERT INTO connection_rows (connection_id, snapshot_id, capture_id, source_line, source_rank, report_count, conn_id, job_text_id, local_ip_text_id, local_port, remote_ip, remote_port, state_text_id, bytes_in, bytes_out, segments_in, segments_out, started_s, last_touched_s, ttls_policy, ttls_rule_text_id, ttls_group_action_text_id, ttls_env_action_text_id, rcv_nxt, snd_nxt, client_rcv_nxt_d, client_snd_nxt_d, init_rcv_seq_num_d, init_snd_seq_num_d, congestion_window, slow_start_threshold, incoming_window_num_d, outgoing_window_num_d, snd_wl1_d, snd_wl2_d, snd_wnd, max_snd_wnd_d, snd_una_d, rtt_seq_d, smooth_trip_time, smooth_trip_variance, rcv_wnd, tcp_rare_text_id, previous_id, identity_id, traffic_bytes_in, traffic_bytes_out, traffic_segments_in, traffic_segments_out)
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
        new.smooth_trip_time,
        new.smooth_trip_variance,
        new.rcv_wnd,
        (SELECT text_id FROM texts WHERE text = CASE WHEN coalesce(new.maximum_segment_size, new.ds_field, new.rexmt, new.rexmt_count, new.dup_acks, new.sock_opt, new.tcp_timer, new.tcp_sig, new.tcp_sel, new.tcp_det, new.tcp_pol, new.tcp_prf, new.tcp_prf2, new.tcp_prf3, new.delay_ack, new.qos_policy, new.routing_policy, new.receive_buffer_size, new.send_buffer_size, new.receive_data_queued, new.send_data_queued, new.send_stalled, new.ancillary_input_queue) IS NULL THEN NULL
         ELSE json_array(new.maximum_segment_size, new.ds_field, new.rexmt, new.rexmt_count, new.dup_acks, new.sock_opt, new.tcp_timer, new.tcp_sig, new.tcp_sel, new.tcp_det, new.tcp_pol, new.tcp_prf, new.tcp_prf2, new.tcp_prf3, new.delay_ack, new.qos_policy, new.routing_policy, new.receive_buffer_size, new.send_buffer_size, new.receive_data_queued, new.send_data_queued, new.send_stalled, new.ancillary_input_queue) END),
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

CREATE TABLE tls_session_rows_0022 (
    tls_session_id INTEGER PRIMARY KEY,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    capture_id     INTEGER NOT NULL REFERENCES captures ON DELETE CASCADE,
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

-- A text is kept as bytes when they print back to it exactly (whole groups
-- of 8 digits: its length is 9 k - 1).
INSERT INTO tls_session_rows_0022
SELECT tls_session_id, snapshot_id, capture_id, source_line, report_count, conn_id, sec_level_text_id, protocol,
    cipher_code, cipher_name_text_id, key_share_code, key_share_name_text_id, cert_user_id_text_id,
    map_type_text_id, fips140,
    CASE WHEN length(session_id) % 9 = 8
          AND rtrim(substr(hex(unhex(replace(session_id, ' ', ''))), 1, 8) || ' '
                 || substr(hex(unhex(replace(session_id, ' ', ''))), 9, 8) || ' '
                 || substr(hex(unhex(replace(session_id, ' ', ''))), 17, 8) || ' '
                 || substr(hex(unhex(replace(session_id, ' ', ''))), 25, 8) || ' '
                 || substr(hex(unhex(replace(session_id, ' ', ''))), 33, 8) || ' '
                 || substr(hex(unhex(replace(session_id, ' ', ''))), 41, 8) || ' '
                 || substr(hex(unhex(replace(session_id, ' ', ''))), 49, 8) || ' '
                 || substr(hex(unhex(replace(session_id, ' ', ''))), 57, 8)) = session_id
         THEN unhex(replace(session_id, ' ', '')) ELSE session_id END,
    sid_reuse_requested, rule_name_text_id
FROM tls_session_rows ORDER BY tls_session_id;

DROP VIEW tls_sessions;
DROP TABLE tls_session_rows;
PRAGMA legacy_alter_table = ON;
ALTER TABLE tls_session_rows_0022 RENAME TO tls_session_rows;
PRAGMA legacy_alter_table = OFF;
CREATE UNIQUE INDEX tls_session_rows_conn ON tls_session_rows (snapshot_id, conn_id DESC);
CREATE INDEX tls_session_rows_capture ON tls_session_rows (capture_id);
CREATE INDEX tls_session_rows_protocol ON tls_session_rows (protocol);

-- As 0020 made it, a session id kept as bytes printed in groups of 8 hex
-- digits (at most 8 groups: a shorter id leaves blanks at the end, trimmed).
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

-- A row inserted through the view keeps its session id as given (the view
-- reads a text or bytes alike).
CREATE TRIGGER tls_sessions_insert INSTEAD OF INSERT ON tls_sessions
BEGIN
    INSERT OR IGNORE INTO texts (text) VALUES (new.sec_level), (new.cipher_name), (new.key_share_name), (new.cert_user_id), (new.map_type), (new.rule_name);
    INSERT INTO tls_session_rows (tls_session_id, snapshot_id, capture_id, source_line, report_count, conn_id, sec_level_text_id, protocol, cipher_code, cipher_name_text_id, key_share_code, key_share_name_text_id, cert_user_id_text_id, map_type_text_id, fips140, session_id, sid_reuse_requested, rule_name_text_id)
    VALUES (new.tls_session_id, new.snapshot_id, new.capture_id, new.source_line, coalesce(new.report_count, 1), new.conn_id, (SELECT text_id FROM texts WHERE text = new.sec_level), new.protocol, new.cipher_code, (SELECT text_id FROM texts WHERE text = new.cipher_name), new.key_share_code, (SELECT text_id FROM texts WHERE text = new.key_share_name), (SELECT text_id FROM texts WHERE text = new.cert_user_id), (SELECT text_id FROM texts WHERE text = new.map_type), new.fips140,
        new.session_id,
        new.sid_reuse_requested, (SELECT text_id FROM texts WHERE text = new.rule_name));
END;

CREATE TRIGGER tls_sessions_delete INSTEAD OF DELETE ON tls_sessions
BEGIN
    DELETE FROM tls_session_rows WHERE tls_session_id = old.tls_session_id;
END;
