-- A step between two snapshots of a day that saw an endpoint, judged by end.sql. Bound by position,
-- in the order of the columns: the endpoint and day, then the state before and after (each in the
-- order of days.rs's State::values, its key share last).
-- Run by src/store/summarize/days.rs.
INSERT INTO temp.steps (system, stack, job, direction, service_port, remote_ip, capture_date, across_days,
    before_at, before_protected, before_protocol, before_protocol_rank, before_cipher, before_aead,
    before_grade, before_grade_rank, before_key_share,
    after_at, after_protected, after_protocol, after_protocol_rank, after_cipher, after_aead, after_grade,
    after_grade_rank, after_key_share)
VALUES (?, ?, ?, ?, ?, ?, ?, 0,
    ?, ?, ?, ?, ?, ?, ?, ?, ?,
    ?, ?, ?, ?, ?, ?, ?, ?, ?);
