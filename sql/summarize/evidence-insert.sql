-- One piece of evidence of services of a day.
-- Run by src/store/summarize/evidence.rs.
INSERT OR IGNORE INTO service_evidence (system, stack, capture_date, evidence, port, remote_ip, job)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);
