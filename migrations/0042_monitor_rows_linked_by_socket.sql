-- 0042_monitor_rows_linked_by_socket: a row of BYTEINFO's monitor layout
-- (`netstat -b`, which prints no conn id) continues the latest earlier
-- observation of its job, local port and remote socket, printed with a
-- conn id or without, and a row with a conn id continues the latest of its
-- conn id's and its socket's (src/store/summarize/links.rs): a connection
-- seen by `netstat -b` on one day and by ALL on another was two
-- connections, its first day's bytes counted twice over the period. The
-- stacks with such rows are linked again whole by the next ingest, which
-- rebuilds the days whose links change.
DELETE FROM connection_links WHERE EXISTS (
    SELECT 1 FROM snapshots s JOIN connection_rows c ON c.snapshot_id = s.snapshot_id
    WHERE s.system = connection_links.system AND s.stack = connection_links.stack
        AND c.conn_id >= '-' AND c.conn_id < '.');
