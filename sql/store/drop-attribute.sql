-- The field demote-attribute.sql kept as `<key> (other report)`, no longer the row's.
-- Run by src/store/write.rs.
DELETE FROM attributes WHERE owner_table = ?1 AND owner_id = ?2 AND key = ?3 AND value <> ?4
