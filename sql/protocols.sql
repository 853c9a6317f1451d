-- protocols: connections by negotiated TLS version, per capture date and
-- system, with the version's grade and its share of the TLS connections.
-- A SecLevel of a version this tool does not know counts in a row with no
-- protocol, graded unknown.
-- A connection counts once a day, in the TLS state of its snapshot that told
-- the most (a version whose every connection counts under another state
-- that day has no row). Reads the daily_services summary.
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
SELECT
    capture_date AS date,
    system,
    tls_protocol AS protocol,
    protocol_grade AS grade,
    sum(connections) AS connections,
    round(1.0 * sum(connections) / sum(sum(connections)) OVER (PARTITION BY capture_date, system), 3) AS share
FROM daily_services
WHERE protocol_grade IS NOT NULL
  AND (:from IS NULL OR capture_date >= :from)
  AND (:to IS NULL OR capture_date <= :to)
  AND (:system IS NULL OR system = upper(:system))
  AND (:stack IS NULL OR stack = upper(:stack))
  AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
  AND (:port IS NULL OR service_port = :port)
GROUP BY 1, 2, 3, 4
HAVING sum(connections) > 0
ORDER BY 1, 2, 3 DESC;
