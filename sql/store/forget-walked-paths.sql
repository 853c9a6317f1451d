-- Every path an ingest walked and recorded.
-- Run by src/store/forget.rs.
SELECT path FROM walked_files
