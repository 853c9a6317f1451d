-- allowed-not-used: protocols, cipher suites and key share groups that the
-- AT-TLS rules of a system and stack allow (through their connection or
-- environment actions, see v_rule_allows), but that no captured connection
-- of that system and stack negotiated in the period: risk that can be
-- switched off without breaking anyone seen. Weakest first, with the rules
-- that allow it and the actions to change.
-- Parameters: :from :to (YYYY-MM-DD) :system :stack
WITH scope AS (
    SELECT snapshot_id, system, stack FROM snapshots
    WHERE (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
),
-- What was negotiated, from the daily_services summary.
negotiated AS (
    SELECT DISTINCT system, stack, tls_protocol AS protocol, cipher_code, key_share AS key_share_code
    FROM daily_services
    WHERE tls_protocol IS NOT NULL
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
),
-- Snapshots with the same policy (snapshot_policies) allow the same: the
-- first of each stands for the others.
policies AS MATERIALIZED (
    SELECT min(s.snapshot_id) AS snapshot_id, s.system, s.stack
    FROM scope s JOIN snapshot_policies p ON p.snapshot_id = s.snapshot_id
    GROUP BY s.system, s.stack, p.fingerprint
),
allowed AS MATERIALIZED (
    SELECT s.system, s.stack, a.kind, a.code, a.name, a.grade, a.rule, a.action_name
    FROM v_rule_allows a JOIN policies s ON s.snapshot_id = a.snapshot_id
    WHERE a.snapshot_id IN (SELECT snapshot_id FROM policies)
      AND (a.kind IN ('protocol', 'cipher')
           OR (a.kind = 'group' AND a.setting IN ('ClientKeyShareGroups', 'ServerKeyShareGroups')))
),
unused AS (
    SELECT DISTINCT a.system, a.stack, a.kind, a.code, a.name, a.grade
    FROM allowed a
    WHERE NOT EXISTS (
        SELECT 1 FROM negotiated n
        WHERE n.system = a.system AND n.stack = a.stack
          AND CASE a.kind WHEN 'protocol' THEN n.protocol WHEN 'cipher' THEN n.cipher_code
                          ELSE n.key_share_code END = a.code)
)
SELECT u.system, u.stack, u.kind, u.code, u.name, u.grade,
       (SELECT group_concat(DISTINCT rule ORDER BY rule) FROM allowed a
        WHERE a.system = u.system AND a.stack = u.stack AND a.kind = u.kind AND a.code = u.code) AS rules,
       (SELECT group_concat(DISTINCT action_name ORDER BY action_name) FROM allowed a
        WHERE a.system = u.system AND a.stack = u.stack AND a.kind = u.kind AND a.code = u.code) AS actions
FROM unused u
LEFT JOIN grades g ON g.grade = u.grade
ORDER BY u.system, u.stack, g.rank, u.kind, u.code;
