-- After an ingest that read pruned captures again on purpose: a head a prune kept goes when its
-- day is read again (its observation is back); one of a day still pruned stays, and a walk of the
-- stack takes it in its time (src/store/summarize/links.rs), so the days after it continue it as
-- before and the days read again, earlier, do not. The head's capture date, not the day of its
-- time: a run filed under its path's date may print its time after midnight (0069).
-- Run by src/store/prune.rs.
DELETE FROM pruned_heads WHERE NOT EXISTS (SELECT 1 FROM pruned_days d
    WHERE d.system = pruned_heads.system AND d.stack = pruned_heads.stack
      AND d.capture_date = pruned_heads.head_date);
