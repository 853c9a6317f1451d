-- compliance: how far what was negotiated and what the policy allows meet a
-- (DuckDB over the lake: sql/compliance.sql with the JSON parameter read by
-- ->> (text, as json_extract gives in SQLite), the summary row grouped by
-- the standard of the list rather than of a joined row, and the distinct
-- peers counted from daily_endpoints as they are, for any period, rather
-- than from the negotiation sets kept at ingest.)
-- standard (`--standard NAME`, or `all`; the standards are data files in
-- data/standards/, each citing its source and date). Rows of these kinds,
-- in the column `row`:
--   summary   one per standard over the period: connections with negotiated
--             TLS (each counted once), how many were compliant, the share,
--             the failing endpoints (distinct peers of a service, exact) and
--             the policy settings to change (failing_settings: each
--             setting of an action once, as the policy rows list them);
--   day       with --by day (:by_day): the same per system, stack and date;
--   service   each service (system, stack, job, direction, service port)
--             that negotiated something the standard does not allow: its
--             connections of that kind (each counted once in the period),
--             distinct peers and an example, first and last seen, the worst
--             grade and what it negotiated; in `reason` what failed, worst
--             grade first. The worst services come first: the worst grade,
--             then the most peers, then the most connections;
--   endpoint  with --by peer (:by_peer) instead of the service rows: each
--             endpoint (job, direction, service port, remote address) that
--             negotiated something the standard does not allow, per date.
--             They come after every standard's summary rows, by system,
--             stack, job, direction, service port, remote address, date,
--             what was negotiated (protocol, suite, group), then standard:
--             the order in which SQLite streams them;
--   policy    each setting of an action (system, stack, action, setting)
--             that allows something the standard forbids, even if no
--             connection used it yet, with the codes to take out and the
--             change to make, the rules using the action, the worst grade of
--             the codes, the first and last capture date it was seen on
--             (first_seen, last_seen) and on how many dates (`dates`): worst
--             grade first. With --by peer one per rule, code and date
--             instead (`date`), last of all: per standard, system, stack,
--             date, rule, action, setting and code. The rules of the period
--             are those printed in it and, with --from, those idle all of
--             it, as last printed before it (unless a later pasearch dump
--             up to the period's end leaves them out), on that print's date.
-- Per standard: the summary, the day rows (system, stack, date), the
-- service rows, the policy rows; with --by peer, every standard's summary,
-- then the endpoint rows, then every standard's policy rows per date.
-- A standard checks protocols always, cipher suites and key share groups
-- when it names them; a TLS 1.2 session's key share, which NETSTAT prints
-- as N/A, is not failed for its group, a TLS 1.3 session's is (`group not
-- printed`: TLS 1.3 always agrees one, and which is not known). Cleartext connections are not
-- counted here: see cleartext and tls-adoption.
-- Distinct peers are counted exactly. Reads daily_endpoints and v_rule_allows.
-- Parameters: :standards (JSON, built by `--standard`) :from :to (YYYY-MM-DD) :system :stack
--             :by_peer (1 for the endpoint rows) :by_day (1 for the day rows)
WITH standards AS (
    SELECT value ->> '$.name' AS standard, value ->> '$.allow' AS allow
    FROM json_each(coalesce(:standards, '[]'))
),
checked AS MATERIALIZED (
    SELECT s.standard, k.key AS kind FROM standards s, json_each(s.allow) k
),
allowed AS MATERIALIZED (
    SELECT s.standard, k.key AS kind, c.value ->> '$' AS code
    FROM standards s, json_each(s.allow) k, json_each(k.value) c
),
endpoints AS (
    SELECT capture_date, system, stack, job, direction, service_port, remote_ip,
           tls_protocol, cipher_code, key_share, protocol_grade, cipher_grade, key_share_grade,
           connections, continued_from, negotiated_before, first_seen, last_seen
    FROM daily_endpoints
    WHERE tls_state = 'negotiated' AND endpoint = 'connection'
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
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
           -- TLS 1.3 always agrees a group: one NETSTAT did not print is not
           -- known to be allowed, so it fails (TLS 1.2 has none to judge).
           CASE WHEN (e.key_share IS NOT NULL OR e.tls_protocol = 'TLSv1.3')
                 AND EXISTS (SELECT 1 FROM checked c WHERE c.standard = s.standard AND c.kind = 'group')
                 AND NOT EXISTS (SELECT 1 FROM allowed a WHERE a.standard = s.standard AND a.kind = 'group'
                                 AND a.code = e.key_share)
                THEN 'group ' || coalesce(e.key_share, 'not printed') END AS bad_group
    FROM standards s CROSS JOIN endpoints e
),
verdicts AS MATERIALIZED (
    SELECT j.*,
           nullif(concat_ws('; ', bad_protocol, bad_cipher, bad_group), '') AS reason
    FROM judged j
),
-- The failing services: what failed, each item with its own grade, and the
-- distinct peers.
items AS (
    SELECT standard, system, stack, direction, service_port, job, item, min(coalesce(g.rank, 0)) AS grade_rank
    FROM (SELECT standard, system, stack, direction, service_port, job, bad_protocol AS item, protocol_grade AS grade
          FROM verdicts WHERE bad_protocol IS NOT NULL
          UNION ALL
          SELECT standard, system, stack, direction, service_port, job, bad_cipher, cipher_grade
          FROM verdicts WHERE bad_cipher IS NOT NULL
          UNION ALL
          SELECT standard, system, stack, direction, service_port, job, bad_group, key_share_grade
          FROM verdicts WHERE bad_group IS NOT NULL) f
    LEFT JOIN grades g ON g.grade = f.grade
    GROUP BY standard, system, stack, direction, service_port, job, item
),
failing_services AS (
    SELECT standard, system, stack, direction, service_port, job,
           -- each connection once per failing negotiation of the period
           sum(CASE WHEN negotiated_before IS NULL OR negotiated_before < coalesce(:from, '') THEN connections
                    ELSE 0 END) AS connections,
           count(DISTINCT remote_ip) AS peers, min(remote_ip) AS example_peer,
           min(first_seen) AS first_seen, max(last_seen) AS last_seen,
           string_agg(DISTINCT concat_ws(' ', tls_protocol, cipher_code, key_share), ','
                      ORDER BY concat_ws(' ', tls_protocol, cipher_code, key_share)) AS negotiated
    FROM verdicts
    WHERE reason IS NOT NULL
    GROUP BY standard, system, stack, direction, service_port, job
),
service_items AS (
    SELECT standard, system, stack, direction, service_port, job, min(grade_rank) AS grade_rank,
           string_agg(item, '; ' ORDER BY grade_rank, item) AS reason
    FROM items
    GROUP BY standard, system, stack, direction, service_port, job
),
-- The snapshots of the period; with --from, a rule idle all of it (not
-- printed in it) as last printed before it, unless a later pasearch dump up
-- to the period's end leaves it out (see ../compliance.sql).
period AS MATERIALIZED (
    SELECT snapshot_id, system, stack, capture_date FROM snapshots
    WHERE (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
),
printed AS MATERIALIZED (
    SELECT s.snapshot_id, s.system, s.stack, s.capture_date, s.captured_at, r.name, r.source
    FROM snapshots s JOIN rules r ON r.snapshot_id = s.snapshot_id
    -- printed anew (policy_objects), not an older connection's copy
    JOIN policy_objects o ON o.snapshot_id = r.snapshot_id AND o.object = 'rule' AND o.name = r.name
    WHERE :from IS NOT NULL
      AND (:to IS NULL OR s.capture_date <= :to)
      AND (:system IS NULL OR s.system = upper(:system))
      AND (:stack IS NULL OR s.stack = upper(:stack))
),
idle_rules AS MATERIALIZED (
    SELECT l.snapshot_id, l.system, l.stack, l.capture_date, l.name
    FROM (SELECT b.*, row_number() OVER (PARTITION BY b.system, b.stack, b.name ORDER BY b.captured_at DESC) AS place
          FROM printed b) l
    WHERE l.place = 1 AND l.capture_date < :from
      AND l.captured_at >= coalesce((SELECT max(w.captured_at) FROM printed w
                                     WHERE w.system = l.system AND w.stack = l.stack
                                       AND w.source IN ('pasearch', 'both')), l.captured_at)
),
-- A rule the day's negotiated connections were seen under that no capture of
-- the day printed: as last printed before the day, on the day (v_carried_rules,
-- see ../compliance.sql).
carried AS MATERIALIZED (
    SELECT system, stack, capture_date, rule, printed_snapshot_id AS snapshot_id FROM v_carried_rules
    WHERE (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
),
-- Settings of the period's rules that allow something the standard forbids;
-- `empties`: the setting allows nothing else for the rule (see ../compliance.sql).
settings AS MATERIALIZED (
    SELECT DISTINCT standard, system, stack, capture_date, rule, kind, action, action_name, setting, code, name,
           NOT keeps AS empties
    FROM (SELECT st.standard, s.system, s.stack, s.capture_date, a.rule, a.kind, a.action, a.action_name,
                 a.setting, a.code, a.name, al.code IS NOT NULL AS allowed,
                 bool_or(al.code IS NOT NULL) OVER (PARTITION BY a.snapshot_id, st.standard, a.rule, a.kind, a.setting)
                     AS keeps
          FROM v_rule_allows a
          JOIN (SELECT *, NULL AS rule FROM period
                UNION ALL
                SELECT snapshot_id, system, stack, capture_date, name FROM idle_rules
                UNION ALL
                SELECT snapshot_id, system, stack, capture_date, rule FROM carried WHERE snapshot_id IS NOT NULL) s
            ON s.snapshot_id = a.snapshot_id AND (s.rule IS NULL OR s.rule = a.rule)
          JOIN checked st ON st.kind = a.kind
          LEFT JOIN allowed al ON al.standard = st.standard AND al.kind = a.kind AND al.code = a.code
          -- a rule its capture printed anew (policy_objects), not an older connection's copy
          WHERE (a.snapshot_id, 'rule', a.rule) IN (SELECT snapshot_id, object, name FROM policy_objects))
    WHERE NOT allowed
),
-- Each setting of an action once over the period, with the codes to take
-- out (when it was first and last seen, on how many dates), graded by the
-- worst of them; per rule, code and date with --by peer.
graded_settings AS MATERIALIZED (
    SELECT t.*, (SELECT g.rank FROM grades g WHERE g.grade = CASE t.kind
                     WHEN 'protocol' THEN (SELECT grade FROM protocols WHERE name = t.code)
                     WHEN 'cipher' THEN (SELECT grade FROM cipher_suites WHERE code = t.code)
                     WHEN 'group' THEN (SELECT grade FROM named_groups WHERE code = t.code) END) AS grade_rank
    FROM settings t
    WHERE NOT coalesce(:by_peer, 0)
),
policy_rows AS (
    SELECT standard, system, stack, capture_date, NULL AS first_seen, NULL AS last_seen, NULL AS dates,
           rule, action_name, setting, code, NULL AS grade_rank,
           kind || ' ' || code || ' (' || coalesce(name, '?') || ') not allowed' AS reason,
           CASE WHEN kind = 'protocol'
                THEN CASE code WHEN 'TLSv1.0' THEN 'TLSV1' ELSE upper(code) END || ' Off in ' || action_name
                ELSE 'remove ' || code || ' from ' || setting || ' of ' || action_name END
           || CASE WHEN empties THEN ', which leaves ' || CASE kind WHEN 'protocol' THEN 'no protocol on'
                                                                ELSE 'it empty' END
                                     || ': put in its place what the standard allows' ELSE '' END AS change
    FROM settings
    WHERE coalesce(:by_peer, 0)
    UNION ALL
    SELECT standard, system, stack, NULL, min(capture_date), max(capture_date), count(DISTINCT capture_date),
           string_agg(DISTINCT rule, ', ' ORDER BY rule), action_name, setting,
           string_agg(DISTINCT code, ' ' ORDER BY code), min(grade_rank),
           kind || ' ' || string_agg(DISTINCT code || ' (' || coalesce(name, '?') || ')', ', '
                                     ORDER BY code || ' (' || coalesce(name, '?') || ')') || ' not allowed',
           CASE WHEN kind = 'protocol'
                THEN string_agg(DISTINCT CASE code WHEN 'TLSv1.0' THEN 'TLSV1' ELSE upper(code) END || ' Off', ', '
                                ORDER BY CASE code WHEN 'TLSv1.0' THEN 'TLSV1' ELSE upper(code) END || ' Off')
                     || ' in ' || action_name
                ELSE 'remove ' || string_agg(DISTINCT code, ' ' ORDER BY code) || ' from ' || setting || ' of '
                     || action_name END
           || CASE WHEN bool_or(empties) THEN ', which leaves ' || CASE kind WHEN 'protocol' THEN 'no protocol on'
                                                                       ELSE 'it empty' END
                                              || ': put in its place what the standard allows' ELSE '' END
    FROM graded_settings
    GROUP BY standard, system, stack, action_name, setting, kind
),
days AS (
    SELECT standard, system, stack, capture_date FROM verdicts WHERE coalesce(:by_day, 0)
    UNION
    -- the days of the period: an idle rule is dated by its print before it
    SELECT standard, system, stack, capture_date FROM settings
    WHERE coalesce(:by_day, 0) AND capture_date >= coalesce(:from, '')
),
rows AS (
    SELECT st.standard, 'summary' AS row, 0 AS row_order, NULL AS system, NULL AS stack, NULL AS date,
           coalesce(sum(CASE WHEN continued_from IS NULL OR continued_from < coalesce(:from, '') THEN connections END), 0)
               AS connections,
           -- those counted less those the service rows count failing (as sql/compliance.sql)
           greatest(coalesce(sum(CASE WHEN continued_from IS NULL OR continued_from < coalesce(:from, '')
                                      THEN connections END), 0)
                    - coalesce(sum(CASE WHEN reason IS NOT NULL
                                         AND (negotiated_before IS NULL OR negotiated_before < coalesce(:from, ''))
                                        THEN connections END), 0), 0) AS compliant,
           (SELECT count(*) FROM (SELECT DISTINCT system, stack, job, direction, service_port, remote_ip
                                  FROM verdicts w WHERE w.standard = st.standard AND w.reason IS NOT NULL))
               AS failing_endpoints,
           (SELECT count(*) FROM (SELECT DISTINCT system, stack, action_name, setting, kind
                                  FROM settings t WHERE t.standard = st.standard)) AS failing_settings,
           NULL AS job, NULL AS direction, NULL AS port, NULL AS remote_ip, NULL AS peers, NULL AS example_peer,
           NULL AS first_seen, NULL AS last_seen, NULL AS grade_rank, NULL AS negotiated,
           NULL AS rule, NULL AS action, NULL AS setting, NULL AS code, NULL AS reason, NULL AS change,
           NULL AS dates, NULL AS tls_protocol, NULL AS cipher_code, NULL AS key_share
    FROM (SELECT standard FROM standards) st LEFT JOIN verdicts v USING (standard)
    GROUP BY st.standard
    UNION ALL
    SELECT d.standard, 'day', 1, d.system, d.stack, d.capture_date,
           coalesce(sum(v.connections), 0),
           coalesce(sum(CASE WHEN v.reason IS NULL THEN v.connections END), 0),
           count(DISTINCT CASE WHEN v.reason IS NOT NULL
                               THEN concat_ws('|', v.job, v.direction, v.service_port, v.remote_ip) END),
           (SELECT count(*) FROM (SELECT DISTINCT action_name, setting, kind FROM settings t
                                  WHERE t.standard = d.standard AND t.system = d.system AND t.stack = d.stack
                                    AND t.capture_date = d.capture_date)),
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL
    FROM days d
    LEFT JOIN verdicts v ON v.standard = d.standard AND v.system = d.system AND v.stack = d.stack
                        AND v.capture_date = d.capture_date
    GROUP BY d.standard, d.system, d.stack, d.capture_date
    UNION ALL
    SELECT s.standard, 'service', 2, s.system, s.stack, NULL, s.connections, 0, NULL, NULL,
           s.job, s.direction, s.service_port, NULL, s.peers, s.example_peer, s.first_seen, s.last_seen,
           i.grade_rank, s.negotiated, NULL, NULL, NULL, NULL, i.reason, NULL, NULL, NULL, NULL, NULL
    FROM failing_services s
    JOIN service_items i ON i.standard = s.standard AND i.system = s.system AND i.stack = s.stack
                        AND i.direction IS NOT DISTINCT FROM s.direction
                        AND i.service_port IS NOT DISTINCT FROM s.service_port AND i.job IS NOT DISTINCT FROM s.job
    WHERE NOT coalesce(:by_peer, 0)
    UNION ALL
    SELECT standard, 'endpoint', 4, system, stack, capture_date, sum(connections), 0, NULL, NULL,
           job, direction, service_port, remote_ip, NULL, NULL, NULL, NULL, NULL,
           concat_ws(' ', tls_protocol, cipher_code, key_share), NULL, NULL, NULL, NULL, reason, NULL, NULL,
           tls_protocol, cipher_code, key_share
    FROM verdicts
    WHERE reason IS NOT NULL AND coalesce(:by_peer, 0)
    GROUP BY standard, system, stack, capture_date, job, direction, service_port, remote_ip,
             tls_protocol, cipher_code, key_share, reason
    UNION ALL
    SELECT standard, 'policy', 3, system, stack, capture_date, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL, first_seen, last_seen, grade_rank, NULL, rule, action_name, setting,
           code, reason, change, dates, NULL, NULL, NULL
    FROM policy_rows
)
SELECT standard, row, system, stack, date, connections, compliant,
       CASE WHEN connections > 0 THEN round(100.0 * compliant / connections, 1) END AS compliant_pct,
       failing_endpoints, failing_settings, job, direction, port, remote_ip, peers, example_peer, first_seen,
       last_seen, g.grade AS worst_grade, negotiated, rule, action, setting, code, reason, change, dates
FROM rows
LEFT JOIN grades g ON g.rank = rows.grade_rank
-- The services worst first: the worst grade of what failed, the most peers,
-- the most connections; the settings of the default form by the worst grade
-- of what they allow. Then the endpoints, in the order SQLite reads them
-- from daily_endpoints_peer; with --by peer the policy rows per date last.
ORDER BY CASE WHEN row = 'endpoint' THEN 1 WHEN row = 'policy' AND date IS NOT NULL THEN 2 ELSE 0 END,
         CASE WHEN row <> 'endpoint' THEN standard END, row_order,
         CASE WHEN row IN ('service', 'policy') THEN rows.grade_rank END,
         CASE WHEN row = 'service' THEN peers END DESC, CASE WHEN row = 'service' THEN connections END DESC,
         system, stack, CASE WHEN row = 'endpoint' THEN job END, CASE WHEN row = 'endpoint' THEN direction END,
         CASE WHEN row = 'endpoint' THEN port END, remote_ip, date, job, port, rule, action, setting, code,
         tls_protocol, cipher_code, key_share, standard;
