-- 0031_unused_index: pruned_files_day, an index of pruned_files by system and
-- date, is in no statement's plan (issue 16 point 3's index audit, in
-- BENCHMARKS.md): prune looks a pruned file up by its path (the primary
-- key), and the lake's export of the table reads it whole.
DROP INDEX IF EXISTS pruned_files_day;
