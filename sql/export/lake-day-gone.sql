-- Whether the database once held day :day (ingest numbered its changes)
-- and `prune` did not delete its facts (of system :system, or of any):
-- with no capture left, such a day is gone from the database. A pruned day
-- keeps its summaries in the database and its partitions in the lake, and
-- a day the database never held (a lake folder shared with another
-- database) is left alone.
-- Run by src/lake/write.rs.
SELECT EXISTS (SELECT 1 FROM day_changes WHERE capture_date = :day)
   AND NOT EXISTS (SELECT 1 FROM pruned_days WHERE capture_date = :day AND (:system IS NULL OR system = :system))
