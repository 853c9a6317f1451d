-- Whether a stack has rows whose conn id was made up (`-JOB-PORT-FOREIGN`: BYTEINFO's monitor
-- layout prints none); the range finds them by the index of each snapshot's conn ids. Or whether a
-- prune kept heads of such rows.
-- Run by src/store/summarize/links.rs.
SELECT EXISTS (SELECT 1 FROM snapshots s JOIN connection_rows c ON c.snapshot_id = s.snapshot_id
WHERE s.system = ?1 AND s.stack = ?2 AND c.conn_id >= '-' AND c.conn_id < '.')
    OR EXISTS (SELECT 1 FROM pruned_heads WHERE system = ?1 AND stack = ?2 AND conn_id >= '-' AND conn_id < '.')
