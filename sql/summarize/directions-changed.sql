-- The connections whose entries of the days being summarized are gone or other than they were
-- (see directions-begin.sql): what other days read of them may have changed.
-- Run by src/store/summarize/directions.rs.
SELECT DISTINCT identity_id FROM (
    SELECT identity_id, capture_date, rank, direction FROM temp.directions_before
    EXCEPT
    SELECT identity_id, capture_date, rank, direction FROM connection_directions
    WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days)
)
