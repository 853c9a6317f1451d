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
-- Reads the daily_endpoints summary.
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
--             :by_peer (1 for a row per peer)
WITH weak AS (
    SELECT d.*, g.rank AS grade_rank,
           CASE WHEN continued_from IS NULL OR continued_from < coalesce(:from, '') THEN connections ELSE 0 END
               AS counted
    FROM daily_endpoints d
    LEFT JOIN grades g ON g.grade = d.worst_grade
    WHERE weak = 1
      AND (:from IS NULL OR capture_date >= :from)
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
        CASE WHEN :by_peer THEN remote_ip END AS remote_ip,
        min(grade_rank) AS grade_rank,
        group_concat(DISTINCT tls_protocol ORDER BY tls_protocol) AS protocols,
        group_concat(DISTINCT cipher_code ORDER BY cipher_code) AS ciphers,
        group_concat(DISTINCT key_share ORDER BY key_share) AS key_shares,
        count(DISTINCT remote_ip) AS peers,
        sum(counted) AS connections,
        min(first_seen) AS first_seen,
        max(last_seen) AS last_seen,
        count(DISTINCT capture_date) AS dates,
        min(remote_ip) AS example_peer
    FROM weak
    GROUP BY 1, 2, 3, 4, 5, 6
)
SELECT s.system, s.stack, s.job, s.direction, s.port, s.remote_ip, g.grade AS worst_grade,
       replace(s.protocols, ',', ' ') AS protocols, replace(s.ciphers, ',', ' ') AS ciphers,
       replace(s.key_shares, ',', ' ') AS key_shares, s.peers, s.connections, s.first_seen, s.last_seen, s.dates,
       s.example_peer
FROM services s
LEFT JOIN grades g ON g.rank = s.grade_rank
ORDER BY s.grade_rank, s.peers DESC, s.connections DESC, s.system, s.stack, s.job, s.port, s.remote_ip;
