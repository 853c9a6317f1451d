-- Which print of a rule or action stands in its row when two prints of it in its snapshot give a
-- setting otherwise: the one printed later (by its report's time); at one time (or where a report
-- printed no time) a pasearch dump's over NETSTAT's (the Policy Agent's whole policy as it is;
-- TTLS DETAIL shows the copy a connection was set up with, which may be older); else the one
-- written first (in path and line order: a report that prints an object again for each connection
-- keeps its first print). Whether the print in capture ?3 stands over the one row ?2 of table ?1
-- holds, and that one's capture and line.
-- Run by src/store/write.rs.
WITH held AS (
    SELECT capture_id, source_line FROM rules WHERE ?1 = 'rules' AND rule_id = ?2
    UNION ALL
    SELECT capture_id, source_line FROM group_actions WHERE ?1 = 'group_actions' AND group_action_id = ?2
    UNION ALL
    SELECT capture_id, source_line FROM env_actions WHERE ?1 = 'env_actions' AND env_action_id = ?2
    UNION ALL
    SELECT capture_id, source_line FROM conn_actions WHERE ?1 = 'conn_actions' AND conn_action_id = ?2
)
SELECT CASE WHEN length(n.captured_at) = length(o.captured_at) AND n.captured_at <> o.captured_at
            THEN n.captured_at > o.captured_at
            ELSE n.report_kind = 'PASEARCH' AND o.report_kind <> 'PASEARCH' END,
       h.capture_id, h.source_line
FROM held h JOIN captures o ON o.capture_id = h.capture_id JOIN captures n ON n.capture_id = ?3
