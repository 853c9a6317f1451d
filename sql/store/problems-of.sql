-- The problems recorded for a path, in line order.
-- Run by src/store/mod.rs.
SELECT line, reason FROM ingest_problems WHERE path = ?1 ORDER BY line, problem_id
