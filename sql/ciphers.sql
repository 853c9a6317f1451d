-- ciphers: connections by negotiated cipher suite per capture date and
-- system, with every grade side by side: ciphersuite.info's grade, Mozilla's
-- 5.7 and 6.0 levels, NIST SP 800-52r2 and IANA's Recommended flag.
-- A connection counts once a day, in the TLS state of its snapshot that told
-- the most (a suite whose every connection counts under another state that
-- day has no row). new_connections: those of the date that did not
-- negotiate this protocol, suite and key share on an earlier date of the
-- period (summed over the dates, each connection counts once under each
-- negotiation it had: a long-lived one renegotiated to another suite on a
-- later day counts under both, as weak-crypto counts them). Reads the
-- daily_services summary.
-- Parameters: :from :to (YYYY-MM-DD) :system :stack :job (* wildcards) :port
SELECT
    v.capture_date AS date,
    v.system,
    v.cipher_code AS code,
    coalesce(cs.name, v.cipher_name) AS name,
    v.tls_protocol AS protocol,
    sum(v.connections) AS connections,
    sum(CASE WHEN v.negotiated_before IS NULL OR v.negotiated_before < coalesce(:from, '') THEN v.connections ELSE 0 END)
        AS new_connections,
    v.cipher_grade AS grade,
    cs.mozilla_5_7,
    cs.mozilla_6_0,
    cs.nist_800_52r2 AS nist,
    cs.iana_recommended AS iana,
    cs.forward_secret,
    cs.aead
FROM daily_services v
LEFT JOIN cipher_suites cs ON cs.code = v.cipher_code
WHERE v.cipher_code IS NOT NULL
  AND (:from IS NULL OR v.capture_date >= :from)
  AND (:to IS NULL OR v.capture_date <= :to)
  AND (:system IS NULL OR v.system = upper(:system))
  AND (:stack IS NULL OR v.stack = upper(:stack))
  AND (:job IS NULL OR v.job LIKE replace(upper(:job), '*', '%'))
  AND (:port IS NULL OR v.service_port = :port)
GROUP BY 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14
HAVING sum(v.connections) > 0
ORDER BY 1, 2, connections DESC, 3;
