-- 0091_releases: one spelling of a Communications Server release, for reports.
--
-- Headers print the release as `V2R4`, `V3R1` or `3.1` (z/OS 3.1 prints either), and
-- `captures.release` keeps it as printed (never drop a field), so one release was two in a
-- GROUP BY (review 16b F8: SYSA `3.1`, SYSB `V3R1`). v_captures gives it beside the printed one
-- in one spelling, `zos_release`: `<version>.<release>` (`V2R4` -> `2.4`, `V1R10` -> `1.10`;
-- `3.1` as it is), the z/OS release the Communications Server ships with.
DROP VIEW v_captures;
CREATE VIEW v_captures AS
SELECT
    k.capture_id,
    k.snapshot_id,
    f.path,
    f.sha256,
    f.size,
    k.system,
    k.stack,
    k.release,
    CASE WHEN k.release GLOB 'V[0-9]*R[0-9]*'
         THEN substr(k.release, 2, instr(k.release, 'R') - 2) || '.' || substr(k.release, instr(k.release, 'R') + 1)
         ELSE k.release END AS zos_release,
    k.dialect,
    k.report_kind,
    k.captured_at,
    k.first_line,
    k.last_line,
    k.record_count
FROM captures k
JOIN capture_files f ON f.file_id = k.file_id;
