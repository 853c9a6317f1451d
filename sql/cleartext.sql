-- cleartext: where to put TLS next. Per system, stack, direction, service
-- port and job: connections in cleartext (NETSTAT printed TTLSPolicy: No)
-- beside those that negotiated TLS, those an AT-TLS rule matched without a
-- negotiated session seen (policy_only, tls_not_captured), and those no
-- report said anything about (unknown_policy: ALLCONN only); the distinct
-- remote peers in cleartext, the cleartext traffic in the period, and when
-- and on how many dates they were seen. A connection counts once in the
-- period, however many snapshots saw it. The service port is the local port
-- of inbound connections and listeners and the remote port of outbound ones;
-- direction `unknown` (no evidence) has no service port. With --by peer
-- (:by_peer), one row per remote address of the service (remote_ip filled
-- in; a listener's own row has none), counted the same way.
-- Reads the daily_services and daily_endpoints summaries (the distinct
-- cleartext peers of a service in the order of the index daily_endpoints_clear).
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
--             :by_peer (1 for a row per peer)
WITH source AS (
    SELECT capture_date, system, stack, endpoint, direction, service_port, job, NULL AS remote_ip, tls_state,
           continued_from, connections, bytes_in, bytes_out
    FROM daily_services
    WHERE NOT coalesce(:by_peer, 0)
    UNION ALL
    SELECT capture_date, system, stack, endpoint, direction, service_port, job,
           CASE WHEN endpoint = 'connection' THEN remote_ip END, tls_state, continued_from, connections, bytes_in,
           bytes_out
    FROM daily_endpoints d
    -- a peer with no cleartext row at all shows no row: its rows are not read
    -- (listeners stay, for the service's listening flag)
    WHERE coalesce(:by_peer, 0)
      AND (endpoint <> 'connection'
           OR EXISTS (SELECT 1 FROM daily_endpoints x
                      WHERE x.endpoint = 'connection' AND x.tls_state = 'clear' AND x.system = d.system
                        AND x.stack = d.stack AND x.direction IS d.direction AND x.service_port IS d.service_port
                        AND x.job IS d.job AND x.remote_ip IS d.remote_ip))
),
counted AS (
    SELECT
        system,
        stack,
        direction,
        service_port,
        job,
        remote_ip,
        max(max(endpoint = 'listener')) OVER service AS listening,
        sum(CASE WHEN endpoint = 'connection' AND tls_state = 'clear' AND once THEN connections ELSE 0 END)
            AS clear_connections,
        sum(CASE WHEN endpoint = 'connection' AND tls_state = 'negotiated' AND once THEN connections ELSE 0 END)
            AS tls_connections,
        sum(CASE WHEN endpoint = 'connection' AND tls_state = 'policy_only' AND once THEN connections ELSE 0 END)
            AS policy_only,
        sum(CASE WHEN endpoint = 'connection' AND tls_state = 'not_captured' AND once THEN connections ELSE 0 END)
            AS tls_not_captured,
        sum(CASE WHEN endpoint = 'connection' AND tls_state = 'unknown' AND once THEN connections ELSE 0 END)
            AS unknown_policy,
        sum(CASE WHEN tls_state = 'clear' THEN coalesce(bytes_in, 0) + coalesce(bytes_out, 0) END) AS clear_bytes,
        min(capture_date) AS first_seen,
        max(capture_date) AS last_seen,
        count(DISTINCT capture_date) AS dates
    FROM (SELECT *, continued_from IS NULL OR continued_from < coalesce(:from, '') AS once FROM source)
    WHERE endpoint IN ('connection', 'listener')
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
      AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR service_port = :port)
    GROUP BY 1, 2, 3, 4, 5, 6
    WINDOW service AS (PARTITION BY system, stack, direction, service_port, job)
),
peers AS (
    SELECT system, stack, direction, service_port, job, count(DISTINCT remote_ip) AS clear_peers
    FROM daily_endpoints
    WHERE endpoint = 'connection' AND tls_state = 'clear' AND NOT coalesce(:by_peer, 0)
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
      AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR service_port = :port)
    GROUP BY 1, 2, 3, 4, 5
)
SELECT c.system, c.stack, c.direction, c.service_port AS port, c.job, c.remote_ip, c.listening, c.clear_connections,
       c.tls_connections, c.policy_only, c.tls_not_captured, c.unknown_policy,
       CASE WHEN :by_peer THEN c.clear_connections > 0 ELSE coalesce(p.clear_peers, 0) END AS clear_peers,
       c.clear_bytes, c.first_seen, c.last_seen, c.dates
FROM counted c
LEFT JOIN peers p ON p.system = c.system AND p.stack = c.stack AND p.direction IS NOT DISTINCT FROM c.direction
    AND p.service_port IS NOT DISTINCT FROM c.service_port AND p.job IS NOT DISTINCT FROM c.job
WHERE c.clear_connections > 0 OR (c.listening AND c.tls_connections = 0 AND NOT coalesce(:by_peer, 0))
ORDER BY c.clear_connections DESC, c.clear_bytes DESC, c.system, c.stack, port, c.job, c.remote_ip;
