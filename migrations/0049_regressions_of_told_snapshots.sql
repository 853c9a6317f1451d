-- 0049_regressions_of_told_snapshots: regressions compare the snapshots
-- that told an endpoint's protection (negotiated or cleartext) alone
-- (src/store/summarize/days.rs): a snapshot of ALLCONN alone, or of ALL
-- without a TTLS report, taken for a day's first or last state, or between
-- two steps, hid the change across it, and a day of such snapshots alone
-- hid the change from the day before it to the day after. The days that
-- can change are rebuilt by the next ingest: those whose first or last
-- state of an endpoint told nothing, and those of several snapshots of a
-- stack (a step between them may have passed through one); the day after
-- each is compared again with it.
INSERT INTO summaries_pending (system, stack, capture_date)
SELECT system, stack, capture_date FROM endpoint_days
WHERE first_protected IS NULL OR last_protected IS NULL
UNION
SELECT system, stack, capture_date FROM snapshots
GROUP BY 1, 2, 3 HAVING count(*) > 1
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;
