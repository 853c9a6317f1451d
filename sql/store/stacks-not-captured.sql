-- The stacks (system, stack) of system ?3 and stack ?4 (either open)
-- captured up to ?2 (or ever) but never from ?1 to ?2: a report of that
-- period saw nothing of them.
-- Run by src/store/mod.rs.
SELECT system, stack FROM snapshots
WHERE (?2 IS NULL OR capture_date <= ?2)
  AND (?3 IS NULL OR system = upper(?3))
  AND (?4 IS NULL OR stack = upper(?4))
GROUP BY system, stack
HAVING max(?1 IS NULL OR capture_date >= ?1) = 0
ORDER BY system, stack;
