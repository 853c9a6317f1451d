-- A row of negotiated_days (migration 0075): a connection on a day, as it negotiated under a rule and
-- policy; the snapshot is its last of the day so, first_seen its first.
-- Run by src/store/summarize/days.rs.
INSERT INTO negotiated_days (snapshot_id, identity_id, job, direction, service_port, remote_ip, rule, env_action,
    tls_protocol, cipher_code, key_share, first_seen)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
