-- tls-adoption: how much of the traffic is protected by TLS, per capture
-- date and system (and, with --by, per stack, direction, service port or
-- job; the port with its direction: the service port is the local one of
-- inbound connections, the remote one of outbound).
-- A connection counts once a day, however many snapshots saw it, in the TLS
-- state of its snapshot of the day that told the most (negotiated, then
-- policy_only, then not_captured or clear, then unknown; the first of those;
-- a snapshot that told less adds its bytes there too); listeners
-- and UDP endpoints are not connections. Protected means negotiated: the
-- TTLS report printed a SecLevel for the connection. tls_share is
-- tls_connections / connections. null_cipher: of tls_connections, those whose
-- cipher suite encrypts nothing (cipher_suites.null_cipher: 0001, 0002,
-- 003B ...): authenticated, their data in clear, so their traffic is in
-- bytes_*_unprotected. policy_only: an AT-TLS rule matched but the
-- snapshot's TTLS report shows no negotiated session (handshake not done,
-- application controlled, TTLSEnabled Off); tls_not_captured: a rule matched
-- and the snapshot has no TTLS report to tell; clear_connections: NETSTAT
-- printed TTLSPolicy: No; unknown_policy: no report said (ALLCONN only).
-- Bytes are traffic in the day (the growth of NETSTAT's counters since the
-- connection's previous snapshot, the whole counter when first seen).
-- bytes_*_protected is the traffic of the sessions that encrypt;
-- bytes_*_unprotected the traffic not shown protected: the cleartext
-- connections' and null_cipher's, and that of policy_only, tls_not_captured and unknown_policy,
-- whose protection the captures do not tell (cleartext's clear_bytes is the
-- traffic known to be in clear), but that of a connection another day
-- showed negotiated (see carried below). A side with no connection moved 0 bytes
-- when counters were printed; bytes are empty only when no report printed
-- a counter (not captured). new_connections: of connections, those not
-- seen on an earlier date of the period, whatever that date told of them
-- (seen_before); new_tls_connections: of tls_connections, those not seen
-- negotiated on an earlier date (continued_from), so that a connection whose
-- TLS a day did not show and the next did is new on the first day and new to
-- TLS on the second (summed over the dates, each connection counts once in
-- each, as weak-crypto counts them); new_null_cipher: of new_tls_connections,
-- those of null_cipher.
-- The traffic of a connection on a day whose captures did not show its
-- protection (unknown_policy, tls_not_captured) counts protected when the
-- first day that showed it (v_unshown_traffic) shows it negotiated
-- (with a suite that encrypts):
-- AT-TLS maps a connection at its start, and protects it from its
-- handshake on (carried: added as protected, taken from the state it
-- counts in).
-- unlisted_connections: of connections, those seen on a day of their stack
-- whose captures hold no list of every connection (an ALL, ALLCONN, CONN or
-- BYTEINFO report its command did not filter): NETSTAT TTLS lists only the
-- connections AT-TLS maps and `ALL (PORT 7443` those of one port, so the
-- day's connections in clear are not known, and tls_share is empty (not
-- known) for a row that counts any (coverage says `TLS connections only` or
-- `filtered list` of such a day). A day pruned keeps what it had
-- (pruned_days.unlisted_connections; one pruned before that was kept is
-- read as listed).
-- listed_new_connections, listed_new_tls_connections, listed_new_null_cipher
-- (the HTML headline's share): new_connections, new_tls_connections and
-- new_null_cipher over the listed days alone (those of unlisted_connections
-- left out): a connection counts on its first listed date in the period, so
-- one first seen on a day of TTLS alone (or a filtered list) counts on the
-- next listed day instead of nowhere (review 18b F5). The summaries keep only
-- the last earlier date a connection was seen (seen_before; continued_from
-- for TLS): when that date is unlisted, the connection is new to the listed
-- days if no listed day of its stack in the period comes before it (it
-- cannot tell one seen on a listed day, then an unlisted one, from one that
-- started on the unlisted day: it takes it as seen). listed_new_untold: of
-- listed_new_connections, those in tls_not_captured or unknown_policy there
-- (their protection that day not told).
-- Reads the daily_services summary and v_unshown_traffic.
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
--             :by_stack :by_direction :by_port :by_job (1 to split by that
--             column; :by_port splits by direction too)
WITH unlisted AS (
    -- the days of a stack whose kept captures (not prune's stubs) hold no connection list
    -- unfiltered, and the pruned days that held none when pruned
    SELECT DISTINCT s.system, s.stack, s.capture_date FROM snapshots s
    WHERE s.pruned = 0
      AND (:from IS NULL OR s.capture_date >= :from)
      AND (:to IS NULL OR s.capture_date <= :to)
      AND (:system IS NULL OR s.system = upper(:system))
      AND NOT EXISTS (
          SELECT 1 FROM snapshots o JOIN captures k ON k.snapshot_id = o.snapshot_id
          WHERE o.system = s.system AND o.stack = s.stack AND o.capture_date = s.capture_date AND o.pruned = 0
            AND k.report_kind IN ('ALL', 'ALLCONN', 'CONN', 'CONN/ALLCONN', 'BYTEINFO')
            AND NOT EXISTS (SELECT 1 FROM attributes a
                            WHERE a.owner_table = 'captures' AND a.owner_id = k.capture_id AND a.key = 'Filter'))
    UNION
    SELECT system, stack, capture_date FROM pruned_days
    WHERE unlisted_connections > 0
      AND (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
),
-- the days of a stack in the period whose captures list every connection
listed_days AS (
    SELECT system, stack, capture_date FROM snapshots
    WHERE (:from IS NULL OR capture_date >= :from)
      AND (:to IS NULL OR capture_date <= :to)
      AND (:system IS NULL OR system = upper(:system))
    EXCEPT
    SELECT system, stack, capture_date FROM unlisted
),
carried AS (
    SELECT u.capture_date, u.system, u.stack, u.direction, u.service_port, u.job, u.tls_state, u.bytes_in, u.bytes_out
    FROM v_unshown_traffic u
    LEFT JOIN cipher_suites c ON c.code = u.cipher_code
    WHERE u.shown_state = 'negotiated' AND coalesce(c.null_cipher, 0) = 0
      AND (:from IS NULL OR u.capture_date >= :from)
      AND (:to IS NULL OR u.capture_date <= :to)
      AND (:system IS NULL OR u.system = upper(:system))
      AND (:stack IS NULL OR u.stack = upper(:stack))
      AND (:job IS NULL OR u.job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR u.service_port = :port)
),
-- protected: 1 for a negotiated session that encrypts, 0 for any other
-- state (NULL: none, as no row has); listed: the day holds a list of every
-- connection (carried rows count no connection).
counted AS (
    SELECT d.capture_date, d.system, d.stack, d.direction, d.service_port, d.job, d.tls_state, d.tls_protocol,
           d.connections,
           d.bytes_in, d.bytes_out, d.seen_before, d.continued_from,
           CASE WHEN d.tls_state = 'negotiated' AND coalesce(c.null_cipher, 0) = 0 THEN 1
                WHEN d.tls_state IS NOT NULL THEN 0 END AS protected,
           CASE WHEN u.system IS NULL THEN 1 ELSE 0 END AS listed,
           -- new to the listed days: not seen (negotiated) on a listed day of the period before
           CASE WHEN u.system IS NULL
                     AND (d.seen_before IS NULL OR d.seen_before < coalesce(:from, '')
                          OR NOT EXISTS (SELECT 1 FROM listed_days l
                                         WHERE l.system = d.system AND l.stack = d.stack
                                           AND l.capture_date <= d.seen_before))
                THEN 1 ELSE 0 END AS listed_new,
           CASE WHEN u.system IS NULL
                     AND (d.continued_from IS NULL OR d.continued_from < coalesce(:from, '')
                          OR NOT EXISTS (SELECT 1 FROM listed_days l
                                         WHERE l.system = d.system AND l.stack = d.stack
                                           AND l.capture_date <= d.continued_from))
                THEN 1 ELSE 0 END AS listed_new_tls
    FROM daily_services d
    LEFT JOIN cipher_suites c ON c.code = d.cipher_code
    LEFT JOIN unlisted u ON u.system = d.system AND u.stack = d.stack AND u.capture_date = d.capture_date
    WHERE d.endpoint = 'connection'
      AND (:from IS NULL OR d.capture_date >= :from)
      AND (:to IS NULL OR d.capture_date <= :to)
      AND (:system IS NULL OR d.system = upper(:system))
      AND (:stack IS NULL OR d.stack = upper(:stack))
      AND (:job IS NULL OR d.job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR d.service_port = :port)
    UNION ALL
    SELECT capture_date, system, stack, direction, service_port, job, 'negotiated', NULL, 0, bytes_in, bytes_out, NULL,
           NULL, 1, 1, 0, 0
    FROM carried
    UNION ALL
    SELECT capture_date, system, stack, direction, service_port, job, tls_state, NULL, 0, -bytes_in, -bytes_out, NULL,
           NULL, 0, 1, 0, 0
    FROM carried
)
SELECT
    capture_date AS date,
    system,
    CASE WHEN :by_stack THEN stack END AS stack,
    CASE WHEN :by_direction OR :by_port THEN direction END AS direction,
    CASE WHEN :by_port THEN service_port END AS port,
    CASE WHEN :by_job THEN job END AS job,
    sum(connections) AS connections,
    sum(CASE WHEN tls_state = 'negotiated' THEN connections ELSE 0 END) AS tls_connections,
    CASE WHEN sum(CASE WHEN listed = 1 THEN 0 ELSE connections END) = 0
         THEN round(1.0 * sum(CASE WHEN tls_state = 'negotiated' THEN connections ELSE 0 END) / sum(connections), 3)
         END AS tls_share,
    sum(CASE WHEN tls_state = 'policy_only' THEN connections ELSE 0 END) AS policy_only,
    sum(CASE WHEN tls_state = 'not_captured' THEN connections ELSE 0 END) AS tls_not_captured,
    sum(CASE WHEN tls_state = 'clear' THEN connections ELSE 0 END) AS clear_connections,
    sum(CASE WHEN tls_state = 'unknown' THEN connections ELSE 0 END) AS unknown_policy,
    sum(CASE WHEN tls_protocol = 'TLSv1.3' THEN connections ELSE 0 END) AS tlsv1_3,
    sum(CASE WHEN tls_protocol = 'TLSv1.2' THEN connections ELSE 0 END) AS tlsv1_2,
    sum(CASE WHEN tls_protocol = 'TLSv1.1' THEN connections ELSE 0 END) AS tlsv1_1,
    sum(CASE WHEN tls_protocol = 'TLSv1.0' THEN connections ELSE 0 END) AS tlsv1_0,
    sum(CASE WHEN tls_protocol IN ('SSLv3', 'SSLv2') THEN connections ELSE 0 END) AS ssl,
    -- A side with no connection moved 0 bytes when the group's counters were
    -- printed, whatever rows of its states hold (a snapshot that told less
    -- adds its bytes to the state its connection counts in); empty (not
    -- captured) when none were. (CASE, not iif: DuckDB runs this text on
    -- the lake as it is.)
    CASE WHEN coalesce(sum(CASE WHEN protected = 1 THEN connections END), 0) = 0
              AND sum(bytes_in) IS NOT NULL
         THEN coalesce(sum(CASE WHEN protected = 1 THEN bytes_in END), 0)
         ELSE sum(CASE WHEN protected = 1 THEN bytes_in END) END AS bytes_in_protected,
    CASE WHEN coalesce(sum(CASE WHEN protected = 1 THEN connections END), 0) = 0
              AND sum(bytes_out) IS NOT NULL
         THEN coalesce(sum(CASE WHEN protected = 1 THEN bytes_out END), 0)
         ELSE sum(CASE WHEN protected = 1 THEN bytes_out END) END AS bytes_out_protected,
    CASE WHEN coalesce(sum(CASE WHEN protected = 0 THEN connections END), 0) = 0
              AND sum(bytes_in) IS NOT NULL
         THEN coalesce(sum(CASE WHEN protected = 0 THEN bytes_in END), 0)
         ELSE sum(CASE WHEN protected = 0 THEN bytes_in END) END AS bytes_in_unprotected,
    CASE WHEN coalesce(sum(CASE WHEN protected = 0 THEN connections END), 0) = 0
              AND sum(bytes_out) IS NOT NULL
         THEN coalesce(sum(CASE WHEN protected = 0 THEN bytes_out END), 0)
         ELSE sum(CASE WHEN protected = 0 THEN bytes_out END) END AS bytes_out_unprotected,
    sum(CASE WHEN seen_before IS NULL OR seen_before < coalesce(:from, '') THEN connections ELSE 0 END)
        AS new_connections,
    sum(CASE WHEN tls_state = 'negotiated' AND (continued_from IS NULL OR continued_from < coalesce(:from, ''))
             THEN connections ELSE 0 END) AS new_tls_connections,
    sum(CASE WHEN listed = 1 THEN 0 ELSE connections END) AS unlisted_connections,
    sum(CASE WHEN tls_state = 'negotiated' AND protected = 0 THEN connections ELSE 0 END) AS null_cipher,
    sum(CASE WHEN tls_state = 'negotiated' AND protected = 0
                  AND (continued_from IS NULL OR continued_from < coalesce(:from, ''))
             THEN connections ELSE 0 END) AS new_null_cipher,
    sum(CASE WHEN listed_new = 1 THEN connections ELSE 0 END) AS listed_new_connections,
    sum(CASE WHEN tls_state = 'negotiated' AND listed_new_tls = 1 THEN connections ELSE 0 END)
        AS listed_new_tls_connections,
    sum(CASE WHEN tls_state = 'negotiated' AND protected = 0 AND listed_new_tls = 1 THEN connections ELSE 0 END)
        AS listed_new_null_cipher,
    sum(CASE WHEN listed_new = 1 AND tls_state IN ('not_captured', 'unknown') THEN connections ELSE 0 END)
        AS listed_new_untold
FROM counted
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY 1, 2, 3, 4, 5, 6;
