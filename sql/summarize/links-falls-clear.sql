-- The counters that fell, once said (see links-falls.sql).
-- Run by src/store/summarize/links.rs.
DELETE FROM temp.counter_falls
