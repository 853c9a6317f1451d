-- The connection rows migrations 0018, 0022 and 0026 rewrite (connections is a table before 0018, a view after).
-- Run by src/store/migrate.rs before the upgrade, to say what it will do.
SELECT count(*) FROM connections
