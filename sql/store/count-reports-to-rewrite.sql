-- The netstat reports migration 0030 rewrites (captures is a table before 0030, a view after).
-- Run by src/store/migrate.rs before the upgrade, to say what it will do.
SELECT count(*) FROM captures
