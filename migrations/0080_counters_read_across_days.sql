-- 0080_counters_read_across_days: the heads of each conn id (connection_heads, and those a prune
-- kept, pruned_heads) keep which of their counters were printed whole (in more than 10 digits: the
-- 64-bit counter, NETSTAT's LONG format): one bit each, 1 BytesIn, 2 BytesOut, 4 SegmentsIn, 8
-- SegmentsOut.
-- Where either of two successive readings of a counter is a 10-digit print (its low 32 bits), the
-- two are compared by their low 32 bits (src/store/summarize/links.rs): a day of
-- `netstat -b FORMAT LONG` between days of ALL counted the high 32 bits as that day's traffic and
-- nothing the next day (review 15a F2: 4 894 967 296 then 0 for 600 000 000 a day).
--
-- The stacks with a counter printed whole (or, in a row stored before 0073, which keeps no width,
-- a value 32 bits cannot hold) are linked again whole by the next ingest, which rebuilds their
-- heads and the days whose traffic changes. A head a prune kept has no row left to
-- tell: a value above what 32 bits hold was printed whole; a lower one is taken for a 10-digit
-- print (the same reading unless more than 4 GiB moved across the prune).
ALTER TABLE connection_heads ADD COLUMN whole_counters INTEGER;
ALTER TABLE pruned_heads ADD COLUMN whole_counters INTEGER;

UPDATE pruned_heads SET whole_counters = (coalesce(bytes_in, 0) >= 4294967296)
    + 2 * (coalesce(bytes_out, 0) >= 4294967296) + 4 * (coalesce(segments_in, 0) >= 4294967296)
    + 8 * (coalesce(segments_out, 0) >= 4294967296);

DELETE FROM connection_links WHERE (system, stack) IN (
    SELECT DISTINCT s.system, s.stack FROM connection_rows c JOIN snapshots s ON s.snapshot_id = c.snapshot_id
    WHERE c.counter_digits > 10 OR c.counter_digits IS NULL
        AND max(coalesce(c.bytes_in, 0), coalesce(c.bytes_out, 0), coalesce(c.segments_in, 0),
                coalesce(c.segments_out, 0)) >= 4294967296);

-- And daily_capacity.days_covered: the most days the traffic of a connection in the row covers,
-- since the capture date of the counters it grew from (review 15a F4: a day after one not captured,
-- or captured by CONN or ALLCONN alone, holds the growth of both with nothing to say so). 1 for the
-- rows summarized before; the days with a connection whose previous observation is of an earlier
-- day than the day before, or of the day before and printed no counters, are rebuilt by the next
-- ingest.
ALTER TABLE daily_capacity ADD COLUMN days_covered INTEGER NOT NULL DEFAULT 1;

INSERT INTO summaries_pending (system, stack, capture_date)
SELECT DISTINCT s.system, s.stack, s.capture_date
FROM connection_rows c JOIN snapshots s ON s.snapshot_id = c.snapshot_id
JOIN connection_rows p ON p.connection_id = c.previous_id
JOIN snapshots ps ON ps.snapshot_id = p.snapshot_id
WHERE ps.capture_date < date(s.capture_date, '-1 day')
   OR ps.capture_date < s.capture_date AND coalesce(p.bytes_in, p.bytes_out, p.segments_in, p.segments_out) IS NULL
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;
