-- The days not being summarized that a connection was seen on (its entries there).
-- Run by src/store/summarize/directions.rs.
SELECT system, stack, capture_date FROM connection_directions
WHERE identity_id = ?1 AND (system, stack, capture_date) NOT IN (SELECT * FROM temp.summary_days)
