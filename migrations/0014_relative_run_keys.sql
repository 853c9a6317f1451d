-- 0014_relative_run_keys: a capture run is keyed by what it is, not by where
-- its tree was when it was ingested. snapshots.run_key held the absolute
-- folder of the capture files; it now holds the folder relative to the tree
-- the files were ingested from (a path recorded in ingest_roots; the closest
-- one above), so a tree moved, renamed or mounted elsewhere keeps its run
-- keys and a late file of a known run joins its snapshot. A key that would
-- now be another snapshot's (the same run ingested from two places before)
-- stays as it was.

-- The summaries do not read run keys: the days this marks pending (the
-- update trigger of 0006) are not rebuilt for it.
CREATE TEMP TABLE pending_before AS SELECT * FROM summaries_pending;

UPDATE OR IGNORE snapshots SET run_key = (
    SELECT CASE WHEN substr(snapshots.run_key, length(r.root) + 1, 1) = '/'
                THEN substr(snapshots.run_key, length(r.root) + 2)
                ELSE substr(snapshots.run_key, length(r.root) + 1) END
    FROM ingest_roots r
    WHERE snapshots.run_key = r.root
       OR substr(snapshots.run_key, 1, length(r.root) + 1) IN (r.root || '/', r.root || '|')
    ORDER BY length(r.root) DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM ingest_roots r
              WHERE snapshots.run_key = r.root
                 OR substr(snapshots.run_key, 1, length(r.root) + 1) IN (r.root || '/', r.root || '|'));

DELETE FROM summaries_pending
WHERE (system, stack, capture_date) NOT IN (SELECT system, stack, capture_date FROM temp.pending_before);
DROP TABLE temp.pending_before;
