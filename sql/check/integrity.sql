-- SQLite's own integrity check: one row, ok, or one row a problem.
-- Run by src/store/check.rs.
PRAGMA integrity_check
