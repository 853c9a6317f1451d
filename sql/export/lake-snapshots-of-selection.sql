-- The snapshots of the selected dates (see lake-dates.sql) and system (:system).
-- A subquery of the queries lake/mod.rs builds.
-- Run by src/lake/mod.rs.
SELECT snapshot_id FROM snapshots WHERE (:day IS NULL OR capture_date = :day) AND (:from IS NULL OR capture_date >= :from) AND (:to IS NULL OR capture_date <= :to) AND (:system IS NULL OR system = :system)
