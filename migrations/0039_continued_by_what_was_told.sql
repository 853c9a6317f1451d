-- 0039_continued_by_what_was_told: a row of daily_endpoints and
-- daily_services continues from the last earlier date the connection was
-- seen in a state that told at least as much of its protection as the row's
-- (src/store/summarize/days.rs), not from the last date it was seen at all:
-- a connection ALLCONN alone saw before TTLS showed its session counted as
-- neither weak, negotiated nor in cleartext over a period that held both
-- days. Every day that follows another of its stack can count otherwise:
-- those days are rebuilt by the next ingest.
INSERT INTO summaries_pending (system, stack, capture_date)
SELECT system, stack, capture_date FROM snapshots s
WHERE EXISTS (SELECT 1 FROM snapshots e
              WHERE e.system = s.system AND e.stack = s.stack AND e.capture_date < s.capture_date)
GROUP BY 1, 2, 3
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;
