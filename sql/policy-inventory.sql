-- policy-inventory: every AT-TLS rule seen, as last seen in the period on
-- each system and stack, with its group and environment actions and what the
-- rule allows (its connection action's settings, else its environment
-- action's; see v_rule_allows): protocols switched on, cipher suites in
-- order with their grades, key share groups and curves, signature pairs,
-- client authentication and key ring. NETSTAT TTLS DETAIL prints only the
-- rules that had a connection when it ran; a pasearch dump prints them all
-- (source says which printed the rule).
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
WITH latest AS (
    SELECT r.*, s.system, s.stack, s.capture_date,
           row_number() OVER (PARTITION BY s.system, s.stack, r.name ORDER BY s.captured_at DESC) AS place
    FROM rules r JOIN snapshots s ON s.snapshot_id = r.snapshot_id
    WHERE (:from IS NULL OR s.capture_date >= :from)
      AND (:to IS NULL OR s.capture_date <= :to)
      AND (:system IS NULL OR s.system = upper(:system))
      AND (:stack IS NULL OR s.stack = upper(:stack))
      AND (:job IS NULL OR r.job_name LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR r.local_port = :port OR r.remote_port = :port)
),
-- What the rules shown allow, worked out once (the view joins every action).
allows AS MATERIALIZED (
    SELECT a.* FROM v_rule_allows a JOIN latest r ON r.rule_id = a.rule_id AND r.place = 1
    -- lets SQLite read the view for these rules only
    WHERE a.rule_id IN (SELECT rule_id FROM latest WHERE place = 1)
)
SELECT
    r.system,
    r.stack,
    r.capture_date AS last_seen,
    r.name AS rule,
    r.priority,
    r.direction,
    r.local_port,
    r.remote_addr,
    r.job_name AS job,
    r.group_action,
    r.env_action,
    r.conn_action,
    r.source,
    e.handshake_role,
    (SELECT group_concat(code, ' ' ORDER BY position) FROM allows a
     WHERE a.rule_id = r.rule_id AND a.kind = 'protocol') AS protocols_on,
    (SELECT group_concat(code || ':' || grade, ' ' ORDER BY setting, position) FROM allows a
     WHERE a.rule_id = r.rule_id AND a.kind = 'cipher') AS ciphers,
    (SELECT group_concat(setting || '=' || codes, ' ' ORDER BY setting) FROM
        (SELECT setting, group_concat(code || ':' || grade, ',' ORDER BY position) AS codes FROM allows a
         WHERE a.rule_id = r.rule_id AND a.kind = 'group' GROUP BY setting)) AS groups,
    (SELECT group_concat(code || ':' || grade, ' ' ORDER BY position) FROM allows a
     WHERE a.rule_id = r.rule_id AND a.kind = 'signature_pair' AND a.setting = 'SignaturePairs') AS signature_pairs,
    e.client_auth_type AS client_auth,
    e.keyring
FROM latest r
LEFT JOIN env_actions e ON e.snapshot_id = r.snapshot_id AND e.name = r.env_action
WHERE r.place = 1
ORDER BY r.system, r.stack, r.priority DESC, r.name;
