-- files: every file that ingest walked, and what became of it the last time
-- a run walked it (DuckDB over the lake: the same as sql/files.sql but for
-- the report kinds of each file, read from captures in one grouped pass. The
-- recursive walk over the index captures_snapshot that SQLite takes has no
-- index on the lake, and DuckDB plans its correlated steps as a join of every
-- snapshot with every report: at 10 M connection rows it spilled temporary
-- storage until the disk was full.)
-- Parameters: :system :stack :from :to (YYYY-MM-DD; a file with no rows
-- has no system, stack or date and is listed only without these filters)
WITH file_kinds AS (
    SELECT file_id, group_concat(DISTINCT report_kind, ', ' ORDER BY report_kind) AS report_kinds
    FROM captures
    WHERE report_kind <> 'OTHER'
    GROUP BY file_id
)
SELECT w.path AS file,
       w.outcome,
       w.reason,
       f.system,
       f.capture_date AS date,
       fk.report_kinds,
       w.skipped_reports,
       coalesce(f.problem_count, (SELECT count(*) FROM ingest_problems p WHERE p.path = w.path)) AS problems
FROM walked_files w
LEFT JOIN capture_files f ON f.path = w.path
LEFT JOIN file_kinds fk ON fk.file_id = f.file_id
WHERE (:system IS NULL OR f.system = upper(:system))
  AND (:from IS NULL OR f.capture_date >= :from)
  AND (:to IS NULL OR f.capture_date <= :to)
  AND (:stack IS NULL OR EXISTS (SELECT 1 FROM captures k WHERE k.file_id = f.file_id AND k.stack = upper(:stack)))
ORDER BY w.path;
