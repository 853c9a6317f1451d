-- 0084_session_indexes_impact_left: impact read the sessions of a disabled protocol, cipher suite or key
-- share group by these indexes (0021, 0023); it reads negotiated_days since 0075, and no other statement
-- looks a session up by what it negotiated. Each cost every ingest a write per session row and the
-- database about 18 bytes a connection row (7 MB of a 201 MB database of 384 000 connection rows).
DROP INDEX tls_session_rows_protocol;
DROP INDEX tls_session_rows_cipher;
DROP INDEX tls_session_rows_key_share;
