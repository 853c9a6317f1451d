//! Signature pairs: TLS 1.2 SignatureAndHashAlgorithm values and TLS 1.3
//! SignatureSchemes, which z/OS prints as 4-character codes
//! (`0401 TLS_SIGALG_SHA256_WITH_RSA`), with their grades.
//!
//! The table holds every assigned IANA SignatureScheme, plus the TLS 1.2
//! pairs of RFC 5246 §7.4.1.4.1 (hash md5…sha512 × rsa, dsa, ecdsa) that
//! IANA now lists only as "Reserved for backward compatibility": z/OS still
//! offers some (the DSA and SHA-224 pairs), and `0101` (MD5) must decode to
//! be graded.
//!
//! Grades, on the cipher suites' scale: an MD5 hash is insecure; SHA-1 (and
//! anything IANA marks Discouraged) is weak; IANA Recommended (Y) is
//! recommended; anything else is secure.

use std::collections::BTreeMap;

use super::code;
use super::embedded;
use super::error::CatalogError;
use super::grade::Grade;
use super::iana::{Assignment, IanaRecommended};
use super::zos::ZosTables;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignaturePair {
    /// `0401`: the IANA value in hex, which is also the z/OS code.
    pub code: String,
    /// The name z/OS prints where z/OS lists the pair, else IANA's, else
    /// `<signature>_<hash>` for a reserved TLS 1.2 pair.
    pub name: String,
    /// `None` for the TLS 1.2 pairs IANA reserves.
    pub iana_name: Option<String>,
    /// `sha256`; `intrinsic` where the scheme fixes its own hash (Ed25519,
    /// ML-DSA, GOST …).
    pub hash: String,
    /// `rsa_pkcs1`, `rsa_pss_rsae`, `ecdsa`, `dsa`, `ed25519` …
    pub signature: String,
    /// `None` for the TLS 1.2 pairs IANA reserves.
    pub iana_recommended: Option<IanaRecommended>,
    pub grade: Grade,
    pub grade_reason: String,
}

/// RFC 5246 §7.4.1.4.1 HashAlgorithm values 1 to 6.
const TLS12_HASHES: [&str; 6] = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"];
/// RFC 5246 §7.4.1.4.1 SignatureAlgorithm values 1 to 3.
const TLS12_SIGNATURES: [&str; 3] = ["rsa_pkcs1", "dsa", "ecdsa"];

/// Hash names that end a SignatureScheme name (`rsa_pss_rsae_sha256`).
const SCHEME_HASHES: [&str; 6] = ["sha1", "sha224", "sha256", "sha384", "sha512", "sm3"];

/// Every pair, by value.
pub(super) fn signature_pairs(
    schemes: &[Assignment],
    zos: &ZosTables,
) -> Result<BTreeMap<u16, SignaturePair>, CatalogError> {
    let mut pairs = BTreeMap::new();
    for scheme in schemes {
        let (hash, signature) = match tls12_pair(scheme.value) {
            Some((hash, signature)) => (hash.to_owned(), signature.to_owned()),
            None => split_scheme_name(&scheme.name),
        };
        pairs.insert(
            scheme.value,
            pair(scheme.value, &scheme.name, Some(&scheme.name), hash, signature, Some(scheme.recommended)),
        );
    }
    for (hash_byte, hash) in (1..).zip(TLS12_HASHES) {
        for (signature_byte, signature) in (1..).zip(TLS12_SIGNATURES) {
            let value = hash_byte << 8 | signature_byte;
            pairs.entry(value).or_insert_with(|| {
                let name = format!("{signature}_{hash}");
                pair(value, &name, None, hash.to_owned(), signature.to_owned(), None)
            });
        }
    }
    for (value, name) in &zos.signature_names {
        let pair = pairs.get_mut(value).ok_or_else(|| {
            CatalogError::invalid(embedded::ZOS_SIGNATURE_PAIRS.path, 0, format!("{name} is neither IANA nor TLS 1.2"))
        })?;
        pair.name.clone_from(name);
    }
    Ok(pairs)
}

fn pair(
    value: u16,
    name: &str,
    iana_name: Option<&str>,
    hash: String,
    signature: String,
    iana_recommended: Option<IanaRecommended>,
) -> SignaturePair {
    let (grade, grade_reason) = assess(&hash, iana_recommended);
    SignaturePair {
        code: code::signature_key(value),
        name: name.to_owned(),
        iana_name: iana_name.map(str::to_owned),
        hash,
        signature,
        iana_recommended,
        grade,
        grade_reason: grade_reason.to_owned(),
    }
}

/// A TLS 1.2 SignatureAndHashAlgorithm: the high byte is the hash, the low
/// byte the signature.
fn tls12_pair(value: u16) -> Option<(&'static str, &'static str)> {
    let hash = TLS12_HASHES.get(usize::from(value >> 8).checked_sub(1)?)?;
    let signature = TLS12_SIGNATURES.get(usize::from(value & 0xFF).checked_sub(1)?)?;
    Some((hash, signature))
}

/// `rsa_pss_rsae_sha256` → (sha256, `rsa_pss_rsae`); `rsa_pkcs1_sha256_legacy`
/// → (sha256, `rsa_pkcs1_legacy`); `ed25519` → (intrinsic, ed25519).
fn split_scheme_name(name: &str) -> (String, String) {
    let (base, suffix) = match name.strip_suffix("_legacy") {
        Some(base) => (base, "_legacy"),
        None => (name, ""),
    };
    match base.rsplit_once('_') {
        Some((signature, hash)) if SCHEME_HASHES.contains(&hash) => (hash.to_owned(), format!("{signature}{suffix}")),
        _ => ("intrinsic".to_owned(), name.to_owned()),
    }
}

fn assess(hash: &str, recommended: Option<IanaRecommended>) -> (Grade, &'static str) {
    match (hash, recommended) {
        ("md5", _) => (Grade::Insecure, "MD5 hash: practical collisions; deprecated by RFC 9155"),
        ("sha1", _) => (Grade::Weak, "SHA-1 hash: practical collisions; deprecated by RFC 9155"),
        (_, Some(IanaRecommended::Discouraged)) => (Grade::Weak, "IANA marks it Discouraged (D)"),
        (_, Some(IanaRecommended::Yes)) => (Grade::Recommended, "IANA marks it Recommended (Y)"),
        (_, Some(IanaRecommended::No)) => (Grade::Secure, "no known weakness; IANA does not recommend it (N)"),
        (_, None) => (Grade::Secure, "no known weakness; a TLS 1.2 pair IANA reserves (not usable in TLS 1.3)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_names_split_into_hash_and_signature() {
        let split = |name| split_scheme_name(name);
        assert_eq!(split("rsa_pss_rsae_sha256"), ("sha256".into(), "rsa_pss_rsae".into()));
        assert_eq!(split("rsa_pkcs1_sha384_legacy"), ("sha384".into(), "rsa_pkcs1_legacy".into()));
        assert_eq!(split("sm2sig_sm3"), ("sm3".into(), "sm2sig".into()));
        assert_eq!(split("ed25519"), ("intrinsic".into(), "ed25519".into()));
        assert_eq!(split("gostr34102012_256a"), ("intrinsic".into(), "gostr34102012_256a".into()));
    }

    #[test]
    fn tls12_pairs_come_from_the_bytes() {
        assert_eq!(tls12_pair(0x0101), Some(("md5", "rsa_pkcs1")));
        assert_eq!(tls12_pair(0x0302), Some(("sha224", "dsa")));
        assert_eq!(tls12_pair(0x0804), None);
    }

    #[test]
    fn hashes_decide_before_iana() {
        assert_eq!(assess("md5", None).0, Grade::Insecure);
        assert_eq!(assess("sha1", Some(IanaRecommended::No)).0, Grade::Weak);
        assert_eq!(assess("sha256", Some(IanaRecommended::Yes)).0, Grade::Recommended);
        assert_eq!(assess("sha224", None).0, Grade::Secure);
    }
}
