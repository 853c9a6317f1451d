-- capacity: per capture date, system, job and service port (the local port
-- of inbound connections, the remote port of outbound ones): the snapshots
-- that saw it, the peak and average connections per snapshot, bytes and
-- segments in and out, and the remote peer that moved the most bytes.
-- NETSTAT's byte and segment counters grow over a connection's life, so a
-- connection seen in several snapshots of a day counts with its highest value.
-- Reads the daily_capacity summary, worked out at ingest.
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
SELECT
    capture_date AS date,
    system,
    stack,
    job,
    direction,
    service_port AS port,
    snapshots,
    connections,
    peak_connections,
    bytes_in,
    bytes_out,
    segments_in,
    segments_out,
    top_peer,
    top_peer_bytes
FROM daily_capacity
WHERE (:from IS NULL OR capture_date >= :from)
  AND (:to IS NULL OR capture_date <= :to)
  AND (:system IS NULL OR system = upper(:system))
  AND (:stack IS NULL OR stack = upper(:stack))
  AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
  AND (:port IS NULL OR service_port = CAST(:port AS INTEGER))
ORDER BY 1, 2, 3, coalesce(bytes_in, 0) + coalesce(bytes_out, 0) DESC, 4, 6;
