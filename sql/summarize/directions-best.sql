-- A connection's strongest entry now, and before the days being summarized were read again: their
-- entries as kept by directions-begin.sql, and the other days' as they are. Each as the least of
-- rank (one digit) and date in one text, as v_connection_core takes it (the earliest of equal
-- rank): three lookups by the primary key, where ORDER BY ... LIMIT 1 sorts for every connection,
-- and NOT IN (SELECT * FROM temp.summary_days) builds a temporary table, each time the statement
-- runs (once per connection whose entries changed: most of a first load's).
-- Run by src/store/summarize/directions.rs.
SELECT (SELECT min(rank || capture_date) FROM connection_directions WHERE identity_id = ?1),
       (SELECT min(rank || capture_date) FROM temp.directions_before WHERE identity_id = ?1),
       (SELECT min(rank || capture_date) FROM connection_directions x WHERE identity_id = ?1
            AND NOT EXISTS (SELECT 1 FROM temp.summary_days d
                            WHERE d.system = x.system AND d.stack = x.stack AND d.capture_date = x.capture_date))
