-- 0047_partial_policy_captures: a snapshot whose reports printed the
-- policy of some connections alone (`NETSTAT TTLS CONN n DETAIL`, whose
-- command echo is kept as the report's `Filter`; TTLS GROUP, which prints
-- group actions) tells nothing of the rules and actions it leaves out, yet
-- policy-drift said they were `unused` there. snapshot_policies keeps
-- `partial`: the snapshot holds no TTLS DETAIL report of the whole list and
-- no pasearch dump. policy-drift says `not_captured` for what a partial
-- snapshot leaves out, and compares the next whole one with the last whole
-- one before it. The days whose snapshots have a policy and neither report
-- are summarized again; a TTLS CONN n DETAIL report ingested by an earlier
-- version kept no filter and reads as the whole list until its file is
-- ingested into a new database.
ALTER TABLE snapshot_policies ADD COLUMN partial INTEGER NOT NULL DEFAULT 0;

INSERT INTO summaries_pending (system, stack, capture_date)
SELECT DISTINCT s.system, s.stack, s.capture_date
FROM snapshot_policies p JOIN snapshots s ON s.snapshot_id = p.snapshot_id
WHERE NOT EXISTS (SELECT 1 FROM captures k
                  WHERE k.snapshot_id = p.snapshot_id AND k.report_kind IN ('TTLS DETAIL', 'PASEARCH'))
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;
