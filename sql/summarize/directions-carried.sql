-- A connection's strongest entry, as v_connection_core's `carried` reads it (migration 0071), read
-- with its first row of the days being summarized: their entries are cleared then
-- (directions-begin.sql), so it is the other days'; src/store/summarize/directions.rs keeps it as
-- the rows write theirs.
-- Run by src/store/summarize/directions.rs.
SELECT rank, capture_date, direction FROM connection_directions
WHERE identity_id = ?1 ORDER BY rank, capture_date LIMIT 1
