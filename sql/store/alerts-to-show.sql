-- The alerts to show: those not read yet, or with ?1 those of that date or later,
-- read or not. Oldest fact first.
-- Run by src/store/alerts.rs.
SELECT kind AS alert, date, system, stack, subject, detail, raised_at
FROM raised_alerts
WHERE CASE WHEN ?1 IS NULL THEN read_at IS NULL ELSE date >= ?1 END
ORDER BY date, system, stack, kind, subject, alert_id
