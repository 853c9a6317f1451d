-- Evidence of services, part 2 of 2 (see evidence-begin.sql): the other
-- days of a stack whose evidence changed are marked pending.

DROP TABLE IF EXISTS temp.evidence_changed;
CREATE TEMP TABLE evidence_changed AS
SELECT * FROM (
    SELECT * FROM temp.evidence_before
    EXCEPT SELECT DISTINCT system, stack, evidence, port, remote_ip, job FROM service_evidence
           WHERE (system, stack) IN (SELECT system, stack FROM summaries_pending) AND evidence NOT IN ('listeners shown', 'session')
) UNION SELECT * FROM (
    SELECT DISTINCT system, stack, evidence, port, remote_ip, job FROM service_evidence
    WHERE (system, stack) IN (SELECT system, stack FROM summaries_pending) AND evidence NOT IN ('listeners shown', 'session')
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
  -- only the rows whose direction the changed evidence can decide, as the
  -- view's direction reads it: a listener on the remote port (its own,
  -- over loopback), or of the row's job on the local port (a listener of
  -- another job counts on its own day alone, in its own run from port 1024
  -- up, and that day is pending: migrations 0045, 0058; it also ends or
  -- begins `no listener`), peers on the local port,
  -- a remote socket on the remote side (its address in IPv4 form, as the
  -- evidence keeps it: migration 0037); these two of the row's job, or
  -- below port 1024 (of another job they count on their own day alone:
  -- migration 0087)
  AND EXISTS (SELECT 1 FROM temp.evidence_changed x
              WHERE x.system = s.system AND x.stack = s.stack AND x.port IN (c.local_port, c.remote_port)
                AND (x.evidence = 'listener' AND (x.port = c.remote_port OR x.job = c.job)
                     OR x.evidence = 'peers' AND x.port = c.local_port AND (x.job = c.job OR x.port < 1024)
                     OR x.evidence = 'remote' AND x.port = c.remote_port AND (x.job = c.job OR x.port < 1024)
                        AND x.remote_ip = CASE WHEN c.remote_ip LIKE '::ffff:%.%.%.%'
                                               THEN substr(c.remote_ip, 8) ELSE c.remote_ip END));

DROP TABLE temp.evidence_before;
DROP TABLE temp.evidence_changed;
