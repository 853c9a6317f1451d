-- export --format cbom: what the CycloneDX cryptographic bill of materials
-- lists, one row per place each protocol, cipher suite, key share group and
-- signature pair was seen: `negotiated` by connections (system, stack, rule
-- and environment action, the jobs, how many connections each counted once,
-- first and last capture date; a suite and a group with the protocol they
-- were negotiated with) or `allowed` by a rule's settings (the action and
-- settings it came from, the rule's JobName, first and last capture date).
-- NETSTAT prints no negotiated signature pair: those are `allowed` only.
-- Reads v_connections and v_rule_allows.
-- Parameters: :from :to (YYYY-MM-DD) :system :stack
WITH negotiated AS MATERIALIZED (
    SELECT system, stack, ttls_rule AS rule, ttls_env_action AS action_name, tls_protocol, cipher_code, key_share,
           job, identity_id, capture_date
    FROM v_connections
    WHERE tls_state = 'negotiated'
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
),
seen (kind, code, protocol, system, stack, rule, action_name, job, identity_id, capture_date) AS (
    SELECT 'protocol', tls_protocol, NULL, system, stack, rule, action_name, job, identity_id, capture_date
    FROM negotiated WHERE tls_protocol IS NOT NULL
    UNION ALL
    SELECT 'cipher', cipher_code, tls_protocol, system, stack, rule, action_name, job, identity_id, capture_date
    FROM negotiated WHERE cipher_code IS NOT NULL
    UNION ALL
    SELECT 'group', key_share, tls_protocol, system, stack, rule, action_name, job, identity_id, capture_date
    FROM negotiated WHERE key_share IS NOT NULL
)
SELECT 'negotiated' AS use, kind, code, protocol, system, stack, rule,
       CASE WHEN action_name IS NOT NULL THEN 'environment' END AS action, action_name, NULL AS setting,
       group_concat(DISTINCT job ORDER BY job) AS jobs, count(DISTINCT identity_id) AS connections,
       min(capture_date) AS first_date, max(capture_date) AS last_date
FROM seen
GROUP BY kind, code, protocol, system, stack, rule, action_name
UNION ALL
SELECT 'allowed', a.kind, a.code, NULL, s.system, s.stack, a.rule, a.action, a.action_name,
       group_concat(DISTINCT a.setting ORDER BY a.setting),
       group_concat(DISTINCT r.job_name ORDER BY r.job_name), NULL, min(s.capture_date), max(s.capture_date)
FROM v_rule_allows a
JOIN snapshots s ON s.snapshot_id = a.snapshot_id
JOIN rules r ON r.rule_id = a.rule_id
WHERE (:from IS NULL OR s.capture_date >= :from)
  AND (:to IS NULL OR s.capture_date <= :to)
  AND (:system IS NULL OR s.system = upper(:system))
  AND (:stack IS NULL OR s.stack = upper(:stack))
GROUP BY a.kind, a.code, s.system, s.stack, a.rule, a.action, a.action_name
ORDER BY kind, code, use DESC, protocol, system, stack, rule, action_name;
