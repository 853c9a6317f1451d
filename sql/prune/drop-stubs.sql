-- The stubs prune kept of a day of a system (sql/prune/policy-stubs.sql), before the day is read
-- again: the snapshots read again hold their policy.
-- Run by src/store/prune.rs.
DELETE FROM snapshots WHERE system = ?1 AND capture_date = ?2 AND pruned
