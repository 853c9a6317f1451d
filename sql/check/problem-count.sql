-- Every file's problem count matches its recorded problems (a file lists its first 100
-- problems and one row counting the rest): one row a violation.
-- Run by src/store/check.rs.
SELECT path || ': ' || problem_count || ' problems counted, ' || recorded || ' recorded'
FROM (SELECT f.path, f.problem_count,
             (SELECT count(*) FROM ingest_problems p WHERE p.path = f.path) AS recorded
      FROM capture_files f)
WHERE recorded <> min(problem_count, 101)
