-- files: every file that ingest walked, and what became of it the last time
-- a run walked it: ingested (by that run or, unchanged since, an earlier one), a duplicate of another
-- file, not a capture (and why), failed (and why). With the system and date
-- it is filed under, the report kinds it held, the reports in it this version
-- does not read, and how many problems it has. Nothing in a tree goes
-- unaccounted for: a README beside the captures is here too.
-- Parameters: :system :stack :from :to (YYYY-MM-DD; a file with no rows
-- has no system, stack or date and is listed only without these filters)
SELECT w.path AS file,
       w.outcome,
       w.reason,
       f.system,
       f.capture_date AS date,
       (SELECT group_concat(kind, ', ' ORDER BY kind) FROM
           (SELECT DISTINCT k.report_kind AS kind FROM captures k
            WHERE k.file_id = f.file_id AND k.report_kind <> 'OTHER')) AS report_kinds,
       w.skipped_reports,
       coalesce(f.problem_count, (SELECT count(*) FROM ingest_problems p WHERE p.path = w.path)) AS problems
FROM walked_files w
LEFT JOIN capture_files f ON f.path = w.path
WHERE (:system IS NULL OR f.system = upper(:system))
  AND (:from IS NULL OR f.capture_date >= :from)
  AND (:to IS NULL OR f.capture_date <= :to)
  AND (:stack IS NULL OR EXISTS (SELECT 1 FROM captures k WHERE k.file_id = f.file_id AND k.stack = upper(:stack)))
ORDER BY w.path;
