-- coverage: how far to trust the other reports. Per system, stack and date
-- (DuckDB over the lake: the same as sql/coverage.sql but for the next day,
-- which SQLite writes date(date, '+1 day').)
-- from the first capture of that stack to the last of any: the snapshots, the
-- report kinds they had, the connections (each once a day; not listeners
-- or UDP endpoints) and those with a
-- TLS session, and the
-- problems recorded for their files; dates with no capture in between,
-- and after the stack's last capture up to the last date any stack was
-- captured, are listed as missing, dates whose every request for the stack printed
-- NETSTAT messages and no report (report kind FAILED) as failed, dates
-- with a console reply the console's MAX= cut as cut (its connections
-- are at least those counted), dates
-- whose reports list no connection (HOME, ROUTE, the policy alone) as `no
-- connection list`: the connections are not known to be 0. A last
-- row counts files that could not be ingested at all (see the
-- ingest_problems table).
-- Parameters: :from :to (YYYY-MM-DD) :system :stack
WITH RECURSIVE scope AS (
    -- not the stubs prune keeps of pruned snapshots (their policy alone): their days are pruned
    SELECT * FROM snapshots
    WHERE NOT pruned
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
),
-- The reports and files of each day, once.
day_files AS MATERIALIZED (
    SELECT DISTINCT x.system, x.stack, x.capture_date, k.file_id, k.report_kind
    FROM captures k JOIN scope x ON x.snapshot_id = k.snapshot_id
),
captured AS (
    SELECT s.system, s.stack, s.capture_date,
           count(*) AS snapshots,
           (SELECT group_concat(report_kind, ', ' ORDER BY report_kind) FROM
               (SELECT DISTINCT report_kind FROM day_files f
                WHERE f.system = s.system AND f.stack = s.stack AND f.capture_date = s.capture_date))
               AS report_kinds,
           -- a report that lists connections (not HOME, ROUTE, the policy alone, ...)
           (SELECT count(*) > 0 FROM day_files f
            WHERE f.system = s.system AND f.stack = s.stack AND f.capture_date = s.capture_date
              AND f.report_kind IN ('ALL', 'ALLCONN', 'CONN', 'CONN/ALLCONN', 'TTLS', 'TTLS DETAIL', 'BYTEINFO')) AS lists_connections,
           -- the connection rows and TLS sessions of the day, from the daily_services summary
           (SELECT coalesce(sum(d.connections), 0) FROM daily_services d
            WHERE d.system = s.system AND d.stack = s.stack AND d.capture_date = s.capture_date
              AND d.endpoint = 'connection') AS connections,
           (SELECT coalesce(sum(d.tls_sessions), 0) FROM daily_services d
            WHERE d.system = s.system AND d.stack = s.stack AND d.capture_date = s.capture_date) AS tls_sessions,
           (SELECT count(DISTINCT file_id) FROM day_files f
            WHERE f.system = s.system AND f.stack = s.stack AND f.capture_date = s.capture_date) AS files,
           (SELECT coalesce(sum(c.problem_count), 0) FROM capture_files c
            WHERE c.file_id IN (SELECT f.file_id FROM day_files f
                                WHERE f.system = s.system AND f.stack = s.stack AND f.capture_date = s.capture_date))
               AS problems
    FROM scope s
    GROUP BY s.system, s.stack, s.capture_date
),
-- The days with a report the console's MAX= cut (its attribute `Cut`).
day_cut AS (
    SELECT DISTINCT x.system, x.stack, x.capture_date
    FROM attributes a JOIN captures k ON k.capture_id = a.owner_id
    JOIN scope x ON x.snapshot_id = k.snapshot_id
    WHERE a.key = 'Cut' AND a.owner_table = 'captures'
),
-- Each stack's days from its first capture to the last date any stack was
-- captured in the period: a stack whose captures stopped (its job failed,
-- its output no longer reaches the share) is missing on the days after.
days(system, stack, date, last) AS (
    SELECT system, stack, min(capture_date),
           (SELECT max(capture_date) FROM snapshots
            WHERE NOT pruned AND (:from IS NULL OR capture_date >= :from) AND (:to IS NULL OR capture_date <= :to))
    FROM captured GROUP BY system, stack
    UNION ALL
    SELECT system, stack, CAST(CAST(date AS DATE) + 1 AS VARCHAR), last FROM days WHERE date < last
)
SELECT * FROM (
    SELECT d.system, d.stack, d.date,
           CASE WHEN c.capture_date IS NULL THEN 'missing'
                WHEN c.report_kinds = 'FAILED' THEN 'failed'
                WHEN NOT c.lists_connections THEN 'no connection list'
                WHEN u.capture_date IS NOT NULL THEN 'cut' ELSE 'captured' END AS status,
           c.snapshots, c.report_kinds, c.connections, c.tls_sessions, c.files, c.problems
    FROM days d
    LEFT JOIN captured c ON c.system = d.system AND c.stack = d.stack AND c.capture_date = d.date
    LEFT JOIN day_cut u ON u.system = d.system AND u.stack = d.stack AND u.capture_date = d.date
    UNION ALL
    SELECT NULL, NULL, NULL, 'not ingested', NULL, NULL, NULL, NULL, count(DISTINCT path), count(*)
    FROM ingest_problems
    WHERE path NOT IN (SELECT path FROM capture_files)
    HAVING count(*) > 0
)
ORDER BY system IS NULL, system, stack, date;
