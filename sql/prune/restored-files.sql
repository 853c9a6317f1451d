-- After an ingest that read pruned captures again on purpose (and sql/prune/days-kept.sql):
-- a file read again is no pruned file.
-- Run by src/store/prune.rs.
DELETE FROM pruned_files WHERE path IN (SELECT path FROM capture_files);
