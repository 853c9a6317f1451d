-- The files read after a file that was moved or renamed name it where it is now.
-- Run by src/store/mod.rs (a move) and src/store/forget.rs (a move into another run).
UPDATE capture_files SET continues = ?2 WHERE continues = ?1
