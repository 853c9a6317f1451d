-- 0050_pruned_heads: what `ttlsinv prune` keeps of the observations it deletes, so that a
-- day after the prune boundary is linked to the pruned days as it was before the prune, also
-- when it is linked again (its file changed, was renamed into another run, or a late file came):
-- per conn id of a stack, the head of the connection at the boundary (its last pruned
-- observation, identity and counters, as connection_heads holds them), the socket it was
-- last seen on (monitor layout rows are followed by their socket), and per rank of what a report told of its protection the last
-- pruned date it told at least that much. Without it, a stack linked again whole after a prune
-- started its connections afresh: a connection seen before the boundary got its whole counters
-- as traffic of its next day and counted again in weak-crypto and compliance (review 11, N3).
-- Databases pruned before this version kept nothing of the kind: their pruned observations are
-- gone, so nothing can be marked here; they keep their summaries as they are.
CREATE TABLE IF NOT EXISTS pruned_heads (
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    conn_id        TEXT    NOT NULL,
    connection_id  INTEGER NOT NULL,
    identity_id    INTEGER NOT NULL,
    captured_at    TEXT    NOT NULL,
    started_at     TEXT,
    local_port     INTEGER,
    remote_port    INTEGER,
    bytes_in       INTEGER,
    bytes_out      INTEGER,
    segments_in    INTEGER,
    segments_out   INTEGER,
    -- the job and remote address (IPv4 form) of the socket the head was last seen on, which a
    -- later row of the monitor layout (no conn id) continues it by; NULL when a later conn id was
    -- printed on that socket
    job            TEXT,
    remote_ip      TEXT,
    -- the last pruned date the connection was seen at all, told its protection (clear,
    -- not_captured or better), showed policy_only or better, negotiated
    seen           TEXT,
    told           TEXT,
    policy_only    TEXT,
    negotiated     TEXT,
    PRIMARY KEY (system, stack, conn_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS pruned_heads_connection ON pruned_heads (connection_id);
