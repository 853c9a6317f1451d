//! `ttlsinv` turns folders of z/OS NETSTAT captures into one SQLite
//! inventory of connections, AT-TLS policy and negotiated TLS.
//!
//! The modules follow the data: [`capture`] finds capture files and splits
//! them into netstat reports, [`parse`] turns each report into typed
//! [`model`] records, [`store`] writes them to SQLite, and [`ingest`] runs
//! that pipeline. [`cmd`] holds the command-line subcommands. [`text`], at
//! the bottom, holds the line helpers the splitter and the parsers share.

pub mod capture;
pub mod catalog;
pub mod cbom;
pub mod cli;
pub mod cmd;
pub mod digest;
pub mod disable;
pub mod error;
pub mod html;
pub mod ingest;
pub mod interrupt;
pub mod merge;
pub mod model;
pub mod output;
pub mod parse;
pub mod path_text;
pub mod report;
pub mod schema;
pub mod standard;
pub mod store;
pub mod text;
