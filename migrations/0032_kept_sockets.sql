-- 0032_kept_sockets: when two reports of one snapshot print different
-- sockets for one conn id (ALL's Foreign Socket and a TTLS DETAIL's
-- RemoteSocket taken at another moment), the more detailed report's stand
-- in the row and the other's are kept as attributes of the connection, in
-- the report that printed them, so no printed socket is lost. A less
-- detailed record written after is kept by the writer (src/store/write.rs);
-- a more detailed one written after replaces the row's sockets, and this
-- trigger keeps those it replaces. An IPv4-mapped address (`::ffff:10.9.9.9`)
-- and its IPv4 form are the same address, not another socket.
CREATE TRIGGER connection_rows_kept_sockets
AFTER UPDATE OF local_ip_text_id, local_port, remote_ip, remote_port ON connection_rows
BEGIN
    INSERT INTO attributes (capture_id, source_line, owner_table, owner_id, key, value)
    SELECT old.capture_id, old.source_line, 'connections', old.connection_id, 'LocalSocket (other report)',
           (SELECT text FROM texts WHERE text_id = old.local_ip_text_id) || '..' || coalesce(old.local_port, '*')
    WHERE (old.local_ip_text_id IS NOT NULL AND old.local_ip_text_id IS NOT new.local_ip_text_id
           AND (SELECT CASE WHEN text LIKE '::ffff:%.%.%.%' THEN substr(text, 8) ELSE text END
                FROM texts WHERE text_id = old.local_ip_text_id)
               IS NOT (SELECT CASE WHEN text LIKE '::ffff:%.%.%.%' THEN substr(text, 8) ELSE text END
                       FROM texts WHERE text_id = new.local_ip_text_id))
       OR (old.local_port IS NOT NULL AND old.local_port IS NOT new.local_port);
    INSERT INTO attributes (capture_id, source_line, owner_table, owner_id, key, value)
    SELECT old.capture_id, old.source_line, 'connections', old.connection_id, 'RemoteSocket (other report)',
           old.remote_ip || '..' || coalesce(old.remote_port, '*')
    WHERE (old.remote_ip IS NOT NULL
           AND CASE WHEN old.remote_ip LIKE '::ffff:%.%.%.%' THEN substr(old.remote_ip, 8) ELSE old.remote_ip END
               IS NOT CASE WHEN new.remote_ip LIKE '::ffff:%.%.%.%' THEN substr(new.remote_ip, 8) ELSE new.remote_ip END)
       OR (old.remote_port IS NOT NULL AND old.remote_port IS NOT new.remote_port);
END;
