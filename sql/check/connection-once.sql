-- No connection counted twice in a snapshot: one row a violation.
-- Run by src/store/check.rs.
SELECT 'snapshot ' || snapshot_id || ' has conn id ' || conn_id || ' ' || count(*) || ' times'
FROM connections GROUP BY snapshot_id, conn_id HAVING count(*) > 1
