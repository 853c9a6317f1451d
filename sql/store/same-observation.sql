-- An ingested file with the same content, taken on the same system and date.
-- Run by src/store/mod.rs.
SELECT path FROM capture_files WHERE sha256 = ?1 AND system = ?2 AND capture_date = ?3
