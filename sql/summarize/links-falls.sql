-- The counters that fell under an unchanged start since the last read (links-falls-table.sql), to be
-- said: the file and line that printed the row's counters, its conn id, job and start, the counter
-- with its values before and now, the file and line that printed the counters of the observation it
-- continues, the digits the row's counters were printed in, whether the value before was printed
-- whole and the counter whose growth shows the connection moved on; the falls of rows linked otherwise since
-- are left out. A row's counters were printed at its source line unless the attribute `Counters
-- (other report)` names another (an ALLCONN line stands over the BYTEINFO entry that printed them:
-- review 15a F7). Read once: `links-falls-clear.sql` empties the table after.
-- Run by src/store/summarize/links.rs.
WITH printed AS (
    SELECT c.connection_id, f.path, coalesce(a.source_line, c.source_line) AS line
    FROM connection_rows c
    LEFT JOIN attributes a
        ON a.owner_table = 'connections' AND a.owner_id = c.connection_id AND a.key = 'Counters (other report)'
    JOIN capture_rows k ON k.capture_id = coalesce(a.capture_id, c.capture_id)
    JOIN capture_files f ON f.file_id = k.file_id
    WHERE c.connection_id IN (SELECT connection_id FROM temp.counter_falls
                              UNION SELECT previous_id FROM temp.counter_falls)
)
SELECT pc.path, pc.line, c.conn_id, c.job, c.started_at, f.counter, f.before, f.now, pp.path,
    pp.line, c.counter_digits, f.before_whole, f.grown
FROM temp.counter_falls f
JOIN connections c ON c.connection_id = f.connection_id AND c.previous_id IS f.previous_id
JOIN printed pc ON pc.connection_id = c.connection_id
LEFT JOIN printed pp ON pp.connection_id = f.previous_id
ORDER BY pc.path, pc.line, f.counter
