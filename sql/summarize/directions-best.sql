-- A connection's strongest entry now, and before the days being summarized were read again: their
-- entries as kept by directions-begin.sql, and the other days' as they are. Each as rank (one digit)
-- and date in one text, the first in the order of connection_directions' key (the earliest of equal
-- rank, as v_connection_core takes it); NOT EXISTS, where NOT IN (SELECT * FROM temp.summary_days)
-- builds a temporary table each time the statement runs (once per connection whose entries
-- changed: most of a first load's).
-- Run by src/store/summarize/directions.rs.
SELECT (SELECT rank || capture_date FROM connection_directions WHERE identity_id = ?1
        ORDER BY rank, capture_date LIMIT 1),
       (SELECT min(rank || capture_date) FROM temp.directions_before WHERE identity_id = ?1),
       (SELECT rank || capture_date FROM connection_directions x WHERE identity_id = ?1
            AND NOT EXISTS (SELECT 1 FROM temp.summary_days d
                            WHERE d.system = x.system AND d.stack = x.stack AND d.capture_date = x.capture_date)
        ORDER BY rank, capture_date LIMIT 1)
