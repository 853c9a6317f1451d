-- regressions: endpoints (system, stack, job, service port, remote address)
-- whose security got worse from one capture to the next one that saw them:
-- AT-TLS to cleartext, a lower TLS version, AEAD to CBC, or a worse grade.
-- When an endpoint has several connections in one snapshot, its weakest
-- connection stands for it. Reads the regressions summary, worked out at ingest.
-- Parameters: :from :to (YYYY-MM-DD, date of the later capture) :system :stack :job (* wildcards) :port
SELECT system, stack, job, service_port AS port, remote_ip, before_at AS before, after_at AS after, worse,
       before_protocol, after_protocol, before_cipher, after_cipher, before_grade, after_grade
FROM regressions
WHERE (:from IS NULL OR capture_date >= :from)
  AND (:to IS NULL OR capture_date <= :to)
  AND (:system IS NULL OR system = upper(:system))
  AND (:stack IS NULL OR stack = upper(:stack))
  AND (:job IS NULL OR job LIKE replace(upper(:job), '*', '%'))
  AND (:port IS NULL OR service_port = CAST(:port AS INTEGER))
ORDER BY system, stack, after, job, port, remote_ip;
