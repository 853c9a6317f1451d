-- A row of endpoint_days: an endpoint's first and last state of a day. Bound by position, in the
-- order of the columns: the endpoint and day, then the first state and the last (each in the order of
-- days.rs's State::values, its key share last).
-- Run by src/store/summarize/days.rs.
INSERT INTO endpoint_days (system, stack, job, direction, service_port, remote_ip, capture_date,
    first_at, first_protected, first_protocol, first_protocol_rank, first_cipher, first_aead, first_grade,
    first_grade_rank, first_key_share,
    last_at, last_protected, last_protocol, last_protocol_rank, last_cipher, last_aead, last_grade,
    last_grade_rank, last_key_share)
VALUES (?, ?, ?, ?, ?, ?, ?,
    ?, ?, ?, ?, ?, ?, ?, ?, ?,
    ?, ?, ?, ?, ?, ?, ?, ?, ?);
