-- impact: who breaks if a protocol, cipher suite, key share group or
-- signature pair is switched off. Every endpoint (system, stack, job,
-- direction, service port, remote address) that negotiated something to be
-- disabled in the period, with how many connections (each counted once),
-- on how many dates, first and last seen, the rule and environment action
-- that allowed it, and what else that rule allows (at the endpoint's last
-- snapshot, whatever it negotiated then) that it could fall back to: protocols, the suites one of those
-- protocols can carry, and the key share groups or signature pairs when
-- one of those is disabled. `breaks`: `yes` when the rule
-- allows nothing else (these come first), `maybe` when it allows something
-- else (the peer's own protocols, suites and groups are unknown to NETSTAT:
-- the fallback works only if the peer offers it too), `unknown` when no
-- capture printed the rule's settings. A kind the rule's actions set
-- nowhere (no suite, key share group or signature pair listed, no protocol
-- switched on or off) is left to System SSL's defaults, which NETSTAT does
-- not print: its fallback reads `System SSL defaults`, never nothing. The
-- settings are those the endpoint's last snapshot printed, else (a TTLS
-- list without DETAIL) those of the last earlier capture of its stack that
-- printed the rule, whatever the period (`settings_at` says when). The mirror of
-- allowed-not-used. NETSTAT does not print the negotiated signature pair:
-- for a signature pair the endpoints are those whose rule lists it.
-- Parameters: :disable (JSON list of {"kind","code"}, built by `--disable`)
-- :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
-- :rule :env_action (* wildcards)
-- What to disable, parsed once: `remaining` below looks each rule setting
-- up in it (a view of json_each parsed the JSON again for each).
WITH disabled AS MATERIALIZED (
    SELECT json_extract(value, '$.kind') AS kind, json_extract(value, '$.code') AS code
    FROM json_each(coalesce(:disable, '[]'))
),
-- The negotiations (protocol, cipher suite, key share group) to look up:
-- those that name something to be disabled, of every one negotiated so far
-- (`negotiations`, kept by the summaries); all of them when a signature pair
-- is (NETSTAT does not print the negotiated pair, the rule decides).
matched AS MATERIALIZED (
    SELECT n.tls_protocol, n.cipher_code, n.key_share FROM negotiations n
    WHERE EXISTS (SELECT 1 FROM disabled d
                  WHERE d.kind = 'protocol' AND d.code = n.tls_protocol
                     OR d.kind = 'cipher' AND d.code = n.cipher_code
                     OR d.kind = 'group' AND d.code = n.key_share
                     OR d.kind = 'signature_pair')
),
-- What each connection negotiated on each day under its rule, from the
-- summaries (negotiated_days, migration 0075: the rows of
-- v_connection_core that negotiated TLS, a connection's day in one row;
-- looked up by the index negotiated_days_negotiation), with the system,
-- stack, date and time of the day's last snapshot that saw it so. A peer is
-- in IPv4 form, as in the other summaries (migration 0033).
seen AS MATERIALIZED (
    SELECT g.snapshot_id, s.system, s.stack, g.job, g.direction, g.service_port, g.remote_ip, s.capture_date,
           g.first_seen, s.captured_at AS last_seen, g.identity_id, g.rule, g.env_action, g.tls_protocol,
           g.cipher_code, g.key_share
    -- (CROSS JOIN: the negotiations first, each looked up, rather than every row scanned)
    FROM matched m
    CROSS JOIN negotiated_days g INDEXED BY negotiated_days_negotiation
        ON g.tls_protocol IS m.tls_protocol AND g.cipher_code IS m.cipher_code AND g.key_share IS m.key_share
    JOIN snapshots s ON s.snapshot_id = g.snapshot_id
    WHERE (:from IS NULL OR s.capture_date >= :from)
      AND (:to IS NULL OR s.capture_date <= :to)
      AND (:system IS NULL OR s.system = upper(:system))
      AND (:stack IS NULL OR s.stack = upper(:stack))
      AND (:job IS NULL OR g.job LIKE replace(upper(:job), '*', '%'))
      AND (:rule IS NULL OR upper(g.rule) LIKE replace(upper(:rule), '*', '%'))
      AND (:env_action IS NULL OR upper(g.env_action) LIKE replace(upper(:env_action), '*', '%'))
      AND (:port IS NULL OR g.service_port = :port)
),
-- What the rules of the snapshots up to the period's end allow (a rule's
-- last print may come before the period). Snapshots with the same policy
-- (snapshot_policies) allow the same: the first of each is read for the
-- others.
policies AS MATERIALIZED (
    SELECT p.snapshot_id, p.fingerprint
    FROM snapshot_policies p JOIN snapshots s ON s.snapshot_id = p.snapshot_id
    WHERE (:to IS NULL OR s.capture_date <= :to)
      AND (:system IS NULL OR s.system = upper(:system))
      AND (:stack IS NULL OR s.stack = upper(:stack))
),
standing AS MATERIALIZED (
    SELECT min(snapshot_id) AS snapshot_id, fingerprint FROM policies GROUP BY fingerprint
),
-- The key share list each rule's HandshakeRole reads (v_rule_key_shares),
-- per policy.
key_shares AS MATERIALIZED (
    SELECT f.fingerprint, k.rule, k.setting FROM standing f JOIN v_rule_key_shares k ON k.snapshot_id = f.snapshot_id
),
allows AS MATERIALIZED (
    SELECT f.fingerprint, a.rule, a.kind, a.setting, a.position, a.code, a.action_name
    FROM v_rule_allows a JOIN standing f ON f.snapshot_id = a.snapshot_id
    -- lets SQLite read the view for these snapshots only
    WHERE a.snapshot_id IN (SELECT snapshot_id FROM standing)
),
hits AS (
    SELECT s.*, d.kind, d.code
    FROM seen s JOIN disabled d
      ON (d.kind = 'protocol' AND s.tls_protocol = d.code)
      OR (d.kind = 'cipher' AND s.cipher_code = d.code)
      OR (d.kind = 'group' AND s.key_share = d.code)
      OR (d.kind = 'signature_pair' AND EXISTS (
              SELECT 1 FROM policies p JOIN allows a ON a.fingerprint = p.fingerprint
              WHERE p.snapshot_id = s.snapshot_id AND a.rule = s.rule
                AND a.kind = 'signature_pair' AND a.setting = 'SignaturePairs' AND a.code = d.code))
),
endpoints AS MATERIALIZED (
    SELECT system, stack, job, direction, service_port, remote_ip, rule, env_action,
           group_concat(DISTINCT code ORDER BY code) AS disabled,
           count(DISTINCT identity_id) AS connections,
           count(DISTINCT capture_date) AS dates,
           min(first_seen) AS first_seen,
           max(last_seen) AS last_seen,
           max(kind = 'group') AS lost_group,
           max(kind = 'signature_pair') AS lost_signature_pair,
           -- The snapshot the endpoint was last seen in: its policy is the one
           -- to change. (captured_at sorts as text: the largest
           -- 'captured_at|snapshot_id' is the last sighting's, in one pass.)
           CAST(substr(max(last_seen || '|' || snapshot_id),
                       instr(max(last_seen || '|' || snapshot_id), '|') + 1) AS INTEGER) AS snapshot_id
    FROM hits g
    GROUP BY system, stack, job, direction, service_port, remote_ip, rule, env_action
),
-- The rules the endpoints were seen under: only theirs are worked out below.
seen_rules AS MATERIALIZED (SELECT DISTINCT rule FROM seen),
-- The kinds each rule whose actions were printed leaves to System SSL's
-- defaults (1): its connection and environment actions list no suite, no
-- key share group or no signature pair, or switch no protocol on or off.
-- (Read from the list tables: v_rule_allows once more would take this
-- query past SQLite's limit.)
defaults AS MATERIALIZED (
    SELECT f.fingerprint, r.name AS rule, coalesce(c.name || ',' || e.name, c.name, e.name) AS actions,
           coalesce(c.sslv2, c.sslv3, c.tlsv1, c.tlsv1_1, c.tlsv1_2, c.tlsv1_3,
                    e.sslv2, e.sslv3, e.tlsv1, e.tlsv1_1, e.tlsv1_2, e.tlsv1_3) IS NULL AS protocols,
           NOT EXISTS (SELECT 1 FROM conn_action_ciphers i WHERE i.conn_action_id = c.conn_action_id)
               AND NOT EXISTS (SELECT 1 FROM env_action_ciphers i WHERE i.env_action_id = e.env_action_id) AS ciphers,
           NOT EXISTS (SELECT 1 FROM conn_action_groups i WHERE i.conn_action_id = c.conn_action_id
                             AND (f.fingerprint, r.name, i.setting) IN (SELECT * FROM key_shares))
               AND NOT EXISTS (SELECT 1 FROM env_action_groups i
                               WHERE i.env_action_id = e.env_action_id
                                 AND (f.fingerprint, r.name, i.setting) IN (SELECT * FROM key_shares)) AS groups,
           NOT EXISTS (SELECT 1 FROM conn_action_signature_pairs i
                       WHERE i.conn_action_id = c.conn_action_id AND i.setting = 'SignaturePairs')
               AND NOT EXISTS (SELECT 1 FROM env_action_signature_pairs i
                               WHERE i.env_action_id = e.env_action_id AND i.setting = 'SignaturePairs')
               AS signature_pairs
    FROM standing f
    JOIN rules r ON r.snapshot_id = f.snapshot_id
    LEFT JOIN env_actions e ON e.snapshot_id = r.snapshot_id AND e.name = r.env_action
    LEFT JOIN conn_actions c ON c.snapshot_id = r.snapshot_id AND c.name = r.conn_action
    WHERE e.env_action_id IS NOT NULL OR c.conn_action_id IS NOT NULL
),
-- What the rules still allow once the disabled items are gone. (Every rule
-- of allows: the endpoints' rules alone would expand seen, and with it
-- v_connections, once per use of this below, past SQLite's limit.)
remaining AS MATERIALIZED (
    SELECT a.fingerprint, a.rule, a.kind, a.setting, a.position, a.code, a.action_name
    FROM allows a
    WHERE NOT EXISTS (SELECT 1 FROM disabled d WHERE d.kind = a.kind AND d.code = a.code)
),
protocols_left AS MATERIALIZED (
    SELECT r.fingerprint, r.rule, r.code, p.rank
    FROM remaining r JOIN protocols p ON p.name = r.code
    WHERE r.kind = 'protocol'
    UNION ALL
    -- System SSL's default protocols: no code, any suite
    SELECT fingerprint, rule, NULL, NULL FROM defaults WHERE protocols
),
-- A suite is a fallback when one of the protocols left can carry it: TLS 1.3
-- suites only TLSv1.3, the others their oldest protocol up to TLSv1.2; any
-- suite when the protocols are System SSL's defaults.
ciphers_left AS MATERIALIZED (
    SELECT r.fingerprint, r.rule, r.code, min(r.position) AS position
    FROM remaining r
    LEFT JOIN cipher_suites cs ON cs.code = r.code
    LEFT JOIN protocols pmin ON pmin.name = cs.protocol_min
    WHERE r.kind = 'cipher'
      AND EXISTS (
          SELECT 1 FROM protocols_left p
          WHERE p.fingerprint = r.fingerprint AND p.rule = r.rule
            AND CASE WHEN cs.code IS NULL OR p.code IS NULL THEN 1
                     WHEN cs.protocol_min = 'TLSv1.3' THEN p.code = 'TLSv1.3'
                     ELSE p.rank BETWEEN coalesce(pmin.rank, 0) AND 5 END)
    GROUP BY r.fingerprint, r.rule, r.code
),
-- One row per policy and rule: what is left of each kind, in the rule's order.
fallbacks AS (
    SELECT fingerprint, rule,
           group_concat(code, ',' ORDER BY position) FILTER (WHERE kind = 'action') AS actions,
           group_concat(code, ',' ORDER BY position) FILTER (WHERE kind = 'protocol') AS protocols,
           group_concat(code, ',' ORDER BY position) FILTER (WHERE kind = 'cipher') AS ciphers,
           group_concat(code, ',' ORDER BY position) FILTER (WHERE kind = 'group') AS groups,
           group_concat(code, ',' ORDER BY position) FILTER (WHERE kind = 'signature_pair') AS signature_pairs
    FROM (SELECT DISTINCT fingerprint, rule, 'action' AS kind, action_name AS code, 0 AS position FROM allows
          WHERE rule IN (SELECT rule FROM seen_rules)
          UNION ALL
          SELECT fingerprint, rule, 'protocol', code, rank FROM protocols_left
          UNION ALL
          SELECT fingerprint, rule, 'cipher', code, position FROM ciphers_left
          UNION ALL
          SELECT DISTINCT fingerprint, rule, kind, code, 0 FROM remaining
          WHERE kind = 'group' AND (fingerprint, rule, setting) IN (SELECT * FROM key_shares)
          UNION ALL
          SELECT fingerprint, rule, kind, code, position FROM remaining
          WHERE kind = 'signature_pair' AND setting = 'SignaturePairs')
    GROUP BY fingerprint, rule
),
-- The endpoint's last snapshot in the period, whatever it negotiated then
-- (the daily summary's last sighting: a look-up by the index
-- daily_endpoints_peer): a client that negotiated the disabled item once
-- and something else under a changed rule since is judged on the rule as
-- it is now, not as it was when it last negotiated that item.
latest AS (
    SELECT e.*,
           coalesce(
               (SELECT s.snapshot_id FROM daily_endpoints d
                JOIN snapshots s ON s.system = d.system AND s.stack = d.stack AND s.capture_date = d.capture_date
                                AND s.captured_at = d.last_seen
                WHERE d.endpoint = 'connection' AND d.system = e.system AND d.stack = e.stack AND d.job IS e.job
                  AND d.direction IS e.direction AND d.service_port IS e.service_port AND d.remote_ip IS e.remote_ip
                  AND (:from IS NULL OR d.capture_date >= :from)
                  AND (:to IS NULL OR d.capture_date <= :to)
                ORDER BY d.capture_date DESC, d.last_seen DESC, s.snapshot_id DESC LIMIT 1),
               e.snapshot_id) AS last_id
    FROM endpoints e
),
-- The capture whose print of the rule stands for an endpoint: its last
-- snapshot when that printed the rule (a look-up by key), else the last
-- earlier capture of its stack that did (policy-drift compares the same
-- way), before the period too. Worked out here, where the endpoints are
-- read once: SQLite counts every table each reference to a CTE expands
-- to, and this query is near its limit (1000).
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
    LEFT JOIN snapshot_policies p ON p.snapshot_id = e.printed_id
    LEFT JOIN fallbacks f ON f.fingerprint = p.fingerprint AND f.rule = e.rule
    LEFT JOIN defaults d ON d.fingerprint = p.fingerprint AND d.rule = e.rule
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
