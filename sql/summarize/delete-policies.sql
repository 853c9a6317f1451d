-- The policy fingerprints of the snapshots of the days, cleared before they are worked out again.
-- Run by src/store/summarize/mod.rs.
DELETE FROM snapshot_policies WHERE snapshot_id IN
    (SELECT s.snapshot_id FROM snapshots s JOIN temp.summary_days USING (system, stack, capture_date));
DELETE FROM policy_objects WHERE snapshot_id IN
    (SELECT s.snapshot_id FROM snapshots s JOIN temp.summary_days USING (system, stack, capture_date));
