//! `ttlsinv` turns folders of z/OS NETSTAT captures into one SQLite
//! inventory of connections, AT-TLS policy and negotiated TLS.
//!
//! The modules follow the data: [`capture`] finds capture files and splits
//! them into netstat reports, [`parse`] turns each report into typed
//! [`model`] records, [`store`] writes them to SQLite, and [`ingest`] runs
//! that pipeline. [`cmd`] holds the command-line subcommands. [`text`], at
//! the bottom, holds the line helpers the splitter and the parsers share.

pub mod canned;
pub mod capture;
pub mod catalog;
pub(crate) mod cbom;
pub mod cli;
pub mod cmd;
pub(crate) mod digest;
pub(crate) mod disable;
pub(crate) mod error;
pub(crate) mod html;
pub mod ingest;
pub(crate) mod interrupt;
pub mod lake;
pub(crate) mod merge;
pub mod model;
pub mod output;
pub mod parse;
pub(crate) mod path_text;
pub(crate) mod schema;
pub(crate) mod standard;
pub mod store;
pub(crate) mod text;
