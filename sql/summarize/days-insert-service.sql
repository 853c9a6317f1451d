-- A row of daily_services: the rows of daily_endpoints of a service, state and negotiation summed
-- (their peers'), from days.rs's counts. Bound by position, in the order of the columns: first what
-- daily_endpoints shares (days.rs's service_values), then the sums.
-- Run by src/store/summarize/days.rs.
INSERT INTO daily_services (capture_date, system, stack, service_port, weak, endpoint, direction, job,
    tls_state, continued_from, seen_before, negotiated_before, tls_protocol, cipher_code, cipher_name, key_share, protocol_grade, cipher_grade,
    key_share_grade, worst_grade,
    connections, tls_sessions, first_seen, last_seen, bytes_in, bytes_out)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
    ?, ?, ?, ?, ?, ?);
