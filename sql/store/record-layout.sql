-- The layout of a tree, in place of what was recorded for it.
-- Run by src/store/mod.rs.
INSERT INTO ingest_roots (root, layout, recorded_at)
VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
ON CONFLICT (root) DO UPDATE SET layout = excluded.layout, recorded_at = excluded.recorded_at
