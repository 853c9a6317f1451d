-- Indexes for the reports that read facts at site scale (issue 21). A
-- snapshot can hold one TTLS CONN n DETAIL report per connection: coverage
-- and files step through this index from one (report kind, file) of a
-- snapshot to the next instead of reading every report, and v_connections'
-- test for a TTLS report of the snapshot finds it by (snapshot, kind).
DROP INDEX captures_snapshot;
CREATE INDEX captures_snapshot ON captures (snapshot_id, report_kind, file_id);

-- impact (`--disable TLSv1.0`) reads the sessions of a protocol, not them all.
CREATE INDEX tls_session_rows_protocol ON tls_session_rows (protocol);
