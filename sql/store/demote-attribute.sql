-- A field without a typed column of a rule or action (?1 ?2) that a print standing over the one
-- that gave it (see print-stands.sql) gives otherwise (?3 ?4): the value held is kept as
-- `<key> (other report)` where it was printed, once (drop-attribute.sql then deletes it, and the
-- standing print's is written).
-- Run by src/store/write.rs.
INSERT INTO attributes (capture_id, source_line, owner_table, owner_id, key, value)
SELECT capture_id, source_line, owner_table, owner_id, key || ' (other report)', value FROM attributes a
WHERE owner_table = ?1 AND owner_id = ?2 AND key = ?3 AND value <> ?4
  AND NOT EXISTS (SELECT 1 FROM attributes o WHERE o.owner_table = ?1 AND o.owner_id = ?2
                                              AND o.key = ?3 || ' (other report)' AND o.value = a.value)
