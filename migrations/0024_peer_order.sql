-- The `--by peer` forms of cleartext and capacity stream their rows (issue
-- 21): they read each service's peers, and each peer's rows, in the order of
-- this index (the service's key, the peer, the date), so that SQLite hands
-- out each row as it is read instead of sorting them all first. The tls_state
-- at its end lets cleartext find a service's cleartext peers in the index
-- alone, which daily_endpoints_clear did: that index goes.
CREATE INDEX daily_endpoints_peer
    ON daily_endpoints (system, stack, job, direction, service_port, remote_ip, capture_date, tls_state)
    WHERE endpoint = 'connection';
DROP INDEX daily_endpoints_clear;
