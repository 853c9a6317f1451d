-- The values of rules and actions kept as attributes (see keep-other-value.sql) since attribute
-- row ?1, in the order kept: the line and file that printed each, its table and name, key and
-- value, and the line and file of the print that stands in the row, with why it stands (see
-- print-stands.sql).
-- Run by src/store/write.rs, to say them as notes of the file being written.
WITH kept AS (
    SELECT a.rowid AS kept_id, a.capture_id, a.source_line, a.owner_table, a.key, a.value,
           coalesce(r.name, g.name, e.name, c.name) AS name,
           coalesce(r.capture_id, g.capture_id, e.capture_id, c.capture_id) AS held_capture,
           coalesce(r.source_line, g.source_line, e.source_line, c.source_line) AS held_line
    FROM attributes a
    LEFT JOIN rules r ON a.owner_table = 'rules' AND r.rule_id = a.owner_id
    LEFT JOIN group_actions g ON a.owner_table = 'group_actions' AND g.group_action_id = a.owner_id
    LEFT JOIN env_actions e ON a.owner_table = 'env_actions' AND e.env_action_id = a.owner_id
    LEFT JOIN conn_actions c ON a.owner_table = 'conn_actions' AND c.conn_action_id = a.owner_id
    WHERE a.rowid > ?1 AND a.owner_table IN ('rules', 'group_actions', 'env_actions', 'conn_actions')
      AND a.key LIKE '% (other report)'
),
-- The start of the connection each print followed (ALL's StartDate of its TTLS entry, the
-- nearest before it in its report), where known.
starts AS (
    SELECT p.kept_id, p.side,
           (SELECT c.started_s FROM connection_rows c
            WHERE (c.snapshot_id, c.conn_id) = (SELECT t.snapshot_id, t.conn_id FROM tls_session_rows t
                                                WHERE t.capture_id = p.capture_id AND t.source_line < p.line
                                                ORDER BY t.source_line DESC LIMIT 1)) AS start
    FROM (SELECT kept_id, 'kept' AS side, capture_id, source_line AS line FROM kept
          UNION ALL SELECT kept_id, 'held', held_capture, held_line FROM kept) p
)
SELECT a.source_line, f.path, a.owner_table, a.name, a.key, a.value, a.held_line, sf.path,
       CASE WHEN s.report_kind <> 'PASEARCH' AND s.report_kind NOT LIKE 'TTLS GROUP%'
                 AND k.report_kind <> 'PASEARCH' AND k.report_kind NOT LIKE 'TTLS GROUP%'
                 AND hs.start > ks.start
            THEN 'the copy of the connection that started later: ' || strftime('%m/%d/%Y %H:%M:%S', hs.start, 'unixepoch')
                 || ', where the other''s started ' || strftime('%m/%d/%Y %H:%M:%S', ks.start, 'unixepoch')
            WHEN length(s.captured_at) = length(k.captured_at) AND s.captured_at > k.captured_at
            THEN 'printed later'
            WHEN s.report_kind = 'PASEARCH' AND k.report_kind <> 'PASEARCH' THEN 'a pasearch dump of the same time'
            WHEN s.report_kind LIKE 'TTLS GROUP%' AND k.report_kind NOT LIKE 'TTLS GROUP%'
                 AND k.report_kind <> 'PASEARCH' THEN 'a TTLS GROUP report of the same time'
            WHEN s.report_kind = 'PASEARCH' OR s.report_kind LIKE 'TTLS GROUP%' THEN 'printed first'
            ELSE 'printed last' END
FROM kept a
JOIN captures k ON k.capture_id = a.capture_id
JOIN capture_files f ON f.file_id = k.file_id
JOIN captures s ON s.capture_id = a.held_capture
JOIN capture_files sf ON sf.file_id = s.file_id
JOIN starts ks ON ks.kept_id = a.kept_id AND ks.side = 'kept'
JOIN starts hs ON hs.kept_id = a.kept_id AND hs.side = 'held'
ORDER BY a.kept_id;
