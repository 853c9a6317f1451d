-- 0097_negotiations_and_key_shares: a connection counts once under each negotiation it had in a period.
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

-- A regression a weaker key share group alone caused named no group ("secure to weak: TLSv1.2 C02F
-- -> TLSv1.3 1301", the cause 0019 secp192r1 unsaid, review 17a F7): endpoint_days keeps the key
-- share of its first and last state, regressions the group before and after. The days that
-- negotiated TLS 1.3 (the only version whose group NETSTAT prints) are summarized again, and with
-- them the next day of each of their endpoints, whose step reads their last state.
ALTER TABLE endpoint_days ADD COLUMN first_key_share TEXT;
ALTER TABLE endpoint_days ADD COLUMN last_key_share TEXT;
ALTER TABLE regressions ADD COLUMN before_key_share TEXT;
ALTER TABLE regressions ADD COLUMN after_key_share TEXT;

INSERT INTO summaries_pending (system, stack, capture_date)
SELECT DISTINCT system, stack, capture_date FROM endpoint_days
WHERE 'TLSv1.3' IN (first_protocol, last_protocol)
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;
