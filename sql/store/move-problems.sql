-- The problems of a moved file follow it to its new path.
-- Run by src/store/mod.rs.
UPDATE ingest_problems SET path = ?2 WHERE path = ?1
