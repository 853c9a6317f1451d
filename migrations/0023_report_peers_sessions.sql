-- 0023_report_peers_sessions: compliance's service view counts the distinct peers
-- of each service with negotiated TLS by reading them in this index's order
-- (the service, then the peer, then what it negotiated on which day), with no
-- sort and no visit to the table (issue 21).
CREATE INDEX daily_endpoints_negotiated
    ON daily_endpoints (system, stack, direction, service_port, job, remote_ip, capture_date, tls_protocol, cipher_code,
                        key_share)
    WHERE endpoint = 'connection' AND tls_state = 'negotiated';

-- impact (`--disable` a cipher suite or a group) reads the sessions of what
-- is disabled, as it does a protocol's (migration 0021), not them all.
CREATE INDEX tls_session_rows_cipher ON tls_session_rows (cipher_code);
CREATE INDEX tls_session_rows_key_share ON tls_session_rows (key_share_code) WHERE key_share_code IS NOT NULL;
