-- The summaries count every connection once a day: one row a violation. Pending days
-- and pruned days are not compared.
-- Run by src/store/check.rs.
WITH facts AS (
    SELECT s.system, s.stack, s.capture_date, count(c.connection_id) AS n
    FROM snapshots s LEFT JOIN connections c ON c.snapshot_id = s.snapshot_id
        AND NOT EXISTS (SELECT 1 FROM connections p JOIN snapshots ps ON ps.snapshot_id = p.snapshot_id
                        WHERE p.connection_id = c.previous_id AND ps.capture_date = s.capture_date)
    GROUP BY 1, 2, 3),
summed AS (
    SELECT system, stack, capture_date, sum(connections) AS n FROM daily_endpoints GROUP BY 1, 2, 3)
SELECT system || ' ' || stack || ' ' || capture_date || ': ' || coalesce(f.n, 0) || ' connections, '
       || coalesce(m.n, 0) || ' in daily_endpoints'
FROM facts f FULL JOIN summed m USING (system, stack, capture_date)
WHERE coalesce(f.n, 0) <> coalesce(m.n, 0)
  AND NOT EXISTS (SELECT 1 FROM summaries_pending p
                  WHERE p.system = system AND p.stack = stack AND p.capture_date = capture_date)
  AND NOT EXISTS (SELECT 1 FROM pruned_days p
                  WHERE p.system = system AND p.stack = stack AND p.capture_date = capture_date)
