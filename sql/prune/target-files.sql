-- The files of the captures before ?1 (of system ?2, or all).
-- Run by src/store/prune.rs.
SELECT file_id FROM capture_files
WHERE capture_date < ?1 AND (?2 IS NULL OR system = ?2) ORDER BY path
