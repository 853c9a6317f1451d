//! `ttlsinv cipher`: what a cipher suite code or name is, and every grade
//! it has, for people (like `openssl ciphers -v`).

use std::io::Write;
use std::process::ExitCode;

use crate::catalog::{self, Catalog, Lookup};
use crate::cli::CipherArgs;

pub fn run(args: &CipherArgs) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    for (index, input) in args.suites.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        match catalog::decode_cipher(input) {
            Lookup::Known(suite) => write!(out, "{suite}")?,
            Lookup::Unknown(code) if code.starts_with("V2-") => return Err(no_sslv2_spec(input)),
            Lookup::Unknown(code) => {
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

/// A 1-digit spec that is no SSL V2 spec (`5`): a usage error naming the
/// specs there are, and the 2-character spec the user may have meant (`05`),
/// whose leading zero is easy to drop.
fn no_sslv2_spec(input: &str) -> anyhow::Error {
    let specs: Vec<&str> = Catalog::get().cipher_suites().filter_map(|suite| suite.code.strip_prefix("V2-")).collect();
    // The digit is the input's last character (`5`, `V2-5`).
    let two = format!("0{}", input.trim().chars().last().unwrap_or('0'));
    let meant = catalog::decode_cipher(&two)
        .known()
        .map_or_else(String::new, |suite| format!("; `{two}` is the 2-character spec {}", suite.name));
    super::usage(format!(
        "`{}` is no SSL V2 cipher spec (a 1-character spec is one of {}){meant}",
        input.trim(),
        specs.join(", ")
    ))
}
