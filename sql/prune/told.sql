-- Per connection (identity), the last date the rows being pruned, and the heads an earlier prune
-- kept, saw it at all, told its protection (clear, not_captured or better), showed it policy_only
-- or better, negotiated: what src/store/summarize/days.rs reads back for a later day's
-- `continued_from` (the ranks of its `tells`). Dropped by sql/prune/after.sql.
-- Run by src/store/summarize/links.rs.
DROP TABLE IF EXISTS temp.pruned_told;
CREATE TEMP TABLE pruned_told (identity_id INTEGER PRIMARY KEY, seen, told, policy_only, negotiated);
INSERT INTO temp.pruned_told
SELECT identity_id, max(capture_date),
    max(CASE WHEN tls_state IN ('negotiated', 'policy_only', 'not_captured', 'clear') THEN capture_date END),
    max(CASE WHEN tls_state IN ('negotiated', 'policy_only') THEN capture_date END),
    max(CASE WHEN tls_state = 'negotiated' THEN capture_date END)
FROM v_connection_core
WHERE snapshot_id IN (SELECT snapshot_id FROM temp.prune_snapshots) AND identity_id IS NOT NULL
GROUP BY identity_id;
-- the later of the two, either missing
INSERT INTO temp.pruned_told
SELECT identity_id, max(seen), max(told), max(policy_only), max(negotiated) FROM pruned_heads WHERE true
GROUP BY identity_id
ON CONFLICT (identity_id) DO UPDATE SET
    seen = nullif(max(coalesce(seen, ''), coalesce(excluded.seen, '')), ''),
    told = nullif(max(coalesce(told, ''), coalesce(excluded.told, '')), ''),
    policy_only = nullif(max(coalesce(policy_only, ''), coalesce(excluded.policy_only, '')), ''),
    negotiated = nullif(max(coalesce(negotiated, ''), coalesce(excluded.negotiated, '')), '');
