-- A row of daily_capacity: a service (job, direction, port) of a day, from days.rs's counts. Bound by
-- position, in the order of the columns.
-- Run by src/store/summarize/days.rs.
INSERT INTO daily_capacity (capture_date, system, stack, job, direction, service_port,
    snapshots, connections, peak_connections, bytes_in, bytes_out, segments_in, segments_out, top_peer,
    top_peer_bytes, started_earlier, days_covered)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
