-- A day being pruned keeps the connections tls-adoption counts as unlisted on it
-- (sql/tls-adoption.sql's unlisted_connections, by stack), read from its facts before they go:
-- whether its captures listed every connection goes with them. A day pruned before keeps what it has.
-- Run by src/store/prune.rs.
UPDATE pruned_days SET unlisted_connections = ?4
WHERE system = ?1 AND stack = ?2 AND capture_date = ?3 AND unlisted_connections IS NULL
