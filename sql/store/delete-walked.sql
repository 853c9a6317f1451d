-- Forgets what became of a path (a file moved away, or forgotten).
-- Run by src/store/forget.rs.
DELETE FROM walked_files WHERE path = ?1
