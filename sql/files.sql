-- files: every file that ingest walked, and what became of it the last time
-- a run walked it: ingested (by that run or, unchanged since, an earlier one), a duplicate of another
-- file, not a capture (and why), failed (and why). With the system and date
-- it is filed under, the report kinds it held, the reports in it this version
-- does not read, and how many problems it has. Nothing in a tree goes
-- unaccounted for: a README beside the captures is here too.
-- Parameters: :system :stack :from :to (YYYY-MM-DD; a file with no rows has
-- no stack, and no system or date unless its path places it, and is listed
-- only without the filters it has no value for)
WITH RECURSIVE
-- The report kinds and files of each snapshot, once: a walk over the index
-- captures_snapshot that steps from one (kind, file) to the next rather than
-- reading every report (a file can hold one report per connection).
parts(snapshot_id, report_kind, file_id) AS (
    SELECT x.snapshot_id, k.report_kind, k.file_id
    FROM snapshots x JOIN captures k ON k.capture_id = (
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
-- TTLS DETAIL reports each asked for one connection (`TTLS CONN n DETAIL`) as `TTLS CONN
-- DETAIL`, not in the words of the whole list
file_kinds AS (
    SELECT file_id, group_concat(report_kind, ', ' ORDER BY report_kind) AS report_kinds
    FROM (SELECT DISTINCT k.file_id,
                 CASE WHEN k.report_kind = 'TTLS DETAIL'
                AND NOT EXISTS (SELECT 1 FROM captures o
                                WHERE o.snapshot_id = k.snapshot_id AND o.report_kind = 'TTLS DETAIL'
                                  AND o.file_id = k.file_id
                                  AND NOT EXISTS (SELECT 1 FROM attributes a
                                                  WHERE a.owner_table = 'captures' AND a.owner_id = o.capture_id
                                                    AND a.key = 'Filter' AND a.value LIKE 'CONN%'))
           THEN 'TTLS CONN DETAIL' ELSE k.report_kind END AS report_kind
          FROM parts k WHERE k.report_kind <> 'OTHER')
    GROUP BY file_id
)
SELECT w.path AS file,
       w.outcome,
       w.reason,
       -- a file that failed as a whole: where its path places it
       coalesce(f.system, w.path_system) AS system,
       coalesce(f.capture_date, w.path_date) AS date,
       fk.report_kinds,
       w.skipped_reports,
       coalesce(f.problem_count, (SELECT count(*) FROM ingest_problems p WHERE p.path = w.path)) AS problems
FROM walked_files w
LEFT JOIN capture_files f ON f.path = w.path
LEFT JOIN file_kinds fk ON fk.file_id = f.file_id
WHERE (:system IS NULL OR coalesce(f.system, w.path_system) = upper(:system))
  AND (:from IS NULL OR coalesce(f.capture_date, w.path_date) >= :from)
  AND (:to IS NULL OR coalesce(f.capture_date, w.path_date) <= :to)
  AND (:stack IS NULL OR EXISTS (SELECT 1 FROM captures k WHERE k.file_id = f.file_id AND k.stack = upper(:stack)))
ORDER BY w.path;
