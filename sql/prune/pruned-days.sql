-- How many days between ?1 and ?2 (either open) of system ?3 (or any) had their facts
-- pruned, the earliest and the latest.
-- Run by src/store/prune.rs.
SELECT count(*), min(capture_date), max(capture_date) FROM pruned_days
WHERE (?1 IS NULL OR capture_date >= ?1) AND (?2 IS NULL OR capture_date <= ?2)
  AND (?3 IS NULL OR system = upper(?3))
