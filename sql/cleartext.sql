-- cleartext: where to put AT-TLS next. Per system, stack, direction, service
-- port and job: connections seen without AT-TLS policy, beside those with
-- it, the distinct remote peers, and when and on how many dates they were
-- seen. The service port is the local port of inbound connections and
-- listeners and the remote port of outbound ones. Connections whose policy
-- no report printed (ALLCONN only) are counted apart as unknown_policy.
-- Reads the daily_services and daily_endpoints summaries.
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
WITH counted AS (
    SELECT
        system,
        stack,
        direction,
        service_port,
        job,
        max(endpoint = 'listener') AS listening,
        sum(CASE WHEN endpoint = 'connection' AND ttls_policy = 0 THEN connections ELSE 0 END) AS clear_connections,
        sum(CASE WHEN endpoint = 'connection' AND ttls_policy = 1 THEN connections ELSE 0 END) AS tls_connections,
        sum(CASE WHEN endpoint = 'connection' AND ttls_policy IS NULL THEN connections ELSE 0 END) AS unknown_policy,
        sum(CASE WHEN ttls_policy = 0 THEN coalesce(bytes_in, 0) + coalesce(bytes_out, 0) END) AS clear_bytes,
        min(capture_date) AS first_seen,
        max(capture_date) AS last_seen,
        count(DISTINCT capture_date) AS dates
    FROM daily_services
    WHERE endpoint IN ('connection', 'listener')
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
      AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR service_port = CAST(:port AS INTEGER))
    GROUP BY 1, 2, 3, 4, 5
    HAVING clear_connections > 0 OR (listening AND tls_connections = 0)
),
peers AS (
    SELECT system, stack, direction, service_port, job, count(DISTINCT remote_ip) AS clear_peers
    FROM daily_endpoints
    WHERE endpoint = 'connection' AND ttls_policy = 0
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
      AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR service_port = CAST(:port AS INTEGER))
    GROUP BY 1, 2, 3, 4, 5
)
SELECT c.system, c.stack, c.direction, c.service_port AS port, c.job, c.listening, c.clear_connections,
       c.tls_connections, c.unknown_policy, coalesce(p.clear_peers, 0) AS clear_peers, c.clear_bytes,
       c.first_seen, c.last_seen, c.dates
FROM counted c
LEFT JOIN peers p ON p.system = c.system AND p.stack = c.stack AND p.direction IS c.direction
    AND p.service_port IS c.service_port AND p.job IS c.job
ORDER BY c.clear_connections DESC, c.clear_bytes DESC, c.system, c.stack, port, c.job;
