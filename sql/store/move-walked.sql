-- What became of a file moved or renamed with its tree (compressed by a
-- housekeeping job: the same text) is what became of it where it is now.
-- Run by src/store/mod.rs.
UPDATE OR REPLACE walked_files SET path = ?2 WHERE path = ?1
