-- When each endpoint (system, stack, job, direction, service port, remote
-- address) first negotiated each weak negotiation (protocol, cipher suite,
-- key share group, one of them weak or insecure), with its worst grade and
-- that grade's rank: in the order of the endpoint, then the first time.
-- Read from daily_endpoints through its index daily_endpoints_weak.
-- Run by src/cmd/alerts.rs: the codes an endpoint negotiates for the first
-- time on a date are that date's weak_crypto alert.
SELECT w.system, w.stack, w.job, w.direction, w.service_port AS port, w.remote_ip, w.tls_protocol AS protocol,
       w.cipher_code AS cipher, w.key_share, w.worst_grade, g.rank AS grade_rank, min(w.first_seen) AS first_seen
FROM daily_endpoints w
LEFT JOIN grades g ON g.grade = w.worst_grade
WHERE w.weak = 1
GROUP BY w.system, w.stack, w.job, w.direction, w.service_port, w.remote_ip, w.tls_protocol, w.cipher_code,
         w.key_share, w.worst_grade
ORDER BY w.system, w.stack, w.job, w.direction, w.service_port, w.remote_ip, first_seen
