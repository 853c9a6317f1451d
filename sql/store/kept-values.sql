-- The values of rules and actions kept as attributes (see keep-other-value.sql) since attribute
-- row ?1, in the order kept: the line and file that printed each, its table and name, key and
-- value, and the line and file of the print that stands in the row, with why it stands (see
-- print-stands.sql).
-- Run by src/store/write.rs, to say them as notes of the file being written.
SELECT a.source_line, f.path, a.owner_table, coalesce(r.name, g.name, e.name, c.name), a.key, a.value,
       coalesce(r.source_line, g.source_line, e.source_line, c.source_line), sf.path,
       CASE WHEN length(s.captured_at) = length(k.captured_at) AND s.captured_at > k.captured_at
            THEN 'printed later'
            WHEN s.report_kind = 'PASEARCH' AND k.report_kind <> 'PASEARCH' THEN 'a pasearch dump of the same time'
            WHEN s.report_kind LIKE 'TTLS GROUP%' AND k.report_kind NOT LIKE 'TTLS GROUP%'
                 AND k.report_kind <> 'PASEARCH' THEN 'a TTLS GROUP report of the same time'
            WHEN s.report_kind = 'PASEARCH' OR s.report_kind LIKE 'TTLS GROUP%' THEN 'printed first'
            ELSE 'printed last' END
FROM attributes a
JOIN captures k ON k.capture_id = a.capture_id
JOIN capture_files f ON f.file_id = k.file_id
LEFT JOIN rules r ON a.owner_table = 'rules' AND r.rule_id = a.owner_id
LEFT JOIN group_actions g ON a.owner_table = 'group_actions' AND g.group_action_id = a.owner_id
LEFT JOIN env_actions e ON a.owner_table = 'env_actions' AND e.env_action_id = a.owner_id
LEFT JOIN conn_actions c ON a.owner_table = 'conn_actions' AND c.conn_action_id = a.owner_id
JOIN captures s ON s.capture_id = coalesce(r.capture_id, g.capture_id, e.capture_id, c.capture_id)
JOIN capture_files sf ON sf.file_id = s.file_id
WHERE a.rowid > ?1 AND a.owner_table IN ('rules', 'group_actions', 'env_actions', 'conn_actions')
  AND a.key LIKE '% (other report)'
ORDER BY a.rowid;
