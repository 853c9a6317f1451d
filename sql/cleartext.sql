-- cleartext: where to put TLS next. Per system, stack, direction, service
-- port and job: connections in cleartext (NETSTAT printed TTLSPolicy: No)
-- beside those that negotiated TLS, those an AT-TLS rule matched without a
-- negotiated session seen (policy_only, tls_not_captured), and those no
-- report said anything about (unknown_policy: ALLCONN only); the distinct
-- remote peers in cleartext, the cleartext traffic in the period (with the
-- traffic of days that did not show a connection's protection, of one
-- first shown in cleartext: see carried), and when
-- and on how many dates cleartext connections were seen (a service with
-- none: its listener). A connection counts once in the
-- period, however many snapshots saw it. The service port is the local port
-- of inbound connections and listeners and the remote port of outbound ones;
-- direction `unknown` (no evidence) has no service port. Order: the most
-- cleartext connections first, then the most cleartext bytes.
-- With --by peer (:by_peer), one row per remote address that talked to the
-- service in cleartext (remote_ip filled in; the service's listening flag
-- beside it), counted the same way, in the order of the service's key
-- (system, stack, job, direction, port), then the peer's address: the order
-- of the index daily_endpoints_peer, so that the rows stream as they are
-- read instead of after all of them are sorted.
-- Reads the daily_services and daily_endpoints summaries and v_unshown_traffic
-- (the distinct
-- cleartext peers of a service through the index daily_endpoints_clear, and
-- with --by peer each peer's rows through daily_endpoints_peer).
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
--             :by_peer (1 for a row per peer)
-- The services' rows of the period (daily_services), each connection once.
WITH services_seen AS NOT MATERIALIZED (
    SELECT *, continued_from IS NULL OR continued_from < coalesce(:from, '') AS once
    FROM daily_services
    WHERE endpoint IN ('connection', 'listener')
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
      AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR service_port = :port)
),
-- The cleartext rows of the period of each service and peer, read through
-- daily_endpoints_clear (the cleartext rows alone).
clear_seen AS NOT MATERIALIZED (
    SELECT system, stack, job, direction, service_port, remote_ip
    FROM daily_endpoints
    WHERE endpoint = 'connection' AND tls_state = 'clear'
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
      AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR service_port = :port)
),
-- The traffic of the period's connections on days whose captures did not
-- show their protection (ALLCONN, BYTEINFO; ALL without TTLS), of those the
-- first day that showed it (v_unshown_traffic) shows in cleartext:
-- AT-TLS maps a connection at its start, so it moved that traffic in clear.
carried AS NOT MATERIALIZED (
    SELECT u.system, u.stack, u.job, u.direction, u.service_port, u.remote_ip,
           coalesce(u.bytes_in, 0) + coalesce(u.bytes_out, 0) AS bytes
    FROM v_unshown_traffic u
    WHERE u.shown_state = 'clear'
      AND (:from IS NULL OR u.capture_date >= :from)
      AND (:to IS NULL OR u.capture_date <= :to)
      AND (:system IS NULL OR u.system = upper(:system))
      AND (:stack IS NULL OR u.stack = upper(:stack))
      AND (:job IS NULL OR u.job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR u.service_port = :port)
),
carried_services AS (
    SELECT system, stack, direction, service_port, job, sum(bytes) AS bytes
    FROM carried
    WHERE NOT coalesce(:by_peer, 0)
    GROUP BY 1, 2, 3, 4, 5
),
-- The service view.
counted AS (
    SELECT
        system,
        stack,
        direction,
        service_port,
        job,
        -- 1/0 as a CASE, not a comparison: DuckDB (sql/lake) gives true/false
        max(CASE WHEN endpoint = 'listener' THEN 1 ELSE 0 END) AS listening,
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
        sum(CASE WHEN tls_state = 'clear' THEN coalesce(bytes_in, 0) + coalesce(bytes_out, 0) END) AS shown_bytes,
        -- When cleartext was seen: the cleartext connections' dates, or
        -- the listener's for a service that showed none.
        coalesce(min(CASE WHEN endpoint = 'connection' AND tls_state = 'clear' THEN capture_date END),
                 min(capture_date)) AS first_seen,
        coalesce(max(CASE WHEN endpoint = 'connection' AND tls_state = 'clear' THEN capture_date END),
                 max(capture_date)) AS last_seen,
        coalesce(nullif(count(DISTINCT CASE WHEN endpoint = 'connection' AND tls_state = 'clear'
                                            THEN capture_date END), 0),
                 count(DISTINCT capture_date)) AS dates
    FROM services_seen
    WHERE NOT coalesce(:by_peer, 0)
    GROUP BY 1, 2, 3, 4, 5
),
peers AS (
    SELECT system, stack, direction, service_port, job, count(DISTINCT remote_ip) AS clear_peers
    FROM clear_seen
    WHERE NOT coalesce(:by_peer, 0)
    GROUP BY 1, 2, 3, 4, 5
),
-- With --by peer: the services with a listener in the period (few rows).
listeners AS MATERIALIZED (
    SELECT DISTINCT system, stack, direction, service_port, job
    FROM services_seen
    WHERE endpoint = 'listener' AND coalesce(:by_peer, 0)
),
-- The peers of a service with a cleartext row in the period, in the order
-- of daily_endpoints_clear, which is daily_endpoints_peer's (a peer without
-- one gives no row: its rows are not read; nor does one whose cleartext
-- traffic alone, carried, is in the period: the service's row holds it).
clear_peers AS (
    SELECT system, stack, job, direction, service_port, remote_ip
    FROM clear_seen
    WHERE coalesce(:by_peer, 0)
    GROUP BY 1, 2, 3, 4, 5, 6
    ORDER BY 1, 2, 3, 4, 5, 6
),
-- Each of those peers' connection rows of the period, counted per peer in
-- that order (no sort).
by_peer AS (
    SELECT
        k.system,
        k.stack,
        k.direction,
        k.service_port,
        k.job,
        k.remote_ip,
        sum(CASE WHEN d.tls_state = 'clear' AND once THEN d.connections ELSE 0 END) AS clear_connections,
        sum(CASE WHEN d.tls_state = 'negotiated' AND once THEN d.connections ELSE 0 END) AS tls_connections,
        sum(CASE WHEN d.tls_state = 'policy_only' AND once THEN d.connections ELSE 0 END) AS policy_only,
        sum(CASE WHEN d.tls_state = 'not_captured' AND once THEN d.connections ELSE 0 END) AS tls_not_captured,
        sum(CASE WHEN d.tls_state = 'unknown' AND once THEN d.connections ELSE 0 END) AS unknown_policy,
        sum(CASE WHEN d.tls_state = 'clear' THEN coalesce(d.bytes_in, 0) + coalesce(d.bytes_out, 0) END)
            AS shown_bytes,
        -- Every peer here has a cleartext row: its dates are theirs.
        min(CASE WHEN d.tls_state = 'clear' THEN d.capture_date END) AS first_seen,
        max(CASE WHEN d.tls_state = 'clear' THEN d.capture_date END) AS last_seen,
        count(DISTINCT CASE WHEN d.tls_state = 'clear' THEN d.capture_date END) AS dates
    FROM clear_peers k
    CROSS JOIN (SELECT *, continued_from IS NULL OR continued_from < coalesce(:from, '') AS once FROM daily_endpoints) d
    WHERE d.endpoint = 'connection' AND d.system = k.system AND d.stack = k.stack
      AND d.job IS NOT DISTINCT FROM k.job AND d.direction IS NOT DISTINCT FROM k.direction
      AND d.service_port IS NOT DISTINCT FROM k.service_port AND d.remote_ip IS NOT DISTINCT FROM k.remote_ip
      AND (:from IS NULL OR d.capture_date >= :from)
      AND (:to IS NULL OR d.capture_date <= :to)
    GROUP BY k.system, k.stack, k.job, k.direction, k.service_port, k.remote_ip
    ORDER BY k.system, k.stack, k.job, k.direction, k.service_port, k.remote_ip
)
SELECT * FROM (
    SELECT c.system, c.stack, c.direction, c.service_port AS port, c.job, NULL AS remote_ip, c.listening,
           c.clear_connections, c.tls_connections, c.policy_only, c.tls_not_captured, c.unknown_policy,
           coalesce(p.clear_peers, 0) AS clear_peers,
           CASE WHEN k.bytes IS NULL THEN c.shown_bytes ELSE coalesce(c.shown_bytes, 0) + k.bytes END AS clear_bytes,
           c.first_seen, c.last_seen, c.dates
    FROM counted c
    LEFT JOIN peers p ON p.system = c.system AND p.stack = c.stack AND p.direction IS NOT DISTINCT FROM c.direction
        AND p.service_port IS NOT DISTINCT FROM c.service_port AND p.job IS NOT DISTINCT FROM c.job
    LEFT JOIN carried_services k ON k.system = c.system AND k.stack = c.stack
        AND k.direction IS NOT DISTINCT FROM c.direction AND k.service_port IS NOT DISTINCT FROM c.service_port
        AND k.job IS NOT DISTINCT FROM c.job
    -- clear bytes alone: a connection that went in clear before its handshake (application-controlled)
    WHERE c.clear_connections > 0 OR c.shown_bytes > 0 OR k.bytes IS NOT NULL OR (c.listening AND c.tls_connections = 0)
    ORDER BY c.clear_connections DESC, clear_bytes DESC, c.system, c.stack, port, c.job
)
UNION ALL
SELECT * FROM (
    SELECT b.system, b.stack, b.direction, b.service_port AS port, b.job, b.remote_ip,
           EXISTS (SELECT 1 FROM listeners l
                   WHERE l.system = b.system AND l.stack = b.stack AND l.direction IS NOT DISTINCT FROM b.direction
                     AND l.service_port IS NOT DISTINCT FROM b.service_port
                     AND l.job IS NOT DISTINCT FROM b.job) AS listening,
           b.clear_connections, b.tls_connections, b.policy_only, b.tls_not_captured, b.unknown_policy,
           1 AS clear_peers,
           -- the peer's carried traffic, looked up by unshown_traffic_peer (a
           -- join would group it apart, a sort the rows do not stream through)
           b.shown_bytes + coalesce((SELECT sum(k.bytes) FROM carried k
                                     WHERE k.system = b.system AND k.stack = b.stack
                                       AND k.job IS NOT DISTINCT FROM b.job
                                       AND k.direction IS NOT DISTINCT FROM b.direction
                                       AND k.service_port IS NOT DISTINCT FROM b.service_port
                                       AND k.remote_ip IS NOT DISTINCT FROM b.remote_ip), 0) AS clear_bytes,
           b.first_seen, b.last_seen, b.dates
    FROM by_peer b
    WHERE b.clear_connections > 0
    ORDER BY b.system, b.stack, b.job, b.direction, b.service_port, b.remote_ip
);
