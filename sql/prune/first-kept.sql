-- The stacks (of system ?3, or any) whose first capture kept after their pruned days falls between
-- ?1 and ?2 (either open), and the latest of those pruned days: policy-drift compares that capture
-- with none of the pruned ones.
-- Run by src/store/prune.rs.
SELECT count(*), max(p.capture_date)
FROM (SELECT system, stack, max(capture_date) AS capture_date FROM pruned_days
      WHERE ?3 IS NULL OR system = upper(?3)
      GROUP BY system, stack) p
WHERE (SELECT min(s.capture_date) FROM snapshots s
       WHERE s.system = p.system AND s.stack = p.stack AND s.capture_date > p.capture_date)
      BETWEEN coalesce(?1, '') AND coalesce(?2, '9999-12-31')
