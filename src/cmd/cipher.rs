//! `ttlsinv cipher`: what a cipher suite code or name is, and every grade
//! it has, for people (like `openssl ciphers -v`).

use std::io::Write;
use std::process::ExitCode;

use crate::catalog::{self, Lookup};
use crate::cli::CipherArgs;

pub fn run(args: &CipherArgs) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    for (index, input) in args.suites.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        match catalog::decode_cipher(input) {
            Lookup::Known(suite) => write!(out, "{suite}")?,
            Lookup::Unknown(code) => {
                if let Some(why) = catalog::no_sslv2_spec(input) {
                    return Err(super::usage(why));
                }
                writeln!(out, "code: {code}\nname: (not in the IANA registry)\ngrade: unknown")?;
            }
            Lookup::Unrecognised(text) => {
                return Err(super::usage(format!(
                    "`{text}` is neither a cipher suite code (003C, 3C, 0x003C) nor a cipher suite name"
                )))
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
