-- Rebuilding the summaries of migration 0006 for the days in
-- temp.summary_days (system, stack, capture_date), part 1 of 2, in the
-- caller's transaction: clear what those days had. Between the parts, the
-- store reads the days' rows (days-rows.sql) and writes daily_endpoints, daily_services,
-- daily_capacity, endpoint_days, negotiated_days, connection_protection, unshown_traffic and the steps between snapshots of a day.

-- The endpoint days being replaced: the next day each was seen on compares
-- with a different day now. (Read by the day index: the planner prefers the
-- covering endpoint index, bounded by system and stack only, which reads
-- every day of the stack and grows with the database.)
DROP TABLE IF EXISTS temp.touched_endpoints;
CREATE TEMP TABLE touched_endpoints AS
SELECT system, stack, job, direction, service_port, remote_ip, capture_date FROM endpoint_days INDEXED BY endpoint_days_day
WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days);

DELETE FROM daily_endpoints WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days);
DELETE FROM daily_services WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days);
DELETE FROM daily_capacity WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days);
DELETE FROM connection_protection WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days);
DELETE FROM unshown_traffic WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days);
DELETE FROM endpoint_days WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days);
DELETE FROM regressions WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days);
DELETE FROM negotiated_days WHERE snapshot_id IN
    (SELECT s.snapshot_id FROM snapshots s JOIN temp.summary_days USING (system, stack, capture_date));

-- Steps from one snapshot that saw an endpoint to the next, to be judged.
DROP TABLE IF EXISTS temp.steps;
CREATE TEMP TABLE steps (
    system, stack, job, direction, service_port, remote_ip, capture_date, across_days,
    before_at, before_protected, before_protocol, before_protocol_rank, before_cipher, before_aead, before_grade,
    before_grade_rank,
    after_at, after_protected, after_protocol, after_protocol_rank, after_cipher, after_aead, after_grade,
    after_grade_rank, before_key_share, after_key_share
);
