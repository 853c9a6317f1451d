-- Which print of a rule or action stands in its row when two prints of it in its snapshot give a
-- setting otherwise: between two TTLS prints whose connections' starts are known (ALL's StartDate
-- of the entry the print follows), the print of the connection that started later (AT-TLS keeps
-- for a connection the copy of the policy it was set up with, so the newest connection's copy is
-- the newest policy, whichever print came later or last); else the one printed later (by its
-- report's time); at one time (or where a report
-- printed no time) the one that shows the policy in force: a pasearch dump's (the Policy Agent's
-- whole policy as it is) over a TTLS GROUP report's (each group action as it is) over TTLS
-- DETAIL's (the copy a connection was set up with, which may be older); else, between TTLS DETAIL
-- prints, the one written last (in path and line order: TTLS DETAIL lists connections oldest
-- first, so the last print is the copy of the newest connection, set up under the policy in
-- force), and between the prints of a dump or a group report the first (they print the policy as
-- it is, once per rule that uses an object; a report keeps no print like an earlier one, so the
-- last kept is not the last printed). Whether the print at line ?4
-- of capture ?3 stands over the one row ?2 of table ?1 holds, and that one's capture and line.
-- Run by src/store/write.rs.
WITH held AS (
    SELECT capture_id, source_line FROM rules WHERE ?1 = 'rules' AND rule_id = ?2
    UNION ALL
    SELECT capture_id, source_line FROM group_actions WHERE ?1 = 'group_actions' AND group_action_id = ?2
    UNION ALL
    SELECT capture_id, source_line FROM env_actions WHERE ?1 = 'env_actions' AND env_action_id = ?2
    UNION ALL
    SELECT capture_id, source_line FROM conn_actions WHERE ?1 = 'conn_actions' AND conn_action_id = ?2
),
prints AS (
    SELECT h.capture_id, h.source_line, o.captured_at AS old_at, n.captured_at AS new_at,
           CASE WHEN o.report_kind = 'PASEARCH' THEN 2 WHEN o.report_kind LIKE 'TTLS GROUP%' THEN 1 ELSE 0 END
               AS old_rank,
           CASE WHEN n.report_kind = 'PASEARCH' THEN 2 WHEN n.report_kind LIKE 'TTLS GROUP%' THEN 1 ELSE 0 END
               AS new_rank,
           (SELECT path FROM capture_files WHERE file_id = o.file_id) AS old_path,
           (SELECT path FROM capture_files WHERE file_id = n.file_id) AS new_path
    FROM held h JOIN captures o ON o.capture_id = h.capture_id JOIN captures n ON n.capture_id = ?3
),
-- The start of the connection each print followed (ALL's StartDate of its TTLS entry, the nearest
-- before it in its report), where known.
started AS (
    SELECT p.*, (SELECT start FROM entry_starts WHERE side = 'old') AS old_start,
           (SELECT start FROM entry_starts WHERE side = 'new') AS new_start
    FROM prints p
),
entry_starts AS (
    SELECT e.side,
           (SELECT c.started_s FROM connection_rows c
            WHERE (c.snapshot_id, c.conn_id) = (SELECT t.snapshot_id, t.conn_id FROM tls_session_rows t
                                                WHERE t.capture_id = e.capture_id AND t.source_line < e.line
                                                ORDER BY t.source_line DESC LIMIT 1)) AS start
    FROM (SELECT 'old' AS side, capture_id, source_line AS line FROM held UNION ALL SELECT 'new', ?3, ?4) e
)
SELECT CASE WHEN new_rank = 0 AND old_rank = 0 AND new_start <> old_start THEN new_start > old_start
            WHEN length(new_at) = length(old_at) AND new_at <> old_at THEN new_at > old_at
            WHEN new_rank <> old_rank THEN new_rank > old_rank
            WHEN new_rank = 0 THEN (new_path, ?4) > (old_path, source_line)
            ELSE false END,
       capture_id, source_line
FROM started;
