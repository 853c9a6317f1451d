-- export --format cbom: what the CycloneDX cryptographic bill of materials
-- lists, one row per place each protocol, cipher suite, key share group and
-- signature pair was seen: `negotiated` by connections (system, stack, rule
-- and environment action, the jobs, how many connections each counted once,
-- first and last capture date; a suite and a group with the protocol they
-- were negotiated with) or `allowed` by a rule's settings (the action and
-- settings it came from, the rule's JobName, first and last capture date;
-- a suite with each protocol the same print of the rule allows).
-- NETSTAT prints no negotiated signature pair: those are `allowed` only.
-- A day whose facts `ttlsinv prune` deleted (pruned_days) still says what its
-- connections negotiated in its daily summary (daily_services, per job,
-- without rule or action or the connections' identities: `connections` is
-- the most on one day): `pruned` 1 on those rows; and on an `allowed` row,
-- 1 when a print it comes from is a stub of a pruned snapshot (the pruned
-- days keep only the last print of each rule and action, so the dates are
-- those of the prints kept).
-- Reads v_connections (the connections with a TLS session), daily_services of
-- the pruned days and v_rule_allows.
-- Parameters: :from :to (YYYY-MM-DD) :system :stack
WITH negotiated AS MATERIALIZED (
    SELECT system, stack, ttls_rule AS rule, ttls_env_action AS action_name, tls_protocol, v.cipher_code, key_share,
           job, identity_id, min(capture_date) AS first_date, max(capture_date) AS last_date
    -- only the connections with a session are read
    FROM tls_sessions t JOIN v_connections v ON v.snapshot_id = t.snapshot_id AND v.conn_id = t.conn_id
    WHERE t.sec_level IS NOT NULL AND tls_state = 'negotiated'
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
    -- each connection once per what it negotiated (it is seen in many snapshots)
    GROUP BY system, stack, rule, action_name, tls_protocol, v.cipher_code, key_share, job, identity_id
),
-- The pruned days' negotiations, from their summaries.
summarized AS MATERIALIZED (
    SELECT d.system, d.stack, d.tls_protocol, d.cipher_code, d.key_share, d.job, d.capture_date, d.connections
    FROM daily_services d
    JOIN pruned_days p ON p.system = d.system AND p.stack = d.stack AND p.capture_date = d.capture_date
    WHERE d.tls_state = 'negotiated'
      AND (:from IS NULL OR d.capture_date >= :from)
      AND (:to IS NULL OR d.capture_date <= :to)
      AND (:system IS NULL OR d.system = upper(:system))
      AND (:stack IS NULL OR d.stack = upper(:stack))
),
summarized_seen (kind, code, protocol, system, stack, job, connections, capture_date) AS (
    SELECT 'protocol', tls_protocol, NULL, system, stack, job, connections, capture_date
    FROM summarized WHERE tls_protocol IS NOT NULL
    UNION ALL
    SELECT 'cipher', cipher_code, tls_protocol, system, stack, job, connections, capture_date
    FROM summarized WHERE cipher_code IS NOT NULL
    UNION ALL
    SELECT 'group', key_share, tls_protocol, system, stack, job, connections, capture_date
    FROM summarized WHERE key_share IS NOT NULL
),
-- each with its day's connections of that place
summarized_days AS (
    SELECT *, sum(connections) OVER (PARTITION BY kind, code, protocol, system, stack, capture_date) AS on_day
    FROM summarized_seen
),
seen (kind, code, protocol, system, stack, rule, action_name, job, identity_id, first_date, last_date) AS (
    SELECT 'protocol', tls_protocol, NULL, system, stack, rule, action_name, job, identity_id, first_date, last_date
    FROM negotiated WHERE tls_protocol IS NOT NULL
    UNION ALL
    SELECT 'cipher', cipher_code, tls_protocol, system, stack, rule, action_name, job, identity_id, first_date,
           last_date
    FROM negotiated WHERE cipher_code IS NOT NULL
    UNION ALL
    SELECT 'group', key_share, tls_protocol, system, stack, rule, action_name, job, identity_id, first_date, last_date
    FROM negotiated WHERE key_share IS NOT NULL
),
-- Snapshots with the same policy (snapshot_policies) allow the same: the
-- settings of the first of each are read for the others.
policies AS MATERIALIZED (
    SELECT s.system, s.stack, p.fingerprint, min(s.snapshot_id) AS snapshot_id,
           min(s.capture_date) AS first_date, max(s.capture_date) AS last_date, max(s.pruned) AS pruned
    FROM snapshots s JOIN snapshot_policies p ON p.snapshot_id = s.snapshot_id
    WHERE (:from IS NULL OR s.capture_date >= :from)
      AND (:to IS NULL OR s.capture_date <= :to)
      AND (:system IS NULL OR s.system = upper(:system))
      AND (:stack IS NULL OR s.stack = upper(:stack))
    GROUP BY s.system, s.stack, p.fingerprint
),
-- The rules the day's negotiated connections were seen under that no
-- capture of the day printed allow on that day what they did as last printed
-- before by their stack, before the period too (v_carried_rules; as impact's
-- settings_at): their dates per print.
carried AS MATERIALIZED (
    SELECT system, stack, rule, printed_snapshot_id AS snapshot_id, min(capture_date) AS first_date,
           max(capture_date) AS last_date
    FROM v_carried_rules
    WHERE (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
      AND printed_snapshot_id IS NOT NULL
    GROUP BY system, stack, rule, printed_snapshot_id
),
-- The prints read and the dates each allows on: every rule of a policy of
-- the period on its dates, a carried rule on the days it was carried to.
dated AS MATERIALIZED (
    SELECT system, stack, fingerprint, NULL AS rule, first_date, last_date, pruned FROM policies
    UNION ALL
    SELECT c.system, c.stack, p.fingerprint, c.rule, c.first_date, c.last_date, 0
    FROM carried c JOIN snapshot_policies p ON p.snapshot_id = c.snapshot_id
),
standing AS MATERIALIZED (
    SELECT min(snapshot_id) AS snapshot_id, fingerprint
    FROM (SELECT snapshot_id, fingerprint FROM policies
          UNION ALL
          SELECT p.snapshot_id, p.fingerprint FROM carried c JOIN snapshot_policies p ON p.snapshot_id = c.snapshot_id)
    GROUP BY fingerprint
),
allowed AS MATERIALIZED (
    SELECT DISTINCT f.fingerprint, a.kind, a.code, a.rule, a.action, a.action_name, a.setting, r.job_name
    FROM v_rule_allows a
    JOIN standing f ON f.snapshot_id = a.snapshot_id
    JOIN rules r ON r.rule_id = a.rule_id
    -- lets SQLite read the view for these snapshots only
    WHERE a.snapshot_id IN (SELECT snapshot_id FROM standing)
),
-- An allowed suite with each protocol the same print of its rule allows
-- (a suite is allowed beside a protocol only on the days one policy allows
-- both: src/cbom.rs places it under that protocol); NULL when the print
-- switches no protocol.
allowed_with AS (
    SELECT a.*, (SELECT NULL) AS protocol FROM allowed a WHERE a.kind <> 'cipher'
    UNION ALL
    SELECT a.*, p.code FROM allowed a
    LEFT JOIN (SELECT DISTINCT fingerprint, rule, code FROM allowed WHERE kind = 'protocol') p
           ON p.fingerprint = a.fingerprint AND p.rule = a.rule
    WHERE a.kind = 'cipher'
)
SELECT 'negotiated' AS use, kind, code, protocol, system, stack, rule,
       CASE WHEN action_name IS NOT NULL THEN 'environment' END AS action, action_name, NULL AS setting,
       group_concat(DISTINCT job ORDER BY job) AS jobs, count(DISTINCT identity_id) AS connections,
       min(first_date) AS first_date, max(last_date) AS last_date, 0 AS pruned
FROM seen
GROUP BY kind, code, protocol, system, stack, rule, action_name
UNION ALL
SELECT 'negotiated', kind, code, protocol, system, stack, NULL, NULL, NULL, NULL, group_concat(DISTINCT job ORDER BY job),
       max(on_day), min(capture_date), max(capture_date), 1
FROM summarized_days
GROUP BY kind, code, protocol, system, stack
UNION ALL
SELECT 'allowed', a.kind, a.code, a.protocol, p.system, p.stack, a.rule, a.action, a.action_name,
       group_concat(DISTINCT a.setting ORDER BY a.setting),
       group_concat(DISTINCT a.job_name ORDER BY a.job_name), NULL, min(p.first_date), max(p.last_date), max(p.pruned)
FROM allowed_with a
JOIN dated p ON p.fingerprint = a.fingerprint AND (p.rule IS NULL OR p.rule = a.rule)
GROUP BY a.kind, a.code, a.protocol, p.system, p.stack, a.rule, a.action, a.action_name
ORDER BY kind, code, use DESC, pruned DESC, protocol, system, stack, rule, action_name;
