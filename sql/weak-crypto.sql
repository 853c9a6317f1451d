-- weak-crypto: where weak crypto still runs, worst first. By default one row
-- per service (system, stack, job, direction, service port) that negotiated
-- a deprecated protocol or a weak or insecure cipher suite or key share
-- group: the worst grade, the protocols, cipher suites and key shares it
-- negotiated (codes, blank separated), how many distinct peers, how many
-- connections (each once in the period), first and last seen, on how many
-- dates, and an example peer. With --by peer (:by_peer), one row per peer
-- (remote_ip filled in). The service port is the local port of inbound
-- connections and the remote port of outbound ones. Order: the worst grade
-- first, then the most peers, then the most connections.
-- Reads the daily_services summary, and the distinct peers of daily_endpoints
-- in the order of its index daily_endpoints_weak (with --by peer, daily_endpoints).
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
--             :by_peer (1 for a row per peer)
-- The weak rows of the period: per service and negotiation by default, per
-- peer with :by_peer.
WITH weak AS (
    SELECT capture_date, system, stack, job, direction, service_port, NULL AS remote_ip, worst_grade, tls_protocol,
           cipher_code, key_share, continued_from, connections, first_seen, last_seen
    FROM daily_services
    WHERE weak = 1 AND NOT coalesce(:by_peer, 0)
    UNION ALL
    SELECT capture_date, system, stack, job, direction, service_port, remote_ip, worst_grade, tls_protocol,
           cipher_code, key_share, continued_from, connections, first_seen, last_seen
    FROM daily_endpoints
    WHERE weak = 1 AND coalesce(:by_peer, 0)
),
filtered AS (
    SELECT w.*, g.rank AS grade_rank,
           CASE WHEN continued_from IS NULL OR continued_from < coalesce(:from, '') THEN connections ELSE 0 END
               AS counted
    FROM weak w
    LEFT JOIN grades g ON g.grade = w.worst_grade
    WHERE (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
      AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR service_port = :port)
),
services AS (
    SELECT
        system,
        stack,
        job,
        direction,
        service_port AS port,
        remote_ip,
        min(grade_rank) AS grade_rank,
        group_concat(DISTINCT tls_protocol ORDER BY tls_protocol) AS protocols,
        group_concat(DISTINCT cipher_code ORDER BY cipher_code) AS ciphers,
        group_concat(DISTINCT key_share ORDER BY key_share) AS key_shares,
        sum(counted) AS connections,
        min(first_seen) AS first_seen,
        max(last_seen) AS last_seen,
        count(DISTINCT capture_date) AS dates
    FROM filtered
    GROUP BY 1, 2, 3, 4, 5, 6
),
-- The distinct peers of each service in the period (the service view), read
-- in the order of daily_endpoints_weak.
peers AS (
    SELECT system, stack, job, direction, service_port AS port, count(DISTINCT remote_ip) AS peers,
           min(remote_ip) AS example_peer
    FROM daily_endpoints
    WHERE weak = 1 AND NOT coalesce(:by_peer, 0)
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
      AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR service_port = :port)
    GROUP BY 1, 2, 3, 4, 5
)
SELECT s.system, s.stack, s.job, s.direction, s.port, s.remote_ip, g.grade AS worst_grade,
       replace(s.protocols, ',', ' ') AS protocols, replace(s.ciphers, ',', ' ') AS ciphers,
       replace(s.key_shares, ',', ' ') AS key_shares,
       CASE WHEN :by_peer THEN s.remote_ip IS NOT NULL ELSE p.peers END AS peers, s.connections, s.first_seen,
       s.last_seen, s.dates, CASE WHEN :by_peer THEN s.remote_ip ELSE p.example_peer END AS example_peer
FROM services s
LEFT JOIN peers p ON p.system = s.system AND p.stack = s.stack AND p.job IS s.job AND p.direction IS s.direction
    AND p.port IS s.port
LEFT JOIN grades g ON g.rank = s.grade_rank
ORDER BY s.grade_rank, peers DESC, s.connections DESC, s.system, s.stack, s.job, s.port, s.remote_ip;
