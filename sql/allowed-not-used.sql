-- allowed-not-used: protocols, cipher suites and key share groups that the
-- AT-TLS rules of a system and stack allow (through their connection or
-- environment actions, see v_rule_allows), but that no captured connection
-- of that system and stack negotiated in the period: risk that can be
-- switched off without breaking anyone seen. Weakest first (across systems
-- and stacks: `--top` keeps the weakest), with the rules
-- that allow it and the actions to change. What a rule or action allows is
-- what the last capture of the period that printed it anew says (not the
-- copy of an older policy a connection set up before keeps): a code taken
-- out of an action's list is no longer allowed, while a rule NETSTAT no
-- longer prints (idle: no connection used it) still allows what it did,
-- unless a later capture of the whole policy (pasearch) leaves it out, or
-- a later TTLS GROUP list of every group action leaves out its group action:
-- also a rule last printed before the period (idle all the period). A kind
-- a rule's printed actions set nowhere (no protocol switched on or off, no
-- suite or key share group listed) is left to System SSL's defaults, which
-- NETSTAT does not print: one row without a code, `System SSL defaults`,
-- says so (which of them no one negotiated cannot be told); key share
-- groups only where TLSv1.3, which alone uses them, is switched on.
-- Only the stacks captured in the period are judged.
-- Parameters: :from :to (YYYY-MM-DD) :system :stack
WITH scope AS (
    -- Every capture up to the end of the period, also those before it: a
    -- rule idle all the period still allows what it did when last printed.
    SELECT snapshot_id, system, stack, captured_at FROM snapshots
    WHERE (:to IS NULL OR capture_date <= :to)
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
-- last of each stands for the others.
policies AS MATERIALIZED (
    SELECT snapshot_id, system, stack, captured_at FROM (
        SELECT s.*, row_number() OVER (PARTITION BY s.system, s.stack, p.fingerprint
                                       ORDER BY s.captured_at DESC) AS place
        FROM scope s JOIN snapshot_policies p ON p.snapshot_id = s.snapshot_id)
    WHERE place = 1
),
-- The rules and actions each of those prints anew (policy_objects): a TTLS
-- print of a connection set up before one an earlier capture printed them
-- for is the copy of an older policy, not what is allowed.
news AS MATERIALIZED (
    SELECT snapshot_id, object, name FROM policy_objects WHERE snapshot_id IN (SELECT snapshot_id FROM policies)
),
-- The key share list each rule's HandshakeRole reads (v_rule_key_shares).
key_shares AS MATERIALIZED (
    SELECT * FROM v_rule_key_shares WHERE snapshot_id IN (SELECT snapshot_id FROM policies)
),
listed AS MATERIALIZED (
    SELECT s.system, s.stack, s.captured_at, a.kind, a.code, a.name, a.grade, a.rule, a.action, a.action_name
    FROM v_rule_allows a JOIN policies s ON s.snapshot_id = a.snapshot_id
    WHERE a.snapshot_id IN (SELECT snapshot_id FROM policies)
      AND (a.snapshot_id, 'rule', a.rule) IN (SELECT snapshot_id, object, name FROM news)
      AND (a.kind IN ('protocol', 'cipher')
           OR (a.kind = 'group' AND EXISTS (SELECT 1 FROM key_shares k WHERE k.snapshot_id = a.snapshot_id
                                                                       AND k.rule = a.rule AND k.setting = a.setting)))
),
-- The rules whose actions were printed: whether they switch any protocol
-- on or off, and TLSv1.3 on.
printed AS MATERIALIZED (
    SELECT p.system, p.stack, p.captured_at, r.name AS rule,
           CASE WHEN e.env_action_id IS NOT NULL THEN 'environment' ELSE 'connection' END AS action,
           coalesce(e.name, c.name) AS action_name,
           coalesce(c.sslv2, c.sslv3, c.tlsv1, c.tlsv1_1, c.tlsv1_2, c.tlsv1_3,
                    e.sslv2, e.sslv3, e.tlsv1, e.tlsv1_1, e.tlsv1_2, e.tlsv1_3) IS NULL AS no_switch,
           coalesce(c.tlsv1_3, e.tlsv1_3, 0) AS tlsv1_3
    FROM policies p
    JOIN rules r ON r.snapshot_id = p.snapshot_id
    LEFT JOIN env_actions e ON e.snapshot_id = r.snapshot_id AND e.name = r.env_action
    LEFT JOIN conn_actions c ON c.snapshot_id = r.snapshot_id AND c.name = r.conn_action
    WHERE (e.env_action_id IS NOT NULL OR c.conn_action_id IS NOT NULL)
      AND (r.snapshot_id, 'rule', r.name) IN (SELECT snapshot_id, object, name FROM news)
),
every AS MATERIALIZED (
    SELECT * FROM listed
    UNION ALL
    SELECT d.system, d.stack, d.captured_at, k.kind, NULL, 'System SSL defaults', 'unknown', d.rule, d.action,
           d.action_name
    FROM printed d
    CROSS JOIN (SELECT 'protocol' AS kind UNION ALL SELECT 'cipher' UNION ALL SELECT 'group') k
    WHERE CASE k.kind WHEN 'protocol' THEN d.no_switch WHEN 'group' THEN d.tlsv1_3 = 1 ELSE true END
      AND (k.kind = 'protocol'
           OR NOT EXISTS (SELECT 1 FROM listed l
                          WHERE l.system = d.system AND l.stack = d.stack AND l.captured_at = d.captured_at
                            AND l.rule = d.rule AND l.kind = k.kind))
),
-- When each rule and action was last printed, and the last capture of the
-- whole policy (pasearch), which leaves out what was removed.
rule_last AS MATERIALIZED (
    SELECT p.system, p.stack, r.name, max(p.captured_at) AS at
    FROM policies p JOIN news r ON r.snapshot_id = p.snapshot_id AND r.object = 'rule'
    GROUP BY 1, 2, 3
),
action_last AS MATERIALIZED (
    SELECT p.system, p.stack, CASE o.object WHEN 'env_action' THEN 'environment' ELSE 'connection' END AS action,
           o.name, max(p.captured_at) AS at
    FROM policies p JOIN news o ON o.snapshot_id = p.snapshot_id AND o.object IN ('env_action', 'conn_action')
    GROUP BY 1, 2, 3, 4
),
whole AS MATERIALIZED (
    SELECT p.system, p.stack, max(p.captured_at) AS at
    FROM policies p
    WHERE EXISTS (SELECT 1 FROM rules r WHERE r.snapshot_id = p.snapshot_id AND r.source IN ('pasearch', 'both'))
    GROUP BY 1, 2
),
-- The TTLS GROUP lists of every group action (no filter) up to the
-- period's end: a rule whose group action, as last printed, a later one
-- leaves out lost it with the policy refresh that removed it.
group_lists AS MATERIALIZED (
    SELECT s.system, s.stack, s.captured_at, s.snapshot_id FROM scope s
    WHERE EXISTS (SELECT 1 FROM captures k
                  WHERE k.snapshot_id = s.snapshot_id AND k.report_kind LIKE 'TTLS GROUP%'
                    AND NOT EXISTS (SELECT 1 FROM attributes a
                                    WHERE a.owner_table = 'captures' AND a.owner_id = k.capture_id
                                      AND a.key = 'Filter'))
),
ungrouped AS MATERIALIZED (
    SELECT l.system, l.stack, l.name
    FROM rule_last l
    JOIN policies p ON p.system = l.system AND p.stack = l.stack AND p.captured_at = l.at
    JOIN rules r ON r.snapshot_id = p.snapshot_id AND r.name = l.name
    WHERE EXISTS (SELECT 1 FROM group_lists g
                  WHERE g.system = l.system AND g.stack = l.stack AND g.captured_at > l.at
                    AND NOT EXISTS (SELECT 1 FROM group_actions x
                                    WHERE x.snapshot_id = g.snapshot_id AND x.name = r.group_action))
),
-- What each rule allows as last printed, through an action that, as last
-- printed, still allows it.
allowed AS MATERIALIZED (
    SELECT a.system, a.stack, a.kind, a.code, a.name, a.grade, a.rule, a.action_name
    FROM every a
    JOIN rule_last l ON l.system = a.system AND l.stack = a.stack AND l.name = a.rule AND l.at = a.captured_at
    LEFT JOIN whole w ON w.system = a.system AND w.stack = a.stack
    WHERE a.captured_at >= coalesce(w.at, a.captured_at)
      AND (a.system, a.stack, a.rule) NOT IN (SELECT system, stack, name FROM ungrouped)
      AND EXISTS (SELECT 1 FROM every b
                  JOIN action_last al ON al.system = b.system AND al.stack = b.stack AND al.action = b.action
                                     AND al.name = b.action_name AND al.at = b.captured_at
                  WHERE b.system = a.system AND b.stack = a.stack AND b.action = a.action
                    AND b.action_name = a.action_name AND b.kind = a.kind AND b.code IS NOT DISTINCT FROM a.code)
),
-- The stacks captured in the period: only they are judged. A stack with
-- no capture in it saw nothing, so nothing of it is known unused (`report`
-- names such stacks on stderr).
captured AS MATERIALIZED (
    SELECT DISTINCT system, stack FROM snapshots
    WHERE (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
),
unused AS (
    SELECT DISTINCT a.system, a.stack, a.kind, a.code, a.name, a.grade
    FROM allowed a
    JOIN captured c ON c.system = a.system AND c.stack = a.stack
    WHERE NOT EXISTS (
        SELECT 1 FROM negotiated n
        WHERE n.system = a.system AND n.stack = a.stack
          AND CASE a.kind WHEN 'protocol' THEN n.protocol WHEN 'cipher' THEN n.cipher_code
                          ELSE n.key_share_code END = a.code)
)
SELECT u.system, u.stack, u.kind, u.code, u.name, u.grade,
       (SELECT group_concat(DISTINCT rule ORDER BY rule) FROM allowed a
        WHERE a.system = u.system AND a.stack = u.stack AND a.kind = u.kind AND a.code IS NOT DISTINCT FROM u.code) AS rules,
       (SELECT group_concat(DISTINCT action_name ORDER BY action_name) FROM allowed a
        WHERE a.system = u.system AND a.stack = u.stack AND a.kind = u.kind AND a.code IS NOT DISTINCT FROM u.code) AS actions
FROM unused u
LEFT JOIN grades g ON g.grade = u.grade
ORDER BY g.rank, u.system, u.stack, u.kind, u.code;
