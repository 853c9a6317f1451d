-- A cipher suite of the catalog with its parts and grades.
-- Run by src/store/reference.rs on every open for writing.
INSERT INTO cipher_suites
(code, code_2char, name, protocol_min, kex, auth, enc, enc_bits, mode, mac,
 forward_secret, aead, export, null_cipher, anonymous, zos_supported, quantum_vulnerable,
 grade, grade_reasons, mozilla_5_7, mozilla_6_0, nist_800_52r2, iana_recommended)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23);
