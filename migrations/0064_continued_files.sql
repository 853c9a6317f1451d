-- 0064_continued_files: a capture file that begins with the whole of an
-- earlier file of its system (a data set written with DISP=MOD, downloaded
-- again: each copy holds the runs of the copies before it) is read after
-- it. `continues` is that earlier file's path, so that forgetting it
-- (changed, or gone with --prune-missing) reads the later one again; a path,
-- not a file_id, as the earlier file read again keeps its path. Files
-- ingested before were read whole: NULL.
ALTER TABLE capture_files ADD COLUMN continues TEXT;
CREATE INDEX capture_files_continues ON capture_files (continues) WHERE continues IS NOT NULL;
