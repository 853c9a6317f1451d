-- Evidence of services for the days waiting for their summaries
-- (summaries_pending), before they are rebuilt: a listener on a local port
-- and its job;
-- a local socket that served two or more remote sockets in one snapshot; a
-- remote socket reached from two or more local ports in one snapshot; a
-- job's connection with a peer of a session of its own (`session`,
-- migration 0090); and that the day's captures show the stack's listeners
-- (`listeners shown`).
-- Direction reads the evidence of every day of a stack, so when a stack's
-- evidence changes, the other days with connections it bears on are marked
-- pending too. `listeners shown` and `session` bear on their own day alone,
-- which is pending when they change: they are left out of what changed.
--
-- Part 1 of 2: what the stacks' evidence was, and the pending days' cleared.
-- Between the parts, src/store/summarize/evidence.rs reads the pending
-- days' connection rows once and writes their evidence.

DROP TABLE IF EXISTS temp.evidence_before;
CREATE TEMP TABLE evidence_before AS
SELECT DISTINCT system, stack, evidence, port, remote_ip, job FROM service_evidence
WHERE (system, stack) IN (SELECT system, stack FROM summaries_pending) AND evidence NOT IN ('listeners shown', 'session');

DELETE FROM service_evidence WHERE (system, stack, capture_date) IN (SELECT * FROM summaries_pending);
