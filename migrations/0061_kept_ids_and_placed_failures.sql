-- 0061_kept_ids_and_placed_failures: the highest connection id given before a prune, which the
-- writer gives new rows ids above; the place of a file that failed as a whole.
--
-- Kept ids. Connection ids are SQLite's (INTEGER PRIMARY KEY without AUTOINCREMENT):
-- once a prune deleted the highest of them, the next row took the id of a pruned one, while the
-- links kept of the pruned rows still named it (pruned_heads, connection_heads, the kept rows'
-- previous_id and identity_id, connection_directions): a new connection took the identity of a
-- pruned one and was counted as it, and a kept row's previous observation became a later one.
-- A database pruned before this version: the highest id those links name.
CREATE TABLE IF NOT EXISTS kept_connection_ids (
    -- one row
    one            INTEGER PRIMARY KEY CHECK (one = 1),
    highest        INTEGER NOT NULL
) STRICT;
INSERT INTO kept_connection_ids (one, highest)
SELECT 1, max(id) FROM (
    SELECT max(connection_id, identity_id) AS id FROM pruned_heads
    UNION ALL SELECT max(connection_id, identity_id) FROM connection_heads
    UNION ALL SELECT max(identity_id) FROM connection_directions)
WHERE EXISTS (SELECT 1 FROM pruned_heads) OR EXISTS (SELECT 1 FROM pruned_days)
HAVING max(id) IS NOT NULL;
--
-- Placed failures. A file that failed (0 bytes, not text, a request that names no stack) is
-- placed on the system and date its path names: `files` files it there, coverage says `failed`
-- for a day of no report rather than `missing` (the capture job ran), and alerts date
-- `capture_failed` (review 12a, F6). NULL: the file did not fail, or its path does not place
-- it. Files recorded before are placed when an ingest walks them again (a file that failed as a
-- whole is read again each time).
-- (Not named system and capture_date: an export to the lake partitions a table by capture_date.)
ALTER TABLE walked_files ADD COLUMN path_system TEXT;
ALTER TABLE walked_files ADD COLUMN path_date TEXT;
