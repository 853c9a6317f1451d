-- 0092_runs_in_file_order: a capture run appended later to a file is later, whatever its printed
-- time says (review 16b F2). On the night daylight saving time ends a DISP=MOD data set holds a run
-- printed at 01:50:01 and, after the clock went back, the next run printed at 01:05:01: its snapshot
-- (run key `...|run 2`) was taken for the earlier one, its higher counters for the lower ones, and
-- a version upgrade between the two for a regression. Ingest now puts such a run forward by the
-- fewest whole hours that bring it after the run above it in its file (src/ingest/read.rs,
-- `file_order`); this does the same to the snapshots stored: per system, capture date and file
-- (its run key without `|run N`), each run's time (its earliest snapshot's) is compared with the
-- run before it, once that one is placed. A run printed more than 20 hours earlier (runs appended
-- after midnight) is put forward whole days by ingest; here it is left as stored, as its reports
-- may print their date (a SYSLOG extract), which this cannot tell.
CREATE TEMP TABLE file_order_shifts AS
WITH RECURSIVE keyed AS (
    SELECT system, capture_date, run_key, captured_at, rtrim(run_key, '0123456789') AS stem
    FROM snapshots WHERE length(captured_at) = 19
),
runs AS (
    SELECT system, capture_date, run_key,
           CASE WHEN stem LIKE '%|run ' AND length(stem) < length(run_key)
                THEN substr(stem, 1, length(stem) - 5) ELSE run_key END AS file_key,
           CASE WHEN stem LIKE '%|run ' AND length(stem) < length(run_key)
                THEN CAST(substr(run_key, length(stem) + 1) AS INTEGER) ELSE 1 END AS n,
           min(captured_at) AS at
    FROM keyed GROUP BY system, capture_date, run_key
),
-- Each run with the seconds it is put forward: the whole hours after the run before it, placed.
placed (system, capture_date, file_key, n, run_key, at, shift) AS (
    SELECT system, capture_date, file_key, n, run_key, at, 0 FROM runs WHERE n = 1
    UNION ALL
    SELECT r.system, r.capture_date, r.file_key, r.n, r.run_key, r.at,
           CASE WHEN CAST(strftime('%s', p.at) AS INTEGER) + p.shift - CAST(strftime('%s', r.at) AS INTEGER) BETWEEN 1 AND 72000
                THEN ((CAST(strftime('%s', p.at) AS INTEGER) + p.shift - CAST(strftime('%s', r.at) AS INTEGER)) / 3600 + 1) * 3600 ELSE 0 END
    FROM placed p
    JOIN runs r ON r.system = p.system AND r.capture_date = p.capture_date AND r.file_key = p.file_key
               AND r.n = p.n + 1
)
SELECT system, capture_date, run_key, shift FROM placed WHERE shift > 0;

UPDATE snapshots SET captured_at = strftime('%Y-%m-%dT%H:%M:%S', captured_at, '+' || f.shift || ' seconds')
FROM temp.file_order_shifts f
WHERE snapshots.system = f.system AND snapshots.capture_date = f.capture_date AND snapshots.run_key = f.run_key;

-- Their stacks are linked again whole by the next ingest, as are those with a counter below the one
-- before it under the same connection: linking now goes on from the value before a fall no wrap
-- explains, never counting again what was counted up to it (src/store/summarize/links.rs).
DELETE FROM connection_links WHERE (system, stack) IN (
    SELECT s.system, s.stack FROM snapshots s JOIN temp.file_order_shifts f
        ON s.system = f.system AND s.capture_date = f.capture_date AND s.run_key = f.run_key
    UNION
    SELECT s.system, s.stack FROM connection_rows c
    JOIN connection_rows p ON p.connection_id = c.previous_id
    JOIN snapshots s ON s.snapshot_id = c.snapshot_id
    WHERE c.bytes_in < p.bytes_in OR c.bytes_out < p.bytes_out OR c.segments_in < p.segments_in
       OR c.segments_out < p.segments_out);

-- The days of such a stack from the first run put forward on wait for their summaries again (a day's
-- last observation is the next day's step from it); linking marks those whose traffic changes.
INSERT INTO summaries_pending (system, stack, capture_date)
SELECT DISTINCT s.system, s.stack, s.capture_date FROM snapshots s
JOIN (SELECT m.system, m.stack, min(m.capture_date) AS since FROM snapshots m JOIN temp.file_order_shifts f
          ON m.system = f.system AND m.capture_date = f.capture_date AND m.run_key = f.run_key
      GROUP BY m.system, m.stack) d ON d.system = s.system AND d.stack = s.stack
WHERE s.capture_date >= d.since AND s.pruned = 0
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;

DROP TABLE temp.file_order_shifts;
