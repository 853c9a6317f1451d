//! Integration tests: one binary, a module per topic.

mod catalog;
mod cli;
mod generate;
mod concurrency;
mod crash;
mod fuzz;
mod ingest;
mod parse_published;
mod parse_variants;
mod reports;
mod samples;
mod util;
