-- 0056_seen_before: a row of daily_endpoints and daily_services keeps the last
-- earlier date its connections were seen at all, whatever their state told
-- (seen_before), beside the last date they were seen in a state that told at
-- least as much (continued_from, 0039): tls-adoption's new_connections counts
-- a connection on its first date in the period, where continued_from counted
-- it again on the first date it told more (TLS not captured one day,
-- negotiated the next: new on both). Until the next ingest rebuilds them, the
-- rows keep their old answers (seen_before = continued_from); every day that
-- follows another of its stack can count otherwise.
ALTER TABLE daily_endpoints ADD COLUMN seen_before TEXT;
ALTER TABLE daily_services ADD COLUMN seen_before TEXT;
UPDATE daily_endpoints SET seen_before = continued_from;
UPDATE daily_services SET seen_before = continued_from;
INSERT INTO summaries_pending (system, stack, capture_date)
SELECT system, stack, capture_date FROM snapshots s
WHERE EXISTS (SELECT 1 FROM snapshots e
              WHERE e.system = s.system AND e.stack = s.stack AND e.capture_date < s.capture_date)
GROUP BY 1, 2, 3
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;
