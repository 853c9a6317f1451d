-- Returns the space of deleted rows to the file system.
-- Run by src/store/prune.rs.
VACUUM; PRAGMA wal_checkpoint(TRUNCATE);
