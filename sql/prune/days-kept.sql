-- A day that keeps (or has again) a snapshot, not a stub of its policy, is no pruned day: its
-- summaries are rebuilt from its facts.
-- Run by src/store/prune.rs, after a prune and after an ingest that read pruned captures again.
DELETE FROM pruned_days WHERE EXISTS (SELECT 1 FROM snapshots s
    WHERE s.system = pruned_days.system AND s.stack = pruned_days.stack
      AND s.capture_date = pruned_days.capture_date AND NOT s.pruned);
