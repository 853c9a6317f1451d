-- The fingerprint of a snapshot's policy.
-- Run by src/store/summarize/mod.rs.
INSERT INTO snapshot_policies (snapshot_id, fingerprint) VALUES (?1, ?2);
