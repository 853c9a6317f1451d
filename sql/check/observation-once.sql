-- No observation is ingested twice (same content, system and date): one row a violation.
-- Run by src/store/check.rs.
SELECT sha256 || ' on ' || system || ' ' || capture_date || ' is ingested ' || count(*) || ' times'
FROM capture_files GROUP BY sha256, system, capture_date HAVING count(*) > 1
