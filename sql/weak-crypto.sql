-- weak-crypto: every endpoint (system, stack, job, service port, remote
-- address) that negotiated a deprecated protocol or a weak or insecure
-- cipher suite or key share group, with what it negotiated, when it was
-- first and last seen, how many connections (each counted once in the
-- period) and on how many dates. The service port is the
-- local port of inbound connections and the remote port of outbound ones.
-- Reads the daily_endpoints summary.
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
SELECT
    system,
    stack,
    job,
    direction,
    service_port AS port,
    remote_ip,
    tls_protocol AS protocol,
    protocol_grade,
    cipher_code,
    cipher_name,
    cipher_grade,
    key_share,
    key_share_grade,
    worst_grade,
    min(first_seen) AS first_seen,
    max(last_seen) AS last_seen,
    sum(CASE WHEN continued_from IS NULL OR continued_from < coalesce(:from, '') THEN connections ELSE 0 END)
        AS connections,
    count(DISTINCT capture_date) AS dates
FROM daily_endpoints
WHERE weak = 1
  AND (:from IS NULL OR capture_date >= :from)
  AND (:to IS NULL OR capture_date <= :to)
  AND (:system IS NULL OR system = upper(:system))
  AND (:stack IS NULL OR stack = upper(:stack))
  AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
  AND (:port IS NULL OR service_port = CAST(:port AS INTEGER))
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
ORDER BY worst_grade = 'insecure' DESC, system, stack, job, port, remote_ip;
