-- A counter that fell under an unchanged start (see links-falls-table.sql).
-- Run by src/store/summarize/links.rs.
INSERT OR REPLACE INTO temp.counter_falls (connection_id, previous_id, counter, before, now, before_whole, grown)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);
