-- Rebuilding the summaries for the days in temp.summary_days, part 2 of 2:
-- what follows from the rows the store wrote.

-- By the day index, as in begin.sql.
INSERT INTO temp.touched_endpoints
SELECT system, stack, job, direction, service_port, remote_ip, capture_date FROM endpoint_days INDEXED BY endpoint_days_day
WHERE (system, stack, capture_date) IN (SELECT * FROM temp.summary_days);

-- The endpoint days whose first snapshot compares with the last snapshot of
-- an earlier day: those of the days rebuilt, and the next day seen of every
-- endpoint day touched.
DROP TABLE IF EXISTS temp.later_days;
CREATE TEMP TABLE later_days AS
SELECT e.rowid AS id FROM endpoint_days e
WHERE (e.system, e.stack, e.capture_date) IN (SELECT * FROM temp.summary_days)
UNION
SELECT id FROM (
    SELECT (SELECT n.rowid FROM endpoint_days n
            WHERE n.system = t.system AND n.stack = t.stack AND n.job IS t.job AND n.direction IS t.direction
              AND n.service_port IS t.service_port
              AND n.remote_ip IS t.remote_ip AND n.capture_date > t.capture_date
            ORDER BY n.capture_date LIMIT 1) AS id
    FROM temp.touched_endpoints t
)
WHERE id IS NOT NULL;

DELETE FROM regressions WHERE rowid IN (
    SELECT r.rowid FROM temp.later_days l
    JOIN endpoint_days e ON e.rowid = l.id
    JOIN regressions r ON r.system = e.system AND r.stack = e.stack AND r.capture_date = e.capture_date
    WHERE r.across_days AND r.job IS e.job AND r.direction IS e.direction AND r.service_port IS e.service_port
      AND r.remote_ip IS e.remote_ip);

INSERT INTO temp.steps
SELECT e.system, e.stack, e.job, e.direction, e.service_port, e.remote_ip, e.capture_date, 1,
       p.last_at, p.last_protected, p.last_protocol, p.last_protocol_rank, p.last_cipher, p.last_aead, p.last_grade,
       p.last_grade_rank,
       e.first_at, e.first_protected, e.first_protocol, e.first_protocol_rank, e.first_cipher, e.first_aead,
       e.first_grade, e.first_grade_rank, p.last_key_share, e.first_key_share
FROM temp.later_days l
JOIN endpoint_days e ON e.rowid = l.id
JOIN endpoint_days p ON p.rowid = (
    SELECT q.rowid FROM endpoint_days q
    WHERE q.system = e.system AND q.stack = e.stack AND q.job IS e.job AND q.direction IS e.direction
      AND q.service_port IS e.service_port
      AND q.remote_ip IS e.remote_ip AND q.capture_date < e.capture_date
    ORDER BY q.capture_date DESC LIMIT 1);

-- The judgement: a step is a regression when any of these got worse.
INSERT INTO regressions (system, stack, job, direction, service_port, remote_ip, capture_date, across_days,
    before_at, after_at, worse, before_protocol, after_protocol, before_cipher, after_cipher, before_grade,
    after_grade, before_key_share, after_key_share)
SELECT system, stack, job, direction, service_port, remote_ip, capture_date, across_days, before_at, after_at, worse,
       before_protocol, after_protocol, before_cipher, after_cipher, before_grade, after_grade, before_key_share,
       after_key_share
FROM (
    SELECT *,
           rtrim(CASE WHEN before_protected = 1 AND after_protected = 0 THEN 'AT-TLS to cleartext; ' ELSE '' END
              || CASE WHEN before_protocol_rank > after_protocol_rank
                      THEN before_protocol || ' to ' || after_protocol || '; ' ELSE '' END
              || CASE WHEN before_aead = 1 AND after_aead = 0 THEN 'AEAD to CBC; ' ELSE '' END
              || CASE WHEN before_grade_rank > after_grade_rank
                      THEN before_grade || ' to ' || after_grade || '; ' ELSE '' END, '; ') AS worse
    FROM temp.steps
)
WHERE worse <> ''
ORDER BY system, stack, job, direction, service_port, remote_ip, after_at;

DROP TABLE temp.touched_endpoints;
DROP TABLE temp.later_days;
DROP TABLE temp.steps;
