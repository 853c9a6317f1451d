-- A signature pair of the catalog with its grade.
-- Run by src/store/reference.rs on every open for writing.
INSERT INTO signature_pairs
(code, name, iana_name, hash, signature, iana_recommended, grade, grade_reason)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8);
