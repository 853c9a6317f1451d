-- The TLS session of a row set apart (see set-apart-row.sql) goes with it: snapshot ?1, from conn
-- id ?2 to ?3. Run by src/store/write.rs.
UPDATE OR IGNORE tls_session_rows SET conn_id = ?3 WHERE snapshot_id = ?1 AND conn_id = ?2;
