-- A named group (key share, curve) of the catalog with its grade.
-- Run by src/store/reference.rs on every open for writing.
INSERT INTO named_groups
(code, iana_value, name, iana_recommended, grade, grade_reason, quantum_vulnerable)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);
