-- Whether the facts of a day of a system (any stack) were pruned.
-- Run by src/store/prune.rs.
SELECT 1 FROM pruned_days WHERE system = ?1 AND capture_date = ?2
