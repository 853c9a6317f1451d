-- compliance: how far what was negotiated and what the policy allows meet a
-- standard (`--standard NAME`, or `all`; the standards are data files in
-- data/standards/, each citing its source and date). Four kinds of rows,
-- in the column `row`:
--   summary   one per standard over the period: connections with negotiated
--             TLS (each counted once), how many were compliant, the share,
--             the failing endpoints and the policy settings to change;
--   day       the same per system, stack and date;
--   endpoint  each endpoint (job, direction, service port, remote address)
--             that negotiated something the standard does not allow, per date;
--   policy    each rule setting that allows something the standard forbids,
--             even if no connection used it yet, with the change to make.
-- A standard checks protocols always, cipher suites and key share groups
-- when it names them; a session whose key share NETSTAT printed as N/A
-- (TLS 1.2) is not failed for its group. Cleartext connections are not
-- counted here: see cleartext and tls-adoption. Reads daily_services,
-- daily_endpoints (the failing endpoints) and v_rule_allows.
-- Parameters: :standards (JSON, built by `--standard`) :from :to (YYYY-MM-DD) :system :stack
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
    SELECT capture_date, system, stack, tls_protocol, cipher_code, key_share, connections, continued_from
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
    SELECT standard, tls_protocol, cipher_code, key_share,
           nullif(concat_ws('; ', bad_protocol, bad_cipher, bad_group), '') AS reason
    FROM judged
),
verdicts AS MATERIALIZED (
    SELECT r.standard, r.reason, e.capture_date, e.system, e.stack, e.connections, e.continued_from
    FROM services e
    JOIN reasons r ON r.tls_protocol IS e.tls_protocol AND r.cipher_code IS e.cipher_code
                  AND r.key_share IS e.key_share
),
-- The endpoints (with their remote address) of each day and what they
-- negotiated, and those that negotiated something a standard does not allow.
endpoints AS MATERIALIZED (
    SELECT capture_date, system, stack, job, direction, service_port, remote_ip,
           tls_protocol, cipher_code, key_share, sum(connections) AS connections
    FROM daily_endpoints
    WHERE tls_state = 'negotiated' AND endpoint = 'connection'
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
failing_endpoints AS MATERIALIZED (
    SELECT standard, count(*) AS endpoints
    FROM (SELECT DISTINCT standard, system, stack, job, direction, service_port, remote_ip FROM endpoint_rows)
    GROUP BY standard
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
           NULL AS job, NULL AS direction, NULL AS port, NULL AS remote_ip, NULL AS negotiated,
           NULL AS rule, NULL AS action, NULL AS setting, NULL AS code, NULL AS reason, NULL AS change
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
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM days d
    LEFT JOIN (SELECT standard, system, stack, capture_date, sum(connections) AS connections,
                      sum(CASE WHEN reason IS NULL THEN connections END) AS compliant
               FROM verdicts GROUP BY standard, system, stack, capture_date) v
           ON v.standard = d.standard AND v.system = d.system AND v.stack = d.stack AND v.capture_date = d.capture_date
    LEFT JOIN (SELECT standard, system, stack, capture_date,
                      count(DISTINCT concat_ws('|', job, direction, service_port, remote_ip)) AS endpoints
               FROM endpoint_rows GROUP BY standard, system, stack, capture_date) w
           ON w.standard = d.standard AND w.system = d.system AND w.stack = d.stack AND w.capture_date = d.capture_date
    UNION ALL
    SELECT standard, 'endpoint', 2, system, stack, capture_date, connections, 0, NULL, NULL,
           job, direction, service_port, remote_ip,
           concat_ws(' ', tls_protocol, cipher_code, key_share), NULL, NULL, NULL, NULL, reason, NULL
    FROM endpoint_rows
    UNION ALL
    SELECT standard, 'policy', 3, system, stack, capture_date, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, rule, action_name, setting, code,
           kind || ' ' || code || ' (' || coalesce(name, '?') || ') not allowed',
           CASE WHEN kind = 'protocol'
                THEN CASE code WHEN 'TLSv1.0' THEN 'TLSV1' ELSE upper(code) END || ' Off in ' || action_name
                ELSE 'remove ' || code || ' from ' || setting || ' of ' || action_name END
    FROM settings
)
SELECT standard, row, system, stack, date, connections, compliant,
       CASE WHEN connections > 0 THEN round(100.0 * compliant / connections, 1) END AS compliant_pct,
       failing_endpoints, failing_settings, job, direction, port, remote_ip, negotiated,
       rule, action, setting, code, reason, change
FROM rows
ORDER BY standard, row_order, system, stack, date, job, port, remote_ip, rule, action, setting, code;
