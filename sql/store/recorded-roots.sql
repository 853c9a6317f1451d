-- Every tree recorded by an ingest, with its layout.
-- Run by src/store/mod.rs.
SELECT root, layout FROM ingest_roots
