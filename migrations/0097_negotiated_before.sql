-- 0097_negotiated_before: a connection counts once under each negotiation it had in a period.
--
-- The period counts of ciphers, weak-crypto and compliance took a connection on its first date in
-- the period in its best-told state (`continued_from`): a long-lived connection whose session was
-- renegotiated to another suite on a later day (an MQ channel's SSLRKEYC, from C02F to 000A)
-- counted under its first day's suite alone, and its weak session 0 times: compliance 100 %
-- compliant beside a failing endpoint (review 17a F11). `negotiated_before` holds, for a negotiated
-- row, the last date before its day the connection negotiated the same protocol, cipher suite and
-- key share (NULL: never); for a row of another state, `continued_from`. The rows summarized
-- before take `continued_from` (what they counted by; pruned days cannot be summarized again), and
-- the days whose negotiated rows continue an earlier day are summarized again by the next ingest.
ALTER TABLE daily_endpoints ADD COLUMN negotiated_before TEXT;
ALTER TABLE daily_services ADD COLUMN negotiated_before TEXT;
UPDATE daily_endpoints SET negotiated_before = continued_from WHERE continued_from IS NOT NULL;
UPDATE daily_services SET negotiated_before = continued_from WHERE continued_from IS NOT NULL;

INSERT INTO summaries_pending (system, stack, capture_date)
SELECT DISTINCT system, stack, capture_date FROM daily_services
WHERE tls_state = 'negotiated' AND continued_from IS NOT NULL
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;
