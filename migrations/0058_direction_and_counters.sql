-- 0058_direction_and_counters: counters that fall under an unchanged conn id, sockets and start
-- are the same connection's (a 32-bit counter that wrapped, or a misprint), not a new connection:
-- a new one, or a conn id reused, prints its own StartDate/StartTime (src/store/summarize/links.rs).
-- They split one connection in two, the second's whole counters counted as its traffic. The stacks
-- where a conn id and start fall under more than one connection are linked again whole by the next
-- ingest, which rebuilds the days whose links change and says each fall.
DELETE FROM connection_links WHERE (system, stack) IN (
    SELECT s.system, s.stack FROM connection_rows c JOIN snapshots s ON s.snapshot_id = c.snapshot_id
    WHERE c.started_s IS NOT NULL
    GROUP BY s.system, s.stack, c.conn_id, c.started_s HAVING count(DISTINCT c.identity_id) > 1);

-- And `daily_capacity.started_earlier` counts a connection whose counters are first printed and
-- whose start no report printed (`netstat -b`'s monitor layout): its first counters may hold
-- traffic from before the day, as a connection started earlier does (0 before: "none did"). The
-- days with a row whose counters were printed without a start are rebuilt by the next ingest.
INSERT OR IGNORE INTO summaries_pending (system, stack, capture_date)
SELECT DISTINCT s.system, s.stack, s.capture_date
FROM connection_rows c JOIN snapshots s ON s.snapshot_id = c.snapshot_id
WHERE c.started_s IS NULL AND coalesce(c.bytes_in, c.bytes_out) IS NOT NULL;
