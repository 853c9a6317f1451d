-- quantum: quantum readiness per date, system and stack: the connections
-- with negotiated TLS (each counted once in the day) and their traffic that
-- rely on quantum-vulnerable key exchange (classical ECDHE, DHE or RSA key
-- transport: a TLS 1.2 suite's key exchange, a TLS 1.3 session's key share
-- group; TLS 1.2 and older have no post-quantum key exchange, so a cipher
-- code the catalog does not grade, such as the signalling value 00FF, counts
-- here, and so does TLS_NULL_WITH_NULL_NULL, which anyone can read), those
-- that do not (a hybrid or ML-KEM group, a pre-shared key), those
-- NETSTAT does not tell (a TLS 1.3 session without a printed group, a SecLevel
-- of unknown version), and the rules whose
-- settings allow no quantum-resistant group at all (in the key share list
-- their HandshakeRole reads, and only with TLS 1.3 able to be negotiated,
-- as it alone uses key share groups; a rule in use on a day that printed none as
-- last printed before): nothing to move to
-- without a policy change; apart from them, the TLS 1.3 rules that list no
-- key share group, left to System SSL's defaults, which no capture prints
-- (they may hold a hybrid group: not known to have none). Reads daily_services (daily_endpoints without the
-- remote address: the same sums, far fewer rows), v_unshown_traffic (see
-- negotiated) and v_rule_allows; of a day
-- whose facts were pruned, the rules as named before its prune
-- (pruned_days.quantum_rules), not from the stubs of its policy, which the
-- next prune moves to later prints (0069; a day pruned before: the stubs).
-- Parameters: :from :to (YYYY-MM-DD) :system :stack
WITH negotiated AS (
    SELECT capture_date, system, stack, connections, coalesce(bytes_in, 0) + coalesce(bytes_out, 0) AS bytes,
           tls_protocol, cipher_code, key_share
    FROM daily_services
    WHERE tls_state = 'negotiated' AND endpoint = 'connection'
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
    UNION ALL
    -- The traffic of a connection on a day whose captures did not show its
    -- protection, in the session of the first day that showed it negotiated
    -- (v_unshown_traffic): AT-TLS maps a connection at its start (no
    -- connection counted: that day's row, with a share of none, when it
    -- is the day's only traffic).
    SELECT u.capture_date, u.system, u.stack, 0, coalesce(u.bytes_in, 0) + coalesce(u.bytes_out, 0),
           u.tls_protocol, u.cipher_code, u.key_share
    FROM v_unshown_traffic u
    WHERE u.shown_state = 'negotiated'
      AND (:from IS NULL OR u.capture_date >= :from)
      AND (:to IS NULL OR u.capture_date <= :to)
      AND (:system IS NULL OR u.system = upper(:system))
      AND (:stack IS NULL OR u.stack = upper(:stack))
),
sessions AS (
    SELECT e.capture_date, e.system, e.stack, e.connections, e.bytes,
           CASE WHEN e.tls_protocol IS NULL THEN NULL
                WHEN e.tls_protocol = 'TLSv1.3' THEN g.quantum_vulnerable
                WHEN coalesce(c.grade, 'unknown') = 'unknown' THEN 1
                ELSE c.quantum_vulnerable END AS vulnerable
    FROM negotiated e
    LEFT JOIN cipher_suites c ON c.code = e.cipher_code
    LEFT JOIN named_groups g ON g.code = e.key_share
),
days AS (
    SELECT capture_date, system, stack,
           sum(connections) AS tls_connections,
           coalesce(sum(CASE WHEN vulnerable = 1 THEN connections END), 0) AS vulnerable_connections,
           coalesce(sum(CASE WHEN vulnerable = 1 THEN bytes END), 0) AS vulnerable_bytes,
           coalesce(sum(CASE WHEN vulnerable = 0 THEN connections END), 0) AS resistant_connections,
           coalesce(sum(CASE WHEN vulnerable IS NULL THEN connections END), 0) AS unknown_connections
    FROM sessions
    GROUP BY capture_date, system, stack
),
-- Snapshots with the same policy (snapshot_policies) allow the same: the
-- rules of the first of each are read for the others.
policies AS MATERIALIZED (
    SELECT s.snapshot_id, s.capture_date, s.system, s.stack, p.fingerprint
    FROM snapshots s JOIN snapshot_policies p ON p.snapshot_id = s.snapshot_id
    WHERE (:from IS NULL OR s.capture_date >= :from)
      AND (:to IS NULL OR s.capture_date <= :to)
      AND (:system IS NULL OR s.system = upper(:system))
      AND (:stack IS NULL OR s.stack = upper(:stack))
),
-- The rules the day's negotiated connections were seen under that no
-- capture of the day printed, as last printed before the day by their stack,
-- whatever the period (v_carried_rules; as impact's settings_at).
carried AS MATERIALIZED (
    SELECT capture_date, system, stack, rule, printed_snapshot_id AS snapshot_id FROM v_carried_rules
    WHERE (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
),
standing AS MATERIALIZED (
    SELECT min(snapshot_id) AS snapshot_id, fingerprint
    FROM (SELECT snapshot_id, fingerprint FROM policies
          UNION ALL
          SELECT p.snapshot_id, p.fingerprint FROM carried c JOIN snapshot_policies p ON p.snapshot_id = c.snapshot_id)
    GROUP BY fingerprint
),
-- The key share list each rule's HandshakeRole reads (v_rule_key_shares).
key_shares AS MATERIALIZED (
    SELECT * FROM v_rule_key_shares WHERE snapshot_id IN (SELECT snapshot_id FROM standing)
),
-- Key share groups are TLS 1.3's alone: a rule can use one only when it has
-- TLSv1.3 on and a TLS 1.3 suite in its V3 lists (or no V3 list: System
-- SSL's defaults); else it has nothing to move to, whatever groups it lists.
resistant AS MATERIALIZED (
    SELECT fingerprint, rule, tls13 AND has_group AS has_resistant,
           -- TLSv1.3 usable and no key share group listed: System SSL's defaults
           tls13 AND NOT listed_group AS on_defaults
    FROM (
        SELECT f.fingerprint, a.rule,
               max(a.kind = 'group' AND k.setting IS NOT NULL AND g.quantum_vulnerable = 0) AS has_group,
               max(a.kind = 'group' AND k.setting IS NOT NULL) AS listed_group,
               max(a.kind = 'protocol' AND a.code = 'TLSv1.3')
                   AND (coalesce(max(cs.protocol_min = 'TLSv1.3'), false) OR NOT max(a.kind = 'cipher' AND a.setting LIKE 'V3%'))
                   AS tls13
        FROM v_rule_allows a
        JOIN standing f ON f.snapshot_id = a.snapshot_id
        LEFT JOIN named_groups g ON a.kind = 'group' AND g.code = a.code
        LEFT JOIN cipher_suites cs ON a.kind = 'cipher' AND a.setting LIKE 'V3%' AND cs.code = a.code
        LEFT JOIN key_shares k ON k.snapshot_id = a.snapshot_id AND k.rule = a.rule AND k.setting = a.setting
        WHERE a.snapshot_id IN (SELECT snapshot_id FROM standing)
        GROUP BY f.fingerprint, a.rule)
),
rule_days AS (
    SELECT capture_date, system, stack, rule, max(has_resistant) AS has_resistant, max(on_defaults) AS on_defaults
    FROM (SELECT p.capture_date, p.system, p.stack, r.rule, r.has_resistant, r.on_defaults
          FROM policies p JOIN resistant r ON r.fingerprint = p.fingerprint
          UNION ALL
          SELECT c.capture_date, c.system, c.stack, r.rule, r.has_resistant, r.on_defaults
          FROM carried c
          JOIN snapshot_policies p ON p.snapshot_id = c.snapshot_id
          JOIN resistant r ON r.fingerprint = p.fingerprint AND r.rule = c.rule)
    GROUP BY capture_date, system, stack, rule
),
stuck AS (
    SELECT capture_date, system, stack,
           group_concat(CASE WHEN NOT on_defaults THEN rule END, ',' ORDER BY rule) AS rules_without_alternative,
           group_concat(CASE WHEN on_defaults THEN rule END, ',' ORDER BY rule) AS rules_on_default_groups
    FROM rule_days WHERE NOT has_resistant
    GROUP BY capture_date, system, stack
)
SELECT d.capture_date AS date, d.system, d.stack, d.tls_connections, d.vulnerable_connections,
       round(100.0 * d.vulnerable_connections / nullif(d.tls_connections, 0), 1) AS vulnerable_pct,
       d.vulnerable_bytes, d.resistant_connections, d.unknown_connections,
       CASE WHEN p.quantum_rules IS NOT NULL THEN nullif(p.quantum_rules, '') ELSE s.rules_without_alternative END
           AS rules_without_alternative,
       s.rules_on_default_groups
FROM days d
LEFT JOIN stuck s USING (capture_date, system, stack)
LEFT JOIN pruned_days p USING (capture_date, system, stack)
ORDER BY d.capture_date, d.system, d.stack;
