-- A connection's entry of a day, from the first of its rows that day with evidence of its own.
-- Run by src/store/summarize/directions.rs, once per connection and day.
INSERT INTO connection_directions (identity_id, capture_date, system, stack, rank, direction)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
