-- A row's own evidence of direction on its day: its connection's entry of that day keeps the
-- strongest (the lowest rank), with the direction it gives.
-- Run by src/store/summarize/directions.rs.
INSERT INTO connection_directions (identity_id, capture_date, system, stack, rank, direction)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT (identity_id, capture_date) DO UPDATE SET rank = excluded.rank, direction = excluded.direction
WHERE excluded.rank < connection_directions.rank
