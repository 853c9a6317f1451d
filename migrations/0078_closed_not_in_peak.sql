-- 0078_closed_not_in_peak: daily_capacity's peak counts the connections open in a run. A connection
-- ALLCONN lists as `Closed` (recently closed) was seen that day and still counts among its
-- connections, but was not open when NETSTAT ran (review 15a F9: peak 4 in a run where one was
-- open). The days whose snapshots hold such a row are rebuilt by the next ingest.
INSERT INTO summaries_pending (system, stack, capture_date)
SELECT DISTINCT s.system, s.stack, s.capture_date FROM connection_rows c
JOIN snapshots s ON s.snapshot_id = c.snapshot_id
WHERE c.state_text_id = (SELECT text_id FROM texts WHERE text = 'Closed')
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;
