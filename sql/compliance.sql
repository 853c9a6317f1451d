-- compliance: how far what was negotiated and what the policy allows meet a
-- standard (`--standard NAME`, or `all`; the standards are data files in
-- data/standards/, each citing its source and date). Rows of these kinds,
-- in the column `row`:
--   summary   one per standard over the period: connections with negotiated
--             TLS (each counted once), how many were compliant, the share,
--             the failing endpoints and the policy settings to change;
--   day       the same per system, stack and date;
--   service   each service (system, stack, job, direction, service port)
--             that negotiated something the standard does not allow: its
--             connections of that kind (each counted once in the period),
--             distinct peers and an example, first and last seen, the worst
--             grade and what it negotiated; in `reason` what failed, worst
--             grade first. The worst services come first: the worst grade,
--             then the most peers, then the most connections;
--   endpoint  with --by peer (:by_peer) instead of the service rows: each
--             endpoint (job, direction, service port, remote address) that
--             negotiated something the standard does not allow, per date;
--   policy    each rule setting that allows something the standard forbids,
--             even if no connection used it yet, with the change to make:
--             one per system, stack, rule, action, setting and code over the
--             period, with the first and last capture date it was seen on
--             (first_seen, last_seen) and on how many dates (`dates`): the
--             same setting repeats on every captured date. With --by peer
--             one per date instead (`date`).
-- A standard checks protocols always, cipher suites and key share groups
-- when it names them; a session whose key share NETSTAT printed as N/A
-- (TLS 1.2) is not failed for its group. Cleartext connections are not
-- counted here: see cleartext and tls-adoption. Reads daily_services,
-- daily_endpoints (the peers, in the order of the index
-- daily_endpoints_negotiated) and v_rule_allows.
-- Parameters: :standards (JSON, built by `--standard`) :from :to (YYYY-MM-DD) :system :stack
--             :by_peer (1 for the endpoint rows)
WITH standards AS (
    SELECT json_extract(value, '$.name') AS standard, json_extract(value, '$.allow') AS allow
    FROM json_each(coalesce(:standards, '[]'))
),
checked AS MATERIALIZED (
    SELECT s.standard, k.key AS kind FROM standards s, json_each(s.allow) k
),
allowed AS MATERIALIZED (
    SELECT s.standard, k.key AS kind, c.value AS code
    FROM standards s, json_each(s.allow) k, json_each(k.value) c
),
-- The connections with negotiated TLS, from the daily_services summary
-- (daily_endpoints without the remote address: the same sums, fewer rows).
services AS MATERIALIZED (
    SELECT capture_date, system, stack, direction, service_port, job, tls_protocol, cipher_code, key_share,
           protocol_grade, cipher_grade, key_share_grade, connections, continued_from, first_seen, last_seen
    FROM daily_services
    WHERE tls_state = 'negotiated' AND endpoint = 'connection'
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
),
-- What they negotiated, each (protocol, suite, group) judged once per
-- standard: the connections and endpoints take their verdicts from here.
combinations AS MATERIALIZED (
    SELECT DISTINCT tls_protocol, cipher_code, key_share FROM services
),
judged AS (
    SELECT s.standard, e.*,
           CASE WHEN NOT EXISTS (SELECT 1 FROM allowed a WHERE a.standard = s.standard AND a.kind = 'protocol'
                                 AND a.code = e.tls_protocol)
                THEN 'protocol ' || coalesce(e.tls_protocol, 'unknown') END AS bad_protocol,
           CASE WHEN EXISTS (SELECT 1 FROM checked c WHERE c.standard = s.standard AND c.kind = 'cipher')
                 AND NOT EXISTS (SELECT 1 FROM allowed a WHERE a.standard = s.standard AND a.kind = 'cipher'
                                 AND a.code = e.cipher_code)
                THEN 'cipher ' || coalesce(e.cipher_code, 'unknown') END AS bad_cipher,
           CASE WHEN e.key_share IS NOT NULL
                 AND EXISTS (SELECT 1 FROM checked c WHERE c.standard = s.standard AND c.kind = 'group')
                 AND NOT EXISTS (SELECT 1 FROM allowed a WHERE a.standard = s.standard AND a.kind = 'group'
                                 AND a.code = e.key_share)
                THEN 'group ' || e.key_share END AS bad_group
    FROM standards s CROSS JOIN combinations e
),
reasons AS MATERIALIZED (
    SELECT standard, tls_protocol, cipher_code, key_share, bad_protocol, bad_cipher, bad_group,
           nullif(concat_ws('; ', bad_protocol, bad_cipher, bad_group), '') AS reason
    FROM judged
),
verdicts AS MATERIALIZED (
    SELECT r.standard, r.reason, e.capture_date, e.system, e.stack, e.connections, e.continued_from
    FROM services e
    JOIN reasons r ON r.tls_protocol IS e.tls_protocol AND r.cipher_code IS e.cipher_code
                  AND r.key_share IS e.key_share
),
-- The failing rows of the summary per standard, and what failed in them,
-- each item with its own grade: the service rows' sums and reasons.
failing AS MATERIALIZED (
    SELECT r.standard, e.system, e.stack, e.direction, e.service_port, e.job, e.tls_protocol, e.cipher_code,
           e.key_share, e.protocol_grade, e.cipher_grade, e.key_share_grade, e.connections, e.continued_from,
           e.first_seen, e.last_seen, r.bad_protocol, r.bad_cipher, r.bad_group
    FROM services e
    JOIN reasons r ON r.tls_protocol IS e.tls_protocol AND r.cipher_code IS e.cipher_code
                  AND r.key_share IS e.key_share
    WHERE r.reason IS NOT NULL
),
items AS (
    SELECT standard, system, stack, direction, service_port, job, item, min(coalesce(g.rank, 0)) AS grade_rank
    FROM (SELECT standard, system, stack, direction, service_port, job, bad_protocol AS item, protocol_grade AS grade
          FROM failing WHERE bad_protocol IS NOT NULL
          UNION ALL
          SELECT standard, system, stack, direction, service_port, job, bad_cipher, cipher_grade
          FROM failing WHERE bad_cipher IS NOT NULL
          UNION ALL
          SELECT standard, system, stack, direction, service_port, job, bad_group, key_share_grade
          FROM failing WHERE bad_group IS NOT NULL) f
    LEFT JOIN grades g ON g.grade = f.grade
    GROUP BY standard, system, stack, direction, service_port, job, item
),
failing_services AS (
    SELECT f.standard, f.system, f.stack, f.direction, f.service_port, f.job,
           sum(CASE WHEN continued_from IS NULL OR continued_from < coalesce(:from, '') THEN connections ELSE 0 END)
               AS connections,
           min(first_seen) AS first_seen, max(last_seen) AS last_seen,
           group_concat(DISTINCT concat_ws(' ', tls_protocol, cipher_code, key_share)
                        ORDER BY concat_ws(' ', tls_protocol, cipher_code, key_share)) AS negotiated,
           (SELECT min(grade_rank) FROM items i
            WHERE i.standard = f.standard AND i.system = f.system AND i.stack = f.stack
              AND i.direction IS f.direction AND i.service_port IS f.service_port AND i.job IS f.job) AS grade_rank,
           (SELECT group_concat(item, '; ' ORDER BY grade_rank, item) FROM items i
            WHERE i.standard = f.standard AND i.system = f.system AND i.stack = f.stack
              AND i.direction IS f.direction AND i.service_port IS f.service_port AND i.job IS f.job) AS reason
    FROM failing f
    GROUP BY f.standard, f.system, f.stack, f.direction, f.service_port, f.job
),
-- The distinct peers of each service, read once in the order of the index
-- daily_endpoints_negotiated: the peers of a service that negotiated the
-- same things on the same days share a set (most peers of a site's
-- services do), and a set fails a standard on a day when one of its
-- negotiations that day does. A peer is in one set of its service, so the
-- sets' sizes add up to distinct peers per service and to distinct failing
-- endpoints per day.
peer_sets AS MATERIALIZED (
    SELECT row_number() OVER () AS set_id, *
    FROM (SELECT system, stack, direction, service_port, job, days, count(*) AS peers, min(remote_ip) AS example_peer
          FROM (SELECT system, stack, direction, service_port, job, remote_ip,
                       json_group_array(json_array(capture_date, tls_protocol, cipher_code, key_share)) AS days
                FROM daily_endpoints
                WHERE tls_state = 'negotiated' AND endpoint = 'connection'
                  AND (:from IS NULL OR capture_date >= :from)
                  AND (:to IS NULL OR capture_date <= :to)
                  AND (:system IS NULL OR system = upper(:system))
                  AND (:stack IS NULL OR stack = upper(:stack))
                GROUP BY system, stack, direction, service_port, job, remote_ip)
          GROUP BY system, stack, direction, service_port, job, days)
),
-- The days on which each set fails each standard.
failing_sets AS MATERIALIZED (
    SELECT DISTINCT r.standard, p.set_id, d.value ->> 0 AS capture_date
    FROM peer_sets p, json_each(p.days) d
    JOIN reasons r ON r.tls_protocol IS d.value ->> 1 AND r.cipher_code IS d.value ->> 2
                  AND r.key_share IS d.value ->> 3
    WHERE r.reason IS NOT NULL
),
failing_peers AS MATERIALIZED (
    SELECT f.standard, p.system, p.stack, p.direction, p.service_port, p.job, sum(p.peers) AS peers,
           min(p.example_peer) AS example_peer
    FROM (SELECT DISTINCT standard, set_id FROM failing_sets) f
    JOIN peer_sets p ON p.set_id = f.set_id
    GROUP BY f.standard, p.system, p.stack, p.direction, p.service_port, p.job
),
failing_days AS MATERIALIZED (
    SELECT f.standard, p.system, p.stack, f.capture_date, sum(p.peers) AS endpoints
    FROM failing_sets f
    JOIN peer_sets p ON p.set_id = f.set_id
    GROUP BY f.standard, p.system, p.stack, f.capture_date
),
failing_endpoints AS MATERIALIZED (
    SELECT standard, sum(peers) AS endpoints FROM failing_peers GROUP BY standard
),
-- With --by peer: the endpoints (with their remote address) of each day
-- and what they negotiated, and those that negotiated something a standard
-- does not allow.
endpoints AS MATERIALIZED (
    SELECT capture_date, system, stack, job, direction, service_port, remote_ip,
           tls_protocol, cipher_code, key_share, sum(connections) AS connections
    FROM daily_endpoints
    WHERE coalesce(:by_peer, 0) AND tls_state = 'negotiated' AND endpoint = 'connection'
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
    GROUP BY capture_date, system, stack, job, direction, service_port, remote_ip, tls_protocol, cipher_code, key_share
),
endpoint_rows AS MATERIALIZED (
    SELECT r.standard, e.system, e.stack, e.capture_date, e.job, e.direction, e.service_port, e.remote_ip,
           e.tls_protocol, e.cipher_code, e.key_share, r.reason, e.connections
    FROM endpoints e
    JOIN reasons r ON r.tls_protocol IS e.tls_protocol AND r.cipher_code IS e.cipher_code
                  AND r.key_share IS e.key_share
    WHERE r.reason IS NOT NULL
),
-- Snapshots with the same policy (snapshot_policies) allow the same: the
-- settings of the first of each are read for the others.
policies AS MATERIALIZED (
    SELECT s.snapshot_id, s.capture_date, s.system, s.stack, p.fingerprint
    FROM snapshots s JOIN snapshot_policies p ON p.snapshot_id = s.snapshot_id
    WHERE (:from IS NULL OR s.capture_date >= :from)
      AND (:to IS NULL OR s.capture_date <= :to)
      AND (:system IS NULL OR s.system = upper(:system))
      AND (:stack IS NULL OR s.stack = upper(:stack))
),
standing AS MATERIALIZED (
    SELECT min(snapshot_id) AS snapshot_id, fingerprint FROM policies GROUP BY fingerprint
),
-- Settings of the period's rules that allow something the standard forbids.
forbidden AS MATERIALIZED (
    SELECT DISTINCT f.fingerprint, st.standard, a.rule, a.kind, a.action, a.action_name, a.setting, a.code, a.name
    FROM v_rule_allows a
    JOIN standing f ON f.snapshot_id = a.snapshot_id
    JOIN checked st ON st.kind = a.kind
    WHERE a.snapshot_id IN (SELECT snapshot_id FROM standing)
      AND NOT EXISTS (SELECT 1 FROM allowed al WHERE al.standard = st.standard AND al.kind = a.kind
                      AND al.code = a.code)
),
settings AS MATERIALIZED (
    SELECT DISTINCT t.standard, p.system, p.stack, p.capture_date, t.rule, t.kind, t.action, t.action_name,
           t.setting, t.code, t.name
    FROM policies p JOIN forbidden t ON t.fingerprint = p.fingerprint
),
-- A setting once over the period (when it was first and last seen, on how
-- many dates) rather than on each captured date; per date with --by peer.
policy_rows AS (
    SELECT standard, system, stack, capture_date, NULL AS first_seen, NULL AS last_seen, NULL AS dates,
           rule, kind, action_name, setting, code, name
    FROM settings
    WHERE coalesce(:by_peer, 0)
    UNION ALL
    SELECT standard, system, stack, NULL, min(capture_date), max(capture_date), count(DISTINCT capture_date),
           rule, kind, action_name, setting, code, name
    FROM settings
    WHERE NOT coalesce(:by_peer, 0)
    GROUP BY standard, system, stack, rule, kind, action, action_name, setting, code, name
),
days AS (
    SELECT standard, system, stack, capture_date FROM verdicts
    UNION
    SELECT standard, system, stack, capture_date FROM settings
),
rows AS (
    SELECT standard, 'summary' AS row, 0 AS row_order, NULL AS system, NULL AS stack, NULL AS date,
           coalesce(sum(CASE WHEN continued_from IS NULL OR continued_from < coalesce(:from, '') THEN connections END), 0)
               AS connections,
           coalesce(sum(CASE WHEN reason IS NULL AND (continued_from IS NULL OR continued_from < coalesce(:from, ''))
                             THEN connections END), 0) AS compliant,
           coalesce((SELECT endpoints FROM failing_endpoints w WHERE w.standard = st.standard), 0)
               AS failing_endpoints,
           (SELECT count(*) FROM (SELECT DISTINCT system, stack, action_name, setting, code
                                  FROM settings t WHERE t.standard = st.standard)) AS failing_settings,
           NULL AS job, NULL AS direction, NULL AS port, NULL AS remote_ip, NULL AS peers, NULL AS example_peer,
           NULL AS first_seen, NULL AS last_seen, NULL AS grade_rank, NULL AS negotiated,
           NULL AS rule, NULL AS action, NULL AS setting, NULL AS code, NULL AS reason, NULL AS change,
           NULL AS dates
    FROM (SELECT standard FROM standards) st LEFT JOIN verdicts v USING (standard)
    GROUP BY standard
    UNION ALL
    SELECT d.standard, 'day', 1, d.system, d.stack, d.capture_date,
           coalesce(v.connections, 0),
           coalesce(v.compliant, 0),
           coalesce(w.endpoints, 0),
           (SELECT count(*) FROM settings t
            WHERE t.standard = d.standard AND t.system = d.system AND t.stack = d.stack
              AND t.capture_date = d.capture_date),
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM days d
    LEFT JOIN (SELECT standard, system, stack, capture_date, sum(connections) AS connections,
                      sum(CASE WHEN reason IS NULL THEN connections END) AS compliant
               FROM verdicts GROUP BY standard, system, stack, capture_date) v
           ON v.standard = d.standard AND v.system = d.system AND v.stack = d.stack AND v.capture_date = d.capture_date
    LEFT JOIN failing_days w
           ON w.standard = d.standard AND w.system = d.system AND w.stack = d.stack AND w.capture_date = d.capture_date
    UNION ALL
    SELECT s.standard, 'service', 2, s.system, s.stack, NULL, s.connections, 0, NULL, NULL,
           s.job, s.direction, s.service_port, NULL, p.peers, p.example_peer, s.first_seen, s.last_seen,
           s.grade_rank, s.negotiated, NULL, NULL, NULL, NULL, s.reason, NULL, NULL
    FROM failing_services s
    LEFT JOIN failing_peers p ON p.standard = s.standard AND p.system = s.system AND p.stack = s.stack
                             AND p.direction IS s.direction AND p.service_port IS s.service_port AND p.job IS s.job
    WHERE NOT coalesce(:by_peer, 0)
    UNION ALL
    SELECT standard, 'endpoint', 2, system, stack, capture_date, connections, 0, NULL, NULL,
           job, direction, service_port, remote_ip, NULL, NULL, NULL, NULL, NULL,
           concat_ws(' ', tls_protocol, cipher_code, key_share), NULL, NULL, NULL, NULL, reason, NULL, NULL
    FROM endpoint_rows
    UNION ALL
    SELECT standard, 'policy', 3, system, stack, capture_date, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL, first_seen, last_seen, NULL, NULL, rule, action_name, setting, code,
           kind || ' ' || code || ' (' || coalesce(name, '?') || ') not allowed',
           CASE WHEN kind = 'protocol'
                THEN CASE code WHEN 'TLSv1.0' THEN 'TLSV1' ELSE upper(code) END || ' Off in ' || action_name
                ELSE 'remove ' || code || ' from ' || setting || ' of ' || action_name END,
           dates
    FROM policy_rows
)
SELECT standard, row, system, stack, date, connections, compliant,
       CASE WHEN connections > 0 THEN round(100.0 * compliant / connections, 1) END AS compliant_pct,
       failing_endpoints, failing_settings, job, direction, port, remote_ip, peers, example_peer, first_seen,
       last_seen, g.grade AS worst_grade, negotiated, rule, action, setting, code, reason, change, dates
FROM rows
LEFT JOIN grades g ON g.rank = rows.grade_rank
-- The services worst first: the worst grade of what failed, the most peers,
-- the most connections.
ORDER BY standard, row_order, CASE WHEN row = 'service' THEN rows.grade_rank END,
         CASE WHEN row = 'service' THEN peers END DESC, CASE WHEN row = 'service' THEN connections END DESC,
         system, stack, date, job, port, remote_ip, rule, action, setting, code;
