-- The pruned files whose size is known: a later copy may begin with one.
-- Run by src/store/prune.rs.
SELECT path, sha256, system, size FROM pruned_files WHERE size IS NOT NULL
