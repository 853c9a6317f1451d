-- Every setting of the policies of the snapshots of the days, in a fixed order, and whether its
-- rule or action's print is an older copy than the print that stood before it (`stale`). AT-TLS
-- keeps for a connection the copy of the policy it was set up with, so a TTLS print tells the
-- policy as of the start of its connection (the latest start, ALL's StartDate, of the connections
-- whose TTLS entries name the rule, or a rule that uses the action); a pasearch dump or a TTLS
-- GROUP report, which print the policy as it is, as of their capture. Walking the prints of an
-- object in capture order, a TTLS print as of before the print that stands is no news about the
-- policy: it is left out of the fingerprints (as an object the capture did not print, though in
-- use; the capture's policy is fingerprinted all the same, empty if it printed nothing anew:
-- policy-drift, and the reports that read the policy as last printed, take the print that
-- stands); any other print stands from then on. Where either start is unknown, the later
-- capture's print stands, as before. The walk starts at the last print before the days that
-- stood (in policy_objects), and goes on over every print after it up to the days' last.
-- Run by src/store/summarize/mod.rs.
WITH days AS MATERIALIZED (
    SELECT s.snapshot_id, s.system, s.stack, s.captured_at
    FROM snapshots s JOIN temp.summary_days USING (system, stack, capture_date)
),
objects(snapshot_id, object, name, source, capture_id) AS (
    SELECT snapshot_id, 'rule', name, source, capture_id FROM rules
    UNION ALL SELECT snapshot_id, 'group_action', name, source, capture_id FROM group_actions
    UNION ALL SELECT snapshot_id, 'env_action', name, source, capture_id FROM env_actions
    UNION ALL SELECT snapshot_id, 'conn_action', name, source, capture_id FROM conn_actions
),
-- Each object of the days: its stack's span of the walk, from the last print before the days
-- that stood (none: from the first print) to the days' last.
spans AS MATERIALIZED (
    SELECT p.*,
           (SELECT b.captured_at FROM snapshots b
            JOIN policy_objects o ON o.snapshot_id = b.snapshot_id AND o.object = p.object AND o.name = p.name
            WHERE b.system = p.system AND b.stack = p.stack AND b.captured_at < p.first_at
            ORDER BY b.captured_at DESC LIMIT 1) AS from_at
    FROM (SELECT d.system, d.stack, o.object, o.name, min(d.captured_at) AS first_at, max(d.captured_at) AS last_at
          FROM days d JOIN objects o ON o.snapshot_id = d.snapshot_id
          GROUP BY 1, 2, 3, 4) p
),
compared AS MATERIALIZED (
    SELECT s.snapshot_id, s.system, s.stack, s.captured_at, o.object, o.name, o.source, o.capture_id
    FROM spans p
    JOIN snapshots s ON s.system = p.system AND s.stack = p.stack
                    AND s.captured_at BETWEEN coalesce(p.from_at, '') AND p.last_at
    JOIN objects o ON o.snapshot_id = s.snapshot_id AND o.object = p.object AND o.name = p.name
),
-- The latest start of the connections whose TTLS entries name each rule, per capture.
rule_starts AS MATERIALIZED (
    SELECT t.snapshot_id, x.text AS rule, max(c.started_s) AS started_s
    FROM tls_session_rows t
    JOIN texts x ON x.text_id = t.rule_name_text_id
    JOIN connection_rows c ON c.snapshot_id = t.snapshot_id AND c.conn_id = t.conn_id
    WHERE t.snapshot_id IN (SELECT snapshot_id FROM compared)
    GROUP BY 1, 2
),
-- As of when each print tells the policy (epoch seconds), in the walk's order: a TTLS print
-- (`copy`) as of its connections' latest start, where known; a dump's or a group report's as of
-- its capture.
dated AS MATERIALIZED (
    SELECT p.*,
           CASE WHEN copy THEN (SELECT max(k.started_s) FROM rules r
                                JOIN rule_starts k ON k.snapshot_id = r.snapshot_id AND k.rule = r.name
                                WHERE r.snapshot_id = p.snapshot_id
                                  AND CASE p.object WHEN 'rule' THEN r.name WHEN 'group_action' THEN r.group_action
                                                    WHEN 'env_action' THEN r.env_action ELSE r.conn_action END = p.name)
                ELSE CAST(strftime('%s', p.captured_at) AS INTEGER) END AS as_of,
           row_number() OVER (PARTITION BY p.system, p.stack, p.object, p.name
                              ORDER BY p.captured_at, p.snapshot_id) AS place
    FROM (SELECT c.*, c.source = 'netstat' AND k.report_kind NOT LIKE 'TTLS GROUP%' AS copy
          FROM compared c JOIN capture_rows k ON k.capture_id = c.capture_id) p
),
-- The walk: `standing`, as of when the print that stands tells the policy.
walk(system, stack, object, name, place, snapshot_id, stale, standing) AS (
    SELECT system, stack, object, name, place, snapshot_id, false, as_of FROM dated WHERE place = 1
    UNION ALL
    SELECT d.system, d.stack, d.object, d.name, d.place, d.snapshot_id,
           coalesce(d.copy AND d.as_of < w.standing, false),
           CASE WHEN d.copy AND d.as_of < w.standing THEN w.standing ELSE d.as_of END
    FROM walk w
    JOIN dated d ON d.system = w.system AND d.stack = w.stack AND d.object = w.object AND d.name = w.name
                AND d.place = w.place + 1
)
SELECT p.snapshot_id, p.object, p.name, p.setting, p.value,
       (p.snapshot_id, p.object, p.name) IN (SELECT snapshot_id, object, name FROM walk WHERE stale) AS stale
FROM v_policy_settings p
WHERE p.snapshot_id IN (SELECT snapshot_id FROM days)
ORDER BY p.snapshot_id, p.object, p.name, p.setting;
