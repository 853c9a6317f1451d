-- 0038_started_earlier_after_allconn: capacity's started_earlier counts a
-- connection on the day its counters are first printed when it started on
-- an earlier date, also when ALLCONN alone (which prints none) saw it before
-- (src/store/summarize/days.rs, sql/summarize/days-rows.sql); it counted only
-- connections first seen that day. The days with such a connection are
-- rebuilt by the next ingest.
INSERT INTO summaries_pending (system, stack, capture_date)
SELECT DISTINCT s.system, s.stack, s.capture_date
FROM connections c
JOIN snapshots s ON s.snapshot_id = c.snapshot_id
JOIN connections p ON p.connection_id = c.previous_id
WHERE coalesce(c.bytes_in, c.bytes_out) IS NOT NULL AND p.bytes_in IS NULL AND p.bytes_out IS NULL
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;
