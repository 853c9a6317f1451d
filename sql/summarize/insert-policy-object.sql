-- The fingerprint of one rule or action of a snapshot's policy.
-- Run by src/store/summarize/mod.rs.
INSERT INTO policy_objects (snapshot_id, object, name, fingerprint) VALUES (?1, ?2, ?3, ?4);
