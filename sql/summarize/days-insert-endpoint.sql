-- A row of daily_endpoints: an endpoint of a day with its counts and traffic. Bound by position, in
-- the order of the columns: first what daily_services shares (days.rs's service_values), then the
-- endpoint's own.
-- Run by src/store/summarize/days.rs.
INSERT INTO daily_endpoints (capture_date, system, stack, service_port, weak, endpoint, direction, job,
    tls_state, continued_from, seen_before, negotiated_before, tls_protocol, cipher_code, cipher_name, key_share, protocol_grade, cipher_grade,
    key_share_grade, worst_grade,
    remote_ip, connections, tls_sessions, snapshots, first_seen, last_seen, bytes_in, bytes_out)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
    ?, ?, ?, ?, ?, ?, ?, ?);
