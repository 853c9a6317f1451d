-- Every setting of the policies of the snapshots of the days, in a fixed order.
-- Run by src/store/summarize/mod.rs.
SELECT p.snapshot_id, p.object, p.name, p.setting, p.value
FROM v_policy_settings p
WHERE p.snapshot_id IN (SELECT s.snapshot_id FROM snapshots s JOIN temp.summary_days USING (system, stack, capture_date))
ORDER BY p.snapshot_id, p.object, p.name, p.setting;
