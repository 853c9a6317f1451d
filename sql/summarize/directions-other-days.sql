-- The days not being summarized that a connection was seen on (its entries there).
-- Run by src/store/summarize/directions.rs.
SELECT system, stack, capture_date FROM connection_directions x
WHERE identity_id = ?1
  -- not NOT IN: see directions-best.sql
  AND NOT EXISTS (SELECT 1 FROM temp.summary_days d
                  WHERE d.system = x.system AND d.stack = x.stack AND d.capture_date = x.capture_date)
