-- The values of rules and actions kept as attributes (see keep-other-value.sql) since attribute
-- row ?1, in the order kept: the line and file that printed each, its table and name, key and value.
-- Run by src/store/write.rs, to say them as notes of the file being written.
SELECT a.source_line, f.path, a.owner_table, coalesce(r.name, g.name, e.name, c.name), a.key, a.value
FROM attributes a
JOIN capture_rows k ON k.capture_id = a.capture_id
JOIN capture_files f ON f.file_id = k.file_id
LEFT JOIN rules r ON a.owner_table = 'rules' AND r.rule_id = a.owner_id
LEFT JOIN group_actions g ON a.owner_table = 'group_actions' AND g.group_action_id = a.owner_id
LEFT JOIN env_actions e ON a.owner_table = 'env_actions' AND e.env_action_id = a.owner_id
LEFT JOIN conn_actions c ON a.owner_table = 'conn_actions' AND c.conn_action_id = a.owner_id
WHERE a.rowid > ?1 AND a.owner_table IN ('rules', 'group_actions', 'env_actions', 'conn_actions')
  AND a.key LIKE '% (other report)'
ORDER BY a.rowid;
