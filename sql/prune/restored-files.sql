-- After an ingest that read pruned captures again on purpose: a day with snapshots again
-- is no pruned day, a file read again is no pruned file.
-- Run by src/store/prune.rs.
DELETE FROM pruned_days WHERE EXISTS (SELECT 1 FROM snapshots s
    WHERE s.system = pruned_days.system AND s.stack = pruned_days.stack
      AND s.capture_date = pruned_days.capture_date);
DELETE FROM pruned_files WHERE path IN (SELECT path FROM capture_files);
