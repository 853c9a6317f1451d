-- What `ttlsinv prune` kept of a deleted observation ?1 (the head of its connection at the prune
-- boundary): the last dates the connection was seen, told its protection, showed it policy_only or
-- better, negotiated (the ranks of `tells` in src/store/summarize/days.rs).
-- Run by src/store/summarize/days.rs.
SELECT seen, told, policy_only, negotiated FROM pruned_heads WHERE connection_id = ?1 LIMIT 1;
