-- A snapshot's time is its earliest report time; a time of day beats a bare date.
-- Run by src/store/write.rs, which counts a report instead when this rule
-- leaves the row as it is (`keeps` there): change the two together.
INSERT INTO snapshots (system, stack, capture_date, run_key, captured_at)
VALUES (?1, ?2, ?3, ?4, ?5)
ON CONFLICT (system, stack, capture_date, run_key) DO UPDATE SET captured_at = CASE
    WHEN length(excluded.captured_at) > length(captured_at) THEN excluded.captured_at
    WHEN length(excluded.captured_at) < length(captured_at) THEN captured_at
    -- Report times more than 20 hours apart: the run crossed midnight, some reports
    -- printed on the next day's clock; it started at the later time of day.
    WHEN abs(julianday(excluded.captured_at) - julianday(captured_at)) > 20.0 / 24
        THEN max(captured_at, excluded.captured_at)
    ELSE min(captured_at, excluded.captured_at) END,
    report_count = report_count + 1
RETURNING snapshot_id, report_count = 1, captured_at;
