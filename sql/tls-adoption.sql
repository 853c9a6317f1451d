-- tls-adoption: how much of the traffic is protected by AT-TLS, per capture
-- date and system (and, with --by, per stack, service port or job).
-- Counts are connection observations: a connection seen in two snapshots of
-- one day counts twice. Listeners and UDP endpoints are not connections.
-- tls_share is tls_connections / connections; unknown_policy counts
-- connections that no report said were or were not under AT-TLS (ALLCONN only).
-- Reads the daily_services summary.
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
--             :by_stack :by_port :by_job (1 to split by that column)
SELECT
    capture_date AS date,
    system,
    CASE WHEN :by_stack THEN stack END AS stack,
    CASE WHEN :by_port THEN service_port END AS port,
    CASE WHEN :by_job THEN job END AS job,
    sum(connections) AS connections,
    sum(CASE WHEN ttls_policy = 1 THEN connections ELSE 0 END) AS tls_connections,
    round(1.0 * sum(CASE WHEN ttls_policy = 1 THEN connections ELSE 0 END) / sum(connections), 3) AS tls_share,
    sum(CASE WHEN ttls_policy IS NULL THEN connections ELSE 0 END) AS unknown_policy,
    sum(CASE WHEN tls_protocol = 'TLSv1.3' THEN connections ELSE 0 END) AS tlsv1_3,
    sum(CASE WHEN tls_protocol = 'TLSv1.2' THEN connections ELSE 0 END) AS tlsv1_2,
    sum(CASE WHEN tls_protocol = 'TLSv1.1' THEN connections ELSE 0 END) AS tlsv1_1,
    sum(CASE WHEN tls_protocol = 'TLSv1.0' THEN connections ELSE 0 END) AS tlsv1_0,
    sum(CASE WHEN tls_protocol IN ('SSLv3', 'SSLv2') THEN connections ELSE 0 END) AS ssl,
    sum(CASE WHEN ttls_policy = 1 THEN bytes_in END) AS bytes_in_protected,
    sum(CASE WHEN ttls_policy = 1 THEN bytes_out END) AS bytes_out_protected,
    sum(CASE WHEN ttls_policy = 1 THEN NULL ELSE bytes_in END) AS bytes_in_clear,
    sum(CASE WHEN ttls_policy = 1 THEN NULL ELSE bytes_out END) AS bytes_out_clear
FROM daily_services
WHERE endpoint = 'connection'
  AND (:from IS NULL OR capture_date >= :from)
  AND (:to IS NULL OR capture_date <= :to)
  AND (:system IS NULL OR system = upper(:system))
  AND (:stack IS NULL OR stack = upper(:stack))
  AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
  AND (:port IS NULL OR service_port = CAST(:port AS INTEGER))
GROUP BY 1, 2, 3, 4, 5
ORDER BY 1, 2, 3, 4, 5;
