-- 0017_links_at_insert: the writer links connection rows as it inserts them
-- (src/store/summarize/links.rs). A row merged with another report of its
-- snapshot goes through an UPDATE of every column even when nothing it is
-- linked by changed; only a value the links read that did change makes the
-- stack be linked again (as 0007's trigger did on every such UPDATE).
DROP TRIGGER connections_links_update;
CREATE TRIGGER connections_links_update
AFTER UPDATE OF bytes_in, bytes_out, segments_in, segments_out, started_at, local_ip, local_port, remote_ip,
    remote_port ON connections
WHEN old.identity_id IS NOT NULL
  AND (old.bytes_in IS NOT new.bytes_in OR old.bytes_out IS NOT new.bytes_out
       OR old.segments_in IS NOT new.segments_in OR old.segments_out IS NOT new.segments_out
       OR old.started_at IS NOT new.started_at OR old.local_ip IS NOT new.local_ip
       OR old.local_port IS NOT new.local_port OR old.remote_ip IS NOT new.remote_ip
       OR old.remote_port IS NOT new.remote_port)
BEGIN
    UPDATE connections SET identity_id = NULL WHERE connection_id = new.connection_id;
END;
