-- The bytes of the database's pages that hold something (not on the free
-- list): about the size of a compact copy. Run by src/store/prune.rs.
SELECT (p.page_count - f.freelist_count) * s.page_size
FROM pragma_page_count() p, pragma_freelist_count() f, pragma_page_size() s
