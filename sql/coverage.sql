-- coverage: how far to trust the other reports. Per system, stack and date
-- from the first capture of that stack to the last of any: the snapshots, the
-- report kinds they had, the connections (each once a day; not listeners
-- or UDP endpoints) and those with a TLS session, and the
-- problems recorded for their files; dates with no capture in between,
-- and after the stack's last capture up to the last date any stack was
-- captured, are listed as missing, dates whose every request for the stack printed
-- NETSTAT messages and no report (report kind FAILED) as failed, dates
-- with a report cut before its end (the console's MAX= or 65533-line
-- trailer, NETSTAT's end in error) as cut (its connections
-- are at least those counted), dates with no report of the stack where a
-- file its path places there failed as a whole (0 bytes, not text) as failed
-- too (its files and problems count on the stack its file name names as a
-- word of its own, `TCPIPB.ALL.txt`, else on every stack of the system), dates
-- whose reports list no connection (HOME, ROUTE, the policy alone) as `no
-- connection list`: the connections are not known to be 0, dates whose
-- reports list the connections AT-TLS maps alone (TTLS, TTLS DETAIL, TTLS
-- CONN n [DETAIL]) as `TLS connections only`, and those whose ALL, ALLCONN,
-- CONN or BYTEINFO its command filtered (`NETSTAT ALL (PORT 7443`) and none
-- unfiltered as `filtered list`: the connections in clear are not known
-- (tls-adoption gives no share of them), dates whose
-- facts `ttlsinv prune` deleted as pruned (they were captured: their
-- summaries count them; no missing day, nor failed for a file of theirs that
-- failed as a whole). A last
-- row counts files that could not be ingested at all and that their path
-- places nowhere (see the ingest_problems table). With a period (:from,
-- :to), the rows of its dates: a stack captured before the period and not
-- in it is missing on them. A capture dated after today and the day after
-- (:today; a zone ahead of UTC), a mistyped year (2062 for 2026), is listed
-- on its day, but the days missing end at the last capture up to then:
-- none is counted in the years between.
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :today (YYYY-MM-DD, or none)
WITH RECURSIVE scope AS (
    -- not the stubs prune keeps of pruned snapshots (their policy alone): their days are pruned
    SELECT * FROM snapshots
    WHERE NOT pruned
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
),
-- The report kinds and files of each snapshot, once: a walk over the index
-- captures_snapshot that steps from one (kind, file) to the next rather than
-- reading every report (a snapshot can hold one report per connection).
parts(snapshot_id, report_kind, file_id) AS (
    SELECT x.snapshot_id, k.report_kind, k.file_id
    FROM scope x JOIN captures k ON k.capture_id = (
        SELECT capture_id FROM captures WHERE snapshot_id = x.snapshot_id
        ORDER BY report_kind, file_id LIMIT 1)
    UNION ALL
    SELECT p.snapshot_id, k.report_kind, k.file_id
    FROM parts p JOIN captures k ON k.capture_id = coalesce(
        (SELECT capture_id FROM captures
         WHERE snapshot_id = p.snapshot_id AND report_kind = p.report_kind AND file_id > p.file_id
         ORDER BY file_id LIMIT 1),
        (SELECT capture_id FROM captures
         WHERE snapshot_id = p.snapshot_id AND report_kind > p.report_kind
         ORDER BY report_kind, file_id LIMIT 1))
),
-- The reports and files of each day, once; a file's TTLS DETAIL reports each asked for one
-- connection (`TTLS CONN n DETAIL`) as `TTLS CONN DETAIL`, not in the words of the whole list.
day_files AS MATERIALIZED (
    SELECT DISTINCT x.system, x.stack, x.capture_date, k.file_id,
           CASE WHEN k.report_kind = 'TTLS DETAIL'
                AND NOT EXISTS (SELECT 1 FROM captures o
                                WHERE o.snapshot_id = k.snapshot_id AND o.report_kind = 'TTLS DETAIL'
                                  AND o.file_id = k.file_id
                                  AND NOT EXISTS (SELECT 1 FROM attributes a
                                                  WHERE a.owner_table = 'captures' AND a.owner_id = o.capture_id
                                                    AND a.key = 'Filter' AND a.value LIKE 'CONN%'))
           THEN 'TTLS CONN DETAIL' ELSE k.report_kind END AS report_kind
    FROM parts k JOIN scope x ON x.snapshot_id = k.snapshot_id
),
day_kinds AS (
    SELECT system, stack, capture_date, group_concat(report_kind, ', ' ORDER BY report_kind) AS report_kinds,
           -- a report that lists connections (not HOME, ROUTE, the policy alone, ...)
           max(report_kind IN ('ALL', 'ALLCONN', 'CONN', 'CONN/ALLCONN', 'TTLS', 'TTLS CONN', 'TTLS DETAIL',
                               'TTLS CONN DETAIL', 'BYTEINFO')) AS lists_connections,
           -- a list of any connection, not only those AT-TLS maps (filtered or not)
           max(report_kind IN ('ALL', 'ALLCONN', 'CONN', 'CONN/ALLCONN', 'BYTEINFO')) AS lists_any
    FROM (SELECT DISTINCT system, stack, capture_date, report_kind FROM day_files)
    GROUP BY system, stack, capture_date
),
day_problems AS (
    SELECT f.system, f.stack, f.capture_date, count(*) AS files, sum(c.problem_count) AS problems
    FROM (SELECT DISTINCT system, stack, capture_date, file_id FROM day_files) f
    JOIN capture_files c ON c.file_id = f.file_id
    GROUP BY f.system, f.stack, f.capture_date
),
-- the connections and TLS sessions of the day, from the daily_services
-- summary: listeners and UDP endpoints are no connections
day_connections AS (
    SELECT d.system, d.stack, d.capture_date, sum(d.connections) AS connections, sum(d.tls_sessions) AS tls_sessions
    FROM daily_services d
    WHERE d.endpoint = 'connection'
      AND (:from IS NULL OR d.capture_date >= :from)
      AND (:to IS NULL OR d.capture_date <= :to)
      AND (:system IS NULL OR d.system = upper(:system))
      AND (:stack IS NULL OR d.stack = upper(:stack))
    GROUP BY d.system, d.stack, d.capture_date
),
captured AS (
    SELECT s.system, s.stack, s.capture_date, s.snapshots, k.report_kinds, k.lists_connections, k.lists_any,
           coalesce(n.connections, 0) AS connections, coalesce(n.tls_sessions, 0) AS tls_sessions,
           coalesce(p.files, 0) AS files, coalesce(p.problems, 0) AS problems
    FROM (SELECT system, stack, capture_date, count(*) AS snapshots FROM scope
          GROUP BY system, stack, capture_date) s
    LEFT JOIN day_kinds k USING (system, stack, capture_date)
    LEFT JOIN day_problems p USING (system, stack, capture_date)
    LEFT JOIN day_connections n USING (system, stack, capture_date)
),
-- The days with a list of every connection of the stack: an ALL, ALLCONN, CONN or BYTEINFO report its
-- command did not filter (its attribute `Filter`), as tls-adoption.sql reads them.
whole_lists AS (
    SELECT DISTINCT x.system, x.stack, x.capture_date
    FROM scope x JOIN captures k ON k.snapshot_id = x.snapshot_id
    WHERE k.report_kind IN ('ALL', 'ALLCONN', 'CONN', 'CONN/ALLCONN', 'BYTEINFO')
      AND NOT EXISTS (SELECT 1 FROM attributes a
                      WHERE a.owner_table = 'captures' AND a.owner_id = k.capture_id AND a.key = 'Filter')
),
-- The days with a report cut before its end (its attribute `Cut`).
day_cut AS (
    SELECT DISTINCT x.system, x.stack, x.capture_date
    FROM attributes a JOIN captures k ON k.capture_id = a.owner_id
    JOIN scope x ON x.snapshot_id = k.snapshot_id
    WHERE a.key = 'Cut' AND a.owner_table = 'captures'
),
-- Every stack captured at all, whatever --stack and the period say, with
-- its first capture, kept or pruned: the names a failed file's name may hold, and the
-- stacks whose days are listed. The period is the days of the whole answer
-- that fall in it, so a stack captured before the period and not in it is
-- missing on the period's days, not left out (the day its job stopped is
-- what `--from yesterday` asks about).
stacks AS (
    SELECT system, stack, min(capture_date) AS first
    FROM (SELECT system, stack, capture_date FROM snapshots WHERE NOT pruned
          -- and its days pruned: a day not captured among them is missing
          UNION ALL SELECT system, stack, capture_date FROM pruned_days)
    WHERE :system IS NULL OR system = upper(:system)
    GROUP BY system, stack
),
-- The files that failed as a whole (0 bytes, not text, ...) that their path
-- places on a system and date: its capture job ran that day. Each with the
-- words of its file name between dots (`.TCPIPB.ALL.TXT.`).
placed_files AS (
    SELECT w.path_system AS system, w.path_date AS capture_date,
           '.' || upper(replace(replace(replace(replace(w.path, rtrim(w.path, replace(w.path, '/', '')), ''),
                                                '_', '.'), '-', '.'), ' ', '.')) || '.' AS words,
           (SELECT count(*) FROM ingest_problems p WHERE p.path = w.path) AS problems
    FROM walked_files w
    WHERE w.outcome = 'failed' AND w.path_system IS NOT NULL
      AND w.path NOT IN (SELECT path FROM capture_files)
      AND (:from IS NULL OR w.path_date >= :from)
      AND (:to IS NULL OR w.path_date <= :to)
      AND (:system IS NULL OR w.path_system = upper(:system))
),
-- Each placed failure belongs to the one stack of its system its name
-- names, else (stack NULL) to every stack of the system.
placed AS (
    SELECT system, stack, capture_date, count(*) AS files, sum(problems) AS problems
    FROM (SELECT f.system, f.capture_date, f.problems,
                 (SELECT CASE WHEN count(*) = 1 THEN min(s.stack) END FROM stacks s
                  WHERE s.system = f.system AND instr(f.words, '.' || s.stack || '.') > 0) AS stack
          FROM placed_files f)
    GROUP BY system, stack, capture_date
),
-- The placed failures of each stack's day.
placed_on AS (
    SELECT s.system, s.stack, p.capture_date, sum(p.files) AS files, sum(p.problems) AS problems
    FROM placed p JOIN stacks s ON s.system = p.system AND (p.stack IS NULL OR p.stack = s.stack)
    GROUP BY s.system, s.stack, p.capture_date
),
-- The days whose facts were pruned.
pruned AS (
    SELECT system, stack, capture_date FROM pruned_days
    WHERE (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
),
-- Each stack's days from its first capture (or its system's first placed
-- failure) to the last date any stack was captured (or a file placed) up to
-- the day after today, both within the period: a stack whose captures
-- stopped (its job failed, its output no longer reaches the share) is
-- missing on the days after.
days(system, stack, date, last) AS (
    SELECT system, stack, date, last FROM (
        SELECT s.system, s.stack,
               max(coalesce(:from, ''),
                   min(s.first, coalesce((SELECT min(p.capture_date) FROM placed p WHERE p.system = s.system),
                                        '9999-12-31'))) AS date,
               min(coalesce(:to, '9999-12-31'),
                   -- none up to then: no calendar (DuckDB's least() passes over a NULL)
                   coalesce((SELECT max(d) FROM (SELECT max(capture_date) AS d FROM snapshots
                                        WHERE NOT pruned AND (:today IS NULL OR capture_date <= date(:today, '+1 day'))
                                        UNION ALL SELECT max(capture_date) FROM placed
                                        WHERE :today IS NULL OR capture_date <= date(:today, '+1 day'))), '')) AS last
        FROM stacks s
        WHERE :stack IS NULL OR s.stack = upper(:stack))
    WHERE date <= last
    UNION ALL
    SELECT system, stack, date(date, '+1 day'), last FROM days WHERE date < last
),
-- The days listed: the calendar, and the days of captures (or placed
-- failures) dated after it, after today, each on its own.
shown(system, stack, date) AS (
    SELECT system, stack, date FROM days
    UNION SELECT system, stack, capture_date FROM captured WHERE capture_date > date(:today, '+1 day')
    UNION SELECT system, stack, capture_date FROM placed_on
    WHERE capture_date > date(:today, '+1 day') AND (:stack IS NULL OR stack = upper(:stack))
)
SELECT * FROM (
    SELECT d.system, d.stack, d.date,
           CASE WHEN c.capture_date IS NULL AND r.capture_date IS NOT NULL THEN 'pruned'
                WHEN c.capture_date IS NULL AND f.capture_date IS NOT NULL THEN 'failed'
                WHEN c.capture_date IS NULL THEN 'missing'
                WHEN c.report_kinds = 'FAILED' THEN 'failed'
                WHEN NOT c.lists_connections THEN 'no connection list'
                WHEN w.capture_date IS NULL AND c.lists_any THEN 'filtered list'
                WHEN w.capture_date IS NULL THEN 'TLS connections only'
                WHEN u.capture_date IS NOT NULL THEN 'cut' ELSE 'captured' END AS status,
           c.snapshots, c.report_kinds, c.connections, c.tls_sessions,
           -- with the day's files that failed as a whole
           CASE WHEN coalesce(c.files, f.files) IS NOT NULL THEN coalesce(c.files, 0) + coalesce(f.files, 0) END AS files,
           CASE WHEN coalesce(c.problems, f.problems) IS NOT NULL
                THEN coalesce(c.problems, 0) + coalesce(f.problems, 0) END AS problems
    FROM shown d
    LEFT JOIN captured c ON c.system = d.system AND c.stack = d.stack AND c.capture_date = d.date
    LEFT JOIN day_cut u ON u.system = d.system AND u.stack = d.stack AND u.capture_date = d.date
    LEFT JOIN whole_lists w ON w.system = d.system AND w.stack = d.stack AND w.capture_date = d.date
    LEFT JOIN placed_on f ON f.system = d.system AND f.stack = d.stack AND f.capture_date = d.date
    LEFT JOIN pruned r ON r.system = d.system AND r.stack = d.stack AND r.capture_date = d.date
    UNION ALL
    -- a system never captured: its placed failures, of no known stack
    SELECT system, NULL, capture_date, 'failed', NULL, NULL, NULL, NULL, sum(files), sum(problems)
    FROM placed WHERE system NOT IN (SELECT system FROM stacks WHERE :stack IS NULL OR stack = upper(:stack))
    GROUP BY system, capture_date
    UNION ALL
    SELECT NULL, NULL, NULL, 'not ingested', NULL, NULL, NULL, NULL, count(DISTINCT path), count(*)
    FROM ingest_problems
    WHERE path NOT IN (SELECT path FROM capture_files)
      AND path NOT IN (SELECT path FROM walked_files WHERE path_system IS NOT NULL)
    HAVING count(*) > 0
)
ORDER BY system IS NULL, system, stack, date;
