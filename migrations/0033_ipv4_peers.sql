-- 0033_ipv4_peers: a peer of the summaries is its address in IPv4 form
-- (sql/summarize/days-rows.sql): `::ffff:10.9.9.9`, as a dual-mode stack
-- prints an IPv4 client, and `10.9.9.9` are one peer, not two. The days
-- whose summaries hold a peer in the mapped form are rebuilt by the next
-- ingest (the facts are not changed: they keep what was printed).
INSERT INTO summaries_pending (system, stack, capture_date)
SELECT DISTINCT system, stack, capture_date FROM daily_endpoints WHERE remote_ip LIKE '::ffff:%.%.%.%'
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;
