-- A later row of the connection that day had stronger evidence (a lower rank, ?3, than the entry's,
-- ?4): the entry keeps the strongest, with the direction it gives.
-- Run by src/store/summarize/directions.rs.
UPDATE connection_directions SET rank = ?3, direction = ?5
WHERE identity_id = ?1 AND rank = ?4 AND capture_date = ?2
