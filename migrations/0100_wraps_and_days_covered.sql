-- 0100_wraps_and_days_covered: a counter printed in 10 digits (NETSTAT's SHORT format, the low 32
-- bits) that falls from below 2^31 while the same reading shows the connection moved on (the other
-- counter of its direction grew, or where that one is not printed any other) is one 32-bit wrap
-- (src/store/summarize/links.rs): such a fall was taken for an earlier run read again, 0 that day
-- and 4 GiB lost for good (review 18a F9: an MQ channel moving 3 GB a day counted 0, then 1.7 GB).
--
-- The stacks with a row whose counter counted nothing while lower than that of the row it
-- continues (or continuing a row that printed none, an ALLCONN row, from an earlier one) are linked
-- again whole by the next ingest, which rebuilds the days whose traffic changes.
DELETE FROM connection_links WHERE (system, stack) IN (
    SELECT DISTINCT s.system, s.stack
    FROM connection_rows c
    JOIN snapshots s ON s.snapshot_id = c.snapshot_id
    JOIN connection_rows p ON p.connection_id = c.previous_id
    WHERE c.traffic_bytes_in = 0 AND c.bytes_in < coalesce(p.bytes_in, c.bytes_in + 1)
       OR c.traffic_bytes_out = 0 AND c.bytes_out < coalesce(p.bytes_out, c.bytes_out + 1)
       OR c.traffic_segments_in = 0 AND c.segments_in < coalesce(p.segments_in, c.segments_in + 1)
       OR c.traffic_segments_out = 0 AND c.segments_out < coalesce(p.segments_out, c.segments_out + 1));

-- And daily_capacity.days_covered walks back to the observation whose counters the day's traffic
-- grew from, over any number of runs that printed none (review 18a F12: two ALLCONN runs on a gap
-- day, or two ALLCONN days in a row, said 1 or 2 for traffic over 2 or 3 days; 0080 looked two
-- observations back). The days with a connection whose previous observation and the one before
-- it printed no counters are rebuilt by the next ingest.
INSERT INTO summaries_pending (system, stack, capture_date)
SELECT DISTINCT s.system, s.stack, s.capture_date
FROM connection_rows c
JOIN snapshots s ON s.snapshot_id = c.snapshot_id
JOIN connection_rows p ON p.connection_id = c.previous_id
JOIN connection_rows pp ON pp.connection_id = p.previous_id
WHERE coalesce(p.bytes_in, p.bytes_out, p.segments_in, p.segments_out) IS NULL
  AND coalesce(pp.bytes_in, pp.bytes_out, pp.segments_in, pp.segments_out) IS NULL
  AND coalesce(c.bytes_in, c.bytes_out, c.segments_in, c.segments_out) IS NOT NULL
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;
