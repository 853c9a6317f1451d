-- After an ingest that read pruned captures again on purpose (after sql/prune/days-kept.sql): the
-- files pruned with a day now read again whose content no file read holds: the day is summarized
-- from the files given, without them.
-- Run by src/store/prune.rs.
SELECT p.path, p.system, p.capture_date FROM pruned_files p
WHERE EXISTS (SELECT 1 FROM snapshots s
              WHERE s.system = p.system AND s.capture_date = p.capture_date AND NOT s.pruned)
  AND NOT EXISTS (SELECT 1 FROM capture_files c
                  WHERE c.sha256 = p.sha256 AND c.system = p.system AND c.capture_date = p.capture_date)
ORDER BY p.path
