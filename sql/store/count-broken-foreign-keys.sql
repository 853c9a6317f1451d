-- How many rows a migration left pointing to a missing row (it is refused then).
-- Run by src/store/migrate.rs.
SELECT count(*) FROM pragma_foreign_key_check
