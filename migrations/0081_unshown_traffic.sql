-- 0081_unshown_traffic: a connection's traffic of a day whose captures did not show its protection
-- (ALLCONN, a `-b` BYTEINFO report; ALL without a TTLS report) goes with the protection the
-- connection was first shown with on another day (review 15a F1): AT-TLS maps a connection at its
-- start, so what it showed (clear or a negotiated session) holds for its life. The summaries
-- (src/store/summarize/days.rs) keep that traffic per connection and day (unshown_traffic) and
-- what each connection showed on its first day that showed it (connection_protection: a later
-- day so is not kept, which would be a row per connection and day); cleartext,
-- quantum and tls-adoption join the two. The days of every stack that has such traffic are
-- rebuilt by the next ingest (a pruned day keeps its summaries: its facts are gone).
CREATE TABLE connection_protection (
    capture_date   TEXT    NOT NULL,
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    identity_id    INTEGER NOT NULL,
    -- clear or negotiated, as the connection counts that day, and its negotiation
    tls_state      TEXT    NOT NULL,
    tls_protocol   TEXT,
    cipher_code    TEXT,
    key_share      TEXT,
    PRIMARY KEY (system, stack, capture_date, identity_id)
) STRICT, WITHOUT ROWID;
-- the reports look a connection's first day so up by this index
CREATE INDEX connection_protection_identity ON connection_protection (identity_id, capture_date);

CREATE TABLE unshown_traffic (
    capture_date   TEXT    NOT NULL,
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    identity_id    INTEGER NOT NULL,
    direction      TEXT,
    service_port   INTEGER,
    job            TEXT,
    -- in IPv4 form, as in the summaries (0033)
    remote_ip      TEXT,
    -- unknown or not_captured: the state the connection counts in that day (daily_endpoints)
    tls_state      TEXT    NOT NULL,
    -- traffic in the day, which daily_endpoints holds under that state
    bytes_in       INTEGER,
    bytes_out      INTEGER,
    PRIMARY KEY (system, stack, capture_date, identity_id)
) STRICT, WITHOUT ROWID;
-- cleartext --by peer looks each peer's traffic up by this index, in the order of daily_endpoints_peer;
-- it holds the bytes (and, as every index of the table, its key): the look-up reads it alone, and a
-- planner without statistics prefers it to the key's (system, stack) prefix, which reads every row
-- of the stack for each peer
CREATE INDEX unshown_traffic_peer ON unshown_traffic (system, stack, job, direction, service_port, remote_ip,
    capture_date, bytes_in, bytes_out);

INSERT INTO summaries_pending (system, stack, capture_date)
SELECT DISTINCT s.system, s.stack, s.capture_date FROM snapshots s
WHERE NOT s.pruned
  AND (s.system, s.stack) IN (SELECT system, stack FROM daily_services
                              WHERE endpoint = 'connection' AND tls_state IN ('unknown', 'not_captured')
                                AND coalesce(bytes_in, bytes_out) IS NOT NULL)
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;
