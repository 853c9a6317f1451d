-- cleartext: where to put AT-TLS next. Per system, stack, direction, service
-- port and job: connections seen without AT-TLS policy, beside those with
-- it, the distinct remote peers, and when and on how many dates they were
-- seen. The service port is the local port of inbound connections and
-- listeners and the remote port of outbound ones. Connections whose policy
-- no report printed (ALLCONN only) are counted apart as unknown_policy.
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
SELECT
    system,
    stack,
    direction,
    service_port AS port,
    job,
    max(endpoint = 'listener') AS listening,
    sum(endpoint = 'connection' AND ttls_policy = 0) AS clear_connections,
    sum(endpoint = 'connection' AND ttls_policy = 1) AS tls_connections,
    sum(endpoint = 'connection' AND ttls_policy IS NULL) AS unknown_policy,
    count(DISTINCT CASE WHEN endpoint = 'connection' AND ttls_policy = 0 THEN remote_ip END) AS clear_peers,
    sum(CASE WHEN ttls_policy = 0 THEN coalesce(bytes_in, 0) + coalesce(bytes_out, 0) END) AS clear_bytes,
    min(capture_date) AS first_seen,
    max(capture_date) AS last_seen,
    count(DISTINCT capture_date) AS dates
FROM v_connections
WHERE endpoint IN ('connection', 'listener')
  AND (:from IS NULL OR capture_date >= :from)
  AND (:to IS NULL OR capture_date <= :to)
  AND (:system IS NULL OR system = upper(:system))
  AND (:stack IS NULL OR stack = upper(:stack))
  AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
  AND (:port IS NULL OR service_port = CAST(:port AS INTEGER))
GROUP BY 1, 2, 3, 4, 5
HAVING clear_connections > 0 OR (listening AND tls_connections = 0)
ORDER BY clear_connections DESC, clear_bytes DESC, system, stack, port, job;
