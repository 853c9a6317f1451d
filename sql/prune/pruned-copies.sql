-- The pruned files whose size is known: a later copy may begin with one.
-- Run by src/store/prune.rs.
-- Its text identity: that of its bytes when none is kept (0068).
SELECT path, sha256, system, size, coalesce(text_size, size), coalesce(text_sha256, sha256) FROM pruned_files
WHERE size IS NOT NULL
