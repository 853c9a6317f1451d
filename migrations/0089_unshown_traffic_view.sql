-- 0089_unshown_traffic_view: the traffic of a day that did not show a connection's protection, with
-- the state the connection was first shown in (0081), as one view: cleartext, quantum and
-- tls-adoption each joined unshown_traffic to connection_protection for themselves.

-- A connection's first day in connection_protection (the earliest, should the order days arrived
-- in have left two): AT-TLS maps a connection at its start, so what that day showed holds for the
-- traffic of the days that did not show it. A report filters on the unshown day, system, stack,
-- job, direction, service port and peer outside; SQLite takes those terms into the join (a peer's
-- traffic is looked up by unshown_traffic_peer).
CREATE VIEW v_unshown_traffic AS
SELECT u.capture_date, u.system, u.stack, u.identity_id, u.direction, u.service_port, u.job, u.remote_ip,
       u.tls_state, u.bytes_in, u.bytes_out,
       p.capture_date AS shown_date, p.tls_state AS shown_state, p.tls_protocol, p.cipher_code, p.key_share
FROM unshown_traffic u
JOIN connection_protection p ON p.identity_id = u.identity_id
WHERE p.capture_date = (SELECT min(f.capture_date) FROM connection_protection f WHERE f.identity_id = u.identity_id);
