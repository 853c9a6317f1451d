-- The rows of the selected system (:system), or of every system when it is NULL.
-- A condition, part of the queries lake/mod.rs builds.
-- Run by src/lake/mod.rs.
(:system IS NULL OR system = :system)
