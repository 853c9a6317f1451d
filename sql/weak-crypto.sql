-- weak-crypto: where weak crypto still runs, worst first. By default one row
-- per service (system, stack, job, direction, service port) that negotiated
-- a deprecated protocol or a weak or insecure cipher suite or key share
-- group, or one no registry grades (unknown, which ranks lowest: the
-- summaries' `weak` flag holds it too): the worst grade, the protocols, cipher suites and key shares it
-- negotiated (codes, blank separated), how many distinct peers, how many
-- connections (each once per weak negotiation it had in the period: a
-- long-lived one renegotiated from a strong suite to a weak one on a later
-- day counts once, one renegotiated between two weak ones twice), first and last seen, on how many
-- dates, and an example peer (one of the worst grade). The service port is the local port of inbound
-- connections and the remote port of outbound ones. Order: the worst grade
-- first, then the most peers, then the most connections.
-- With --by peer (:by_peer), one row per peer of each service (remote_ip
-- filled in), counted the same way, in the order of the service's key
-- (system, stack, job, direction, port), then the peer's address: the order
-- of the index daily_endpoints_weak, so that the rows stream as they are
-- read instead of after all of them are sorted.
-- Reads the daily_services summary, and the distinct peers of daily_endpoints
-- with their worst grade from its index daily_endpoints_weak alone, in its
-- order (with --by peer, the rows of daily_endpoints through that index).
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
--             :by_peer (1 for a row per peer)
-- The weak rows of the period per service and negotiation.
WITH filtered AS (
    SELECT w.*, g.rank AS grade_rank,
           CASE WHEN negotiated_before IS NULL OR negotiated_before < coalesce(:from, '') THEN connections ELSE 0 END
               AS counted
    FROM daily_services w
    LEFT JOIN grades g ON g.grade = w.worst_grade
    WHERE w.weak = 1 AND NOT coalesce(:by_peer, 0)
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
        min(grade_rank) AS grade_rank,
        group_concat(DISTINCT tls_protocol ORDER BY tls_protocol) AS protocols,
        group_concat(DISTINCT cipher_code ORDER BY cipher_code) AS ciphers,
        group_concat(DISTINCT key_share ORDER BY key_share) AS key_shares,
        sum(counted) AS connections,
        min(first_seen) AS first_seen,
        max(last_seen) AS last_seen,
        count(DISTINCT capture_date) AS dates
    FROM filtered
    GROUP BY 1, 2, 3, 4, 5
),
-- The weak rows of the period per peer, read in the order of
-- daily_endpoints_weak.
weak_seen AS NOT MATERIALIZED (
    SELECT system, stack, job, direction, service_port AS port, remote_ip, worst_grade, tls_protocol, cipher_code,
           key_share, capture_date, first_seen, last_seen,
           CASE WHEN negotiated_before IS NULL OR negotiated_before < coalesce(:from, '') THEN connections ELSE 0 END
               AS counted
    FROM daily_endpoints
    WHERE weak = 1
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
      AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR service_port = :port)
),
-- The distinct peers of each service (the service view), and an example of
-- the service's worst grade: the lowest address of the peers of that grade
-- (the lowest rank, then the address, in one pass).
peers AS (
    SELECT w.system, w.stack, w.job, w.direction, w.port, count(DISTINCT w.remote_ip) AS peers,
           substr(min(printf('%03d ', coalesce(g.rank, 999)) || w.remote_ip), 5) AS example_peer
    FROM weak_seen w
    LEFT JOIN grades g ON g.grade = w.worst_grade
    WHERE NOT coalesce(:by_peer, 0)
    GROUP BY 1, 2, 3, 4, 5
),
-- With --by peer: each peer's weak rows, grouped as daily_endpoints_weak
-- holds them (no sort).
by_peer AS (
    SELECT
        w.system,
        w.stack,
        w.job,
        w.direction,
        w.port,
        w.remote_ip,
        min(g.rank) AS grade_rank,
        group_concat(DISTINCT w.tls_protocol ORDER BY w.tls_protocol) AS protocols,
        group_concat(DISTINCT w.cipher_code ORDER BY w.cipher_code) AS ciphers,
        group_concat(DISTINCT w.key_share ORDER BY w.key_share) AS key_shares,
        sum(w.counted) AS connections,
        min(w.first_seen) AS first_seen,
        max(w.last_seen) AS last_seen,
        count(DISTINCT w.capture_date) AS dates
    FROM weak_seen w
    LEFT JOIN grades g ON g.grade = w.worst_grade
    WHERE coalesce(:by_peer, 0)
    GROUP BY 1, 2, 3, 4, 5, 6
    ORDER BY 1, 2, 3, 4, 5, 6
)
SELECT * FROM (
    SELECT s.system, s.stack, s.job, s.direction, s.port, NULL AS remote_ip, g.grade AS worst_grade,
           replace(s.protocols, ',', ' ') AS protocols, replace(s.ciphers, ',', ' ') AS ciphers,
           replace(s.key_shares, ',', ' ') AS key_shares, p.peers, s.connections, s.first_seen, s.last_seen, s.dates,
           p.example_peer
    FROM services s
    LEFT JOIN peers p ON p.system = s.system AND p.stack = s.stack AND p.job IS NOT DISTINCT FROM s.job
        AND p.direction IS NOT DISTINCT FROM s.direction AND p.port IS NOT DISTINCT FROM s.port
    LEFT JOIN grades g ON g.rank = s.grade_rank
    ORDER BY s.grade_rank, p.peers DESC, s.connections DESC, s.system, s.stack, s.job, s.port
)
UNION ALL
SELECT * FROM (
    SELECT b.system, b.stack, b.job, b.direction, b.port, b.remote_ip, g.grade AS worst_grade,
           replace(b.protocols, ',', ' ') AS protocols, replace(b.ciphers, ',', ' ') AS ciphers,
           replace(b.key_shares, ',', ' ') AS key_shares, b.remote_ip IS NOT NULL AS peers, b.connections,
           b.first_seen, b.last_seen, b.dates, b.remote_ip AS example_peer
    FROM by_peer b
    LEFT JOIN grades g ON g.rank = b.grade_rank
    ORDER BY b.system, b.stack, b.job, b.direction, b.port, b.remote_ip
);
