-- 0101_reports_after_midnight: a report of a run that crossed midnight (ALL at 23:59:58, TTLS
-- at 00:00:03) was taken on the next day's clock, but `captures.captured_at` gave it the date of
-- its snapshot: a day early, before its run's first report (review 18a F1). Its own captured_at
-- is stored now, by the rule by which the run is dated (upsert-snapshot.sql: report times more
-- than 20 hours apart crossed midnight, the run started at the later time of day). The
-- connection of such a run compared with its TTLS list's time (v_connection_core: a connection
-- started after the list printed is `not_captured`) may change state: its days are summarized
-- again by the next ingest.
CREATE TEMP TABLE after_midnight AS
SELECT k.capture_id, k.snapshot_id,
       strftime('%Y-%m-%dT%H:%M:%S', s.capture_date || 'T' || k.header_time, '+1 day') AS taken_at
FROM capture_rows k JOIN snapshots s ON s.snapshot_id = k.snapshot_id
WHERE k.captured_at IS NULL AND k.header_time IS NOT NULL AND length(s.captured_at) = 19
  AND julianday(s.captured_at) - julianday(s.capture_date || 'T' || k.header_time) > 20.0 / 24;

UPDATE capture_rows SET captured_at = (SELECT taken_at FROM temp.after_midnight a WHERE a.capture_id = capture_rows.capture_id)
WHERE capture_id IN (SELECT capture_id FROM temp.after_midnight);

INSERT INTO summaries_pending (system, stack, capture_date)
SELECT DISTINCT s.system, s.stack, s.capture_date FROM snapshots s
WHERE s.snapshot_id IN (SELECT snapshot_id FROM temp.after_midnight)
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;

DROP TABLE temp.after_midnight;
