-- The files read after a file that was moved or renamed (see
-- move-continuing.sql, run before) say where it is now: ?1 and ?2 are its
-- paths as shown, before and after, ?3 the new path as kept.
-- Run by src/store/mod.rs (a move) and src/store/forget.rs (a move into another run).
UPDATE walked_files SET reason = replace(reason, 'are ' || ?1 || ', ', 'are ' || ?2 || ', ')
WHERE path IN (SELECT path FROM capture_files WHERE continues = ?3)
