-- A field another report of the snapshot already gave the row is not added again (src/store/write.rs
-- keeps the value of the print that stands, as for typed columns: see print-stands.sql): TTLS DETAIL
-- prints a rule and its actions in every report it is part of. Nor one an earlier print in the same report gave a rule or action (?7, the
-- line of this print: a report prints them again for each connection they serve).
-- Run by src/store/write.rs.
INSERT INTO attributes (capture_id, source_line, owner_table, owner_id, key, value)
SELECT ?1, ?2, ?3, ?4, ?5, ?6
WHERE NOT EXISTS (SELECT 1 FROM attributes
                  WHERE owner_table = ?3 AND owner_id = ?4 AND key = ?5
                    AND (capture_id <> ?1 OR source_line < ?7));
