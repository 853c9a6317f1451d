-- The (from, to) columns of foreign key ?2 of table ?1.
-- Run by src/store/check.rs.
SELECT "from", "to" FROM pragma_foreign_key_list(?1) WHERE id = ?2 ORDER BY seq
