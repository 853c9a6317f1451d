//! Cipher suite name → components, split the way ciphersuite.info's
//! `directory/signals.py` splits them, so that the components are the keys of
//! its fixtures; and the properties that follow from the components
//! (bulk cipher and mode, oldest protocol, forward secrecy, AEAD …).
//!
//! - TLS 1.2 and older, `TLS_<KX>[_<AU>][_EXPORT]_WITH_<ENC…>_<HASH>`:
//!   `EXPORT` is dropped and flagged; the tokens before `WITH` are the key
//!   exchange and, if present, the authentication (else the same as the key
//!   exchange); after it, the last token is the hash and the rest the cipher.
//!   CCM suites end in `CCM` or `CCM_8` and name no hash: the token goes back
//!   to the cipher and the hash is SHA256. `PSK_DHE` is key exchange DHE with
//!   PSK authentication.
//! - TLS 1.3 style, `TLS_<AEAD…>_<HASH>`: no `WITH`; key exchange and
//!   authentication are not part of the suite (`-`). ciphersuite.info lists
//!   these by code (`13xx`, `00C6`, `00C7`, `C0B4`, `C0B5`); recognising the
//!   shape also covers suites newer than its code (Ascon `006E`–`0071`,
//!   AEGIS `1306`–`1307`). `TLS_SHA256_SHA256` and `TLS_SHA384_SHA384` are
//!   integrity-only: NULL cipher, the hash as authentication.
//! - GOST (`TLS_GOSTR341112_256_WITH_…`): fixed GOST authentication and hash;
//!   the `MGM` suites are TLS 1.3 suites with key exchange ECDHE.
//! - z/OS SSLv2 specs (`TLS_RC4_128_WITH_MD5`): see [`decompose_sslv2`].

use super::protocol::Protocol;

/// Which protocol generation a suite name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    SslV2,
    /// TLS 1.2 and older (and SSLv3).
    Tls,
    Tls13,
}

/// A suite's components, named as ciphersuite.info's fixtures name them
/// (`AES 128 CBC`, `SHA`, `anon`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Components {
    pub family: Family,
    pub export: bool,
    pub kex: String,
    pub auth: String,
    pub enc: String,
    pub hash: String,
}

/// Splits an IANA cipher suite name; `None` for the signalling values
/// (`…_SCSV`), which are not cipher suites, and for a name of no known shape.
pub(super) fn decompose(name: &str) -> Option<Components> {
    if name.ends_with("_SCSV") {
        return None;
    }
    let export = name.contains("EXPORT");
    let tokens: Vec<&str> = name.split('_').filter(|token| *token != "EXPORT").collect();
    let (&protocol, tokens) = tokens.split_first()?;
    if protocol != "TLS" {
        return None;
    }
    let components = match tokens.iter().position(|token| *token == "WITH") {
        Some(with) if tokens.first() == Some(&"GOSTR341112") => gost(&tokens[with + 1..]),
        Some(with) => tls(&tokens[..with], &tokens[with + 1..])?,
        None => tls13(tokens)?,
    };
    Some(Components { export, ..components })
}

fn tls(before_with: &[&str], after_with: &[&str]) -> Option<Components> {
    let (&kex, auth) = before_with.split_first()?;
    let (&last, cipher) = after_with.split_last()?;
    let (enc, hash) = if last.starts_with(|c: char| c.is_ascii_digit()) || last == "CCM" {
        (after_with.join(" "), "SHA256".to_owned())
    } else {
        (cipher.join(" "), last.to_owned())
    };
    let (kex, auth) = match (kex, auth.join(" ")) {
        ("PSK", auth) if auth == "DHE" => ("DHE".to_owned(), "PSK".to_owned()),
        (kex, auth) if auth.is_empty() => (kex.to_owned(), kex.to_owned()),
        (kex, auth) => (kex.to_owned(), auth),
    };
    Some(Components { family: Family::Tls, export: false, kex, auth, enc, hash })
}

fn tls13(tokens: &[&str]) -> Option<Components> {
    let (&hash, cipher) = tokens.split_last()?;
    let (auth, enc) = match cipher {
        [digest] if digest.starts_with("SHA") => (*digest, "NULL".to_owned()),
        _ => ("-", cipher.join(" ")),
    };
    Some(Components {
        family: Family::Tls13,
        export: false,
        kex: "-".to_owned(),
        auth: auth.to_owned(),
        enc,
        hash: hash.to_owned(),
    })
}

/// `KUZNYECHIK_CTR_OMAC` (TLS 1.2: the MAC token is dropped) or
/// `KUZNYECHIK_MGM_L` (TLS 1.3).
fn gost(after_with: &[&str]) -> Components {
    if after_with.contains(&"MGM") {
        Components {
            family: Family::Tls13,
            export: false,
            kex: "ECDHE".to_owned(),
            auth: "-".to_owned(),
            enc: after_with.join(" "),
            hash: "-".to_owned(),
        }
    } else {
        Components {
            family: Family::Tls,
            export: false,
            kex: "GOSTR341112 256".to_owned(),
            auth: "GOSTR341012".to_owned(),
            enc: after_with[..after_with.len().saturating_sub(1)].join(" "),
            hash: "GOSTR341112".to_owned(),
        }
    }
}

/// Splits a z/OS SSLv2 1-character spec name, `TLS_<CIPHER>[_EXPORT40]_WITH_MD5`.
/// SSLv2 always used RSA key exchange and an MD5 MAC; its cipher names follow
/// no TLS pattern, so the six are matched one by one and named as the TLS
/// fixtures name the same ciphers.
pub(super) fn decompose_sslv2(name: &str) -> Option<Components> {
    let cipher = name.strip_prefix("TLS_")?.strip_suffix("_WITH_MD5")?;
    let (cipher, export) = match cipher.strip_suffix("_EXPORT40") {
        Some(cipher) => (cipher, true),
        None => (cipher, false),
    };
    let enc = match (cipher, export) {
        ("RC4_128", false) => "RC4 128",
        ("RC4_128", true) => "RC4 40",
        ("RC2_CBC_128_CBC", false) => "RC2 CBC 128",
        ("RC2_CBC_128_CBC", true) => "RC2 CBC 40",
        ("DES_64_CBC", false) => "DES CBC",
        ("DES_192_EDE3_CBC", false) => "3DES EDE CBC",
        _ => return None,
    };
    Some(Components {
        family: Family::SslV2,
        export,
        kex: "RSA".to_owned(),
        auth: "RSA".to_owned(),
        enc: enc.to_owned(),
        hash: "MD5".to_owned(),
    })
}

/// The bulk cipher: algorithm, key bits and mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BulkCipher {
    pub algorithm: String,
    pub bits: u16,
    pub mode: String,
}

/// Modes that authenticate as well as encrypt.
const AEAD_MODES: [&str; 8] = ["GCM", "CCM", "CCM_8", "CHACHA20-POLY1305", "MGM_L", "MGM_S", "AEGIS", "ASCON"];

impl Components {
    /// `AES 128 CBC` → AES, 128, CBC. Key sizes the name leaves out are the
    /// algorithm's: DES 56, 3DES 168, IDEA/SEED/SM4 128, ChaCha20 and the
    /// GOST ciphers 256. RC4 is a stream cipher (`STREAM`); ChaCha20's mode
    /// is `CHACHA20-POLY1305`.
    pub fn bulk_cipher(&self) -> BulkCipher {
        let mut tokens = self.enc.split(' ');
        let first = tokens.next().unwrap_or_default();
        let (algorithm, named_bits) = match first {
            "3DES" => ("3DES", None),
            "DES40" => ("DES", Some(40)),
            "28147" => ("GOST28147", None),
            _ => match first.strip_prefix("ASCONAEAD") {
                Some(bits) => ("ASCON", bits.parse().ok()),
                None => (first, None),
            },
        };
        let mut bits = named_bits;
        let mut mode = Vec::new();
        for token in tokens {
            let digits: String = token.chars().take_while(char::is_ascii_digit).collect();
            match token {
                // `CCM 8`: the tag length belongs to the mode.
                "8" if mode == ["CCM"] => mode.push(token),
                // Triple DES is always encrypt-decrypt-encrypt.
                "EDE" => {}
                // `AEGIS 128L` is the 128-bit-key variant.
                _ if !digits.is_empty() && bits.is_none() => bits = digits.parse().ok(),
                _ => mode.push(token),
            }
        }
        let mode = match (algorithm, mode.join("_")) {
            ("NULL", _) => "NULL".to_owned(),
            ("RC4", _) => "STREAM".to_owned(),
            ("CHACHA20", _) => "CHACHA20-POLY1305".to_owned(),
            ("AEGIS" | "ASCON", _) => algorithm.to_owned(),
            (_, mode) => mode,
        };
        let bits = bits.unwrap_or(match algorithm {
            "DES" => 56,
            "3DES" => 168,
            "IDEA" | "SEED" | "SM4" => 128,
            "CHACHA20" | "KUZNYECHIK" | "MAGMA" | "GOST28147" => 256,
            _ => 0,
        });
        BulkCipher { algorithm: algorithm.to_owned(), bits, mode }
    }

    /// ciphersuite.info's rule: an ephemeral (EC)DHE key exchange, or TLS 1.3.
    pub fn forward_secret(&self) -> bool {
        self.family == Family::Tls13 || self.kex.contains("DHE")
    }

    pub fn aead(&self) -> bool {
        AEAD_MODES.contains(&self.bulk_cipher().mode.as_str())
    }

    /// Whether a quantum computer could read the session: true for every
    /// public-key exchange (RSA, DH, DHE, ECDH, ECDHE, SRP, ECCPWD, GOST)
    /// and for no key exchange at all (`TLS_NULL_WITH_NULL_NULL`: anyone can
    /// read it, a quantum computer too), false for a pre-shared or Kerberos
    /// key.
    /// TLS 1.3 suites get their key exchange from the negotiated group, so
    /// they are classical (true) by default: only a hybrid ML-KEM group makes
    /// the connection quantum-safe, and that is the group's flag.
    pub fn quantum_vulnerable(&self) -> bool {
        self.family == Family::Tls13 || !matches!(self.kex.as_str(), "PSK" | "KRB5")
    }

    /// The oldest protocol that can carry the suite, by OpenSSL's convention:
    /// TLS 1.3-style suites need TLS 1.3; AEAD, SHA-256/384 and GOST suites
    /// need TLS 1.2 (RFC 5246, RFC 9189); elliptic-curve key exchanges need
    /// the hello extensions of TLS 1.0 (RFC 4492); the rest work over SSLv3,
    /// as z/OS allows for the AES suites.
    pub fn protocol_min(&self) -> Protocol {
        match self.family {
            Family::SslV2 => Protocol::SslV2,
            Family::Tls13 => Protocol::TlsV1_3,
            Family::Tls if self.aead() || matches!(self.hash.as_str(), "SHA256" | "SHA384" | "GOSTR341112") => {
                Protocol::TlsV1_2
            }
            Family::Tls if matches!(self.kex.as_str(), "ECDH" | "ECDHE") => Protocol::TlsV1_0,
            Family::Tls => Protocol::SslV3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (kex, auth, enc, hash) of a name, as ciphersuite.info names them.
    fn split(name: &str) -> (String, String, String, String) {
        let c = decompose(name).unwrap_or_else(|| panic!("{name} does not split"));
        (c.kex, c.auth, c.enc, c.hash)
    }

    fn owned(parts: (&str, &str, &str, &str)) -> (String, String, String, String) {
        (parts.0.into(), parts.1.into(), parts.2.into(), parts.3.into())
    }

    #[test]
    fn tls12_names_split_at_with() {
        let cases = [
            ("TLS_RSA_WITH_AES_128_CBC_SHA256", ("RSA", "RSA", "AES 128 CBC", "SHA256")),
            ("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", ("ECDHE", "ECDSA", "AES 128 GCM", "SHA256")),
            ("TLS_DH_anon_WITH_AES_128_CBC_SHA", ("DH", "anon", "AES 128 CBC", "SHA")),
            ("TLS_NULL_WITH_NULL_NULL", ("NULL", "NULL", "NULL", "NULL")),
            ("TLS_RSA_WITH_3DES_EDE_CBC_SHA", ("RSA", "RSA", "3DES EDE CBC", "SHA")),
            ("TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA", ("SRP", "SHA RSA", "AES 128 CBC", "SHA")),
            ("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", ("ECDHE", "RSA", "CHACHA20 POLY1305", "SHA256")),
        ];
        for (name, expected) in cases {
            assert_eq!(split(name), owned(expected), "{name}");
        }
    }

    #[test]
    fn ccm_suites_get_the_sha256_prf() {
        assert_eq!(split("TLS_RSA_WITH_AES_128_CCM"), owned(("RSA", "RSA", "AES 128 CCM", "SHA256")));
        assert_eq!(split("TLS_PSK_WITH_AES_256_CCM_8"), owned(("PSK", "PSK", "AES 256 CCM 8", "SHA256")));
        assert_eq!(split("TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256"), owned(("ECDHE", "PSK", "AES 128 CCM", "SHA256")));
    }

    #[test]
    fn psk_dhe_is_dhe_with_psk_authentication() {
        assert_eq!(split("TLS_PSK_DHE_WITH_AES_128_CCM_8"), owned(("DHE", "PSK", "AES 128 CCM 8", "SHA256")));
        assert_eq!(split("TLS_DHE_PSK_WITH_AES_128_GCM_SHA256"), owned(("DHE", "PSK", "AES 128 GCM", "SHA256")));
    }

    #[test]
    fn export_is_dropped_and_flagged() {
        let suite = decompose("TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA").unwrap();
        assert!(suite.export);
        assert_eq!((suite.kex.as_str(), suite.auth.as_str(), suite.enc.as_str()), ("DH", "anon", "DES40 CBC"));
        assert!(!decompose("TLS_RSA_WITH_AES_128_CBC_SHA").unwrap().export);
    }

    #[test]
    fn tls13_names_carry_only_cipher_and_hash() {
        let cases = [
            ("TLS_AES_128_GCM_SHA256", ("-", "-", "AES 128 GCM", "SHA256")),
            ("TLS_AES_128_CCM_8_SHA256", ("-", "-", "AES 128 CCM 8", "SHA256")),
            ("TLS_CHACHA20_POLY1305_SHA256", ("-", "-", "CHACHA20 POLY1305", "SHA256")),
            ("TLS_SM4_GCM_SM3", ("-", "-", "SM4 GCM", "SM3")),
            ("TLS_ASCONAEAD128_ASCONHASH256", ("-", "-", "ASCONAEAD128", "ASCONHASH256")),
            ("TLS_SHA384_SHA384", ("-", "SHA384", "NULL", "SHA384")),
        ];
        for (name, expected) in cases {
            assert_eq!(split(name), owned(expected), "{name}");
            assert_eq!(decompose(name).unwrap().family, Family::Tls13, "{name}");
        }
    }

    #[test]
    fn gost_suites_follow_signals_py() {
        let ctr = decompose("TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC").unwrap();
        assert_eq!(
            (ctr.kex.as_str(), ctr.enc.as_str(), ctr.family),
            ("GOSTR341112 256", "KUZNYECHIK CTR", Family::Tls)
        );
        let mgm = decompose("TLS_GOSTR341112_256_WITH_MAGMA_MGM_S").unwrap();
        assert_eq!((mgm.kex.as_str(), mgm.enc.as_str(), mgm.family), ("ECDHE", "MAGMA MGM S", Family::Tls13));
    }

    #[test]
    fn signalling_values_are_not_suites() {
        assert_eq!(decompose("TLS_FALLBACK_SCSV"), None);
        assert_eq!(decompose("TLS_EMPTY_RENEGOTIATION_INFO_SCSV"), None);
    }

    #[test]
    fn sslv2_specs_use_the_tls_cipher_names() {
        let suite = decompose_sslv2("TLS_RC2_CBC_128_CBC_EXPORT40_WITH_MD5").unwrap();
        assert!(suite.export);
        assert_eq!((suite.enc.as_str(), suite.hash.as_str()), ("RC2 CBC 40", "MD5"));
        assert_eq!(decompose_sslv2("TLS_DES_192_EDE3_CBC_WITH_MD5").unwrap().enc, "3DES EDE CBC");
        assert_eq!(decompose_sslv2("TLS_RSA_WITH_AES_128_CBC_SHA"), None);
    }

    fn bulk(enc: &str) -> (String, u16, String) {
        let suite = Components {
            family: Family::Tls,
            export: false,
            kex: "RSA".into(),
            auth: "RSA".into(),
            enc: enc.into(),
            hash: "SHA".into(),
        };
        let BulkCipher { algorithm, bits, mode } = suite.bulk_cipher();
        (algorithm, bits, mode)
    }

    #[test]
    fn bulk_ciphers_split_into_algorithm_bits_and_mode() {
        let cases = [
            ("AES 128 CBC", ("AES", 128, "CBC")),
            ("AES 256 GCM", ("AES", 256, "GCM")),
            ("AES 256 CCM 8", ("AES", 256, "CCM_8")),
            ("3DES EDE CBC", ("3DES", 168, "CBC")),
            ("DES CBC", ("DES", 56, "CBC")),
            ("DES40 CBC", ("DES", 40, "CBC")),
            ("DES CBC 40", ("DES", 40, "CBC")),
            ("RC2 CBC 40", ("RC2", 40, "CBC")),
            ("RC4 128", ("RC4", 128, "STREAM")),
            ("IDEA CBC", ("IDEA", 128, "CBC")),
            ("CHACHA20 POLY1305", ("CHACHA20", 256, "CHACHA20-POLY1305")),
            ("NULL", ("NULL", 0, "NULL")),
            ("KUZNYECHIK MGM L", ("KUZNYECHIK", 256, "MGM_L")),
            ("28147 CNT", ("GOST28147", 256, "CNT")),
            ("AEGIS 128L", ("AEGIS", 128, "AEGIS")),
            ("ASCONAEAD128", ("ASCON", 128, "ASCON")),
        ];
        for (enc, (algorithm, bits, mode)) in cases {
            assert_eq!(bulk(enc), (algorithm.to_owned(), bits, mode.to_owned()), "{enc}");
        }
    }

    #[test]
    fn oldest_protocol_follows_the_suite() {
        let min = |name: &str| decompose(name).unwrap().protocol_min();
        assert_eq!(min("TLS_RSA_WITH_RC4_128_MD5"), Protocol::SslV3);
        assert_eq!(min("TLS_RSA_WITH_AES_128_CBC_SHA"), Protocol::SslV3);
        assert_eq!(min("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), Protocol::TlsV1_0);
        assert_eq!(min("TLS_RSA_WITH_AES_128_CBC_SHA256"), Protocol::TlsV1_2);
        assert_eq!(min("TLS_RSA_WITH_AES_128_GCM_SHA256"), Protocol::TlsV1_2);
        assert_eq!(min("TLS_RSA_WITH_AES_128_CCM"), Protocol::TlsV1_2);
        assert_eq!(min("TLS_AES_128_GCM_SHA256"), Protocol::TlsV1_3);
    }

    #[test]
    fn flags_follow_the_components() {
        let suite = |name: &str| decompose(name).unwrap();
        assert!(suite("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256").forward_secret());
        assert!(suite("TLS_DHE_PSK_WITH_AES_128_GCM_SHA256").forward_secret());
        assert!(!suite("TLS_RSA_WITH_AES_128_GCM_SHA256").forward_secret());
        assert!(suite("TLS_AES_128_GCM_SHA256").forward_secret());
        assert!(suite("TLS_RSA_WITH_AES_128_CCM_8").aead());
        assert!(!suite("TLS_RSA_WITH_AES_128_CBC_SHA").aead());
        assert!(suite("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256").quantum_vulnerable());
        assert!(suite("TLS_AES_128_GCM_SHA256").quantum_vulnerable());
        assert!(!suite("TLS_PSK_WITH_AES_128_GCM_SHA256").quantum_vulnerable());
        assert!(suite("TLS_RSA_PSK_WITH_AES_128_GCM_SHA256").quantum_vulnerable());
        // No key exchange: the traffic is open to anyone, a quantum computer too.
        assert!(suite("TLS_NULL_WITH_NULL_NULL").quantum_vulnerable());
    }
}
