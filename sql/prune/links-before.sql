-- The links of every stack as they are before the deletion (sql/prune/after.sql puts them back).
-- Run by src/store/prune.rs.
DROP TABLE IF EXISTS temp.links_before; CREATE TEMP TABLE links_before AS SELECT * FROM connection_links
