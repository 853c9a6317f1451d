-- The sockets kept as attributes (see keep-socket.sql and migration 0032) since attribute row ?1,
-- in the order kept: the line and file that printed each, its connection's conn id, key and value.
-- Run by src/store/write.rs, to say them as notes of the file being written.
SELECT a.source_line, f.path, c.conn_id, a.key, a.value
FROM attributes a
JOIN capture_rows r ON r.capture_id = a.capture_id
JOIN capture_files f ON f.file_id = r.file_id
JOIN connection_rows c ON c.connection_id = a.owner_id
WHERE a.rowid > ?1 AND a.owner_table = 'connections'
  AND a.key IN ('LocalSocket (other report)', 'RemoteSocket (other report)')
ORDER BY a.rowid;
