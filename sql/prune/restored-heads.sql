-- After an ingest that read pruned captures again on purpose: the heads a prune kept of a stack
-- stand before every row of the stack; one taken at or after the stack's first snapshot (not a stub
-- of a pruned one's policy) now is no longer the boundary (its pruned observations may be back),
-- and goes.
-- Run by src/store/prune.rs.
DELETE FROM pruned_heads WHERE captured_at >= (SELECT min(s.captured_at) FROM snapshots s
    WHERE s.system = pruned_heads.system AND s.stack = pruned_heads.stack AND NOT s.pruned);
