-- An alert not raised before; one already known is left as it is.
-- Run by src/store/alerts.rs.
INSERT INTO raised_alerts (key, kind, date, system, stack, subject, detail, raised_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
ON CONFLICT (key) DO NOTHING
