-- How many objects a database holds: a file with some but no ttlsinv schema version is another program's.
-- Run by src/store/mod.rs.
SELECT count(*) FROM sqlite_schema
