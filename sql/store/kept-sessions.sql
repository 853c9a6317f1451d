-- The negotiation of TLS sessions another report of the snapshot printed otherwise, kept as
-- attributes (`SecLevel (other report)`, ...) since attribute row ?1, in the order kept: the line
-- and file that printed each, the conn id, key and value, and the line and file of the print that
-- stands in the row (the first). Run by src/store/write.rs, to say them as notes of the file
-- being written.
SELECT a.source_line, f.path, t.conn_id, a.key, a.value, t.source_line, sf.path
FROM attributes a
JOIN captures k ON k.capture_id = a.capture_id
JOIN capture_files f ON f.file_id = k.file_id
JOIN tls_sessions t ON t.tls_session_id = a.owner_id
JOIN captures s ON s.capture_id = t.capture_id
JOIN capture_files sf ON sf.file_id = s.file_id
WHERE a.rowid > ?1 AND a.owner_table = 'tls_sessions' AND a.key LIKE '% (other report)'
ORDER BY a.rowid;
