-- Whether a file was pruned (and not read again since).
-- Run by src/store/prune.rs.
SELECT 1 FROM pruned_files WHERE path = ?1
