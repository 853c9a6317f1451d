-- What became of a walked file, replacing what an earlier run recorded for its path;
-- ?5: the file is unchanged, and keeps the skipped reports recorded when it was read, and
-- `failed` with its reason when every request in it failed (it is in the inventory, placed),
-- and the reason it was ingested with (read after the earlier file it begins with);
-- ?6 ?7: the system and date its path places a file that failed as a whole on.
-- Run by src/store/mod.rs.
INSERT INTO walked_files (path, outcome, reason, skipped_reports, walked_at, path_system, path_date)
VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?6, ?7)
ON CONFLICT (path) DO UPDATE SET
    outcome = CASE WHEN ?5 AND outcome = 'failed' THEN outcome ELSE excluded.outcome END,
    reason = CASE WHEN ?5 AND outcome IN ('failed', 'ingested') THEN reason ELSE excluded.reason END,
    walked_at = excluded.walked_at,
    skipped_reports = CASE WHEN ?5 THEN skipped_reports ELSE excluded.skipped_reports END,
    path_system = excluded.path_system,
    path_date = excluded.path_date
