-- A grade and its rank (worst first).
-- Run by src/store/reference.rs on every open for writing.
INSERT INTO grades (grade, rank) VALUES (?1, ?2);
