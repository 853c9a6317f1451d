-- 0020_narrow_tls_sessions: a TLS session row in fewer bytes, and the
-- connection and TLS session keys in indexes that fill their pages
-- (issue 16). As 0018 did for connections: `tls_sessions` becomes a view
-- with the columns, names, values and types the table had, over
-- `tls_session_rows`, which keeps the texts that repeat (SecLevel, cipher
-- and key share names, certificate user, map type, rule) once in `texts`.
-- NETSTAT prints a snapshot's connections newest first, conn ids going
-- down: a key of (snapshot, conn id) in ascending order was inserted at the
-- same place of a page over and over, each split leaving the page half
-- empty. The unique keys are now (snapshot, conn id descending), into which
-- those rows go in order, and `connection_rows` is rebuilt for it (a table's
-- UNIQUE constraint cannot be dropped).
CREATE TABLE tls_session_rows (
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
    session_id TEXT,
    sid_reuse_requested INTEGER,
    rule_name_text_id INTEGER
) STRICT;
CREATE UNIQUE INDEX tls_session_rows_conn ON tls_session_rows (snapshot_id, conn_id DESC);
CREATE INDEX tls_session_rows_capture ON tls_session_rows (capture_id);

-- Renamed without touching the views that read `tls_sessions`.
PRAGMA legacy_alter_table = ON;
ALTER TABLE tls_sessions RENAME TO tls_sessions_0018;
PRAGMA legacy_alter_table = OFF;

-- One table read, each text by its id: v_connections joins this view to the
-- left of its rows, which SQLite can only flatten for a view of one table.
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
    t.session_id,
    t.sid_reuse_requested,
    (SELECT text FROM texts WHERE text_id = t.rule_name_text_id) AS rule_name
FROM tls_session_rows t;

CREATE TRIGGER tls_sessions_insert INSTEAD OF INSERT ON tls_sessions
BEGIN
    INSERT OR IGNORE INTO texts (text) VALUES (new.sec_level), (new.cipher_name), (new.key_share_name), (new.cert_user_id), (new.map_type), (new.rule_name);
    INSERT INTO tls_session_rows (tls_session_id, snapshot_id, capture_id, source_line, report_count, conn_id, sec_level_text_id, protocol, cipher_code, cipher_name_text_id, key_share_code, key_share_name_text_id, cert_user_id_text_id, map_type_text_id, fips140, session_id, sid_reuse_requested, rule_name_text_id)
    VALUES (new.tls_session_id, new.snapshot_id, new.capture_id, new.source_line, coalesce(new.report_count, 1), new.conn_id, (SELECT text_id FROM texts WHERE text = new.sec_level), new.protocol, new.cipher_code, (SELECT text_id FROM texts WHERE text = new.cipher_name), new.key_share_code, (SELECT text_id FROM texts WHERE text = new.key_share_name), (SELECT text_id FROM texts WHERE text = new.cert_user_id), (SELECT text_id FROM texts WHERE text = new.map_type), new.fips140, new.session_id, new.sid_reuse_requested, (SELECT text_id FROM texts WHERE text = new.rule_name));
END;

CREATE TRIGGER tls_sessions_delete INSTEAD OF DELETE ON tls_sessions
BEGIN
    DELETE FROM tls_session_rows WHERE tls_session_id = old.tls_session_id;
END;

INSERT INTO tls_sessions SELECT * FROM tls_sessions_0018 ORDER BY tls_session_id;
DROP TABLE tls_sessions_0018;

CREATE TABLE connection_rows_0019 (
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
    traffic_segments_out INTEGER
) STRICT;

INSERT INTO connection_rows_0019 SELECT * FROM connection_rows ORDER BY connection_id;
DROP TABLE connection_rows;
PRAGMA legacy_alter_table = ON;
ALTER TABLE connection_rows_0019 RENAME TO connection_rows;
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
