-- A row of daily_services: the rows of daily_endpoints of a service, state and negotiation summed
-- (their peers'), from days.rs's counts.
-- Run by src/store/summarize/days.rs.
INSERT INTO daily_services (capture_date, system, stack, endpoint, direction, service_port, job, tls_state,
    continued_from, tls_protocol, cipher_code, cipher_name, key_share, protocol_grade, cipher_grade, connections,
    tls_sessions, bytes_in, bytes_out, key_share_grade, worst_grade, weak, first_seen, last_seen)
VALUES (:capture_date, :system, :stack, :endpoint, :direction, :service_port, :job, :tls_state, :continued_from,
    :tls_protocol, :cipher_code, :cipher_name, :key_share, :protocol_grade, :cipher_grade, :connections,
    :tls_sessions, :bytes_in, :bytes_out, :key_share_grade, :worst_grade, :weak, :first_seen, :last_seen);
