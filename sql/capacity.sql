-- capacity: per capture date, system, job and service port (the local port
-- of inbound connections, the remote port of outbound ones): the snapshots
-- that saw it, the peak and average connections per snapshot, bytes and
-- segments in and out, and the remote peer that moved the most bytes.
-- NETSTAT's byte and segment counters grow over a connection's life, so a
-- connection seen in several snapshots of a day counts with its highest value.
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
WITH seen AS (
    SELECT capture_date, system, stack, snapshot_id, job, direction, service_port, conn_id, remote_ip,
           bytes_in, bytes_out, segments_in, segments_out
    FROM v_connections
    WHERE endpoint = 'connection'
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
      AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR service_port = CAST(:port AS INTEGER))
),
per_snapshot AS (
    SELECT capture_date, system, stack, job, direction, service_port, count(*) AS connections
    FROM seen GROUP BY capture_date, system, stack, snapshot_id, job, direction, service_port
),
per_connection AS (
    SELECT capture_date, system, stack, job, direction, service_port, conn_id, remote_ip,
           max(bytes_in) AS bytes_in, max(bytes_out) AS bytes_out,
           max(segments_in) AS segments_in, max(segments_out) AS segments_out
    FROM seen GROUP BY capture_date, system, stack, job, direction, service_port, conn_id, remote_ip
),
peers AS (
    SELECT capture_date, system, stack, job, direction, service_port, remote_ip,
           sum(coalesce(bytes_in, 0) + coalesce(bytes_out, 0)) AS bytes,
           row_number() OVER (PARTITION BY capture_date, system, stack, job, direction, service_port
                              ORDER BY sum(coalesce(bytes_in, 0) + coalesce(bytes_out, 0)) DESC, remote_ip) AS place
    FROM per_connection
    GROUP BY capture_date, system, stack, job, direction, service_port, remote_ip
),
totals AS (
    SELECT capture_date, system, stack, job, direction, service_port,
           count(*) AS connections,
           sum(bytes_in) AS bytes_in, sum(bytes_out) AS bytes_out,
           sum(segments_in) AS segments_in, sum(segments_out) AS segments_out
    FROM per_connection
    GROUP BY capture_date, system, stack, job, direction, service_port
),
peaks AS (
    SELECT capture_date, system, stack, job, direction, service_port,
           count(*) AS snapshots, max(connections) AS peak_connections
    FROM per_snapshot
    GROUP BY capture_date, system, stack, job, direction, service_port
)
SELECT
    t.capture_date AS date,
    t.system,
    t.stack,
    t.job,
    t.direction,
    t.service_port AS port,
    k.snapshots,
    t.connections,
    k.peak_connections,
    t.bytes_in,
    t.bytes_out,
    t.segments_in,
    t.segments_out,
    p.remote_ip AS top_peer,
    p.bytes AS top_peer_bytes
FROM totals t
JOIN peaks k USING (capture_date, system, stack, job, direction, service_port)
LEFT JOIN peers p USING (capture_date, system, stack, job, direction, service_port)
WHERE p.place = 1 OR p.place IS NULL
ORDER BY 1, 2, 3, coalesce(t.bytes_in, 0) + coalesce(t.bytes_out, 0) DESC, 4, 6;
