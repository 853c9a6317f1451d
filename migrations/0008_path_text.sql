-- 0008_path_text: paths are now stored one text per path, so that names
-- that are not UTF-8 (Latin-1 names copied by FTP) no longer collide: a
-- byte that is not UTF-8 is written `\xNN` and a backslash `\\`. Paths
-- written before held no `\xNN` escapes (such bytes were replaced by U+FFFD);
-- their backslashes are doubled here, so that they read back as the same
-- path and their files stay "unchanged". The run key starts with the folder.
UPDATE capture_files SET path = replace(path, '\', '\\') WHERE instr(path, '\') > 0;
UPDATE ingest_problems SET path = replace(path, '\', '\\') WHERE instr(path, '\') > 0;
UPDATE snapshots SET run_key = replace(run_key, '\', '\\') WHERE instr(run_key, '\') > 0;
