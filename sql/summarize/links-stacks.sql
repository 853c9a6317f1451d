-- Stacks with connection rows not linked yet, or whose links were reset.
-- Run by src/store/summarize/links.rs.
SELECT DISTINCT s.system, s.stack FROM connection_rows c INDEXED BY connection_rows_unlinked
    JOIN snapshots s ON s.snapshot_id = c.snapshot_id WHERE c.identity_id IS NULL
UNION
SELECT DISTINCT s.system, s.stack FROM snapshots s
WHERE NOT EXISTS (SELECT 1 FROM connection_links l WHERE l.system = s.system AND l.stack = s.stack)
ORDER BY 1, 2
