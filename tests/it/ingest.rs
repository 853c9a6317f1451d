//! End-to-end ingest.
