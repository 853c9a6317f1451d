-- 0068_text_identities: the size and hash of a capture file's text as the
-- parser reads it (expanded, decoded, each line without its line end and
-- trailing blanks, followed by a line end), so that a DISP=MOD copy is told
-- to begin with the whole of an earlier copy whatever the other's line ends,
-- blanks or compression. NULL: the file's bytes are that text (files
-- ingested before are compared by their bytes, as they were).
ALTER TABLE capture_files ADD COLUMN text_size INTEGER;
ALTER TABLE capture_files ADD COLUMN text_sha256 TEXT;
ALTER TABLE pruned_files ADD COLUMN text_size INTEGER;
ALTER TABLE pruned_files ADD COLUMN text_sha256 TEXT;
