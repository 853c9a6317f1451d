-- The days whose summaries were rebuilt since change mark ?1.
-- Run by src/lake/write.rs.
SELECT capture_date FROM day_changes WHERE change > ?1
