-- policy-inventory: every AT-TLS rule seen, as last seen in the period on
-- each system and stack, with its group and environment actions and what the
-- rule allows (its connection action's settings, else its environment
-- action's; see v_rule_allows): protocols switched on, cipher suites in
-- order with their grades (V3CipherSuites4Char's under V3CipherSuites, each
-- once: see v_rule_allows), key share groups and curves, signature pairs,
-- client authentication and key ring. NETSTAT TTLS DETAIL prints only the
-- rules that had a connection when it ran; a pasearch dump prints them all
-- (source says which printed the rule). A rule last printed before the
-- period (idle all the period) is in force in it as last printed, unless a
-- later capture of the whole policy (pasearch) up to the period's end
-- leaves it out; without --from (or removed in the period) such a rule is
-- listed with `removed`, the date of that capture. last_seen is the last date it was printed or a connection
-- was seen under it (ALL's TTLSRule on a day whose TTLS list had no
-- DETAIL), its settings those of its last print that was news about the
-- policy (policy_objects: a TTLS print of a connection set up before one an
-- earlier capture printed the rule for is the copy of an older policy, and
-- only its date counts). A kind of setting the
-- rule's printed actions set nowhere (no protocol switched on or off, no
-- suite, group or signature pair listed) reads `System SSL defaults`: AT-TLS
-- then uses those, which NETSTAT does not print; it is not "none allowed".
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
WITH latest AS (
    SELECT r.*, s.system, s.stack, s.capture_date, s.captured_at,
           row_number() OVER (PARTITION BY s.system, s.stack, r.name ORDER BY s.captured_at DESC, s.snapshot_id DESC) AS place
    FROM rules r JOIN snapshots s ON s.snapshot_id = r.snapshot_id
    WHERE (:to IS NULL OR s.capture_date <= :to)
      AND EXISTS (SELECT 1 FROM policy_objects o
                  WHERE o.snapshot_id = r.snapshot_id AND o.object = 'rule' AND o.name = r.name)
      AND (:system IS NULL OR s.system = upper(:system))
      AND (:stack IS NULL OR s.stack = upper(:stack))
      AND (:job IS NULL OR r.job_name LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR r.local_port = :port OR r.remote_port = :port)
),
-- The last capture of the whole policy of each system and stack up to the
-- period's end: a rule it leaves out after its last print was removed.
whole AS MATERIALIZED (
    SELECT s.system, s.stack, max(s.captured_at) AS at
    FROM snapshots s
    WHERE (:to IS NULL OR s.capture_date <= :to)
      AND (:system IS NULL OR s.system = upper(:system))
      AND (:stack IS NULL OR s.stack = upper(:stack))
      AND EXISTS (SELECT 1 FROM rules r WHERE r.snapshot_id = s.snapshot_id AND r.source IN ('pasearch', 'both'))
    GROUP BY 1, 2
),
shown AS MATERIALIZED (
    SELECT l.* FROM latest l
    LEFT JOIN whole w ON w.system = l.system AND w.stack = l.stack
    WHERE l.place = 1
      AND (:from IS NULL OR l.capture_date >= :from OR l.captured_at >= coalesce(w.at, l.captured_at))
),
-- What the rules shown allow, worked out once (the view joins every action).
allows AS MATERIALIZED (
    SELECT a.* FROM v_rule_allows a JOIN shown r ON r.rule_id = a.rule_id
    -- lets SQLite read the view for these rules only
    WHERE a.rule_id IN (SELECT rule_id FROM shown)
),
-- The rules shown with their printed actions: what these set nowhere is
-- left to System SSL's defaults (unknown when no action was printed).
settled AS (
    SELECT r.*, e.handshake_role, e.client_auth_type AS client_auth, e.keyring,
           CASE WHEN e.env_action_id IS NOT NULL OR c.conn_action_id IS NOT NULL THEN 'System SSL defaults' END
               AS defaults,
           coalesce(c.sslv2, c.sslv3, c.tlsv1, c.tlsv1_1, c.tlsv1_2, c.tlsv1_3,
                    e.sslv2, e.sslv3, e.tlsv1, e.tlsv1_1, e.tlsv1_2, e.tlsv1_3) IS NULL AS no_switch
    FROM shown r
    LEFT JOIN env_actions e ON e.snapshot_id = r.snapshot_id AND e.name = r.env_action
    LEFT JOIN conn_actions c ON c.snapshot_id = r.snapshot_id AND c.name = r.conn_action
)
SELECT
    r.system,
    r.stack,
    -- a connection under it in a later capture (by connection_rows_conn:
    -- the captures after its last print alone), or a later print of an
    -- older connection's copy of it
    coalesce((SELECT max(s.capture_date) FROM snapshots s
              WHERE s.system = r.system AND s.stack = r.stack AND s.captured_at > r.captured_at
                AND (:to IS NULL OR s.capture_date <= :to)
                AND (EXISTS (SELECT 1 FROM connections c WHERE c.snapshot_id = s.snapshot_id AND c.ttls_rule = r.name)
                     OR EXISTS (SELECT 1 FROM rules w WHERE w.snapshot_id = s.snapshot_id AND w.name = r.name))),
             r.capture_date) AS last_seen,
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
    r.handshake_role,
    coalesce((SELECT group_concat(code, ' ' ORDER BY position) FROM allows a
              WHERE a.rule_id = r.rule_id AND a.kind = 'protocol'),
             CASE WHEN r.no_switch THEN r.defaults END) AS protocols_on,
    coalesce((SELECT group_concat(code || ':' || grade, ' ' ORDER BY setting, position) FROM allows a
              WHERE a.rule_id = r.rule_id AND a.kind = 'cipher'), r.defaults) AS ciphers,
    coalesce((SELECT group_concat(setting || '=' || codes, ' ' ORDER BY setting) FROM
                 (SELECT setting, group_concat(code || ':' || grade, ',' ORDER BY position) AS codes FROM allows a
                  WHERE a.rule_id = r.rule_id AND a.kind = 'group' GROUP BY setting)), r.defaults) AS groups,
    coalesce((SELECT group_concat(code || ':' || grade, ' ' ORDER BY position) FROM allows a
              WHERE a.rule_id = r.rule_id AND a.kind = 'signature_pair' AND a.setting = 'SignaturePairs'),
             r.defaults) AS signature_pairs,
    r.client_auth,
    r.keyring,
    -- the first later capture of the whole policy (pasearch) up to the
    -- period's end: it leaves the rule out (its last print is before it)
    (SELECT min(s.capture_date) FROM snapshots s
     WHERE s.system = r.system AND s.stack = r.stack AND s.captured_at > r.captured_at
       AND (:to IS NULL OR s.capture_date <= :to)
       AND EXISTS (SELECT 1 FROM rules w WHERE w.snapshot_id = s.snapshot_id AND w.source IN ('pasearch', 'both')))
        AS removed
FROM settled r
ORDER BY r.system, r.stack, r.priority DESC, r.name;
