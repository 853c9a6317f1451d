//! One cipher suite with its components and every grade: how it is built
//! from the sources, and how it is shown to a person.

use std::collections::HashMap;
use std::fmt;

use super::ciphersuite_info::{self, CipherSuiteInfo, Weaknesses};
use super::code;
use super::decompose::{self, Components, Family};
use super::grade::Grade;
use super::iana::{Assignment, IanaRecommended};
use super::mozilla::MozillaLevel;
use super::protocol::Protocol;
use super::zos::{SslV2Spec, ZosTables};

/// A cipher suite: an IANA suite, or a z/OS SSLv2 1-character spec.
///
/// Key exchange, authentication and MAC are named as ciphersuite.info names
/// them (`DH`, `anon`, `SHA`, `SHA RSA` for SRP with an RSA certificate).
/// TLS 1.3 suites carry `any` key exchange and authentication, as OpenSSL
/// shows them: those come from the negotiated group and signature pair. `-`
/// marks a component the name does not carry (the signalling values carry
/// none).
#[derive(Debug, Clone, PartialEq, Eq)]
#[expect(clippy::struct_excessive_bools, reason = "one flag per catalog column, as the data files have them")]
pub struct CipherSuite {
    /// `003C` (the IANA value and z/OS 4-character spec), or `V2-1` for an
    /// SSLv2 spec.
    pub code: String,
    /// The z/OS 2-character spec, for the `00xx` suites z/OS documents one for.
    pub code_2char: Option<String>,
    /// The IANA name; the z/OS name for SSLv2 specs.
    pub name: String,
    /// The oldest protocol version that can negotiate the suite.
    pub protocol_min: Protocol,
    pub kex: String,
    pub auth: String,
    /// The bulk cipher algorithm: `AES`, `3DES`, `CHACHA20`, `NULL`.
    pub enc: String,
    pub enc_bits: u16,
    /// `CBC`, `GCM`, `CCM`, `CCM_8`, `CHACHA20-POLY1305`, `STREAM` (RC4), `NULL`.
    pub mode: String,
    /// The hash the name ends in: the HMAC of CBC and stream suites, only
    /// the PRF/HKDF hash of AEAD suites (see `aead`).
    pub mac: String,
    pub forward_secret: bool,
    pub aead: bool,
    pub export: bool,
    pub null_cipher: bool,
    /// No server authentication (`anon` or `NULL`).
    pub anonymous: bool,
    /// Listed in z/OS's 4-character cipher spec table.
    pub zos_supported: bool,
    /// See [`Components::quantum_vulnerable`]: on TLS 1.3 suites this is
    /// "classical by default", as the group decides.
    pub quantum_vulnerable: bool,
    /// ciphersuite.info's grade, reproduced from its fixtures.
    pub grade: Grade,
    /// `Non-ephemeral Key Exchange(1); RSA Authentication(0)`: the
    /// weaknesses behind `grade`, with their severities.
    pub grade_reasons: String,
    pub mozilla_5_7: MozillaLevel,
    pub mozilla_6_0: MozillaLevel,
    /// Listed by NIST SP 800-52 Rev. 2 §3.3.1.
    pub nist_800_52r2: bool,
    /// IANA's Recommended column; `None` for SSLv2 specs, which IANA does not list.
    pub iana_recommended: Option<IanaRecommended>,
}

/// The sources a suite's grades and flags are looked up in.
pub(super) struct Sources<'a> {
    pub ciphersuite_info: &'a CipherSuiteInfo,
    pub zos: &'a ZosTables,
    pub mozilla_5_7: &'a HashMap<String, MozillaLevel>,
    pub mozilla_6_0: &'a HashMap<String, MozillaLevel>,
    pub nist: &'a HashMap<u16, String>,
}

impl CipherSuite {
    pub(super) fn from_iana(suite: &Assignment, sources: &Sources<'_>) -> CipherSuite {
        let code = code::cipher_key(suite.value);
        let described = match decompose::decompose(&suite.name) {
            Some(components) => {
                let weaknesses = sources.ciphersuite_info.weaknesses(&components);
                CipherSuite::graded(code, &suite.name, &components, &weaknesses)
            }
            None => CipherSuite::signalling(code, &suite.name),
        };
        let level =
            |levels: &HashMap<String, MozillaLevel>| levels.get(&suite.name).copied().unwrap_or(MozillaLevel::None);
        CipherSuite {
            code_2char: sources.zos.specs_2char.get(&suite.value).cloned(),
            zos_supported: sources.zos.supported.contains(&suite.value),
            mozilla_5_7: level(sources.mozilla_5_7),
            mozilla_6_0: level(sources.mozilla_6_0),
            nist_800_52r2: sources.nist.contains_key(&suite.value),
            iana_recommended: Some(suite.recommended),
            ..described
        }
    }

    /// An SSLv2 spec is insecure whatever its cipher: on top of its
    /// components' weaknesses it gets the protocol's, which ciphersuite.info
    /// (TLS only) has no entry for. `None` if the name does not split.
    pub(super) fn from_sslv2(spec: &SslV2Spec, sources: &Sources<'_>) -> Option<CipherSuite> {
        let components = decompose::decompose_sslv2(&spec.name)?;
        let mut weaknesses = sources.ciphersuite_info.weaknesses(&components);
        weaknesses.insert(format!("SSL 2.0 {}", Protocol::SslV2.grade_reason()), 2);
        Some(CipherSuite {
            zos_supported: true,
            ..CipherSuite::graded(code::sslv2_key(spec.spec), &spec.name, &components, &weaknesses)
        })
    }

    /// Everything that follows from the name; the source flags are left at
    /// "not listed".
    fn graded(code: String, name: &str, components: &Components, weaknesses: &Weaknesses) -> CipherSuite {
        let grade = ciphersuite_info::grade(components, weaknesses);
        let bulk = components.bulk_cipher();
        let (kex, auth) = match components.family {
            Family::Tls13 => ("any".to_owned(), "any".to_owned()),
            Family::SslV2 | Family::Tls => (components.kex.clone(), components.auth.clone()),
        };
        CipherSuite {
            code,
            code_2char: None,
            name: name.to_owned(),
            protocol_min: components.protocol_min(),
            anonymous: matches!(auth.as_str(), "anon" | "NULL"),
            kex,
            auth,
            null_cipher: bulk.algorithm == "NULL",
            enc: bulk.algorithm,
            enc_bits: bulk.bits,
            mode: bulk.mode,
            mac: components.hash.clone(),
            forward_secret: components.forward_secret(),
            aead: components.aead(),
            export: components.export,
            zos_supported: false,
            quantum_vulnerable: components.quantum_vulnerable(),
            grade_reasons: ciphersuite_info::reasons(components, grade, weaknesses),
            grade,
            mozilla_5_7: MozillaLevel::None,
            mozilla_6_0: MozillaLevel::None,
            nist_800_52r2: false,
            iana_recommended: None,
        }
    }

    /// A signalling value (`TLS_FALLBACK_SCSV`) shares the code space but is
    /// never negotiated: kept so its code decodes, not graded.
    fn signalling(code: String, name: &str) -> CipherSuite {
        let none = || "-".to_owned();
        CipherSuite {
            code,
            code_2char: None,
            name: name.to_owned(),
            protocol_min: Protocol::SslV3,
            kex: none(),
            auth: none(),
            enc: none(),
            enc_bits: 0,
            mode: none(),
            mac: none(),
            forward_secret: false,
            aead: false,
            export: false,
            null_cipher: false,
            anonymous: false,
            zos_supported: false,
            quantum_vulnerable: false,
            grade: Grade::Unknown,
            grade_reasons: "signalling cipher suite value (SCSV): never negotiated, not graded".to_owned(),
            mozilla_5_7: MozillaLevel::None,
            mozilla_6_0: MozillaLevel::None,
            nist_800_52r2: false,
            iana_recommended: None,
        }
    }
}

/// One `key: value` line per field, named as the `cipher_suites` columns,
/// in the spirit of `openssl ciphers -v`.
impl fmt::Display for CipherSuite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let yes_no = |flag: bool| if flag { "yes" } else { "no" };
        writeln!(f, "code: {}", self.code)?;
        writeln!(f, "code_2char: {}", self.code_2char.as_deref().unwrap_or("-"))?;
        writeln!(f, "name: {}", self.name)?;
        writeln!(f, "protocol_min: {}", self.protocol_min.as_str())?;
        writeln!(f, "kex: {}", self.kex)?;
        writeln!(f, "auth: {}", self.auth)?;
        writeln!(f, "enc: {}", self.enc)?;
        writeln!(f, "enc_bits: {}", self.enc_bits)?;
        writeln!(f, "mode: {}", self.mode)?;
        writeln!(f, "mac: {}", self.mac)?;
        writeln!(f, "forward_secret: {}", yes_no(self.forward_secret))?;
        writeln!(f, "aead: {}", yes_no(self.aead))?;
        writeln!(f, "export: {}", yes_no(self.export))?;
        writeln!(f, "null_cipher: {}", yes_no(self.null_cipher))?;
        writeln!(f, "anonymous: {}", yes_no(self.anonymous))?;
        writeln!(f, "zos_supported: {}", yes_no(self.zos_supported))?;
        writeln!(f, "quantum_vulnerable: {}", yes_no(self.quantum_vulnerable))?;
        writeln!(f, "grade: {}", self.grade)?;
        let reasons = if self.grade_reasons.is_empty() { "none" } else { &self.grade_reasons };
        writeln!(f, "grade_reasons: {reasons}")?;
        writeln!(f, "mozilla_5_7: {}", self.mozilla_5_7)?;
        writeln!(f, "mozilla_6_0: {}", self.mozilla_6_0)?;
        writeln!(f, "nist_800_52r2: {}", yes_no(self.nist_800_52r2))?;
        writeln!(f, "iana_recommended: {}", self.iana_recommended.map_or("-", IanaRecommended::as_str))?;
        if self.protocol_min == Protocol::TlsV1_3 {
            writeln!(
                f,
                "note: TLS 1.3 suites name no key exchange or authentication; grade the key-share group \
                 and the signature pair too. quantum_vulnerable assumes a classical group."
            )?;
        }
        Ok(())
    }
}
