-- The connections of unknown direction (each once) with port ?6 on one side, in the period ?1 to ?2
-- (YYYY-MM-DD), system ?3, stack ?4 and job ?5 (* wildcards; NULL: any) of a report asked for with
-- --port, only those that negotiated TLS when ?7 is 1 (the reports of negotiated sessions): a
-- connection of unknown direction has no service port, so the reports that match --port
-- against the service port leave it out, and src/cmd/report.rs says how many (review 16a F7).
-- Unknown is common exactly where a capture was asked for a port (`NETSTAT ALL (PORT 8080`: no list
-- of the stack's listeners to tell a client's side). Only the days whose summaries hold a connection
-- of unknown direction are read from the view.
SELECT count(DISTINCT coalesce(identity_id, -connection_id))
FROM v_connection_core
WHERE (system, stack, capture_date) IN (SELECT system, stack, capture_date FROM daily_services
                                        WHERE endpoint = 'connection' AND direction = 'unknown'
                                          AND (?1 IS NULL OR capture_date >= ?1)
                                          AND (?2 IS NULL OR capture_date <= ?2))
  AND (?3 IS NULL OR system = upper(?3))
  AND (?4 IS NULL OR stack = upper(?4))
  AND (?5 IS NULL OR job LIKE replace(upper(?5), '*', '%'))
  AND (local_port = ?6 OR remote_port = ?6)
  AND endpoint = 'connection' AND direction = 'unknown'
  AND (?7 = 0 OR tls_state = 'negotiated');
