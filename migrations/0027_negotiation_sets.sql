-- 0027_negotiation_sets: what each peer of a service negotiated over all its
-- days, kept at ingest (issue 21). compliance counted the distinct failing
-- peers of each service by reading every negotiated per-peer day row of
-- daily_endpoints (seconds at 10 M connection rows); it now reads the
-- service_sets counts, a few thousand rows. They hold negotiations, never
-- verdicts: a standard is judged on them when the report runs, so a new
-- standard needs no rebuild. Kept by sql/summarize/peers-*.sql.

-- Each (protocol, cipher suite, key share group) negotiated.
CREATE TABLE negotiations (
    negotiation_id INTEGER PRIMARY KEY,
    tls_protocol   TEXT,
    cipher_code    TEXT,
    key_share      TEXT
) STRICT;
CREATE INDEX negotiations_key ON negotiations (tls_protocol, cipher_code, key_share);

-- Each set of negotiations a peer used: their ids, ascending, comma-separated.
CREATE TABLE negotiation_sets (
    set_id         INTEGER PRIMARY KEY,
    negotiations   TEXT    NOT NULL UNIQUE
) STRICT;

-- Each service (system, stack, direction, service port, job) with negotiated
-- peers.
CREATE TABLE peer_services (
    service_id     INTEGER PRIMARY KEY,
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    direction      TEXT,
    service_port   INTEGER,
    job            TEXT
) STRICT;
CREATE INDEX peer_services_key ON peer_services (system, stack, direction, service_port, job);

-- Each peer (remote address, '' for none) of a service: the set of what it
-- negotiated on all its days.
CREATE TABLE service_peers (
    service_id     INTEGER NOT NULL,
    remote_ip      TEXT    NOT NULL,
    set_id         INTEGER NOT NULL,
    PRIMARY KEY (service_id, remote_ip)
) STRICT, WITHOUT ROWID;
-- A service's first peer of a set: the report's example peer.
CREATE INDEX service_peers_set ON service_peers (service_id, set_id, remote_ip);

-- How many peers of a service have each set (kept by delta as sets grow).
CREATE TABLE service_sets (
    service_id     INTEGER NOT NULL,
    set_id         INTEGER NOT NULL,
    peers          INTEGER NOT NULL,
    PRIMARY KEY (service_id, set_id)
) STRICT, WITHOUT ROWID;

-- How many peers (of any service) had each set on a day, from that day's
-- rows alone: the figures of compliance --by day.
CREATE TABLE daily_peer_sets (
    system         TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    capture_date   TEXT    NOT NULL,
    set_id         INTEGER NOT NULL,
    peers          INTEGER NOT NULL,
    PRIMARY KEY (system, stack, capture_date, set_id)
) STRICT, WITHOUT ROWID;

-- One index of the per-peer rows instead of two (0023's
-- daily_endpoints_negotiated and 0024's daily_endpoints_peer held the same
-- rows in different column orders): daily_endpoints_peer in 0024's order,
-- which the --by peer forms of cleartext and capacity stream in, with what
-- was negotiated at its end, which the sets are worked out from (by peer,
-- in sql/summarize/peers-end.sql) and compliance --from/--to reads.
DROP INDEX daily_endpoints_negotiated;
DROP INDEX daily_endpoints_peer;
CREATE INDEX daily_endpoints_peer
    ON daily_endpoints (system, stack, job, direction, service_port, remote_ip, capture_date, tls_state, tls_protocol,
                        cipher_code, key_share)
    WHERE endpoint = 'connection';

-- Built for the days already summarized (pruned ones too: their
-- daily_endpoints stay), as the summaries build them.
INSERT INTO negotiations (tls_protocol, cipher_code, key_share)
SELECT DISTINCT tls_protocol, cipher_code, key_share FROM daily_services
WHERE endpoint = 'connection' AND tls_state = 'negotiated'
ORDER BY 1, 2, 3;

INSERT INTO peer_services (system, stack, direction, service_port, job)
SELECT DISTINCT system, stack, direction, service_port, job FROM daily_services
WHERE endpoint = 'connection' AND tls_state = 'negotiated'
ORDER BY 1, 2, 3, 4, 5;

CREATE TEMP TABLE peer_days AS
SELECT s.service_id, e.capture_date, coalesce(e.remote_ip, '') AS remote_ip, n.negotiation_id
FROM daily_endpoints e INDEXED BY daily_endpoints_peer
JOIN peer_services s ON s.system = e.system AND s.stack = e.stack AND s.direction IS e.direction
                    AND s.service_port IS e.service_port AND s.job IS e.job
JOIN negotiations n ON n.tls_protocol IS e.tls_protocol AND n.cipher_code IS e.cipher_code
                   AND n.key_share IS e.key_share
WHERE e.endpoint = 'connection' AND e.tls_state = 'negotiated';

CREATE TEMP TABLE peer_sets AS
SELECT service_id, remote_ip, group_concat(DISTINCT negotiation_id ORDER BY negotiation_id) AS negotiations
FROM temp.peer_days GROUP BY service_id, remote_ip;

CREATE TEMP TABLE day_sets AS
SELECT s.system, s.stack, d.capture_date, d.negotiations, count(*) AS peers
FROM (SELECT service_id, capture_date, remote_ip,
             group_concat(DISTINCT negotiation_id ORDER BY negotiation_id) AS negotiations
      FROM temp.peer_days GROUP BY service_id, capture_date, remote_ip) d
JOIN peer_services s USING (service_id)
GROUP BY s.system, s.stack, d.capture_date, d.negotiations;

INSERT INTO negotiation_sets (negotiations)
SELECT negotiations FROM temp.peer_sets UNION SELECT negotiations FROM temp.day_sets ORDER BY 1;

INSERT INTO service_peers (service_id, remote_ip, set_id)
SELECT p.service_id, p.remote_ip, n.set_id
FROM temp.peer_sets p JOIN negotiation_sets n USING (negotiations);

INSERT INTO service_sets (service_id, set_id, peers)
SELECT service_id, set_id, count(*) FROM service_peers GROUP BY service_id, set_id;

INSERT INTO daily_peer_sets (system, stack, capture_date, set_id, peers)
SELECT d.system, d.stack, d.capture_date, n.set_id, d.peers
FROM temp.day_sets d JOIN negotiation_sets n USING (negotiations);

DROP TABLE temp.peer_days;
DROP TABLE temp.peer_sets;
DROP TABLE temp.day_sets;
