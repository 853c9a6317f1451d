-- allowed-not-used: protocols, cipher suites and key share groups that the
-- environment actions of a system and stack allow, but that no captured
-- connection of that system and stack negotiated in the period: risk that
-- can be switched off without breaking anyone seen. Weakest first.
-- Parameters: :from :to (YYYY-MM-DD) :system :stack
WITH scope AS (
    SELECT snapshot_id, system, stack FROM snapshots
    WHERE (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
),
negotiated AS (
    SELECT DISTINCT s.system, s.stack, t.protocol, t.cipher_code, t.key_share_code
    FROM tls_sessions t JOIN scope s ON s.snapshot_id = t.snapshot_id
),
allowed AS (
    SELECT s.system, s.stack, 'protocol' AS kind, p.protocol AS code, p.protocol AS name, p.grade, p.env_action
    FROM v_env_action_protocols p JOIN scope s ON s.snapshot_id = p.snapshot_id
    WHERE p.enabled = 1
    UNION ALL
    SELECT s.system, s.stack, 'cipher', c.code, c.name, c.grade, c.env_action
    FROM v_env_action_ciphers c JOIN scope s ON s.snapshot_id = c.snapshot_id
    UNION ALL
    SELECT s.system, s.stack, 'group', g.code, g.name, g.grade, g.env_action
    FROM v_env_action_groups g JOIN scope s ON s.snapshot_id = g.snapshot_id
    WHERE g.setting IN ('ClientKeyShareGroups', 'ServerKeyShareGroups')
)
SELECT a.system, a.stack, a.kind, a.code, a.name, a.grade,
       group_concat(DISTINCT a.env_action) AS allowed_by
FROM allowed a
LEFT JOIN grades g ON g.grade = a.grade
WHERE NOT EXISTS (
    SELECT 1 FROM negotiated n
    WHERE n.system = a.system AND n.stack = a.stack
      AND CASE a.kind WHEN 'protocol' THEN n.protocol WHEN 'cipher' THEN n.cipher_code ELSE n.key_share_code END = a.code)
GROUP BY a.system, a.stack, a.kind, a.code, a.name, a.grade
ORDER BY a.system, a.stack, min(g.rank), a.kind, a.code;
