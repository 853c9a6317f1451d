-- A row of daily_endpoints: an endpoint of a day with its counts and traffic.
-- Run by src/store/summarize/days.rs.
INSERT INTO daily_endpoints (capture_date, system, stack, endpoint, direction,
    service_port, job, remote_ip, tls_state, continued_from, tls_protocol, cipher_code, cipher_name, key_share,
    protocol_grade, cipher_grade, key_share_grade, worst_grade, weak, connections, tls_sessions, snapshots,
    first_seen, last_seen, bytes_in, bytes_out)
VALUES (:capture_date, :system, :stack, :endpoint, :direction, :service_port, :job, :remote_ip, :tls_state,
    :continued_from, :tls_protocol, :cipher_code, :cipher_name, :key_share, :protocol_grade, :cipher_grade,
    :key_share_grade, :worst_grade, :weak, :connections, :tls_sessions, :snapshots, :first_seen, :last_seen,
    :bytes_in, :bytes_out);
