-- The TLS sessions migrations 0020 and 0022 rewrite (tls_sessions is a table before 0020, a view after).
-- Run by src/store/migrate.rs before the upgrade, to say what it will do.
SELECT count(*) FROM tls_sessions
