-- 0075_negotiated_days: what each connection negotiated on each day, under which rule, kept by the
-- summaries (src/store/summarize/days.rs), so that `report impact` reads a row per connection and day
-- instead of every negotiated connection row through v_connection_core (about 13 microseconds a
-- row: a second on 70 000 rows of long-lived connections). A row is a connection (identity) on a day
-- in one endpoint, rule, environment action and negotiation, under one policy (snapshot_policies'
-- fingerprint: a signature pair is judged on the rule as its snapshot printed it). The days with
-- negotiated TLS are rebuilt by the next ingest; until then impact shows none of them.
CREATE TABLE negotiated_days (
    -- the last snapshot of the day that saw it so: its system, stack, date and time
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots ON DELETE CASCADE,
    identity_id    INTEGER,
    job            TEXT,
    direction      TEXT,
    service_port   INTEGER,
    -- in IPv4 form, as in the summaries (0033)
    remote_ip      TEXT,
    rule           TEXT,
    env_action     TEXT,
    tls_protocol   TEXT,
    cipher_code    TEXT,
    key_share      TEXT,
    first_seen     TEXT    NOT NULL
) STRICT;
CREATE INDEX negotiated_days_snapshot ON negotiated_days (snapshot_id);
-- impact looks each negotiation that names a disabled item up (from `negotiations`) by this index
CREATE INDEX negotiated_days_negotiation ON negotiated_days (tls_protocol, cipher_code, key_share);

INSERT INTO summaries_pending (system, stack, capture_date)
SELECT DISTINCT s.system, s.stack, s.capture_date FROM tls_session_rows t
JOIN snapshots s ON s.snapshot_id = t.snapshot_id
WHERE t.sec_level_text_id IS NOT NULL AND NOT s.pruned
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;
