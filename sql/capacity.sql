-- capacity: per capture date, system, job and service port (the local port
-- of inbound connections, the remote port of outbound ones): the snapshots
-- that saw it, its connections (each once) and the most of them in one
-- snapshot (peak_connections), bytes and segments in and out, and the remote
-- peer that moved the most bytes.
-- A connection counts once a day. Bytes and segments are the traffic of the
-- day: the growth of NETSTAT's counters (which count from the connection's
-- start) since the connection's previous snapshot, or the whole counter when
-- its counters are first printed. started_earlier counts connections whose
-- counters were first printed that day (first seen, or seen before by
-- ALLCONN alone, which prints none) and that had started on an earlier date,
-- or whose start no report printed (`netstat -b`'s monitor layout): their
-- first counters hold, or may hold, traffic from before (on the first day of
-- a tree, the bytes are more than that day moved). days_covered is the most
-- days the traffic of one of its connections covers: since the capture date
-- of the counters it grew from, when those are another day's (a day not
-- captured, or captured by CONN or ALLCONN alone, which print no counters,
-- puts the growth of both on the next: 2); 1 for the day's alone. Order: by
-- date, system and stack, the most bytes first.
-- With --by peer (:by_peer), one row per remote address of each service
-- and day, from the per-peer summary: its connections and bytes (peaks,
-- snapshots, segments, started_earlier and days_covered are kept per service only, and
-- are empty there), in the order of the service's key (system, stack, job,
-- direction, port), then the peer's address, then the date: the order of
-- the index daily_endpoints_peer, so that the rows stream as they are read
-- instead of after all of them are sorted.
-- Reads the daily_capacity summary, worked out at ingest (with --by peer,
-- daily_endpoints through daily_endpoints_peer).
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
--             :by_peer (1 for a row per peer)
SELECT * FROM (
    SELECT
        capture_date AS date,
        system,
        stack,
        job,
        direction,
        service_port AS port,
        NULL AS remote_ip,
        snapshots,
        connections,
        peak_connections,
        bytes_in,
        bytes_out,
        segments_in,
        segments_out,
        top_peer,
        top_peer_bytes,
        started_earlier,
        days_covered
    FROM daily_capacity
    WHERE NOT coalesce(:by_peer, 0)
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
      AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR service_port = :port)
    ORDER BY 1, 2, 3, coalesce(bytes_in, 0) + coalesce(bytes_out, 0) DESC, 4, 6
)
UNION ALL
SELECT * FROM (
    SELECT capture_date AS date, system, stack, job, direction, service_port AS port, remote_ip, NULL AS snapshots,
           sum(connections) AS connections, NULL AS peak_connections, sum(bytes_in) AS bytes_in,
           sum(bytes_out) AS bytes_out, NULL AS segments_in, NULL AS segments_out, NULL AS top_peer,
           NULL AS top_peer_bytes, NULL AS started_earlier, NULL AS days_covered
    FROM daily_endpoints
    WHERE endpoint = 'connection' AND coalesce(:by_peer, 0)
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
      AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR service_port = :port)
    GROUP BY system, stack, job, direction, service_port, remote_ip, capture_date
    ORDER BY system, stack, job, direction, service_port, remote_ip, capture_date
);
