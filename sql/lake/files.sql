-- files: every file that ingest walked, and what became of it the last time
-- a run walked it (DuckDB over the lake: the same as sql/files.sql but for
-- the report kinds of each file, read from captures in one grouped pass. The
-- recursive walk over the index captures_snapshot that SQLite takes has no
-- index on the lake, and DuckDB plans its correlated steps as a join of every
-- snapshot with every report: at 10 M connection rows it spilled temporary
-- storage until the disk was full.)
-- Parameters: :system :stack :from :to (YYYY-MM-DD; a file with no rows has
-- no stack, and no system or date unless its path places it, and is listed
-- only without the filters it has no value for)
WITH -- The files whose TTLS DETAIL reports of a snapshot each asked for one connection (`TTLS CONN n
-- DETAIL`: a Filter `CONN ...`): their kind is said `TTLS CONN DETAIL`, not in the words of the
-- whole list.
conn_details AS (
    SELECT k.snapshot_id, k.file_id
    FROM captures k
    LEFT JOIN attributes a
        ON a.owner_table = 'captures' AND a.owner_id = k.capture_id AND a.key = 'Filter' AND a.value LIKE 'CONN%'
    WHERE k.report_kind = 'TTLS DETAIL'
    GROUP BY k.snapshot_id, k.file_id
    HAVING count(a.owner_id) = count(*)
),
file_kinds AS (
    SELECT file_id, group_concat(DISTINCT report_kind, ', ' ORDER BY report_kind) AS report_kinds
    FROM (SELECT k.file_id,
                 CASE WHEN k.report_kind = 'TTLS DETAIL' AND d.file_id IS NOT NULL THEN 'TTLS CONN DETAIL'
                ELSE k.report_kind END AS report_kind
          FROM captures k
          LEFT JOIN conn_details d ON d.snapshot_id = k.snapshot_id AND d.file_id = k.file_id
          WHERE k.report_kind <> 'OTHER')
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
