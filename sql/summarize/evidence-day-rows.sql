-- What the evidence of services reads of one day's connection rows; for a
-- listener, whether the report that printed it was filtered by its command
-- or cut before its end (a `Filter` or `Cut` attribute of the report:
-- such a list does not show all the stack's listeners). Run by
-- src/store/summarize/evidence.rs.
SELECT c.snapshot_id, c.state, c.local_ip, c.local_port, c.remote_ip, c.remote_port, c.job,
       c.state = 'Listen' AND EXISTS (SELECT 1 FROM attributes a
                                      WHERE a.owner_table = 'captures' AND a.owner_id = c.capture_id
                                        AND a.key IN ('Filter', 'Cut')) AS filtered
FROM snapshots s JOIN connections c ON c.snapshot_id = s.snapshot_id
WHERE s.system = ?1 AND s.stack = ?2 AND s.capture_date = ?3;
