-- compliance's negotiation sets (migration 0027) for the days in
-- temp.summary_days, part 1 of 2, before begin.sql clears the days: the
-- peers with negotiated TLS the days had. Their sets over all their days are
-- worked out again in peers-end.sql, with those of the peers the days have
-- now: a set can lose what a day no longer holds, not only grow.
DROP TABLE IF EXISTS temp.touched_peers;
CREATE TEMP TABLE touched_peers AS
SELECT system, stack, direction, service_port, job, remote_ip FROM daily_endpoints INDEXED BY daily_endpoints_day
WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days)
  AND endpoint = 'connection' AND tls_state = 'negotiated';
