-- 0019_service_view: the endpoint reports' service view reads per-service
-- rows, and their peer counts an index in the order they group by (issue 21,
-- issue 16 point 2).
--   daily_services gains what weak-crypto's service view needs besides the
--     peers: the key share's grade, the worst grade, the weak flag, and the
--     first and last snapshot that saw the service's rows. Its rows are
--     rebuilt here from daily_endpoints as the summaries build them (also
--     those of pruned days, whose daily_endpoints stay).
--   daily_endpoints_weak and daily_endpoints_clear hold the service's key,
--     then the peer, then the date: weak-crypto and cleartext count distinct
--     peers per service by reading them in order, without a sort or a visit
--     to the table.
--   endpoint_days_day keeps only the day: deleting and re-reading a day's
--     rows is all it is used for.
ALTER TABLE daily_services ADD COLUMN key_share_grade TEXT;
ALTER TABLE daily_services ADD COLUMN worst_grade TEXT;
ALTER TABLE daily_services ADD COLUMN weak INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_services ADD COLUMN first_seen TEXT NOT NULL DEFAULT '';
ALTER TABLE daily_services ADD COLUMN last_seen TEXT NOT NULL DEFAULT '';

DELETE FROM daily_services;
INSERT INTO daily_services (capture_date, system, stack, endpoint, direction, service_port, job, tls_state,
                            continued_from, tls_protocol, cipher_code, cipher_name, key_share, protocol_grade,
                            cipher_grade, connections, tls_sessions, bytes_in, bytes_out, key_share_grade, worst_grade,
                            weak, first_seen, last_seen)
SELECT capture_date, system, stack, endpoint, direction, service_port, job, tls_state, continued_from, tls_protocol,
       cipher_code, cipher_name, key_share, protocol_grade, cipher_grade, sum(connections), sum(tls_sessions),
       sum(bytes_in), sum(bytes_out), key_share_grade, worst_grade, weak, min(first_seen), max(last_seen)
FROM daily_endpoints
GROUP BY capture_date, system, stack, endpoint, direction, service_port, job, tls_state, continued_from, tls_protocol,
         cipher_code, cipher_name, key_share, protocol_grade, cipher_grade, key_share_grade, worst_grade, weak;

DROP INDEX daily_endpoints_weak;
CREATE INDEX daily_endpoints_weak ON daily_endpoints (system, stack, job, direction, service_port, remote_ip, capture_date)
    WHERE weak = 1;
DROP INDEX daily_endpoints_clear;
CREATE INDEX daily_endpoints_clear ON daily_endpoints (system, stack, direction, service_port, job, remote_ip, capture_date)
    WHERE endpoint = 'connection' AND tls_state = 'clear';
DROP INDEX endpoint_days_day;
CREATE INDEX endpoint_days_day ON endpoint_days (system, stack, capture_date);
