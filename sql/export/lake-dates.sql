-- The dates of the selection: one day (:day), or a period (:from, :to); a parameter that
-- is NULL (or not bound) does not filter. A condition, part of the queries lake/mod.rs builds.
-- Run by src/lake/mod.rs.
(:day IS NULL OR capture_date = :day) AND (:from IS NULL OR capture_date >= :from) AND (:to IS NULL OR capture_date <= :to)
