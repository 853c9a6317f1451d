-- A connection's strongest entry now (rank, date), and before the days being summarized were read
-- again (their entries as kept by directions-begin.sql, the other days' as they are); the earliest
-- of equal rank, as v_connection_core takes it.
-- Run by src/store/summarize/directions.rs.
SELECT n.rank, n.capture_date, b.rank, b.capture_date
FROM (SELECT 1)
LEFT JOIN (SELECT rank, capture_date FROM connection_directions WHERE identity_id = ?1
           ORDER BY rank, capture_date LIMIT 1) n ON 1
LEFT JOIN (SELECT rank, capture_date FROM (
               SELECT rank, capture_date FROM temp.directions_before WHERE identity_id = ?1
               UNION ALL
               SELECT rank, capture_date FROM connection_directions WHERE identity_id = ?1
                   AND (system, stack, capture_date) NOT IN (SELECT * FROM temp.summary_days))
           ORDER BY rank, capture_date LIMIT 1) b ON 1
