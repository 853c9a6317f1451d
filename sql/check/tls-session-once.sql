-- No TLS session counted twice in a snapshot: one row a violation.
-- Run by src/store/check.rs.
SELECT 'snapshot ' || snapshot_id || ' has TLS session ' || conn_id || ' ' || count(*) || ' times'
FROM tls_sessions GROUP BY snapshot_id, conn_id HAVING count(*) > 1
