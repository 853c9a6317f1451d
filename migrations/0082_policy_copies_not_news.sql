-- 0082_policy_copies_not_news: a TTLS print of a rule or action tells the policy as of the start
-- of its connections; a capture whose connections all started before the newest one an earlier
-- capture printed the object for prints an older copy (AT-TLS keeps a connection's copy for its
-- life), which the policy fingerprints now leave out (review 15b F9: a long-lived connection's
-- old copy was taken for a change back). The days whose snapshots hold a TTLS print of a rule
-- are rebuilt by the next ingest.
INSERT INTO summaries_pending (system, stack, capture_date)
SELECT DISTINCT s.system, s.stack, s.capture_date FROM rules r
JOIN snapshots s ON s.snapshot_id = r.snapshot_id
WHERE r.source = 'netstat'
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;
