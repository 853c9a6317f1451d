-- 0065_pruned_file_sizes: the size of a pruned file, with its sha256, so
-- that a later copy of a DISP=MOD data set that begins with the whole of a
-- pruned copy is read after it (its runs are the pruned days'), as when the
-- copy was in the inventory. Files pruned before: NULL, no later copy
-- matches them.
ALTER TABLE pruned_files ADD COLUMN size INTEGER;
