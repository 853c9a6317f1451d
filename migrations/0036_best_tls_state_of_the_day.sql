-- 0036_best_tls_state_of_the_day: a connection counts once a day in the TLS
-- state of its snapshot of the day that told the most (negotiated, then
-- policy_only, then not_captured or clear, then unknown), not in that of its
-- first snapshot (src/store/summarize/days.rs). Only a day with more than one
-- snapshot of a stack can count otherwise: those days are rebuilt by the next
-- ingest.
INSERT INTO summaries_pending (system, stack, capture_date)
SELECT system, stack, capture_date FROM snapshots GROUP BY 1, 2, 3 HAVING count(*) > 1
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;
