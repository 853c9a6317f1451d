-- Deletes the problems recorded for a path.
-- Run by src/store/forget.rs and src/store/write.rs.
DELETE FROM ingest_problems WHERE path = ?1
