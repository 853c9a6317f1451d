-- regressions: where negotiated security got worse from one capture to the
-- next one that saw an endpoint (system, stack, job, direction, service port,
-- remote address: a job's inbound service and its requests to the same port
-- of the same peer are two endpoints): negotiated TLS to cleartext ("AT-TLS
-- to cleartext"), a lower TLS version, AEAD to CBC, or a worse grade (of the protocol, the cipher
-- suite or the key share: before_key_share and after_key_share name the group, which may be the
-- only part that got worse). When an endpoint has several
-- connections in one snapshot, its weakest connection stands for it.
-- By default one row per service, the most peers first; --by peer
-- (:by_peer) gives each step of each peer. Reads the regressions summary,
-- worked out at ingest.
-- Parameters: :from :to (YYYY-MM-DD, date of the later capture) :system :stack :job (* wildcards) :port
--             :by_peer (1 for a row per peer and step)
WITH events AS (
    SELECT system, stack, job, direction, service_port AS port, remote_ip, before_at AS before, after_at AS after,
           worse, before_protocol, after_protocol, before_cipher, after_cipher, before_grade, after_grade,
           before_key_share, after_key_share
    FROM regressions
    WHERE (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
      AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR service_port = :port)
),
-- One row per service (system, stack, job, direction, service port): how
-- many peers and regression steps, the first and last, what got worse, an
-- example peer; with :by_peer, each step of each peer as it happened.
services AS (
    SELECT system, stack, job, direction, port, count(DISTINCT remote_ip) AS peers, count(*) AS regressions,
           min(after) AS first_after, max(after) AS last_after,
           replace(group_concat(DISTINCT worse ORDER BY worse), ',', ' | ') AS worse, min(remote_ip) AS example_peer
    FROM events
    GROUP BY 1, 2, 3, 4, 5
)
SELECT system, stack, job, direction, port, peers, regressions, first_after, last_after, worse, example_peer,
       NULL AS remote_ip, NULL AS before, NULL AS after, NULL AS before_protocol, NULL AS after_protocol,
       NULL AS before_cipher, NULL AS after_cipher, NULL AS before_grade, NULL AS after_grade,
       NULL AS before_key_share, NULL AS after_key_share
FROM services
WHERE NOT coalesce(:by_peer, 0)
UNION ALL
SELECT system, stack, job, direction, port, 1, 1, after, after, worse, remote_ip,
       remote_ip, before, after, before_protocol, after_protocol, before_cipher, after_cipher, before_grade,
       after_grade, before_key_share, after_key_share
FROM events
WHERE :by_peer
ORDER BY peers DESC, regressions DESC, system, stack, first_after, job, direction, port, remote_ip;
