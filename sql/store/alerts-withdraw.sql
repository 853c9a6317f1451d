-- An alert withdrawn: the fact it said no longer holds (a capture_missing day that coverage
-- now shows, its capture having arrived after the alert), so that no later `alerts --since`
-- lists it. Found missing again, it is raised again.
-- Run by src/store/alerts.rs.
DELETE FROM raised_alerts WHERE key = ?1
