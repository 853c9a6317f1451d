-- Whether a capture file was ingested from a tree: the tree itself (a file
-- given), a file under it, or a member of it (a zip given). ?1 the tree,
-- ?2 the tree with a trailing `/`.
-- Run by src/store/mod.rs.
SELECT EXISTS (
    SELECT 1 FROM capture_files
    WHERE path = ?1
       OR substr(path, 1, length(?2)) = ?2
       OR substr(path, 1, length(?1) + 1) = ?1 || ':'
)
