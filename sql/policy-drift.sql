-- policy-drift: what changed in AT-TLS rules, group actions and environment
-- actions between consecutive captures of the same system and stack: a
-- setting added, removed or changed (with old and new value), or a whole
-- rule or action that is new or gone. List settings (cipher suites, groups,
-- signature pairs) compare as their codes in order. NETSTAT prints only the
-- policy that has connections (TTLS DETAIL) and the group actions (TTLS
-- GROUP), so only a capture of the whole policy (pasearch -t) can show that
-- an object was `removed` or `added`; from NETSTAT alone an object is
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
-- Parameters: :from :to (YYYY-MM-DD, date of the later capture) :system :stack
WITH policy_snapshots AS (
    SELECT s.snapshot_id, s.system, s.stack, s.captured_at, p.fingerprint, p.partial,
           lag(s.snapshot_id) OVER w AS previous_id,
           lag(s.captured_at) OVER w AS previous_at,
           lag(p.fingerprint) OVER w AS previous_fingerprint,
           lag(p.partial) OVER w AS previous_partial,
           -- the last earlier capture that printed the whole policy in use
           -- (captured_at sorts as text: the largest 'captured_at|snapshot_id')
           CAST(substr(max(CASE WHEN NOT p.partial THEN s.captured_at || '|' || s.snapshot_id END)
                           OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 21) AS INTEGER) AS whole_id
    FROM snapshots s
    JOIN snapshot_policies p ON p.snapshot_id = s.snapshot_id
    WHERE (:system IS NULL OR s.system = upper(:system))
      AND (:stack IS NULL OR s.stack = upper(:stack))
    WINDOW w AS (PARTITION BY s.system, s.stack ORDER BY s.captured_at)
),
-- Consecutive captures with equal policies have nothing to show, unless
-- the earlier was partial (what it left out is compared too).
pairs AS MATERIALIZED (
    SELECT * FROM policy_snapshots
    WHERE previous_id IS NOT NULL
      AND (fingerprint <> previous_fingerprint OR previous_partial)
      AND (:from IS NULL OR substr(captured_at, 1, 10) >= :from)
      AND (:to IS NULL OR substr(captured_at, 1, 10) <= :to)
),
-- The rules and actions whose settings differ, by their fingerprints
-- (policy_objects), or that only one of the two captures has (`kind`:
-- `kept`, `gone`, `new`), each with the capture its settings compare with
-- (`old_id`). An object only the later capture has compares with the last
-- earlier capture of the system and stack that printed it: NETSTAT prints
-- no idle policy, so a change made while an object was idle shows when it
-- is next in use (walked back from the later capture, so an object seen
-- shortly before stops early; one never seen walks its stack's captures
-- once). After a partial capture, an object the last whole capture
-- printed, and neither the partial one nor the later, whole one, is gone.
changed AS MATERIALIZED (
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
-- The settings of those objects in the capture they compare with and in
-- the later capture. The row-value IN lets SQLite read the view for these
-- snapshots and objects only, not every object of the snapshots (linear in
-- the objects changed, not in days); CROSS JOIN keeps changed as the outer loop.
old AS MATERIALIZED (
    SELECT c.pair, s.object, s.name, s.setting, s.value
    FROM changed c
    CROSS JOIN v_policy_settings s
    WHERE s.snapshot_id = c.old_id AND s.object = c.object AND s.name = c.name
      AND (s.snapshot_id, s.name) IN (SELECT old_id, name FROM changed)
),
new AS MATERIALIZED (
    SELECT c.pair, s.object, s.name, s.setting, s.value
    FROM changed c
    CROSS JOIN v_policy_settings s
    WHERE s.snapshot_id = c.pair AND s.object = c.object AND s.name = c.name
      AND (s.snapshot_id, s.name) IN (SELECT pair, name FROM changed)
),
both_objects AS MATERIALIZED (
    SELECT DISTINCT pair, object, name FROM old INTERSECT SELECT DISTINCT pair, object, name FROM new
),
setting_changes AS (
    SELECT o.pair, o.object, o.name, o.setting, o.value AS old_value, n.value AS new_value,
           CASE WHEN n.value IS NULL THEN 'removed' ELSE 'changed' END AS change
    FROM old o
    JOIN both_objects b USING (pair, object, name)
    LEFT JOIN new n USING (pair, object, name, setting)
    WHERE n.value IS DISTINCT FROM o.value
    UNION ALL
    SELECT n.pair, n.object, n.name, n.setting, NULL, n.value, 'added'
    FROM new n
    JOIN both_objects b USING (pair, object, name)
    WHERE NOT EXISTS (SELECT 1 FROM old o WHERE o.pair = n.pair AND o.object = n.object AND o.name = n.name
                                             AND o.setting = n.setting)
),
object_changes AS (
    -- An object only the later capture has: `added` when the earlier one
    -- printed the whole policy (pasearch), else `in_use` (in use again, or
    -- first seen in use: NETSTAT prints only policy with connections, so it
    -- may have been idle).
    SELECT c.pair, c.object, c.name, NULL AS setting, NULL AS old_value, NULL AS new_value,
           CASE WHEN EXISTS (SELECT 1 FROM rules r JOIN pairs p ON r.snapshot_id = p.previous_id
                             WHERE p.snapshot_id = c.pair AND r.source IN ('pasearch', 'both'))
                THEN 'added' ELSE 'in_use' END AS change
    FROM changed c WHERE c.kind = 'new'
    UNION ALL
    -- An object only the earlier capture has: `removed` when the later one
    -- printed the whole policy, `unused` (no longer seen in use) when it
    -- printed every rule in use, `not_captured` when it printed a part (a
    -- TTLS CONN n DETAIL report tells of connection n's policy alone); none
    -- when a TTLS GROUP report of the later capture still lists it.
    SELECT c.pair, c.object, c.name, NULL, NULL, NULL,
           CASE WHEN EXISTS (SELECT 1 FROM rules r WHERE r.snapshot_id = c.pair AND r.source IN ('pasearch', 'both'))
                THEN 'removed'
                WHEN p.partial THEN 'not_captured' ELSE 'unused' END
    FROM changed c
    JOIN pairs p ON p.snapshot_id = c.pair
    WHERE c.kind = 'gone'
      AND NOT (c.object = 'group_action'
               AND EXISTS (SELECT 1 FROM group_actions g WHERE g.snapshot_id = c.pair AND g.name = c.name))
      AND NOT (c.object = 'env_action'
               AND EXISTS (SELECT 1 FROM group_actions g JOIN group_action_envs e USING (group_action_id)
                           WHERE g.snapshot_id = c.pair AND e.env_action = c.name))
)
-- A setting compares with the capture its object was last printed by
-- (`before`), as does an object gone; an object new with the capture before.
SELECT p.system, p.stack, coalesce(w.captured_at, p.previous_at) AS before, p.captured_at AS after,
       c.object, c.name, c.setting, c.change, c.old_value, c.new_value
FROM (SELECT * FROM setting_changes UNION ALL SELECT * FROM object_changes) c
JOIN pairs p ON p.snapshot_id = c.pair
LEFT JOIN changed k ON k.pair = c.pair AND k.object = c.object AND k.name = c.name
                     AND (c.setting IS NOT NULL OR k.kind = 'gone')
LEFT JOIN snapshots w ON w.snapshot_id = k.old_id
ORDER BY p.system, p.stack, p.captured_at, c.object, c.name, c.setting;
