-- policy-drift: what changed in AT-TLS rules, group actions and environment
-- actions between consecutive captures of the same system and stack: a
-- setting added, removed or changed (with old and new value), or a whole
-- rule or action that is new or gone. List settings (cipher suites, groups,
-- signature pairs) compare as their codes in order; keys and keyword values
-- ignoring case, names as printed (see `names`), and the values a snapshot's
-- other prints gave (`<key> (other report)`, the copy an older connection
-- was set up with) not at all: they are not the policy in force. NETSTAT prints only the
-- policy that has connections (TTLS DETAIL) and the group actions (TTLS
-- GROUP), so only a capture of the whole policy (pasearch -t) can show that
-- an object was `removed` or `added` (against the capture before, and
-- against the stack's last earlier dump when NETSTAT-only captures lie
-- between: `dump_changes`), and a TTLS GROUP list, which lists every
-- group action of the installed policy, that a group action was
-- `removed`; from NETSTAT alone an object is
-- `unused` (was seen in use, is no longer) or `in_use` (first seen in use,
-- or in use again), `not_captured` when the later capture printed the
-- policy of some connections alone (TTLS CONN n DETAIL, no whole TTLS
-- DETAIL list: snapshot_policies.partial), and a group action a TTLS GROUP
-- report still lists, or
-- an environment action it lists under a group, is present, whatever its
-- connections. An object in use again compares its settings with the
-- capture that last printed it (`before`): a change made while it was idle
-- is said when it is next printed. Captures and their rules and actions
-- compare by fingerprints first (snapshot_policies, policy_objects).
-- A TTLS print of a connection set up before one an earlier capture printed
-- an object for is the copy of an older policy (AT-TLS keeps a
-- connection's copy for its life): the fingerprints leave it out, so it is
-- no change, and the object, still in use, neither `unused` nor `in_use`
-- again; the next print of it anew compares with the last one.
-- After `ttlsinv prune`, the stubs it keeps of the pruned snapshots (the last
-- print of each rule and action before its boundary) are compared with, as
-- they were: the first capture kept shows what changed since; the stubs are
-- compared with nothing (the captures between them are gone).
-- NETSTAT and pasearch print different fields of one object: between prints
-- of different sources only values both give compare (`changed`); a
-- setting `added` or `removed` compares with the last print of the same
-- source. pasearch lists every rule, used or not: a print of pasearch alone
-- never makes an object `in_use`, and its absence from a later NETSTAT
-- capture is `unused` only when the last capture that printed NETSTAT
-- policy showed the object in use.
-- Parameters: :from :to (YYYY-MM-DD, date of the later capture) :system :stack
WITH policy_snapshots AS (
    SELECT s.snapshot_id, s.system, s.stack, s.captured_at, s.pruned, p.fingerprint, p.partial,
           lag(s.snapshot_id) OVER w AS previous_id,
           lag(s.captured_at) OVER w AS previous_at,
           lag(p.fingerprint) OVER w AS previous_fingerprint,
           lag(p.partial) OVER w AS previous_partial,
           -- the last earlier capture that printed the whole policy in use
           -- (captured_at sorts as text: the largest 'captured_at|snapshot_id')
           CAST(substr(max(CASE WHEN NOT p.partial THEN s.captured_at || '|' || s.snapshot_id END)
                           OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 21) AS INTEGER) AS whole_id,
           -- a dump: a capture that printed the whole policy (pasearch -t);
           -- the last earlier one not pruned (a pruned one keeps stubs only)
           d.snapshot_id IS NOT NULL AS dump,
           CAST(substr(max(CASE WHEN d.snapshot_id IS NOT NULL AND NOT s.pruned
                                THEN s.captured_at || '|' || s.snapshot_id END)
                           OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 21) AS INTEGER) AS dump_id
    FROM snapshots s
    JOIN snapshot_policies p ON p.snapshot_id = s.snapshot_id
    LEFT JOIN (SELECT DISTINCT snapshot_id FROM rules WHERE source IN ('pasearch', 'both')) d
           ON d.snapshot_id = s.snapshot_id
    WHERE (:system IS NULL OR s.system = upper(:system))
      AND (:stack IS NULL OR s.stack = upper(:stack))
    WINDOW w AS (PARTITION BY s.system, s.stack ORDER BY s.captured_at)
),
-- Consecutive captures with equal policies have nothing to show, unless
-- the earlier was partial (what it left out is compared too).
pairs AS MATERIALIZED (
    SELECT * FROM policy_snapshots
    WHERE previous_id IS NOT NULL AND NOT pruned
      AND (fingerprint <> previous_fingerprint OR previous_partial)
      AND (:from IS NULL OR substr(captured_at, 1, 10) >= :from)
      AND (:to IS NULL OR substr(captured_at, 1, 10) <= :to)
),
-- Which source printed each rule and action of a snapshot: `netstat`,
-- `pasearch` or `both`.
printed_by(snapshot_id, object, name, source) AS (
    SELECT snapshot_id, 'rule', name, source FROM rules
    UNION ALL SELECT snapshot_id, 'group_action', name, source FROM group_actions
    UNION ALL SELECT snapshot_id, 'env_action', name, source FROM env_actions
    UNION ALL SELECT snapshot_id, 'conn_action', name, source FROM conn_actions
),
-- The rules and actions whose settings differ, by their fingerprints
-- (policy_objects), or that only one of the two captures has (`kind`:
-- `kept`, `gone`, `new`), each with the capture its values compare with
-- (`old_id`). An object only the later capture has compares with the last
-- earlier capture of the system and stack that printed it: NETSTAT prints
-- no idle policy, so a change made while an object was idle shows when it
-- is next in use (walked back from the later capture, so an object seen
-- shortly before stops early; one never seen walks its stack's captures
-- once). After a partial capture, an object the last whole capture
-- printed, and neither the partial one nor the later, whole one, is gone.
-- `source`, `old_source`: who printed the object then and before.
found AS MATERIALIZED (
    SELECT p.snapshot_id AS pair, p.previous_id AS old_id, o.object, o.name,
           CASE WHEN n.fingerprint IS NULL THEN 'gone' ELSE 'kept' END AS kind
    FROM pairs p
    JOIN policy_objects o ON o.snapshot_id = p.previous_id
    LEFT JOIN policy_objects n ON n.snapshot_id = p.snapshot_id AND n.object = o.object AND n.name = o.name
    WHERE n.fingerprint IS DISTINCT FROM o.fingerprint
    UNION ALL
    SELECT p.snapshot_id, (SELECT e.snapshot_id FROM snapshots e
                           JOIN policy_objects eo ON eo.snapshot_id = e.snapshot_id
                                                 AND eo.object = n.object AND eo.name = n.name
                           WHERE e.system = p.system AND e.stack = p.stack AND e.captured_at < p.previous_at
                           ORDER BY e.captured_at DESC LIMIT 1),
           n.object, n.name, 'new'
    FROM pairs p
    JOIN policy_objects n ON n.snapshot_id = p.snapshot_id
    LEFT JOIN policy_objects o ON o.snapshot_id = p.previous_id AND o.object = n.object AND o.name = n.name
    WHERE o.fingerprint IS NULL
    UNION ALL
    -- after partial captures, printed by the last whole one and left out
    -- by the partial capture before and by the later, whole one
    SELECT p.snapshot_id, p.whole_id, o.object, o.name, 'gone'
    FROM pairs p
    JOIN policy_objects o ON o.snapshot_id = p.whole_id
    LEFT JOIN policy_objects q ON q.snapshot_id = p.previous_id AND q.object = o.object AND q.name = o.name
    LEFT JOIN policy_objects n ON n.snapshot_id = p.snapshot_id AND n.object = o.object AND n.name = o.name
    WHERE p.previous_partial AND NOT p.partial AND q.name IS NULL AND n.name IS NULL
),
changed AS MATERIALIZED (
    SELECT f.*,
           (SELECT source FROM printed_by b WHERE b.snapshot_id = f.pair AND b.object = f.object AND b.name = f.name)
               AS source,
           (SELECT source FROM printed_by b WHERE b.snapshot_id = f.old_id AND b.object = f.object AND b.name = f.name)
               AS old_source
    FROM found f
),
-- The capture settings added or removed compare with: the one values
-- compare with when the same source printed the object there, else the
-- last earlier one where it did (none: nothing added or removed is said).
against AS MATERIALIZED (
    SELECT c.*,
           CASE WHEN c.kind = 'gone' THEN NULL
                WHEN c.source = c.old_source THEN c.old_id
                ELSE (SELECT e.snapshot_id FROM snapshots l
                      JOIN snapshots e ON e.system = l.system AND e.stack = l.stack AND e.captured_at < l.captured_at
                      JOIN printed_by b ON b.snapshot_id = e.snapshot_id AND b.object = c.object AND b.name = c.name
                      WHERE l.snapshot_id = c.pair AND b.source = c.source
                      ORDER BY e.captured_at DESC LIMIT 1) END AS same_id
    FROM changed c
),
-- The settings of those objects in the capture their values compare with
-- (`old`), the one settings added or removed compare with (`same`) and the
-- later capture (`new`), read once, side by side per setting. The row-value
-- IN lets SQLite read the view for these snapshots and objects only, not
-- every object of the snapshots (linear in the objects changed, not in
-- days); CROSS JOIN keeps the objects as the outer loop. (Each use of a CTE
-- here expands it again: SQLite stops a query past 1000 tables so read.)
wanted AS MATERIALIZED (
    SELECT a.pair, a.object, a.name, k.side,
           CASE k.side WHEN 'old' THEN a.old_id WHEN 'same' THEN a.same_id ELSE a.pair END AS snapshot_id
    FROM against a
    CROSS JOIN (SELECT 'old' AS side UNION ALL SELECT 'same' UNION ALL SELECT 'new') k
    WHERE a.kind <> 'gone'
),
sides AS MATERIALIZED (
    SELECT w.pair, w.object, w.name, coalesce(max(CASE w.side WHEN 'new' THEN s.setting END), max(s.setting)) AS setting,
           max(w.side = 'old') AS in_old, max(CASE w.side WHEN 'old' THEN s.value END) AS old_value,
           max(w.side = 'same') AS in_same, max(CASE w.side WHEN 'same' THEN s.value END) AS same_value,
           max(w.side = 'new') AS in_new, max(CASE w.side WHEN 'new' THEN s.value END) AS new_value,
           max(CASE w.side WHEN 'old' THEN w.snapshot_id END) AS old_id,
           max(CASE w.side WHEN 'same' THEN w.snapshot_id END) AS same_id
    FROM wanted w
    CROSS JOIN v_policy_settings s
    WHERE s.snapshot_id = w.snapshot_id AND s.object = w.object AND s.name = w.name
      AND (s.snapshot_id, s.name) IN (SELECT snapshot_id, name FROM wanted)
      AND s.setting NOT LIKE '% (other report)'
    GROUP BY w.pair, w.object, w.name, upper(s.setting)
),
-- Settings whose values are names the user chose (rules and actions named,
-- jobs, user ids, key rings, certificate labels, parameter statements
-- referred to): the Policy Agent reads them case-sensitively, as RACF does
-- key rings and labels, so they compare as printed. Keys and every other
-- value are the Policy Agent's keywords, which it reads in any case: they
-- compare ignoring case (TSO prints `HttpCdpEnable: Off`, the console
-- `HTTPCDPENABLE: OFF`).
names(setting) AS (
    VALUES ('JOBNAME'), ('USERID'), ('TTLSGRPACTION'), ('TTLSENVACTION'), ('TTLSCONNACTION'), ('KEYRING'),
           ('KEYRINGSTASHFILE'), ('CERTIFICATELABEL'), ('SERVERCERTIFICATELABEL'), ('CLIENTCERTIFICATELABEL'),
           ('POLICYRULE'), ('POLICYACTION')
),
-- A value both compared prints give, changed; a setting added or removed
-- where the object has settings in the same source's print and the later.
setting_changes AS (
    SELECT pair, object, name, setting,
           CASE change WHEN 'added' THEN NULL WHEN 'removed' THEN same_value ELSE old_value END AS old_value,
           CASE change WHEN 'removed' THEN NULL ELSE new_value END AS new_value,
           change, CASE change WHEN 'changed' THEN old_id ELSE object_same_id END AS compared
    FROM (SELECT d.*, max(in_same) OVER o AND max(in_new) OVER o AS both_sides,
                 max(same_id) OVER o AS object_same_id
          FROM sides d WINDOW o AS (PARTITION BY pair, object, name)) d
    CROSS JOIN (SELECT 'changed' AS change UNION ALL SELECT 'removed' UNION ALL SELECT 'added') k
    WHERE CASE change
              WHEN 'changed' THEN in_old AND in_new
                                  AND CASE WHEN upper(setting) IN (SELECT setting FROM names)
                                             OR upper(setting) LIKE 'TTLS%PARMS'
                                           THEN old_value IS DISTINCT FROM new_value
                                           ELSE upper(old_value) IS DISTINCT FROM upper(new_value) END
              WHEN 'removed' THEN both_sides AND in_same AND NOT in_new
              ELSE both_sides AND in_new AND NOT in_same END
),
-- Per later capture: whether it or the one before printed the whole policy
-- (pasearch), and whether it printed NETSTAT policy.
pair_facts AS MATERIALIZED (
    SELECT p.snapshot_id AS pair, p.previous_id, p.partial,
           EXISTS (SELECT 1 FROM rules r WHERE r.snapshot_id = p.previous_id AND r.source IN ('pasearch', 'both'))
               AS previous_whole,
           p.dump AS whole,
           -- the dump the later capture, a dump, compares with as a whole
           -- when NETSTAT-only captures lie between (`dump_changes`), and
           -- the capture just after that dump
           CASE WHEN p.dump AND p.dump_id <> p.previous_id THEN p.dump_id END AS earlier_dump,
           CASE WHEN p.dump AND p.dump_id <> p.previous_id
                THEN (SELECT e.snapshot_id FROM snapshots d
                      JOIN snapshots e ON e.system = d.system AND e.stack = d.stack AND e.captured_at > d.captured_at
                      JOIN snapshot_policies ep ON ep.snapshot_id = e.snapshot_id
                      WHERE d.snapshot_id = p.dump_id
                      ORDER BY e.captured_at LIMIT 1) END AS after_dump,
           EXISTS (SELECT 1 FROM printed_by b WHERE b.snapshot_id = p.snapshot_id AND b.source <> 'pasearch')
               AS netstat,
           -- a TTLS GROUP report of every group action (no filter)
           EXISTS (SELECT 1 FROM captures k
                   WHERE k.snapshot_id = p.snapshot_id AND k.report_kind LIKE 'TTLS GROUP%'
                     AND NOT EXISTS (SELECT 1 FROM attributes a
                                     WHERE a.owner_table = 'captures' AND a.owner_id = k.capture_id
                                       AND a.key = 'Filter')) AS group_list
    FROM pairs p
),
-- The TTLS prints of the objects changed, on both sides: where the
-- fingerprints leave one out, it is an older connection's copy.
copies AS MATERIALIZED (
    SELECT o.snapshot_id, o.object, o.name
    FROM (SELECT snapshot_id, 'rule' AS object, name, source, capture_id FROM rules
          UNION ALL SELECT snapshot_id, 'group_action', name, source, capture_id FROM group_actions
          UNION ALL SELECT snapshot_id, 'env_action', name, source, capture_id FROM env_actions
          UNION ALL SELECT snapshot_id, 'conn_action', name, source, capture_id FROM conn_actions) o
    JOIN captures k ON k.capture_id = o.capture_id
    WHERE o.source = 'netstat' AND k.report_kind NOT LIKE 'TTLS GROUP%'
      AND o.snapshot_id IN (SELECT snapshot_id FROM pairs UNION SELECT previous_id FROM pairs)
),
-- For an object that a print of pasearch alone stands for on one side:
-- whether the last capture before the later one that printed NETSTAT
-- policy showed it in use (printed it from NETSTAT).
shown_in_use AS MATERIALIZED (
    SELECT c.pair, c.object, c.name,
           EXISTS (SELECT 1 FROM printed_by b
                   WHERE b.object = c.object AND b.name = c.name AND b.source <> 'pasearch'
                     AND b.snapshot_id = (SELECT e.snapshot_id FROM snapshots l
                                          JOIN snapshots e ON e.system = l.system AND e.stack = l.stack
                                                          AND e.captured_at < l.captured_at
                                          WHERE l.snapshot_id = c.pair
                                            AND EXISTS (SELECT 1 FROM printed_by x
                                                        WHERE x.snapshot_id = e.snapshot_id AND x.source <> 'pasearch')
                                          ORDER BY e.captured_at DESC LIMIT 1)) AS in_use
    FROM changed c
    WHERE 'pasearch' IN (c.source, c.old_source)
),
-- The objects of a dump that the stack's earlier dump lacks, NETSTAT-only
-- captures between (`earlier_dump`), and the capture just after that dump
-- did not print (its pair said them `added`): `added` against the earlier
-- dump (`dump_changes`), not `in_use` against the capture before.
dump_added AS MATERIALIZED (
    SELECT f.pair, n.object, n.name, f.earlier_dump
    FROM pair_facts f
    JOIN policy_objects n ON n.snapshot_id = f.pair
    WHERE f.earlier_dump IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM policy_objects o
                      WHERE o.snapshot_id IN (f.earlier_dump, f.after_dump) AND o.object = n.object
                        AND o.name = n.name)
),
-- Whole objects (a group action a TTLS GROUP list of every group action
-- leaves out is `removed`: the list shows the installed policy's group
-- actions, idle ones with 0 connections). Only the later capture has it: `added` when the earlier
-- one printed the whole policy (pasearch), else `in_use` (in use again, or
-- first seen in use: NETSTAT prints only policy with connections, so it
-- may have been idle), unless pasearch alone printed it. Only the earlier
-- has it: `removed` when the later one printed the whole policy, `unused`
-- (no longer seen in use) when it printed every rule in use,
-- `not_captured` when it printed a part (a TTLS CONN n DETAIL report tells
-- of connection n's policy alone); none when a TTLS GROUP report of the
-- later capture still lists it, nor when pasearch alone printed it and
-- NETSTAT last showed it idle. Both have it, pasearch alone printing it on
-- one side: back `in_use` when NETSTAT prints it now and last showed it
-- idle; `unused` when NETSTAT printed it before and now pasearch alone
-- does, beside NETSTAT's print of the policy in use.
object_changes AS (
    SELECT c.pair, c.object, c.name, NULL AS setting, NULL AS old_value, NULL AS new_value,
           CASE c.kind
               WHEN 'new' THEN
                   CASE WHEN EXISTS (SELECT 1 FROM copies b
                                     WHERE b.snapshot_id = f.previous_id AND b.object = c.object AND b.name = c.name)
                        THEN NULL
                        WHEN f.previous_whole THEN 'added'
                        WHEN EXISTS (SELECT 1 FROM dump_added a
                                     WHERE a.pair = c.pair AND a.object = c.object AND a.name = c.name) THEN NULL
                        WHEN c.source <> 'pasearch' THEN 'in_use' END
               WHEN 'gone' THEN
                   CASE WHEN (c.object = 'group_action'
                              AND EXISTS (SELECT 1 FROM group_actions g WHERE g.snapshot_id = c.pair AND g.name = c.name))
                          OR (c.object = 'env_action'
                              AND EXISTS (SELECT 1 FROM group_actions g JOIN group_action_envs e USING (group_action_id)
                                          WHERE g.snapshot_id = c.pair AND e.env_action = c.name))
                          OR EXISTS (SELECT 1 FROM copies b
                                     WHERE b.snapshot_id = c.pair AND b.object = c.object AND b.name = c.name)
                        THEN NULL
                        WHEN f.whole OR (c.object = 'group_action' AND f.group_list) THEN 'removed'
                        WHEN c.old_source = 'pasearch' AND NOT coalesce(u.in_use, false) THEN NULL
                        WHEN f.partial THEN 'not_captured' ELSE 'unused' END
               ELSE CASE WHEN f.partial THEN NULL
                         WHEN c.old_source = 'pasearch' AND c.source <> 'pasearch' AND NOT u.in_use THEN 'in_use'
                         WHEN c.old_source <> 'pasearch' AND c.source = 'pasearch' AND f.netstat THEN 'unused' END
           END AS change,
           CASE WHEN c.kind <> 'new' THEN c.old_id END AS compared
    FROM changed c
    JOIN pair_facts f ON f.pair = c.pair
    LEFT JOIN shown_in_use u ON u.pair = c.pair AND u.object = c.object AND u.name = c.name
),
-- A dump compares as a whole with the stack's last earlier dump too, when
-- NETSTAT-only captures lie between (monthly NETSTAT, a quarterly dump):
-- they print only the policy in use, so an object of the earlier dump that
-- the later lacks is `removed` (compared with its last print), unless the
-- capture just before printed it (the pair says it), or the last whole
-- capture after partial ones did (`found` says it); `dump_added` are
-- `added` (compared with the earlier dump).
dump_changes AS (
    SELECT f.pair, o.object, o.name, NULL AS setting, NULL AS old_value, NULL AS new_value, 'removed' AS change,
           (SELECT e.snapshot_id FROM snapshots e
            JOIN policy_objects eo ON eo.snapshot_id = e.snapshot_id AND eo.object = o.object AND eo.name = o.name
            WHERE e.system = p.system AND e.stack = p.stack AND e.captured_at < p.previous_at
            ORDER BY e.captured_at DESC LIMIT 1) AS compared
    FROM pair_facts f
    JOIN pairs p ON p.snapshot_id = f.pair
    JOIN policy_objects o ON o.snapshot_id = f.earlier_dump
    WHERE NOT EXISTS (SELECT 1 FROM policy_objects n
                      WHERE n.snapshot_id IN (p.snapshot_id, p.previous_id) AND n.object = o.object AND n.name = o.name)
      AND NOT (p.previous_partial AND NOT p.partial
               AND EXISTS (SELECT 1 FROM policy_objects w
                           WHERE w.snapshot_id = p.whole_id AND w.object = o.object AND w.name = o.name))
    UNION ALL
    SELECT pair, object, name, NULL, NULL, NULL, 'added', earlier_dump FROM dump_added
)
-- A setting compares with the capture its object was last printed by
-- (`before`), as does an object gone; an object new with the capture before.
SELECT p.system, p.stack, coalesce(w.captured_at, p.previous_at) AS before, p.captured_at AS after,
       c.object, c.name, c.setting, c.change, c.old_value, c.new_value
FROM (SELECT * FROM setting_changes UNION ALL SELECT * FROM object_changes WHERE change IS NOT NULL
      UNION ALL SELECT * FROM dump_changes) c
JOIN pairs p ON p.snapshot_id = c.pair
LEFT JOIN snapshots w ON w.snapshot_id = c.compared
ORDER BY p.system, p.stack, p.captured_at, c.object, c.name, c.setting;
