-- Whether the days being summarized had entries before (directions-begin.sql kept them): when none
-- had, a connection's strongest entry before is that of the other days, which
-- src/store/summarize/directions.rs read with its first row.
-- Run by src/store/summarize/directions.rs.
SELECT EXISTS (SELECT 1 FROM temp.directions_before)
