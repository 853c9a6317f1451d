-- coverage: how far to trust the other reports. Per system, stack and date
-- from the first to the last capture of that stack: the snapshots, the
-- report kinds they had, the connections and TLS sessions found, and the
-- problems recorded for their files; dates with no capture in between are
-- listed as missing. A last row counts files that could not be ingested at
-- all (see the ingest_problems table).
-- Parameters: :from :to (YYYY-MM-DD) :system :stack
WITH RECURSIVE scope AS (
    SELECT * FROM snapshots
    WHERE (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
),
captured AS (
    SELECT s.system, s.stack, s.capture_date,
           count(*) AS snapshots,
           (SELECT group_concat(report_kind, ', ') FROM
               (SELECT DISTINCT k.report_kind FROM captures k JOIN scope x ON x.snapshot_id = k.snapshot_id
                WHERE x.system = s.system AND x.stack = s.stack AND x.capture_date = s.capture_date
                ORDER BY k.report_kind)) AS report_kinds,
           (SELECT count(*) FROM connections c JOIN scope x ON x.snapshot_id = c.snapshot_id
            WHERE x.system = s.system AND x.stack = s.stack AND x.capture_date = s.capture_date) AS connections,
           (SELECT count(*) FROM tls_sessions t JOIN scope x ON x.snapshot_id = t.snapshot_id
            WHERE x.system = s.system AND x.stack = s.stack AND x.capture_date = s.capture_date) AS tls_sessions,
           (SELECT count(DISTINCT k.file_id) FROM captures k JOIN scope x ON x.snapshot_id = k.snapshot_id
            WHERE x.system = s.system AND x.stack = s.stack AND x.capture_date = s.capture_date) AS files,
           (SELECT coalesce(sum(f.problem_count), 0) FROM capture_files f
            WHERE f.file_id IN (SELECT k.file_id FROM captures k JOIN scope x ON x.snapshot_id = k.snapshot_id
                                WHERE x.system = s.system AND x.stack = s.stack AND x.capture_date = s.capture_date))
               AS problems
    FROM scope s
    GROUP BY s.system, s.stack, s.capture_date
),
days(system, stack, date, last) AS (
    SELECT system, stack, min(capture_date), max(capture_date) FROM captured GROUP BY system, stack
    UNION ALL
    SELECT system, stack, date(date, '+1 day'), last FROM days WHERE date < last
)
SELECT * FROM (
    SELECT d.system, d.stack, d.date,
           CASE WHEN c.capture_date IS NULL THEN 'missing' ELSE 'captured' END AS status,
           c.snapshots, c.report_kinds, c.connections, c.tls_sessions, c.files, c.problems
    FROM days d
    LEFT JOIN captured c ON c.system = d.system AND c.stack = d.stack AND c.capture_date = d.date
    UNION ALL
    SELECT NULL, NULL, NULL, 'not ingested', NULL, NULL, NULL, NULL, count(DISTINCT path), count(*)
    FROM ingest_problems
    WHERE path NOT IN (SELECT path FROM capture_files)
    HAVING count(*) > 0
)
ORDER BY system IS NULL, system, stack, date;
