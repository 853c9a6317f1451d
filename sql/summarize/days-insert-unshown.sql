-- A row of unshown_traffic (migration 0081): a connection's traffic of a day that did not show its
-- protection, with the service it counts in and that state (unknown or not_captured).
-- Run by src/store/summarize/days.rs.
INSERT INTO unshown_traffic (capture_date, system, stack, identity_id, direction, service_port, job, remote_ip,
    tls_state, bytes_in, bytes_out)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
