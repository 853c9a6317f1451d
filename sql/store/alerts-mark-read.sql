-- Marks the alerts shown as read.
-- Run by src/store/alerts.rs.
UPDATE raised_alerts SET read_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE read_at IS NULL AND (?1 IS NULL OR date >= ?1)
