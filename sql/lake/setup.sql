-- DuckDB views over a ttlsinv Parquet lake, with the names, columns and
-- values of the SQLite database, so that the canned reports (sql/*.sql) run
-- on the lake as they are (sql/lake/<report>.sql where DuckDB's dialect needs
-- another text). Generated from the schema by ttlsinv (src/lake/duckdb.rs);
-- a test keeps this file equal to what it generates.
--
--   SET VARIABLE ttlsinv_lake = '/path/to/lake';
--   .read sql/lake/setup.sql        (duckdb CLI; or run it from Python)
--
-- Flags are 1/0, times and dates ISO text, as in SQLite (a capture time
-- that is a date alone in SQLite, by captured_at_date_only, a date alone
-- here); a Hive-aware engine reading the lake directly gets BOOLEAN,
-- TIMESTAMP and DATE.

-- As SQLite: NULL sorts first ascending and last descending; `/` of two
-- integers is an integer.
SET default_null_order = 'nulls_first_on_asc_last_on_desc';
SET integer_division = true;

CREATE OR REPLACE VIEW "attributes" AS SELECT
    "capture_id",
    "source_line",
    "owner_table",
    "owner_id",
    "key",
    "value"
FROM read_parquet(getvariable('ttlsinv_lake') || '/attributes/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "capture_files" AS SELECT
    "file_id",
    "path",
    "sha256",
    "size",
    "mtime_ns",
    "system",
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    strftime("ingested_at", '%Y-%m-%dT%H:%M:%SZ') AS "ingested_at",
    "problem_count",
    "continues",
    "text_size",
    "text_sha256"
FROM read_parquet(getvariable('ttlsinv_lake') || '/capture_files/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "captures" AS SELECT
    "capture_id",
    "file_id",
    "snapshot_id",
    "report_kind",
    "dialect",
    "release",
    "stack",
    "system",
    CASE WHEN "captured_at_date_only" THEN strftime("captured_at", '%Y-%m-%d') ELSE strftime("captured_at", '%Y-%m-%dT%H:%M:%S') END AS "captured_at",
    "header_time",
    "first_line",
    "last_line",
    "record_count"
FROM (SELECT * FROM read_parquet(getvariable('ttlsinv_lake') || '/captures/**/*.parquet', hive_partitioning = true, union_by_name = true)
    UNION ALL BY NAME SELECT CAST(NULL AS BOOLEAN) AS "captured_at_date_only" WHERE false);

CREATE OR REPLACE VIEW "cipher_suites" AS SELECT
    "code",
    "code_2char",
    "name",
    "protocol_min",
    "kex",
    "auth",
    "enc",
    "enc_bits",
    "mode",
    "mac",
    CAST("forward_secret" AS BIGINT) AS "forward_secret",
    CAST("aead" AS BIGINT) AS "aead",
    CAST("export" AS BIGINT) AS "export",
    CAST("null_cipher" AS BIGINT) AS "null_cipher",
    CAST("anonymous" AS BIGINT) AS "anonymous",
    CAST("zos_supported" AS BIGINT) AS "zos_supported",
    CAST("quantum_vulnerable" AS BIGINT) AS "quantum_vulnerable",
    "grade",
    "grade_reasons",
    "mozilla_5_7",
    "mozilla_6_0",
    CAST("nist_800_52r2" AS BIGINT) AS "nist_800_52r2",
    "iana_recommended"
FROM read_parquet(getvariable('ttlsinv_lake') || '/cipher_suites/*.parquet', hive_partitioning = false, union_by_name = true);

CREATE OR REPLACE VIEW "conn_action_ciphers" AS SELECT
    "conn_action_id",
    "setting",
    "position",
    "code",
    "name",
    "source_line"
FROM read_parquet(getvariable('ttlsinv_lake') || '/conn_action_ciphers/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "conn_action_groups" AS SELECT
    "conn_action_id",
    "setting",
    "position",
    "code",
    "name",
    "source_line"
FROM read_parquet(getvariable('ttlsinv_lake') || '/conn_action_groups/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "conn_action_signature_pairs" AS SELECT
    "conn_action_id",
    "setting",
    "position",
    "code",
    "name",
    "source_line"
FROM read_parquet(getvariable('ttlsinv_lake') || '/conn_action_signature_pairs/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "conn_actions" AS SELECT
    "conn_action_id",
    "snapshot_id",
    "capture_id",
    "source_line",
    "name",
    "source",
    "handshake_role",
    "certificate_label",
    "server_certificate_label",
    "client_certificate_label",
    CAST("sslv2" AS BIGINT) AS "sslv2",
    CAST("sslv3" AS BIGINT) AS "sslv3",
    CAST("tlsv1" AS BIGINT) AS "tlsv1",
    CAST("tlsv1_1" AS BIGINT) AS "tlsv1_1",
    CAST("tlsv1_2" AS BIGINT) AS "tlsv1_2",
    CAST("tlsv1_3" AS BIGINT) AS "tlsv1_3",
    CAST("middlebox_compat_mode" AS BIGINT) AS "middlebox_compat_mode",
    CAST("application_controlled" AS BIGINT) AS "application_controlled",
    CAST("secondary_map" AS BIGINT) AS "secondary_map",
    CAST("ctrace_clear_text" AS BIGINT) AS "ctrace_clear_text",
    "handshake_timeout",
    "reset_cipher_timer",
    "trace"
FROM read_parquet(getvariable('ttlsinv_lake') || '/conn_actions/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "connection_directions" AS SELECT
    "identity_id",
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    "system",
    "stack",
    "rank",
    "direction"
FROM read_parquet(getvariable('ttlsinv_lake') || '/connection_directions/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "connection_heads" AS SELECT
    "system",
    "stack",
    "conn_id",
    "connection_id",
    "identity_id",
    CASE WHEN "captured_at_date_only" THEN strftime("captured_at", '%Y-%m-%d') ELSE strftime("captured_at", '%Y-%m-%dT%H:%M:%S') END AS "captured_at",
    strftime("started_at", '%Y-%m-%dT%H:%M:%S') AS "started_at",
    "local_port",
    "remote_port",
    "bytes_in",
    "bytes_out",
    "segments_in",
    "segments_out",
    "whole_counters"
FROM (SELECT * FROM read_parquet(getvariable('ttlsinv_lake') || '/connection_heads/*.parquet', hive_partitioning = false, union_by_name = true)
    UNION ALL BY NAME SELECT CAST(NULL AS BOOLEAN) AS "captured_at_date_only" WHERE false);

CREATE OR REPLACE VIEW "connection_links" AS SELECT
    "system",
    "stack",
    "linked_through"
FROM read_parquet(getvariable('ttlsinv_lake') || '/connection_links/*.parquet', hive_partitioning = false, union_by_name = true);

CREATE OR REPLACE VIEW "connection_protection" AS SELECT
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    "system",
    "stack",
    "identity_id",
    "tls_state",
    "tls_protocol",
    "cipher_code",
    "key_share"
FROM read_parquet(getvariable('ttlsinv_lake') || '/connection_protection/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "connections" AS SELECT
    "connection_id",
    "snapshot_id",
    "capture_id",
    "source_line",
    "source_rank",
    "report_count",
    "conn_id",
    "job",
    "local_ip",
    "local_port",
    "remote_ip",
    "remote_port",
    "state",
    "bytes_in",
    "bytes_out",
    "segments_in",
    "segments_out",
    "counter_digits",
    strftime("started_at", '%Y-%m-%dT%H:%M:%S') AS "started_at",
    "last_touched",
    CAST("ttls_policy" AS BIGINT) AS "ttls_policy",
    "ttls_rule",
    "ttls_group_action",
    "ttls_env_action",
    "rcv_nxt",
    "snd_nxt",
    "client_rcv_nxt",
    "client_snd_nxt",
    "init_rcv_seq_num",
    "init_snd_seq_num",
    "congestion_window",
    "slow_start_threshold",
    "incoming_window_num",
    "outgoing_window_num",
    "snd_wl1",
    "snd_wl2",
    "snd_wnd",
    "max_snd_wnd",
    "snd_una",
    "rtt_seq",
    "maximum_segment_size",
    "ds_field",
    "smooth_trip_time",
    "smooth_trip_variance",
    "rexmt",
    "rexmt_count",
    "dup_acks",
    "rcv_wnd",
    "sock_opt",
    "tcp_timer",
    "tcp_sig",
    "tcp_sel",
    "tcp_det",
    "tcp_pol",
    "tcp_prf",
    "tcp_prf2",
    "tcp_prf3",
    CAST("delay_ack" AS BIGINT) AS "delay_ack",
    CAST("qos_policy" AS BIGINT) AS "qos_policy",
    CAST("routing_policy" AS BIGINT) AS "routing_policy",
    "receive_buffer_size",
    "send_buffer_size",
    "receive_data_queued",
    "send_data_queued",
    CAST("send_stalled" AS BIGINT) AS "send_stalled",
    "ancillary_input_queue",
    "previous_id",
    "identity_id",
    "traffic_bytes_in",
    "traffic_bytes_out",
    "traffic_segments_in",
    "traffic_segments_out"
FROM read_parquet(getvariable('ttlsinv_lake') || '/connections/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "daily_capacity" AS SELECT
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    "system",
    "stack",
    "job",
    "direction",
    "service_port",
    "snapshots",
    "connections",
    "peak_connections",
    "bytes_in",
    "bytes_out",
    "segments_in",
    "segments_out",
    "top_peer",
    "top_peer_bytes",
    "started_earlier",
    "days_covered"
FROM read_parquet(getvariable('ttlsinv_lake') || '/daily_capacity/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "daily_endpoints" AS SELECT
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    "system",
    "stack",
    "endpoint",
    "direction",
    "service_port",
    "job",
    "remote_ip",
    "tls_state",
    "continued_from",
    "tls_protocol",
    "cipher_code",
    "cipher_name",
    "key_share",
    "protocol_grade",
    "cipher_grade",
    "key_share_grade",
    "worst_grade",
    CAST("weak" AS BIGINT) AS "weak",
    "connections",
    "tls_sessions",
    "snapshots",
    "first_seen",
    "last_seen",
    "bytes_in",
    "bytes_out",
    "seen_before",
    "negotiated_before"
FROM read_parquet(getvariable('ttlsinv_lake') || '/daily_endpoints/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "daily_peer_sets" AS SELECT
    "system",
    "stack",
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    "set_id",
    "peers"
FROM read_parquet(getvariable('ttlsinv_lake') || '/daily_peer_sets/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "daily_services" AS SELECT
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    "system",
    "stack",
    "endpoint",
    "direction",
    "service_port",
    "job",
    "tls_state",
    "continued_from",
    "tls_protocol",
    "cipher_code",
    "cipher_name",
    "key_share",
    "protocol_grade",
    "cipher_grade",
    "connections",
    "tls_sessions",
    "bytes_in",
    "bytes_out",
    "key_share_grade",
    "worst_grade",
    CAST("weak" AS BIGINT) AS "weak",
    "first_seen",
    "last_seen",
    "seen_before",
    "negotiated_before"
FROM read_parquet(getvariable('ttlsinv_lake') || '/daily_services/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "day_changes" AS SELECT
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    "change"
FROM read_parquet(getvariable('ttlsinv_lake') || '/day_changes/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "endpoint_days" AS SELECT
    "system",
    "stack",
    "job",
    "service_port",
    "remote_ip",
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    "first_at",
    CAST("first_protected" AS BIGINT) AS "first_protected",
    "first_protocol",
    "first_protocol_rank",
    "first_cipher",
    CAST("first_aead" AS BIGINT) AS "first_aead",
    "first_grade",
    "first_grade_rank",
    "last_at",
    CAST("last_protected" AS BIGINT) AS "last_protected",
    "last_protocol",
    "last_protocol_rank",
    "last_cipher",
    CAST("last_aead" AS BIGINT) AS "last_aead",
    "last_grade",
    "last_grade_rank",
    "direction",
    "first_key_share",
    "last_key_share"
FROM read_parquet(getvariable('ttlsinv_lake') || '/endpoint_days/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "env_action_ciphers" AS SELECT
    "env_action_id",
    "setting",
    "position",
    "code",
    "name",
    "source_line"
FROM read_parquet(getvariable('ttlsinv_lake') || '/env_action_ciphers/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "env_action_groups" AS SELECT
    "env_action_id",
    "setting",
    "position",
    "code",
    "name",
    "source_line"
FROM read_parquet(getvariable('ttlsinv_lake') || '/env_action_groups/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "env_action_signature_pairs" AS SELECT
    "env_action_id",
    "setting",
    "position",
    "code",
    "name",
    "source_line"
FROM read_parquet(getvariable('ttlsinv_lake') || '/env_action_signature_pairs/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "env_actions" AS SELECT
    "env_action_id",
    "snapshot_id",
    "capture_id",
    "source_line",
    "name",
    "handshake_role",
    "keyring",
    "certificate_label",
    "client_auth_type",
    "cert_validation_mode",
    CAST("sslv2" AS BIGINT) AS "sslv2",
    CAST("sslv3" AS BIGINT) AS "sslv3",
    CAST("tlsv1" AS BIGINT) AS "tlsv1",
    CAST("tlsv1_1" AS BIGINT) AS "tlsv1_1",
    CAST("tlsv1_2" AS BIGINT) AS "tlsv1_2",
    CAST("tlsv1_3" AS BIGINT) AS "tlsv1_3",
    "suite_b_profile",
    CAST("middlebox_compat_mode" AS BIGINT) AS "middlebox_compat_mode",
    CAST("application_controlled" AS BIGINT) AS "application_controlled",
    CAST("secondary_map" AS BIGINT) AS "secondary_map",
    "handshake_timeout",
    "reset_cipher_timer",
    "trace",
    "renegotiation",
    "source"
FROM read_parquet(getvariable('ttlsinv_lake') || '/env_actions/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "grades" AS SELECT
    "grade",
    "rank"
FROM read_parquet(getvariable('ttlsinv_lake') || '/grades/*.parquet', hive_partitioning = false, union_by_name = true);

CREATE OR REPLACE VIEW "group_action_envs" AS SELECT
    "group_action_id",
    "capture_id",
    "source_line",
    "env_action",
    "conns"
FROM read_parquet(getvariable('ttlsinv_lake') || '/group_action_envs/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "group_actions" AS SELECT
    "group_action_id",
    "snapshot_id",
    "capture_id",
    "source_line",
    "name",
    "group_id",
    "conns",
    "tasks",
    "work_q_elements",
    "syslog_q_elements",
    CAST("ttls_enabled" AS BIGINT) AS "ttls_enabled",
    CAST("ctrace_clear_text" AS BIGINT) AS "ctrace_clear_text",
    "trace",
    "syslog_facility",
    CAST("secondary_map" AS BIGINT) AS "secondary_map",
    CAST("fips140" AS BIGINT) AS "fips140",
    "source"
FROM read_parquet(getvariable('ttlsinv_lake') || '/group_actions/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "ingest_problems" AS SELECT
    "problem_id",
    "path",
    "line",
    "reason",
    strftime("recorded_at", '%Y-%m-%dT%H:%M:%SZ') AS "recorded_at"
FROM read_parquet(getvariable('ttlsinv_lake') || '/ingest_problems/*.parquet', hive_partitioning = false, union_by_name = true);

CREATE OR REPLACE VIEW "ingest_roots" AS SELECT
    "root",
    "layout",
    strftime("recorded_at", '%Y-%m-%dT%H:%M:%SZ') AS "recorded_at"
FROM read_parquet(getvariable('ttlsinv_lake') || '/ingest_roots/*.parquet', hive_partitioning = false, union_by_name = true);

CREATE OR REPLACE VIEW "kept_connection_ids" AS SELECT
    "one",
    "highest"
FROM read_parquet(getvariable('ttlsinv_lake') || '/kept_connection_ids/*.parquet', hive_partitioning = false, union_by_name = true);

CREATE OR REPLACE VIEW "named_groups" AS SELECT
    "code",
    "iana_value",
    "name",
    "iana_recommended",
    "grade",
    "grade_reason",
    CAST("quantum_vulnerable" AS BIGINT) AS "quantum_vulnerable"
FROM read_parquet(getvariable('ttlsinv_lake') || '/named_groups/*.parquet', hive_partitioning = false, union_by_name = true);

CREATE OR REPLACE VIEW "negotiated_days" AS SELECT
    "snapshot_id",
    "identity_id",
    "job",
    "direction",
    "service_port",
    "remote_ip",
    "rule",
    "env_action",
    "tls_protocol",
    "cipher_code",
    "key_share",
    "first_seen"
FROM read_parquet(getvariable('ttlsinv_lake') || '/negotiated_days/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "negotiation_sets" AS SELECT
    "set_id",
    "negotiations"
FROM read_parquet(getvariable('ttlsinv_lake') || '/negotiation_sets/*.parquet', hive_partitioning = false, union_by_name = true);

CREATE OR REPLACE VIEW "negotiations" AS SELECT
    "negotiation_id",
    "tls_protocol",
    "cipher_code",
    "key_share"
FROM read_parquet(getvariable('ttlsinv_lake') || '/negotiations/*.parquet', hive_partitioning = false, union_by_name = true);

CREATE OR REPLACE VIEW "peer_services" AS SELECT
    "service_id",
    "system",
    "stack",
    "direction",
    "service_port",
    "job"
FROM read_parquet(getvariable('ttlsinv_lake') || '/peer_services/*.parquet', hive_partitioning = false, union_by_name = true);

CREATE OR REPLACE VIEW "policy_objects" AS SELECT
    "snapshot_id",
    "object",
    "name",
    "fingerprint"
FROM read_parquet(getvariable('ttlsinv_lake') || '/policy_objects/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "protocols" AS SELECT
    "name",
    "rank",
    "grade",
    "grade_reason"
FROM read_parquet(getvariable('ttlsinv_lake') || '/protocols/*.parquet', hive_partitioning = false, union_by_name = true);

CREATE OR REPLACE VIEW "pruned_days" AS SELECT
    "system",
    "stack",
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    "pruned_at",
    "quantum_rules",
    "unlisted_connections"
FROM read_parquet(getvariable('ttlsinv_lake') || '/pruned_days/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "pruned_files" AS SELECT
    "path",
    "sha256",
    "system",
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    "pruned_at",
    "size",
    "text_size",
    "text_sha256"
FROM read_parquet(getvariable('ttlsinv_lake') || '/pruned_files/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "pruned_heads" AS SELECT
    "system",
    "stack",
    "conn_id",
    "connection_id",
    "identity_id",
    CASE WHEN "captured_at_date_only" THEN strftime("captured_at", '%Y-%m-%d') ELSE strftime("captured_at", '%Y-%m-%dT%H:%M:%S') END AS "captured_at",
    strftime("started_at", '%Y-%m-%dT%H:%M:%S') AS "started_at",
    "local_port",
    "remote_port",
    "bytes_in",
    "bytes_out",
    "segments_in",
    "segments_out",
    "job",
    "remote_ip",
    "seen",
    "told",
    "policy_only",
    "negotiated",
    "head_date",
    "whole_counters"
FROM (SELECT * FROM read_parquet(getvariable('ttlsinv_lake') || '/pruned_heads/*.parquet', hive_partitioning = false, union_by_name = true)
    UNION ALL BY NAME SELECT CAST(NULL AS BOOLEAN) AS "captured_at_date_only" WHERE false);

CREATE OR REPLACE VIEW "raised_alerts" AS SELECT
    "alert_id",
    "key",
    "kind",
    "date",
    "system",
    "stack",
    "subject",
    "detail",
    strftime("raised_at", '%Y-%m-%dT%H:%M:%SZ') AS "raised_at",
    strftime("read_at", '%Y-%m-%dT%H:%M:%SZ') AS "read_at"
FROM read_parquet(getvariable('ttlsinv_lake') || '/raised_alerts/*.parquet', hive_partitioning = false, union_by_name = true);

CREATE OR REPLACE VIEW "regressions" AS SELECT
    "system",
    "stack",
    "job",
    "service_port",
    "remote_ip",
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    CAST("across_days" AS BIGINT) AS "across_days",
    "before_at",
    "after_at",
    "worse",
    "before_protocol",
    "after_protocol",
    "before_cipher",
    "after_cipher",
    "before_grade",
    "after_grade",
    "direction",
    "before_key_share",
    "after_key_share"
FROM read_parquet(getvariable('ttlsinv_lake') || '/regressions/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "rules" AS SELECT
    "rule_id",
    "snapshot_id",
    "capture_id",
    "source_line",
    "name",
    "priority",
    "local_addr",
    "local_port",
    "remote_addr",
    "remote_port",
    "job_name",
    "user_id",
    "direction",
    "group_action",
    "env_action",
    "conn_action",
    "source",
    "rule_type",
    "status",
    "weight"
FROM read_parquet(getvariable('ttlsinv_lake') || '/rules/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "service_evidence" AS SELECT
    "system",
    "stack",
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    "evidence",
    "port",
    "remote_ip",
    "job"
FROM read_parquet(getvariable('ttlsinv_lake') || '/service_evidence/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "service_peers" AS SELECT
    "service_id",
    "remote_ip",
    "set_id"
FROM read_parquet(getvariable('ttlsinv_lake') || '/service_peers/*.parquet', hive_partitioning = false, union_by_name = true);

CREATE OR REPLACE VIEW "service_sets" AS SELECT
    "service_id",
    "set_id",
    "peers"
FROM read_parquet(getvariable('ttlsinv_lake') || '/service_sets/*.parquet', hive_partitioning = false, union_by_name = true);

CREATE OR REPLACE VIEW "signature_pairs" AS SELECT
    "code",
    "name",
    "iana_name",
    "hash",
    "signature",
    "iana_recommended",
    "grade",
    "grade_reason"
FROM read_parquet(getvariable('ttlsinv_lake') || '/signature_pairs/*.parquet', hive_partitioning = false, union_by_name = true);

CREATE OR REPLACE VIEW "snapshot_policies" AS SELECT
    "snapshot_id",
    "fingerprint",
    "partial"
FROM read_parquet(getvariable('ttlsinv_lake') || '/snapshot_policies/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "snapshots" AS SELECT
    "snapshot_id",
    "system",
    "stack",
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    "run_key",
    CASE WHEN "captured_at_date_only" THEN strftime("captured_at", '%Y-%m-%d') ELSE strftime("captured_at", '%Y-%m-%dT%H:%M:%S') END AS "captured_at",
    "report_count",
    "pruned"
FROM (SELECT * FROM read_parquet(getvariable('ttlsinv_lake') || '/snapshots/**/*.parquet', hive_partitioning = true, union_by_name = true)
    UNION ALL BY NAME SELECT CAST(NULL AS BOOLEAN) AS "captured_at_date_only" WHERE false);

CREATE OR REPLACE VIEW "summaries_pending" AS SELECT
    "system",
    "stack",
    CAST("capture_date" AS VARCHAR) AS "capture_date"
FROM read_parquet(getvariable('ttlsinv_lake') || '/summaries_pending/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "tls_sessions" AS SELECT
    "tls_session_id",
    "snapshot_id",
    "capture_id",
    "source_line",
    "report_count",
    "conn_id",
    "sec_level",
    "protocol",
    "cipher_code",
    "cipher_name",
    "key_share_code",
    "key_share_name",
    "cert_user_id",
    "map_type",
    CAST("fips140" AS BIGINT) AS "fips140",
    "session_id",
    CAST("sid_reuse_requested" AS BIGINT) AS "sid_reuse_requested",
    "rule_name"
FROM read_parquet(getvariable('ttlsinv_lake') || '/tls_sessions/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "unshown_traffic" AS SELECT
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    "system",
    "stack",
    "identity_id",
    "direction",
    "service_port",
    "job",
    "remote_ip",
    "tls_state",
    "bytes_in",
    "bytes_out"
FROM read_parquet(getvariable('ttlsinv_lake') || '/unshown_traffic/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "v_captures" AS SELECT
    "capture_id",
    "snapshot_id",
    "path",
    "sha256",
    "size",
    "system",
    "stack",
    "release",
    "zos_release",
    "dialect",
    "report_kind",
    CASE WHEN "captured_at_date_only" THEN strftime("captured_at", '%Y-%m-%d') ELSE strftime("captured_at", '%Y-%m-%dT%H:%M:%S') END AS "captured_at",
    "first_line",
    "last_line",
    "record_count"
FROM (SELECT * FROM read_parquet(getvariable('ttlsinv_lake') || '/v_captures/**/*.parquet', hive_partitioning = true, union_by_name = true)
    UNION ALL BY NAME SELECT CAST(NULL AS BOOLEAN) AS "captured_at_date_only" WHERE false);

CREATE OR REPLACE VIEW "v_carried_rules" AS SELECT
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    "system",
    "stack",
    "rule",
    "printed_snapshot_id"
FROM read_parquet(getvariable('ttlsinv_lake') || '/v_carried_rules/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "v_connections" AS SELECT
    "connection_id",
    "snapshot_id",
    "system",
    "stack",
    CASE WHEN "captured_at_date_only" THEN strftime("captured_at", '%Y-%m-%d') ELSE strftime("captured_at", '%Y-%m-%dT%H:%M:%S') END AS "captured_at",
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    "conn_id",
    "job",
    "local_ip",
    "local_port",
    "remote_ip",
    "remote_port",
    "state",
    "bytes_in",
    "bytes_out",
    "segments_in",
    "segments_out",
    strftime("started_at", '%Y-%m-%dT%H:%M:%S') AS "started_at",
    CAST("ttls_policy" AS BIGINT) AS "ttls_policy",
    "ttls_rule",
    "ttls_group_action",
    "ttls_env_action",
    "tls_protocol",
    "cipher_code",
    "cipher_name",
    "key_share",
    "key_share_name",
    "source_file",
    "source_line",
    "endpoint",
    "direction",
    "protocol_grade",
    "protocol_rank",
    "cipher_grade",
    "key_share_grade",
    CAST("forward_secret" AS BIGINT) AS "forward_secret",
    CAST("aead" AS BIGINT) AS "aead",
    "service_port",
    "worst_grade",
    "direction_evidence",
    "tls_state",
    "traffic_bytes_in",
    "traffic_bytes_out",
    "traffic_segments_in",
    "traffic_segments_out",
    "previous_connection_id",
    "previous_date",
    "identity_id",
    CAST("quantum_vulnerable" AS BIGINT) AS "quantum_vulnerable"
FROM (SELECT * FROM read_parquet(getvariable('ttlsinv_lake') || '/v_connections/**/*.parquet', hive_partitioning = true, union_by_name = true)
    UNION ALL BY NAME SELECT CAST(NULL AS BOOLEAN) AS "captured_at_date_only" WHERE false);

CREATE OR REPLACE VIEW "v_env_action_ciphers" AS SELECT
    "env_action_id",
    "snapshot_id",
    "env_action",
    "setting",
    "position",
    "code",
    "name",
    "grade",
    "mozilla_5_7",
    "mozilla_6_0",
    CAST("nist_800_52r2" AS BIGINT) AS "nist_800_52r2",
    "iana_recommended",
    CAST("forward_secret" AS BIGINT) AS "forward_secret",
    CAST("aead" AS BIGINT) AS "aead",
    CAST("quantum_vulnerable" AS BIGINT) AS "quantum_vulnerable"
FROM read_parquet(getvariable('ttlsinv_lake') || '/v_env_action_ciphers/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "v_env_action_groups" AS SELECT
    "env_action_id",
    "snapshot_id",
    "env_action",
    "setting",
    "position",
    "code",
    "name",
    "grade",
    "iana_recommended",
    CAST("quantum_vulnerable" AS BIGINT) AS "quantum_vulnerable"
FROM read_parquet(getvariable('ttlsinv_lake') || '/v_env_action_groups/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "v_env_action_protocols" AS SELECT
    "env_action_id",
    "snapshot_id",
    "env_action",
    "protocol",
    "grade",
    CAST("enabled" AS BIGINT) AS "enabled"
FROM read_parquet(getvariable('ttlsinv_lake') || '/v_env_action_protocols/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "v_env_action_signature_pairs" AS SELECT
    "env_action_id",
    "snapshot_id",
    "env_action",
    "setting",
    "position",
    "code",
    "name",
    "grade",
    "iana_recommended"
FROM read_parquet(getvariable('ttlsinv_lake') || '/v_env_action_signature_pairs/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "v_policy_settings" AS SELECT
    "snapshot_id",
    "object",
    "name",
    "setting",
    "value"
FROM read_parquet(getvariable('ttlsinv_lake') || '/v_policy_settings/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "v_rule_allows" AS SELECT
    "snapshot_id",
    "rule_id",
    "rule",
    "kind",
    "action",
    "action_name",
    "setting",
    "position",
    "code",
    "name",
    "grade"
FROM read_parquet(getvariable('ttlsinv_lake') || '/v_rule_allows/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "v_rule_key_shares" AS SELECT
    "snapshot_id",
    "rule",
    "setting"
FROM read_parquet(getvariable('ttlsinv_lake') || '/v_rule_key_shares/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "v_unshown_traffic" AS SELECT
    CAST("capture_date" AS VARCHAR) AS "capture_date",
    "system",
    "stack",
    "identity_id",
    "direction",
    "service_port",
    "job",
    "remote_ip",
    "tls_state",
    "bytes_in",
    "bytes_out",
    "shown_date",
    "shown_state",
    "tls_protocol",
    "cipher_code",
    "key_share"
FROM read_parquet(getvariable('ttlsinv_lake') || '/v_unshown_traffic/**/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW "walked_files" AS SELECT
    "path",
    "outcome",
    "reason",
    "skipped_reports",
    strftime("walked_at", '%Y-%m-%dT%H:%M:%SZ') AS "walked_at",
    "path_system",
    "path_date"
FROM read_parquet(getvariable('ttlsinv_lake') || '/walked_files/*.parquet', hive_partitioning = false, union_by_name = true);
