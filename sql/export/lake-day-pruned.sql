-- Whether `prune` deleted the facts of day :day (of system :system, or of
-- any): the lake keeps such a day, as the database keeps its summaries.
-- Run by src/lake/write.rs.
SELECT EXISTS (SELECT 1 FROM pruned_days WHERE capture_date = :day AND (:system IS NULL OR system = :system))
