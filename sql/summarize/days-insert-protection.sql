-- A row of connection_protection (migration 0081): a connection on a day that showed its protection,
-- as it counts that day (clear, or negotiated with its negotiation).
-- Run by src/store/summarize/days.rs.
INSERT INTO connection_protection (capture_date, system, stack, identity_id, tls_state, tls_protocol, cipher_code,
    key_share)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);
