-- One direction for a connection's life (src/store/summarize/directions.rs), for the days in
-- temp.summary_days: what their rows left in connection_directions is kept as it was, to tell which
-- connections changed, and cleared (their rows leave it again as they are read).
-- Run by src/store/summarize/mod.rs.
DROP TABLE IF EXISTS temp.directions_before;
CREATE TEMP TABLE directions_before AS
SELECT * FROM connection_directions WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days);
CREATE INDEX temp.directions_before_identity ON directions_before (identity_id);
DELETE FROM connection_directions WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days);
