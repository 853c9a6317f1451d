-- Evidence of services for the days waiting for their summaries
-- (summaries_pending), before they are rebuilt: a listener on a local port;
-- a local socket that served two or more remote sockets in one snapshot; a
-- remote socket reached from two or more local ports in one snapshot.
-- Direction reads the evidence of every day of a stack, so when a stack's
-- evidence changes, the other days with connections it bears on are marked
-- pending too.

DROP TABLE IF EXISTS temp.evidence_before;
CREATE TEMP TABLE evidence_before AS
SELECT DISTINCT system, stack, evidence, port, remote_ip FROM service_evidence
WHERE (system, stack) IN (SELECT system, stack FROM summaries_pending);

DELETE FROM service_evidence WHERE (system, stack, capture_date) IN (SELECT * FROM summaries_pending);

INSERT OR IGNORE INTO service_evidence (system, stack, capture_date, evidence, port, remote_ip)
SELECT s.system, s.stack, s.capture_date, 'listener', c.local_port, ''
FROM summaries_pending p
JOIN snapshots s USING (system, stack, capture_date)
JOIN connections c ON c.snapshot_id = s.snapshot_id
WHERE c.state = 'Listen' AND c.local_port IS NOT NULL;

INSERT OR IGNORE INTO service_evidence (system, stack, capture_date, evidence, port, remote_ip)
SELECT s.system, s.stack, s.capture_date, 'peers', c.local_port, ''
FROM summaries_pending p
JOIN snapshots s USING (system, stack, capture_date)
JOIN connections c ON c.snapshot_id = s.snapshot_id
WHERE c.state NOT IN ('Listen', 'UDP') AND c.local_port IS NOT NULL AND c.remote_port IS NOT NULL
GROUP BY s.system, s.stack, s.capture_date, c.snapshot_id, c.local_ip, c.local_port
HAVING count(DISTINCT coalesce(c.remote_ip, '') || '..' || c.remote_port) >= 2;

INSERT OR IGNORE INTO service_evidence (system, stack, capture_date, evidence, port, remote_ip)
SELECT s.system, s.stack, s.capture_date, 'remote', c.remote_port, c.remote_ip
FROM summaries_pending p
JOIN snapshots s USING (system, stack, capture_date)
JOIN connections c ON c.snapshot_id = s.snapshot_id
WHERE c.state NOT IN ('Listen', 'UDP') AND c.local_port IS NOT NULL AND c.remote_port IS NOT NULL
  AND c.remote_ip IS NOT NULL
GROUP BY s.system, s.stack, s.capture_date, c.snapshot_id, c.remote_ip, c.remote_port
HAVING count(DISTINCT c.local_port) >= 2;

DROP TABLE IF EXISTS temp.evidence_changed;
CREATE TEMP TABLE evidence_changed AS
SELECT * FROM (
    SELECT * FROM temp.evidence_before
    EXCEPT SELECT DISTINCT system, stack, evidence, port, remote_ip FROM service_evidence
           WHERE (system, stack) IN (SELECT system, stack FROM summaries_pending)
) UNION SELECT * FROM (
    SELECT DISTINCT system, stack, evidence, port, remote_ip FROM service_evidence
    WHERE (system, stack) IN (SELECT system, stack FROM summaries_pending)
    EXCEPT SELECT * FROM temp.evidence_before
);
CREATE INDEX temp.evidence_changed_port ON evidence_changed (system, stack, port);

INSERT OR IGNORE INTO summaries_pending
SELECT DISTINCT s.system, s.stack, s.capture_date
FROM snapshots s
JOIN connections c ON c.snapshot_id = s.snapshot_id
WHERE (s.system, s.stack) IN (SELECT system, stack FROM temp.evidence_changed)
  -- days already pending are rebuilt anyway: their rows need not be read
  AND (s.system, s.stack, s.capture_date) NOT IN (SELECT system, stack, capture_date FROM summaries_pending)
  AND EXISTS (SELECT 1 FROM temp.evidence_changed x
              WHERE x.system = s.system AND x.stack = s.stack AND x.port IN (c.local_port, c.remote_port));

DROP TABLE temp.evidence_before;
DROP TABLE temp.evidence_changed;
