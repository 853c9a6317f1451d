-- A protocol version with its rank and grade.
-- Run by src/store/reference.rs on every open for writing.
INSERT INTO protocols (name, rank, grade, grade_reason) VALUES (?1, ?2, ?3, ?4);
