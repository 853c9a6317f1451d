-- No pruned day waits for a rebuild, which would empty its summaries: they stay as the prune left
-- them (a link changed by a day read late or read again marks only days with facts).
-- Run by src/store/prune.rs and src/store/summarize/mod.rs.
DELETE FROM summaries_pending WHERE (system, stack, capture_date) IN
    (SELECT system, stack, capture_date FROM pruned_days);
