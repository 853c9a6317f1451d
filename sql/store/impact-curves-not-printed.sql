-- impact's note: the TLS 1.0-1.2 ECDHE endpoints that impact does not list
-- when a group is disabled. Every ECDHE session runs over a curve, but
-- NETSTAT prints none below TLS 1.3 (`KeyShare: N/A`): an endpoint counts
-- here when the rule it negotiated under (as the same snapshot printed it)
-- lists a disabled group in the curve list of its HandshakeRole
-- (ClientECurves for a client, ServerKexECurves for a server; both when the
-- role is not printed). Endpoints as impact groups them; their connections
-- each once. Parameters: those of sql/impact.sql.
WITH disabled AS (
    SELECT json_extract(value, '$.code') AS code FROM json_each(coalesce(:disable, '[]'))
    WHERE json_extract(value, '$.kind') = 'group'
),
seen AS (
    SELECT g.snapshot_id, s.system, s.stack, g.job, g.direction, g.service_port, g.remote_ip, g.rule,
           g.identity_id
    FROM negotiated_days g
    JOIN snapshots s ON s.snapshot_id = g.snapshot_id
    JOIN cipher_suites cs ON cs.code = g.cipher_code
    WHERE g.key_share IS NULL AND g.tls_protocol IN ('TLSv1.0', 'TLSv1.1', 'TLSv1.2') AND cs.kex LIKE 'ECDHE%'
      AND EXISTS (SELECT 1 FROM disabled)
      AND (:from IS NULL OR s.capture_date >= :from)
      AND (:to IS NULL OR s.capture_date <= :to)
      AND (:system IS NULL OR s.system = upper(:system))
      AND (:stack IS NULL OR s.stack = upper(:stack))
      AND (:job IS NULL OR g.job LIKE replace(upper(:job), '*', '%'))
      AND (:rule IS NULL OR upper(g.rule) LIKE replace(upper(:rule), '*', '%'))
      AND (:env_action IS NULL OR upper(g.env_action) LIKE replace(upper(:env_action), '*', '%'))
      AND (:port IS NULL OR g.service_port = :port)
)
SELECT count(DISTINCT json_array(e.system, e.stack, e.job, e.direction, e.service_port, e.remote_ip, e.rule)),
       count(DISTINCT e.identity_id),
       (SELECT group_concat(code, ' ') FROM (SELECT DISTINCT code FROM disabled ORDER BY code))
FROM seen e
WHERE EXISTS (SELECT 1 FROM v_rule_key_shares k
              JOIN v_rule_allows a ON a.snapshot_id = k.snapshot_id AND a.rule = k.rule
              WHERE k.snapshot_id = e.snapshot_id AND k.rule = e.rule AND a.kind = 'group'
                -- the role's key share list names the role's curve list
                AND a.setting = CASE k.setting WHEN 'ClientKeyShareGroups' THEN 'ClientECurves'
                                               ELSE 'ServerKexECurves' END
                AND a.code IN (SELECT code FROM disabled));
