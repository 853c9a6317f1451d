-- Empties the reference tables, children first, so that no foreign key to grades or protocols is left dangling.
-- Run by src/store/reference.rs on every open for writing.
DELETE FROM cipher_suites;
DELETE FROM named_groups;
DELETE FROM signature_pairs;
DELETE FROM protocols;
DELETE FROM grades;
