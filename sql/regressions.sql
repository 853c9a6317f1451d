-- regressions: endpoints (system, stack, job, service port, remote address)
-- whose security got worse from one capture to the next one that saw them:
-- AT-TLS to cleartext, a lower TLS version, AEAD to CBC, or a worse grade.
-- When an endpoint has several connections in one snapshot, its weakest
-- connection stands for it.
-- Parameters: :from :to (YYYY-MM-DD, date of the later capture) :system :stack :job (* wildcards) :port
WITH observed AS (
    SELECT v.system, v.stack, v.job, v.service_port, v.remote_ip, v.snapshot_id, v.captured_at, v.capture_date,
           v.ttls_policy, v.tls_protocol, v.protocol_rank, v.cipher_code, v.aead, v.worst_grade, g.rank AS grade_rank,
           row_number() OVER (
               PARTITION BY v.system, v.stack, v.job, v.service_port, v.remote_ip, v.snapshot_id
               ORDER BY coalesce(v.ttls_policy, 1), coalesce(g.rank, 99), coalesce(v.protocol_rank, 99), v.conn_id
           ) AS place
    FROM v_connections v
    LEFT JOIN grades g ON g.grade = v.worst_grade
    WHERE v.endpoint = 'connection'
      AND (:system IS NULL OR v.system = upper(:system))
      AND (:stack IS NULL OR v.stack = upper(:stack))
      AND (:job IS NULL OR v.job LIKE replace(upper(:job), '*', '%'))
      AND (:port IS NULL OR v.service_port = CAST(:port AS INTEGER))
),
steps AS (
    SELECT o.*,
           lag(captured_at) OVER endpoint AS before_at,
           lag(ttls_policy) OVER endpoint AS before_policy,
           lag(tls_protocol) OVER endpoint AS before_protocol,
           lag(protocol_rank) OVER endpoint AS before_protocol_rank,
           lag(cipher_code) OVER endpoint AS before_cipher,
           lag(aead) OVER endpoint AS before_aead,
           lag(worst_grade) OVER endpoint AS before_grade,
           lag(grade_rank) OVER endpoint AS before_grade_rank
    FROM observed o
    WHERE place = 1
    WINDOW endpoint AS (PARTITION BY system, stack, job, service_port, remote_ip ORDER BY captured_at)
),
judged AS (
    SELECT *,
           rtrim(CASE WHEN before_policy = 1 AND ttls_policy = 0 THEN 'AT-TLS to cleartext; ' ELSE '' END
              || CASE WHEN before_protocol_rank > protocol_rank
                      THEN before_protocol || ' to ' || tls_protocol || '; ' ELSE '' END
              || CASE WHEN before_aead = 1 AND aead = 0 THEN 'AEAD to CBC; ' ELSE '' END
              || CASE WHEN before_grade_rank > grade_rank
                      THEN before_grade || ' to ' || worst_grade || '; ' ELSE '' END, '; ') AS worse
    FROM steps
    WHERE before_at IS NOT NULL
)
SELECT system, stack, job, service_port AS port, remote_ip, before_at AS before, captured_at AS after, worse,
       before_protocol, tls_protocol AS after_protocol, before_cipher, cipher_code AS after_cipher,
       before_grade, worst_grade AS after_grade
FROM judged
WHERE worse <> ''
  AND (:from IS NULL OR capture_date >= :from)
  AND (:to IS NULL OR capture_date <= :to)
ORDER BY system, stack, captured_at, job, port, remote_ip;
