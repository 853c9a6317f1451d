-- impact: who breaks if a protocol, cipher suite, key share group or
-- (DuckDB over the lake: sql/impact.sql with the JSON parameter read by ->>,
-- which gives text in DuckDB as json_extract does in SQLite.)
-- signature pair is switched off. Every endpoint (system, stack, job,
-- direction, service port, remote address) that negotiated something to be
-- disabled in the period, with how many connections (each counted once),
-- on how many dates, first and last seen, the rule and environment action
-- that allowed it, and what else that rule allows (at the endpoint's last
-- snapshot) that it could fall back to: protocols, the suites one of those
-- protocols can carry, and the key share groups or signature pairs when
-- one of those is disabled. `breaks`: `yes` when the rule
-- allows nothing else (these come first), `maybe` when it allows something
-- else (the peer's own protocols, suites and groups are unknown to NETSTAT:
-- the fallback works only if the peer offers it too), `unknown` when no
-- capture printed the rule's settings. The settings are those the
-- endpoint's last snapshot printed, else (a TTLS list without DETAIL) those
-- of the last earlier capture of its stack that printed the rule, whatever
-- the period (`settings_at` says when). The mirror of
-- allowed-not-used. NETSTAT does not print the negotiated signature pair:
-- for a signature pair the endpoints are those whose rule lists it.
-- Parameters: :disable (JSON list of {"kind","code"}, built by `--disable`)
-- :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
-- :rule :env_action (* wildcards)
WITH disabled AS (
    SELECT value ->> '$.kind' AS kind, value ->> '$.code' AS code
    FROM json_each(coalesce(:disable, '[]'))
),
-- A peer is its address in IPv4 form, as in the summaries (migration 0033):
-- `::ffff:10.9.9.9`, as a dual-mode stack prints an IPv4 client, is 10.9.9.9.
seen AS MATERIALIZED (
    SELECT snapshot_id, system, stack, job, direction, service_port,
           CASE WHEN remote_ip LIKE '::ffff:%.%.%.%' THEN substr(remote_ip, 8) ELSE remote_ip END AS remote_ip,
           capture_date, captured_at,
           identity_id, ttls_rule AS rule, ttls_env_action AS env_action, tls_protocol, cipher_code, key_share
    FROM v_connections
    WHERE tls_state = 'negotiated'
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
      AND (:stack IS NULL OR stack = upper(:stack))
      AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR service_port = :port)
      AND (:rule IS NULL OR upper(ttls_rule) LIKE replace(upper(:rule), '*', '%'))
      AND (:env_action IS NULL OR upper(ttls_env_action) LIKE replace(upper(:env_action), '*', '%'))
),
-- What the rules of the snapshots up to the period's end allow (a rule's
-- last print may come before the period).
allows AS MATERIALIZED (
    SELECT a.snapshot_id, a.rule, a.kind, a.setting, a.position, a.code, a.action_name
    FROM v_rule_allows a JOIN snapshots s ON s.snapshot_id = a.snapshot_id
    WHERE (:to IS NULL OR s.capture_date <= :to)
      AND (:system IS NULL OR s.system = upper(:system))
      AND (:stack IS NULL OR s.stack = upper(:stack))
),
-- The key share list each rule's HandshakeRole reads (v_rule_key_shares).
key_shares AS MATERIALIZED (
    SELECT k.* FROM v_rule_key_shares k JOIN snapshots s ON s.snapshot_id = k.snapshot_id
    WHERE (:to IS NULL OR s.capture_date <= :to)
      AND (:system IS NULL OR s.system = upper(:system))
      AND (:stack IS NULL OR s.stack = upper(:stack))
),
hits AS (
    SELECT s.*, d.kind, d.code
    FROM seen s JOIN disabled d
      ON (d.kind = 'protocol' AND s.tls_protocol = d.code)
      OR (d.kind = 'cipher' AND s.cipher_code = d.code)
      OR (d.kind = 'group' AND s.key_share = d.code)
      OR (d.kind = 'signature_pair' AND EXISTS (
              SELECT 1 FROM allows a
              WHERE a.snapshot_id = s.snapshot_id AND a.rule = s.rule
                AND a.kind = 'signature_pair' AND a.setting = 'SignaturePairs' AND a.code = d.code))
),
endpoints AS MATERIALIZED (
    SELECT system, stack, job, direction, service_port, remote_ip, rule, env_action,
           group_concat(DISTINCT code ORDER BY code) AS disabled,
           count(DISTINCT identity_id) AS connections,
           count(DISTINCT capture_date) AS dates,
           min(captured_at) AS first_seen,
           max(captured_at) AS last_seen,
           max(kind = 'group') AS lost_group,
           max(kind = 'signature_pair') AS lost_signature_pair,
           -- The snapshot the endpoint was last seen in: its policy is the one
           -- to change. (captured_at sorts as text: the largest
           -- 'captured_at|snapshot_id' is the last sighting's, in one pass.)
           CAST(substr(max(captured_at || '|' || snapshot_id),
                       instr(max(captured_at || '|' || snapshot_id), '|') + 1) AS INTEGER) AS snapshot_id
    FROM hits g
    GROUP BY system, stack, job, direction, service_port, remote_ip, rule, env_action
),
-- The rules the endpoints were seen under: only theirs are worked out below.
seen_rules AS MATERIALIZED (SELECT DISTINCT rule FROM seen),
-- The kinds each rule whose actions were printed leaves to System SSL's
-- defaults (true): it lists no suite, no key share group or no signature
-- pair, or switches no protocol on or off.
defaults AS MATERIALIZED (
    SELECT r.snapshot_id, r.name AS rule, coalesce(c.name || ',' || e.name, c.name, e.name) AS actions,
           coalesce(c.sslv2, c.sslv3, c.tlsv1, c.tlsv1_1, c.tlsv1_2, c.tlsv1_3,
                    e.sslv2, e.sslv3, e.tlsv1, e.tlsv1_1, e.tlsv1_2, e.tlsv1_3) IS NULL AS protocols,
           coalesce(NOT l.ciphers, true) AS ciphers, coalesce(NOT l.groups, true) AS groups,
           coalesce(NOT l.signature_pairs, true) AS signature_pairs
    FROM rules r
    JOIN snapshots s ON s.snapshot_id = r.snapshot_id
    LEFT JOIN env_actions e ON e.snapshot_id = r.snapshot_id AND e.name = r.env_action
    LEFT JOIN conn_actions c ON c.snapshot_id = r.snapshot_id AND c.name = r.conn_action
    LEFT JOIN (SELECT a.snapshot_id, a.rule, bool_or(a.kind = 'cipher') AS ciphers,
                      bool_or(a.kind = 'group' AND k.setting IS NOT NULL) AS groups,
                      bool_or(a.kind = 'signature_pair' AND a.setting = 'SignaturePairs') AS signature_pairs
               FROM allows a
               LEFT JOIN key_shares k ON k.snapshot_id = a.snapshot_id AND k.rule = a.rule AND k.setting = a.setting
               GROUP BY a.snapshot_id, a.rule) l ON l.snapshot_id = r.snapshot_id AND l.rule = r.name
    WHERE r.name IN (SELECT rule FROM seen_rules)
      AND (e.env_action_id IS NOT NULL OR c.conn_action_id IS NOT NULL)
      AND (:to IS NULL OR s.capture_date <= :to)
      AND (:system IS NULL OR s.system = upper(:system))
      AND (:stack IS NULL OR s.stack = upper(:stack))
),
-- What the rule still allows once the disabled items are gone.
remaining AS MATERIALIZED (
    SELECT a.snapshot_id, a.rule, a.kind, a.setting, a.position, a.code, a.action_name
    FROM allows a
    WHERE NOT EXISTS (SELECT 1 FROM disabled d WHERE d.kind = a.kind AND d.code = a.code)
      AND a.rule IN (SELECT rule FROM seen_rules)
),
protocols_left AS MATERIALIZED (
    SELECT r.snapshot_id, r.rule, r.code, p.rank
    FROM remaining r JOIN protocols p ON p.name = r.code
    WHERE r.kind = 'protocol'
    UNION ALL
    -- System SSL's default protocols: no code, any suite
    SELECT snapshot_id, rule, NULL, NULL FROM defaults WHERE protocols
),
-- A suite is a fallback when one of the protocols left can carry it: TLS 1.3
-- suites only TLSv1.3, the others their oldest protocol up to TLSv1.2; any
-- suite when the protocols are System SSL's defaults.
ciphers_left AS MATERIALIZED (
    SELECT r.snapshot_id, r.rule, r.code, min(r.position) AS position
    FROM remaining r
    LEFT JOIN cipher_suites cs ON cs.code = r.code
    LEFT JOIN protocols pmin ON pmin.name = cs.protocol_min
    WHERE r.kind = 'cipher'
      AND EXISTS (
          SELECT 1 FROM protocols_left p
          WHERE p.snapshot_id = r.snapshot_id AND p.rule = r.rule
            AND CASE WHEN cs.code IS NULL OR p.code IS NULL THEN 1
                     WHEN cs.protocol_min = 'TLSv1.3' THEN p.code = 'TLSv1.3'
                     ELSE p.rank BETWEEN coalesce(pmin.rank, 0) AND 5 END)
    GROUP BY r.snapshot_id, r.rule, r.code
),
-- One row per snapshot and rule: what is left of each kind, in the rule's order.
fallbacks AS (
    SELECT snapshot_id, rule,
           group_concat(code, ',' ORDER BY position) FILTER (WHERE kind = 'action') AS actions,
           group_concat(code, ',' ORDER BY position) FILTER (WHERE kind = 'protocol') AS protocols,
           group_concat(code, ',' ORDER BY position) FILTER (WHERE kind = 'cipher') AS ciphers,
           group_concat(code, ',' ORDER BY position) FILTER (WHERE kind = 'group') AS groups,
           group_concat(code, ',' ORDER BY position) FILTER (WHERE kind = 'signature_pair') AS signature_pairs
    FROM (SELECT DISTINCT snapshot_id, rule, 'action' AS kind, action_name AS code, 0 AS position FROM allows
          WHERE rule IN (SELECT rule FROM seen_rules)
          UNION ALL
          SELECT snapshot_id, rule, 'protocol', code, rank FROM protocols_left
          UNION ALL
          SELECT snapshot_id, rule, 'cipher', code, position FROM ciphers_left
          UNION ALL
          SELECT DISTINCT r.snapshot_id, r.rule, r.kind, r.code, 0 FROM remaining r
          JOIN key_shares k ON k.snapshot_id = r.snapshot_id AND k.rule = r.rule AND k.setting = r.setting
          WHERE r.kind = 'group'
          UNION ALL
          SELECT snapshot_id, rule, kind, code, position FROM remaining
          WHERE kind = 'signature_pair' AND setting = 'SignaturePairs')
    GROUP BY snapshot_id, rule
),
-- The endpoint's last snapshot in the period, whatever it negotiated then
-- (the daily summary's last sighting; see ../impact.sql).
latest AS (
    SELECT e.*,
           coalesce(
               (SELECT s.snapshot_id FROM daily_endpoints d
                JOIN snapshots s ON s.system = d.system AND s.stack = d.stack AND s.capture_date = d.capture_date
                                AND s.captured_at = d.last_seen
                WHERE d.endpoint = 'connection' AND d.system = e.system AND d.stack = e.stack
                  AND d.job IS NOT DISTINCT FROM e.job AND d.direction IS NOT DISTINCT FROM e.direction
                  AND d.service_port IS NOT DISTINCT FROM e.service_port
                  AND d.remote_ip IS NOT DISTINCT FROM e.remote_ip
                  AND (:from IS NULL OR d.capture_date >= :from)
                  AND (:to IS NULL OR d.capture_date <= :to)
                ORDER BY d.capture_date DESC, d.last_seen DESC, s.snapshot_id DESC LIMIT 1),
               e.snapshot_id) AS last_id
    FROM endpoints e
),
-- The capture whose print of the rule stands for an endpoint: its last
-- snapshot when that printed the rule, else the last earlier capture of
-- its stack that did, before the period too.
printed AS (
    SELECT e.*,
           coalesce(
               (SELECT o.snapshot_id FROM policy_objects o
                WHERE o.snapshot_id = e.last_id AND o.object = 'rule' AND o.name = e.rule),
               (SELECT b.snapshot_id FROM snapshots l
                JOIN snapshots b ON b.system = l.system AND b.stack = l.stack AND b.captured_at < l.captured_at
                JOIN policy_objects o ON o.snapshot_id = b.snapshot_id AND o.object = 'rule' AND o.name = e.rule
                WHERE l.snapshot_id = e.last_id
                ORDER BY b.captured_at DESC LIMIT 1)) AS printed_id
    FROM latest e
),
listed AS (
    SELECT e.*, coalesce(f.actions, d.actions) AS actions, w.captured_at AS printed_at,
           coalesce(f.protocols, CASE WHEN d.protocols THEN 'System SSL defaults' END) AS fallback_protocols,
           coalesce(f.ciphers, CASE WHEN d.ciphers THEN 'System SSL defaults' END) AS fallback_ciphers,
           coalesce(f.groups, CASE WHEN d.groups THEN 'System SSL defaults' END) AS fallback_groups,
           coalesce(f.signature_pairs, CASE WHEN d.signature_pairs THEN 'System SSL defaults' END)
               AS fallback_signature_pairs
    FROM printed e
    LEFT JOIN snapshots w ON w.snapshot_id = e.printed_id
    LEFT JOIN fallbacks f ON f.snapshot_id = e.printed_id AND f.rule = e.rule
    LEFT JOIN defaults d ON d.snapshot_id = e.printed_id AND d.rule = e.rule
)
SELECT
    CASE WHEN actions IS NULL THEN 'unknown'
         WHEN fallback_protocols IS NULL OR fallback_ciphers IS NULL
              OR (lost_group AND fallback_groups IS NULL)
              OR (lost_signature_pair AND fallback_signature_pairs IS NULL) THEN 'yes'
         ELSE 'maybe' END AS breaks,
    system,
    stack,
    job,
    direction,
    service_port AS port,
    remote_ip,
    disabled,
    connections,
    dates,
    first_seen,
    last_seen,
    rule,
    env_action,
    actions AS settings_from,
    CASE WHEN actions IS NOT NULL THEN printed_at END AS settings_at,
    fallback_protocols,
    fallback_ciphers,
    CASE WHEN lost_group THEN fallback_groups END AS fallback_groups,
    CASE WHEN lost_signature_pair THEN fallback_signature_pairs END AS fallback_signature_pairs
FROM listed
ORDER BY CASE breaks WHEN 'yes' THEN 0 WHEN 'unknown' THEN 1 ELSE 2 END,
         system, stack, job, port, remote_ip;
