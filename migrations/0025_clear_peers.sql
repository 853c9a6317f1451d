-- cleartext's service view counts each service's distinct cleartext peers
-- (issue 21). daily_endpoints_peer holds them among every connection row of
-- the summary (at 10 M connection rows of shape (b): 4.2 M entries, 1.7 M of
-- them cleartext); this index holds the cleartext rows alone, in the same
-- order (the service's key, then the peer, then the date), so the count reads
-- only those, still without a sort and without the table.
CREATE INDEX daily_endpoints_clear
    ON daily_endpoints (system, stack, job, direction, service_port, remote_ip, capture_date)
    WHERE endpoint = 'connection' AND tls_state = 'clear';
