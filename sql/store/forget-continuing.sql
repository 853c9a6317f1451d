-- The files read after the whole of a file (see migrations/0064_continued_files.sql),
-- read again when it is forgotten. Run by src/store/forget.rs.
SELECT file_id, path FROM capture_files
WHERE continues = (SELECT path FROM capture_files WHERE file_id = ?1)
ORDER BY path
