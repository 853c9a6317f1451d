-- A value of a rule or action that another print of it in its snapshot gives otherwise (a setting,
-- a list of codes in order, or a field without a typed column), kept as the attribute
-- `<key> (other report)` in the report and line that printed it: the value of the print that
-- stands (print-stands.sql) is the row's, and every other one is kept, once.
-- Run by src/store/write.rs.
INSERT INTO attributes (capture_id, source_line, owner_table, owner_id, key, value)
SELECT ?1, ?2, ?3, ?4, ?5 || ' (other report)', ?6
WHERE NOT EXISTS (SELECT 1 FROM attributes
                  WHERE owner_table = ?3 AND owner_id = ?4 AND key IN (?5, ?5 || ' (other report)') AND value = ?6);
