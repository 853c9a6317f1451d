-- The capture dates of system ?2 and stack ?3 (either open) after today ?1
-- and the day after (a zone ahead of UTC), within ?4 .. ?5 (either open),
-- per system and stack: (system, stack, first such date, their count).
-- No capture can be: a mistyped date (2062 for 2026). Run by src/store/mod.rs.
SELECT system, stack, min(capture_date), count(DISTINCT capture_date) FROM snapshots
WHERE NOT pruned AND capture_date > date(?1, '+1 day')
  AND (?2 IS NULL OR system = upper(?2))
  AND (?3 IS NULL OR stack = upper(?3))
  AND (?4 IS NULL OR capture_date >= ?4)
  AND (?5 IS NULL OR capture_date <= ?5)
GROUP BY system, stack
ORDER BY system, stack;
