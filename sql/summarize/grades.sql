-- The rank of each grade (1 worst), from which src/store/summarize/days.rs works out a row's worst
-- grade as v_connection_core does.
-- Run by src/store/summarize/days.rs.
SELECT grade, rank FROM grades
