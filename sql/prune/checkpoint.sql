-- After the compact copy is written back: the -wal into the database, which
-- is cut to its new size. Run by src/store/prune.rs.
PRAGMA wal_checkpoint(TRUNCATE);
