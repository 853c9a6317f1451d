-- The netstat reports migrations 0030 and 0062 rewrite (captures is a table before 0030, a view after).
-- Run by src/store/migrate.rs before the upgrade, to say what it will do.
SELECT count(*) FROM captures
