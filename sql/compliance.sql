-- compliance: how far what was negotiated and what the policy allows meet a
-- standard (`--standard NAME`, or `all`; the standards are data files in
-- data/standards/, each citing its source and date). Rows of these kinds,
-- in the column `row`:
--   summary   one per standard over the period: connections with negotiated
--             TLS (each counted once), how many were compliant (those
--             counted less those the service rows count failing: a
--             connection that negotiated two failing things in the period,
--             renegotiated on a later day, counts failing twice, so the
--             compliant are never more than they were), the share,
--             the failing endpoints (distinct peers of a service, exact) and
--             the policy settings to change (failing_settings: each
--             setting of an action once, as the policy rows list them);
--   day       with --by day (:by_day): the same per system, stack and date;
--   service   each service (system, stack, job, direction, service port)
--             that negotiated something the standard does not allow: its
--             connections of that kind (each counted once per failing
--             negotiation it had in the period: a long-lived one
--             renegotiated to a failing suite on a later day counts),
--             distinct peers and an example, first and last seen, the worst
--             grade and what it negotiated; in `reason` what failed, worst
--             grade first. The worst services come first: the worst grade,
--             then the most peers, then the most connections;
--   endpoint  with --by peer (:by_peer) instead of the service rows: each
--             endpoint (job, direction, service port, remote address) that
--             negotiated something the standard does not allow, per date.
--             They come after every standard's summary (and day) rows,
--             in the order of the index daily_endpoints_peer (system,
--             stack, job, direction, service port, remote address, date,
--             what was negotiated), then by standard: read so, they
--             stream, the first at once however many follow;
--   policy    each setting of an action (system, stack, action, setting)
--             that allows something the standard forbids, even if no
--             connection used it yet, with the codes to take out and the
--             change to make (where that leaves the setting empty, or no
--             protocol on, the change says to put in its place what the
--             standard allows: AT-TLS would use System SSL's defaults), the rules using the action, the worst grade of
--             the codes, the first and last capture date it was seen on
--             (first_seen, last_seen) and on how many dates (`dates`): worst
--             grade first. With --by peer one per rule, code and date
--             instead (`date`), last of all: per standard, system, stack,
--             date, rule, action, setting and code. The rules of the period
--             are those printed in it and, with --from, those idle all of
--             it, as last printed before it (unless a later pasearch dump
--             up to the period's end leaves them out), on that print's date;
--             a rule a day's connections were seen under that no capture of
--             the day printed, as last printed before, on that day.
-- Per standard: the summary, the day rows (system, stack, date), the
-- service rows, the policy rows; with --by peer, every standard's summary,
-- then the endpoint rows, then every standard's policy rows per date.
-- A standard checks protocols always, cipher suites and key share groups
-- when it names them; a TLS 1.2 session's key share, which NETSTAT prints
-- as N/A, is not failed for its group, a TLS 1.3 session's is (`group not
-- printed`: TLS 1.3 always agrees one, and which is not known). Cleartext connections are not
-- counted here: see cleartext and tls-adoption.
-- Distinct peers are counted exactly. Over the whole period (no --from,
-- no --to) from the negotiation sets kept at ingest (migration 0027: what
-- each peer of a service negotiated on all its days, and how many peers
-- of each service have each set), judged here, so a new standard needs no
-- rebuild; per date (--by day) from each day's sets. With --from or --to
-- the peers of the period are read from daily_endpoints, in the order of
-- the index daily_endpoints_peer: exact too, but seconds at millions of
-- rows. Also reads daily_services and v_rule_allows.
-- Parameters: :standards (JSON, built by `--standard`) :from :to (YYYY-MM-DD) :system :stack
--             :by_peer (1 for the endpoint rows) :by_day (1 for the day rows)
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
           protocol_grade, cipher_grade, key_share_grade, connections, continued_from, negotiated_before, first_seen,
           last_seen
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
    SELECT tls_protocol, cipher_code, key_share FROM services
    UNION
    SELECT tls_protocol, cipher_code, key_share FROM negotiations
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
    FROM standards s CROSS JOIN combinations e
),
reasons AS MATERIALIZED (
    SELECT standard, tls_protocol, cipher_code, key_share, bad_protocol, bad_cipher, bad_group,
           nullif(concat_ws('; ', bad_protocol, bad_cipher, bad_group), '') AS reason
    FROM judged
),
-- Per date, for --by day.
verdicts AS MATERIALIZED (
    SELECT r.standard, r.reason, e.capture_date, e.system, e.stack, e.connections, e.continued_from
    FROM services e
    JOIN reasons r ON r.tls_protocol IS e.tls_protocol AND r.cipher_code IS e.cipher_code
                  AND r.key_share IS e.key_share
    WHERE coalesce(:by_day, 0)
),
-- Each service's connections of each negotiation over the period (each
-- counted once per negotiation, on the first date of the period it had it:
-- `connections`), and each connection once, on its first date of the
-- period with negotiated TLS (`once`), judged per standard: the summary's
-- and the service rows' sums and reasons.
period_services AS MATERIALIZED (
    SELECT system, stack, direction, service_port, job, tls_protocol, cipher_code, key_share, protocol_grade,
           cipher_grade, key_share_grade,
           sum(CASE WHEN negotiated_before IS NULL OR negotiated_before < coalesce(:from, '') THEN connections
                    ELSE 0 END) AS connections,
           sum(CASE WHEN continued_from IS NULL OR continued_from < coalesce(:from, '') THEN connections ELSE 0 END)
               AS once,
           min(first_seen) AS first_seen, max(last_seen) AS last_seen
    FROM services
    GROUP BY system, stack, direction, service_port, job, tls_protocol, cipher_code, key_share, protocol_grade,
             cipher_grade, key_share_grade
),
judged_services AS MATERIALIZED (
    SELECT r.standard, r.reason, r.bad_protocol, r.bad_cipher, r.bad_group, e.*
    FROM period_services e
    JOIN reasons r ON r.tls_protocol IS e.tls_protocol AND r.cipher_code IS e.cipher_code
                  AND r.key_share IS e.key_share
),
-- What failed in the failing services, each item with its own grade.
failing AS MATERIALIZED (
    SELECT * FROM judged_services WHERE reason IS NOT NULL
),
items AS MATERIALIZED (
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
    SELECT f.standard, f.system, f.stack, f.direction, f.service_port, f.job, sum(connections) AS connections,
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
-- Each negotiation set kept at ingest fails a standard when one of its
-- negotiations does.
failing_sets AS MATERIALIZED (
    SELECT DISTINCT r.standard, s.set_id
    FROM negotiation_sets s, json_each('[' || s.negotiations || ']') j
    JOIN negotiations n ON n.negotiation_id = j.value
    JOIN reasons r ON r.tls_protocol IS n.tls_protocol AND r.cipher_code IS n.cipher_code
                  AND r.key_share IS n.key_share
    WHERE r.reason IS NOT NULL
),
-- Over the whole period: the peers of each service whose set fails, and
-- the first of them.
whole_peers AS (
    SELECT f.standard, p.system, p.stack, p.direction, p.service_port, p.job, sum(c.peers) AS peers,
           nullif(min((SELECT min(x.remote_ip) FROM service_peers x
                       WHERE x.service_id = c.service_id AND x.set_id = c.set_id)), '') AS example_peer
    FROM failing_sets f
    JOIN service_sets c ON c.set_id = f.set_id
    JOIN peer_services p ON p.service_id = c.service_id
    WHERE :from IS NULL AND :to IS NULL
      AND (:system IS NULL OR p.system = upper(:system))
      AND (:stack IS NULL OR p.stack = upper(:stack))
    GROUP BY f.standard, c.service_id
),
-- In a period (--from, --to): the distinct peers of each service, read once
-- in the order of the index daily_endpoints_peer: the peers of a service
-- that negotiated the same things in the period share a group (most peers
-- of a site's services do), and a group fails a standard when one of its
-- negotiations does. A peer is in one group of its service, so the groups'
-- sizes add up to distinct peers per service.
period_groups AS MATERIALIZED (
    SELECT row_number() OVER () AS group_id, *
    FROM (SELECT system, stack, direction, service_port, job, negotiated, count(*) AS peers,
                 min(remote_ip) AS example_peer
          FROM (SELECT system, stack, direction, service_port, job, remote_ip,
                       json_group_array(DISTINCT json_array(tls_protocol, cipher_code, key_share)
                                        ORDER BY json_array(tls_protocol, cipher_code, key_share)) AS negotiated
                FROM daily_endpoints
                WHERE (:from IS NOT NULL OR :to IS NOT NULL) AND tls_state = 'negotiated' AND endpoint = 'connection'
                  AND (:from IS NULL OR capture_date >= :from)
                  AND (:to IS NULL OR capture_date <= :to)
                  AND (:system IS NULL OR system = upper(:system))
                  AND (:stack IS NULL OR stack = upper(:stack))
                GROUP BY system, stack, job, direction, service_port, remote_ip)
          GROUP BY system, stack, job, direction, service_port, negotiated)
),
period_peers AS (
    SELECT f.standard, p.system, p.stack, p.direction, p.service_port, p.job, sum(p.peers) AS peers,
           min(p.example_peer) AS example_peer
    FROM (SELECT DISTINCT r.standard, p.group_id
          FROM period_groups p, json_each(p.negotiated) d
          JOIN reasons r ON r.tls_protocol IS d.value ->> 0 AND r.cipher_code IS d.value ->> 1
                        AND r.key_share IS d.value ->> 2
          WHERE r.reason IS NOT NULL) f
    JOIN period_groups p ON p.group_id = f.group_id
    GROUP BY f.standard, p.system, p.stack, p.direction, p.service_port, p.job
),
failing_peers AS MATERIALIZED (
    SELECT * FROM whole_peers
    UNION ALL
    SELECT * FROM period_peers
),
-- With --by day: the failing endpoints of each day, from the day's sets.
failing_days AS MATERIALIZED (
    SELECT f.standard, d.system, d.stack, d.capture_date, sum(d.peers) AS endpoints
    FROM failing_sets f
    JOIN daily_peer_sets d ON d.set_id = f.set_id
    WHERE coalesce(:by_day, 0)
      AND (:from IS NULL OR d.capture_date >= :from)
      AND (:to IS NULL OR d.capture_date <= :to)
      AND (:system IS NULL OR d.system = upper(:system))
      AND (:stack IS NULL OR d.stack = upper(:stack))
    GROUP BY f.standard, d.system, d.stack, d.capture_date
),
failing_endpoints AS MATERIALIZED (
    SELECT standard, sum(peers) AS endpoints FROM failing_peers GROUP BY standard
),
-- With --by peer: the negotiations of each endpoint (with its remote
-- address) and day, read and summed in the order of the index
-- daily_endpoints_peer, so they stream (no sort of every row). The TLS
-- state is compared as +tls_state: SQLite takes a column compared with =
-- as settled and then no longer sees the index's order after it (the
-- state is in the middle of the index).
peer_days AS (
    SELECT system, stack, job, direction, service_port, remote_ip, capture_date, tls_state, tls_protocol, cipher_code,
           key_share, sum(connections) AS connections
    FROM daily_endpoints
    WHERE coalesce(:by_peer, 0) AND endpoint = 'connection' AND +tls_state = 'negotiated'
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
    GROUP BY system, stack, job, direction, service_port, remote_ip, capture_date, tls_state, tls_protocol, cipher_code,
             key_share
    ORDER BY system, stack, job, direction, service_port, remote_ip, capture_date, tls_state, tls_protocol, cipher_code,
             key_share
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
-- With --from, a rule idle all the period (not printed in it) still allows
-- what it did when last printed before it, as allowed-not-used and
-- policy-inventory say, unless a later capture of the whole policy
-- (pasearch) up to the period's end leaves it out. Read from the tables
-- alone: each CTE a query names is expanded again, and SQLite stops at
-- 1 000 cursors ("nested too deep").
idle_rules AS MATERIALIZED (
    SELECT snapshot_id, system, stack, capture_date, name
    FROM (SELECT s.snapshot_id, s.system, s.stack, s.capture_date, s.captured_at, r.name,
                 row_number() OVER (PARTITION BY s.system, s.stack, r.name ORDER BY s.captured_at DESC) AS place,
                 max(CASE WHEN r.source IN ('pasearch', 'both') THEN s.captured_at END)
                     OVER (PARTITION BY s.system, s.stack) AS whole_at
          FROM snapshots s JOIN rules r ON r.snapshot_id = s.snapshot_id
          -- printed anew (policy_objects), not an older connection's copy
          JOIN policy_objects o ON o.snapshot_id = r.snapshot_id AND o.object = 'rule' AND o.name = r.name
          WHERE :from IS NOT NULL
            AND (:to IS NULL OR s.capture_date <= :to)
            AND (:system IS NULL OR s.system = upper(:system))
            AND (:stack IS NULL OR s.stack = upper(:stack)))
    WHERE place = 1 AND capture_date < :from AND captured_at >= coalesce(whole_at, captured_at)
),
-- The rules the day's negotiated connections were seen under that no
-- capture of the day printed, as last printed before the day by their stack,
-- before the period too (v_carried_rules; as impact's settings_at); on that
-- day, its own `fingerprint`.
carried AS MATERIALIZED (
    SELECT system, stack, capture_date, rule, printed_snapshot_id AS snapshot_id FROM v_carried_rules
    WHERE (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
),
-- The prints read: one snapshot of each policy of the period (every rule),
-- the idle rules' last prints (`rule`), each its own `fingerprint`,
-- dated by the print, and the carried rules' prints.
standing AS MATERIALIZED (
    SELECT min(snapshot_id) AS snapshot_id, fingerprint, NULL AS rule FROM policies GROUP BY fingerprint
    UNION ALL
    SELECT snapshot_id, 'idle ' || snapshot_id, name FROM idle_rules
    UNION ALL
    SELECT DISTINCT snapshot_id, 'carried ' || snapshot_id || ' ' || rule, rule FROM carried
    WHERE snapshot_id IS NOT NULL
),
-- Settings of the period's rules that allow something the standard forbids;
-- `empties`: the setting allows nothing else for the rule, so taking out
-- what is forbidden leaves it empty (no protocol on), and AT-TLS would use
-- System SSL's defaults.
forbidden AS MATERIALIZED (
    SELECT DISTINCT fingerprint, standard, rule, kind, action, action_name, setting, code, name, NOT keeps AS empties
    FROM (SELECT f.fingerprint, st.standard, a.rule, a.kind, a.action, a.action_name, a.setting, a.code, a.name,
                 al.code IS NOT NULL AS allowed,
                 max(al.code IS NOT NULL) OVER (PARTITION BY f.fingerprint, st.standard, a.rule, a.kind, a.setting)
                     AS keeps
          FROM v_rule_allows a
          JOIN standing f ON f.snapshot_id = a.snapshot_id AND (f.rule IS NULL OR f.rule = a.rule)
          JOIN checked st ON st.kind = a.kind
          LEFT JOIN allowed al ON al.standard = st.standard AND al.kind = a.kind AND al.code = a.code
          WHERE a.snapshot_id IN (SELECT snapshot_id FROM standing)
            -- a rule its capture printed anew (policy_objects), not an older connection's copy
            AND (a.snapshot_id, 'rule', a.rule) IN (SELECT snapshot_id, object, name FROM policy_objects))
    WHERE NOT allowed
),
-- The dates each policy was seen on, per system and stack: a policy
-- seen on several snapshots of a date counts once.
policy_dates AS MATERIALIZED (
    SELECT DISTINCT system, stack, capture_date, fingerprint FROM policies
    UNION ALL
    SELECT DISTINCT system, stack, capture_date, 'idle ' || snapshot_id FROM idle_rules
    UNION ALL
    SELECT system, stack, capture_date, 'carried ' || snapshot_id || ' ' || rule FROM carried
    WHERE snapshot_id IS NOT NULL
),
-- The forbidden settings per date: the --by peer rows and --by day counts.
settings AS MATERIALIZED (
    SELECT DISTINCT t.standard, p.system, p.stack, p.capture_date, t.rule, t.kind, t.action, t.action_name,
           t.setting, t.code, t.name, t.empties
    FROM policy_dates p JOIN forbidden t ON t.fingerprint = p.fingerprint
    WHERE coalesce(:by_peer, 0) OR coalesce(:by_day, 0)
),
-- The forbidden settings over the period, whichever date: the summary's
-- count, and the codes and rules of the policy rows.
period_settings AS MATERIALIZED (
    SELECT DISTINCT t.standard, p.system, p.stack, t.rule, t.kind, t.action_name, t.setting, t.code, t.name,
           t.empties
    FROM (SELECT DISTINCT system, stack, fingerprint FROM policy_dates) p
    JOIN forbidden t ON t.fingerprint = p.fingerprint
),
-- Each setting of an action once over the period, with the codes to take
-- out, graded by the worst of them, and when it was first and last seen
-- and on how many dates; per rule, code and date with --by peer.
-- The dates of each system and stack grouped by the policies seen on them
-- (one, unless it changed during the day): the groups do not overlap, so a
-- setting's dates add up over the groups with a policy that has it.
date_groups AS MATERIALIZED (
    SELECT row_number() OVER () AS group_id, *
    FROM (SELECT system, stack, fingerprints, min(capture_date) AS first_seen, max(capture_date) AS last_seen,
                 count(*) AS dates
          FROM (SELECT system, stack, capture_date, json_group_array(fingerprint ORDER BY fingerprint) AS fingerprints
                FROM policy_dates
                WHERE NOT coalesce(:by_peer, 0)
                GROUP BY system, stack, capture_date)
          GROUP BY system, stack, fingerprints)
),
setting_dates AS (
    SELECT standard, system, stack, action_name, setting, kind, min(first_seen) AS first_seen,
           max(last_seen) AS last_seen, sum(dates) AS dates
    FROM (SELECT DISTINCT g.group_id, g.system, g.stack, g.first_seen, g.last_seen, g.dates, t.standard,
                          t.action_name, t.setting, t.kind
          FROM date_groups g, json_each(g.fingerprints) f
          JOIN (SELECT DISTINCT fingerprint, standard, action_name, setting, kind FROM forbidden) t
            ON t.fingerprint = f.value)
    GROUP BY standard, system, stack, action_name, setting, kind
),
setting_codes AS (
    SELECT standard, system, stack, action_name, setting, kind,
           replace(group_concat(DISTINCT rule ORDER BY rule), ',', ', ') AS rules,
           replace(group_concat(DISTINCT code ORDER BY code), ',', ' ') AS codes,
           min((SELECT g.rank FROM grades g WHERE g.grade = CASE kind
                    WHEN 'protocol' THEN (SELECT grade FROM protocols WHERE name = code)
                    WHEN 'cipher' THEN (SELECT grade FROM cipher_suites c WHERE c.code = t.code)
                    WHEN 'group' THEN (SELECT grade FROM named_groups n WHERE n.code = t.code) END)) AS grade_rank,
           kind || ' ' || replace(group_concat(DISTINCT code || ' (' || coalesce(name, '?') || ')'
                                               ORDER BY code || ' (' || coalesce(name, '?') || ')'), ',', ', ')
                || ' not allowed' AS reason,
           CASE WHEN kind = 'protocol'
                THEN replace(group_concat(DISTINCT CASE code WHEN 'TLSv1.0' THEN 'TLSV1' ELSE upper(code) END || ' Off'
                                          ORDER BY CASE code WHEN 'TLSv1.0' THEN 'TLSV1' ELSE upper(code) END
                                                   || ' Off'), ',', ', ') || ' in ' || action_name
                ELSE 'remove ' || replace(group_concat(DISTINCT code ORDER BY code), ',', ' ') || ' from ' || setting
                     || ' of ' || action_name END
           || CASE WHEN max(empties) THEN ', which leaves ' || CASE kind WHEN 'protocol' THEN 'no protocol on'
                                                                    ELSE 'it empty' END
                                          || ': put in its place what the standard allows' ELSE '' END AS change
    FROM period_settings t
    WHERE NOT coalesce(:by_peer, 0)
    GROUP BY standard, system, stack, action_name, setting, kind
),
policy_rows AS (
    SELECT c.standard, c.system, c.stack, d.first_seen, d.last_seen, d.dates, c.rules AS rule, c.action_name,
           c.setting, c.codes AS code, c.grade_rank, c.reason, c.change
    FROM setting_codes c
    JOIN setting_dates d ON d.standard = c.standard AND d.system = c.system AND d.stack = c.stack
                        AND d.action_name = c.action_name AND d.setting = c.setting AND d.kind = c.kind
),
days AS (
    SELECT standard, system, stack, capture_date FROM verdicts WHERE coalesce(:by_day, 0)
    UNION
    -- the days of the period: an idle rule is dated by its print before it
    SELECT standard, system, stack, capture_date FROM settings
    WHERE coalesce(:by_day, 0) AND capture_date >= coalesce(:from, '')
),
rows AS (
    SELECT standard, 'summary' AS row, 0 AS row_order, NULL AS system, NULL AS stack, NULL AS date,
           coalesce(sum(once), 0) AS connections,
           max(coalesce(sum(once), 0) - coalesce(sum(CASE WHEN reason IS NOT NULL THEN connections END), 0), 0)
               AS compliant,
           coalesce((SELECT endpoints FROM failing_endpoints w WHERE w.standard = st.standard), 0)
               AS failing_endpoints,
           (SELECT count(*) FROM (SELECT DISTINCT system, stack, action_name, setting, kind
                                  FROM period_settings t WHERE t.standard = st.standard)) AS failing_settings,
           NULL AS job, NULL AS direction, NULL AS port, NULL AS remote_ip, NULL AS peers, NULL AS example_peer,
           NULL AS first_seen, NULL AS last_seen, NULL AS grade_rank, NULL AS negotiated,
           NULL AS rule, NULL AS action, NULL AS setting, NULL AS code, NULL AS reason, NULL AS change,
           NULL AS dates
    FROM (SELECT standard FROM standards) st LEFT JOIN judged_services v USING (standard)
    GROUP BY standard
    UNION ALL
    SELECT d.standard, 'day', 1, d.system, d.stack, d.capture_date,
           coalesce(v.connections, 0),
           coalesce(v.compliant, 0),
           coalesce(w.endpoints, 0),
           (SELECT count(*) FROM (SELECT DISTINCT action_name, setting, kind FROM settings t
                                  WHERE t.standard = d.standard AND t.system = d.system AND t.stack = d.stack
                                    AND t.capture_date = d.capture_date)),
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
    SELECT standard, 'policy', 3, system, stack, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL, first_seen, last_seen, grade_rank, NULL, rule, action_name, setting,
           code, reason, change, dates
    FROM policy_rows
)
SELECT * FROM (
    SELECT standard, row, system, stack, date, connections, compliant,
           CASE WHEN connections > 0 THEN round(100.0 * compliant / connections, 1) END AS compliant_pct,
           failing_endpoints, failing_settings, job, direction, port, remote_ip, peers, example_peer, first_seen,
           last_seen, g.grade AS worst_grade, negotiated, rule, action, setting, code, reason, change, dates
    FROM rows
    LEFT JOIN grades g ON g.rank = rows.grade_rank
    -- The services worst first: the worst grade of what failed, the most
    -- peers, the most connections; the settings of the default form by the
    -- worst grade of what they allow.
    ORDER BY standard, row_order, CASE WHEN row IN ('service', 'policy') THEN rows.grade_rank END,
             CASE WHEN row = 'service' THEN peers END DESC, CASE WHEN row = 'service' THEN connections END DESC,
             system, stack, date, job, port, rule, action, setting, code
)
UNION ALL
-- With --by peer, after the rest: the endpoints that negotiated something a
-- standard does not allow, in the order peer_days reads them; the failing
-- standards of one endpoint, day and negotiation (a few rows) sorted.
SELECT * FROM (
    SELECT r.standard, 'endpoint', e.system, e.stack, e.capture_date, e.connections, 0,
           CASE WHEN e.connections > 0 THEN 0.0 END, NULL, NULL, e.job, e.direction, e.service_port, e.remote_ip,
           NULL, NULL, NULL, NULL, NULL, concat_ws(' ', e.tls_protocol, e.cipher_code, e.key_share), NULL, NULL,
           NULL, NULL, r.reason, NULL, NULL
    FROM peer_days e
    JOIN reasons r ON r.tls_protocol IS e.tls_protocol AND r.cipher_code IS e.cipher_code
                  AND r.key_share IS e.key_share
    WHERE r.reason IS NOT NULL
    ORDER BY e.system, e.stack, e.job, e.direction, e.service_port, e.remote_ip, e.capture_date, e.tls_state,
             e.tls_protocol, e.cipher_code, e.key_share, r.standard
)
UNION ALL
-- With --by peer, last: the policy rows per date (working them out takes
-- seconds on a large database: after the endpoint rows, they do not hold
-- back the first of those).
SELECT * FROM (
    SELECT standard, 'policy', system, stack, capture_date, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, rule, action_name, setting, code,
           kind || ' ' || code || ' (' || coalesce(name, '?') || ') not allowed',
           CASE WHEN kind = 'protocol'
                THEN CASE code WHEN 'TLSv1.0' THEN 'TLSV1' ELSE upper(code) END || ' Off in ' || action_name
                ELSE 'remove ' || code || ' from ' || setting || ' of ' || action_name END
           || CASE WHEN empties THEN ', which leaves ' || CASE kind WHEN 'protocol' THEN 'no protocol on'
                                                                ELSE 'it empty' END
                                     || ': put in its place what the standard allows' ELSE '' END,
           NULL
    FROM settings
    WHERE coalesce(:by_peer, 0)
    ORDER BY standard, system, stack, capture_date, rule, action_name, setting, code
);
