-- compliance's negotiation sets (migration 0027) for the days in
-- temp.summary_days, part 2 of 2, after end.sql: each peer the days had
-- (peers-begin.sql) or have now gets the set of what it negotiated on all its
-- days, read from daily_endpoints by peer; the counts per service and set
-- change by the peers that moved. The days' own sets are counted afresh.
INSERT INTO temp.touched_peers
SELECT system, stack, direction, service_port, job, remote_ip FROM daily_endpoints INDEXED BY daily_endpoints_day
WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days)
  AND endpoint = 'connection' AND tls_state = 'negotiated';

INSERT INTO negotiations (tls_protocol, cipher_code, key_share)
SELECT DISTINCT tls_protocol, cipher_code, key_share FROM daily_services d
WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days)
  AND endpoint = 'connection' AND tls_state = 'negotiated'
  AND NOT EXISTS (SELECT 1 FROM negotiations n WHERE n.tls_protocol IS d.tls_protocol
                  AND n.cipher_code IS d.cipher_code AND n.key_share IS d.key_share)
ORDER BY 1, 2, 3;

INSERT INTO peer_services (system, stack, direction, service_port, job)
SELECT DISTINCT system, stack, direction, service_port, job FROM daily_services d
WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days)
  AND endpoint = 'connection' AND tls_state = 'negotiated'
  AND NOT EXISTS (SELECT 1 FROM peer_services s WHERE s.system = d.system AND s.stack = d.stack
                  AND s.direction IS d.direction AND s.service_port IS d.service_port AND s.job IS d.job)
ORDER BY 1, 2, 3, 4, 5;

-- What each peer of the days negotiated on each of them.
DROP TABLE IF EXISTS temp.day_sets;
CREATE TEMP TABLE day_sets AS
SELECT system, stack, capture_date, negotiations, count(*) AS peers
FROM (SELECT e.system, e.stack, e.capture_date,
             group_concat(DISTINCT n.negotiation_id ORDER BY n.negotiation_id) AS negotiations
      FROM daily_endpoints e INDEXED BY daily_endpoints_day
      JOIN negotiations n ON n.tls_protocol IS e.tls_protocol AND n.cipher_code IS e.cipher_code
                         AND n.key_share IS e.key_share
      WHERE (e.system, e.stack, e.capture_date) IN (SELECT * FROM temp.summary_days)
        AND e.endpoint = 'connection' AND e.tls_state = 'negotiated'
      GROUP BY e.system, e.stack, e.capture_date, e.direction, e.service_port, e.job, e.remote_ip)
GROUP BY system, stack, capture_date, negotiations;

-- What each touched peer negotiated on all its days (NULL: it has none left).
DROP TABLE IF EXISTS temp.peer_sets;
CREATE TEMP TABLE peer_sets AS
SELECT s.service_id, coalesce(t.remote_ip, '') AS remote_ip,
       (SELECT group_concat(DISTINCT n.negotiation_id ORDER BY n.negotiation_id)
        FROM daily_endpoints e INDEXED BY daily_endpoints_peer
        JOIN negotiations n ON n.tls_protocol IS e.tls_protocol AND n.cipher_code IS e.cipher_code
                           AND n.key_share IS e.key_share
        WHERE e.system = t.system AND e.stack = t.stack AND e.direction IS t.direction
          AND e.service_port IS t.service_port AND e.job IS t.job AND e.remote_ip IS t.remote_ip
          AND e.endpoint = 'connection' AND e.tls_state = 'negotiated') AS negotiations
FROM (SELECT DISTINCT * FROM temp.touched_peers) t
JOIN peer_services s ON s.system = t.system AND s.stack = t.stack AND s.direction IS t.direction
                    AND s.service_port IS t.service_port AND s.job IS t.job;

INSERT INTO negotiation_sets (negotiations)
SELECT negotiations FROM temp.peer_sets WHERE negotiations IS NOT NULL
UNION
SELECT negotiations FROM temp.day_sets
EXCEPT
SELECT negotiations FROM negotiation_sets
ORDER BY 1;

-- The peers whose set changed: from old_set (NULL: new) to new_set (NULL: gone).
DROP TABLE IF EXISTS temp.peer_moves;
CREATE TEMP TABLE peer_moves AS
SELECT p.service_id, p.remote_ip, o.set_id AS old_set, n.set_id AS new_set
FROM temp.peer_sets p
LEFT JOIN negotiation_sets n ON n.negotiations = p.negotiations
LEFT JOIN service_peers o ON o.service_id = p.service_id AND o.remote_ip = p.remote_ip
WHERE n.set_id IS NOT o.set_id;

INSERT INTO service_sets (service_id, set_id, peers)
SELECT service_id, set_id, sum(moved)
FROM (SELECT service_id, new_set AS set_id, 1 AS moved FROM temp.peer_moves WHERE new_set IS NOT NULL
      UNION ALL
      SELECT service_id, old_set, -1 FROM temp.peer_moves WHERE old_set IS NOT NULL)
GROUP BY service_id, set_id
ON CONFLICT (service_id, set_id) DO UPDATE SET peers = peers + excluded.peers;

DELETE FROM service_sets
WHERE peers = 0 AND (service_id, set_id) IN (SELECT service_id, old_set FROM temp.peer_moves);

DELETE FROM service_peers
WHERE (service_id, remote_ip) IN (SELECT service_id, remote_ip FROM temp.peer_moves WHERE new_set IS NULL);

INSERT OR REPLACE INTO service_peers (service_id, remote_ip, set_id)
SELECT service_id, remote_ip, new_set FROM temp.peer_moves WHERE new_set IS NOT NULL;

DELETE FROM daily_peer_sets WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days);
INSERT INTO daily_peer_sets (system, stack, capture_date, set_id, peers)
SELECT d.system, d.stack, d.capture_date, n.set_id, d.peers
FROM temp.day_sets d JOIN negotiation_sets n USING (negotiations);

DROP TABLE temp.touched_peers;
DROP TABLE temp.day_sets;
DROP TABLE temp.peer_sets;
DROP TABLE temp.peer_moves;
