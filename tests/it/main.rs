//! Integration tests: one binary, a module per topic.

mod catalog;
mod cli;
mod concurrency;
mod console;
mod crash;
mod files;
mod formats;
mod fuzz;
mod generate;
mod hostile;
mod hostile_trees;
mod html;
mod ingest;
mod output;
mod parse_published;
mod parse_variants;
mod pasearch;
mod quickstart;
mod real;
mod report_kinds;
mod reports;
mod samples;
mod security;
mod summaries;
mod trust;
mod util;
