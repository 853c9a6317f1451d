-- The capture dates with data, in order, within the selection.
-- Run by src/lake/mod.rs.
SELECT DISTINCT capture_date FROM (
    SELECT capture_date FROM snapshots WHERE (:system IS NULL OR system = :system)
    UNION SELECT capture_date FROM capture_files WHERE (:system IS NULL OR system = :system))
WHERE (:from IS NULL OR capture_date >= :from) AND (:to IS NULL OR capture_date <= :to)
ORDER BY capture_date
