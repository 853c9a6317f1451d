-- A day being pruned keeps the rules quantum names of it (sql/quantum.sql's
-- rules_without_alternative, '' for none), read from its facts before they go: its stubs would
-- change with the next prune. A day pruned before keeps what it has.
-- Run by src/store/prune.rs.
UPDATE pruned_days SET quantum_rules = coalesce(?4, '')
WHERE system = ?1 AND stack = ?2 AND capture_date = ?3 AND quantum_rules IS NULL
