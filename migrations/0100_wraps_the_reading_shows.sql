-- 0100_wraps_the_reading_shows: a counter printed in 10 digits (NETSTAT's SHORT format, the low 32
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
