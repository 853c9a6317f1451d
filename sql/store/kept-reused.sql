-- The TTLS entries set apart from a connection that printed their conn id (attributes
-- `ConnID (reused)`, see set-apart-row.sql) since attribute row ?1, or whose connection under the
-- conn id is a row after ?2 (an entry set apart by the in-memory merge of a run's files is written
-- before the connection it is set apart from, when its file comes first), in the order kept: the line
-- and file of the entry, its job and sockets and its own conn id, then the conn id printed and the
-- line, file, job and sockets of the connection that stands under it.
-- Run by src/store/write.rs, to say them as notes of the file being written.
SELECT a.source_line, f.path, c.job, c.local_ip, c.local_port, c.remote_ip, c.remote_port, c.conn_id,
       a.value, o.source_line, ofile.path, o.job, o.local_ip, o.local_port, o.remote_ip, o.remote_port
FROM attributes a
JOIN capture_rows r ON r.capture_id = a.capture_id
JOIN capture_files f ON f.file_id = r.file_id
JOIN connections c ON c.connection_id = a.owner_id
JOIN connections o ON o.snapshot_id = c.snapshot_id AND o.conn_id = a.value
JOIN capture_rows orow ON orow.capture_id = o.capture_id
JOIN capture_files ofile ON ofile.file_id = orow.file_id
WHERE (a.rowid > ?1 OR o.connection_id > ?2) AND a.owner_table = 'connections' AND a.key = 'ConnID (reused)'
ORDER BY a.rowid;
