//! Named groups: the TLS supported groups that z/OS prints as 4-digit codes
//! (`ClientKeyShareGroups`, `ServerKexECurves` …), with their grades.
//!
//! Groups are graded here on the cipher suites' scale:
//! - weak: IANA marks it Discouraged (D), it is a curve under 256 bits
//!   (secp192r1, secp224r1 …), or IANA marks it obsolete;
//! - recommended: IANA marks it Recommended (Y: secp256r1, secp384r1, x25519,
//!   x448), or it is a hybrid of a classical curve and ML-KEM;
//! - secure: any other assigned group (secp521r1, brainpool, ffdhe, ML-KEM
//!   alone …).
//!
//! No group is insecure: IANA has already discouraged the breakable ones.

use super::code;
use super::grade::Grade;
use super::iana::{Assignment, IanaRecommended};
use super::zos::ZosTables;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedGroup {
    /// The z/OS code: the IANA value in decimal, zero-padded to 4 digits
    /// (`0023` = secp256r1, `0029` = x25519).
    pub code: String,
    pub iana_value: u16,
    /// The name z/OS prints (`X25519`) where z/OS lists the group, else IANA's.
    pub name: String,
    pub iana_recommended: IanaRecommended,
    pub grade: Grade,
    pub grade_reason: String,
    /// False only for ML-KEM groups and hybrids with ML-KEM (or its
    /// pre-standard Kyber).
    pub quantum_vulnerable: bool,
}

impl NamedGroup {
    pub(super) fn from_iana(group: &Assignment, zos: &ZosTables) -> NamedGroup {
        let (grade, grade_reason) = assess(&group.name, group.recommended);
        let upper = group.name.to_ascii_uppercase();
        NamedGroup {
            code: code::group_key(group.value),
            iana_value: group.value,
            name: zos.group_names.get(&group.value).cloned().unwrap_or_else(|| group.name.clone()),
            iana_recommended: group.recommended,
            grade,
            grade_reason,
            quantum_vulnerable: !(upper.contains("MLKEM") || upper.contains("KYBER")),
        }
    }
}

fn assess(name: &str, recommended: IanaRecommended) -> (Grade, String) {
    let mut weak = Vec::new();
    if recommended == IanaRecommended::Discouraged {
        weak.push("IANA marks it Discouraged (D)".to_owned());
    }
    if let Some(bits) = curve_bits(name).filter(|&bits| bits < 256) {
        weak.push(format!("{bits}-bit curve: under 128-bit security"));
    }
    if name.contains("(OBSOLETE)") {
        weak.push("IANA marks it obsolete".to_owned());
    }
    if !weak.is_empty() {
        return (Grade::Weak, weak.join("; "));
    }
    if name.contains("MLKEM") && !name.starts_with("MLKEM") {
        return (Grade::Recommended, "hybrid of a classical curve and ML-KEM (post-quantum)".to_owned());
    }
    if recommended == IanaRecommended::Yes {
        return (Grade::Recommended, "IANA marks it Recommended (Y)".to_owned());
    }
    let mut reason = "no known weakness; IANA does not recommend it (N)".to_owned();
    if name.starts_with("MLKEM") {
        reason.push_str("; ML-KEM alone, without a classical curve");
    }
    (Grade::Secure, reason)
}

/// The field size of the SEC 2 and Brainpool curves, which their names carry
/// (`secp192r1`, `sect163k1`, `brainpoolP256r1`). Other groups name no size
/// that compares (x25519 is a 255-bit curve at the 128-bit level).
fn curve_bits(name: &str) -> Option<u16> {
    let rest = ["secp", "sect", "brainpoolP"].iter().find_map(|prefix| name.strip_prefix(prefix))?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_discouraged_curves_are_weak() {
        let (grade, reason) = assess("secp192r1", IanaRecommended::Discouraged);
        assert_eq!(grade, Grade::Weak);
        assert_eq!(reason, "IANA marks it Discouraged (D); 192-bit curve: under 128-bit security");
        assert_eq!(assess("secp224k1", IanaRecommended::No).0, Grade::Weak);
    }

    #[test]
    fn hybrids_and_iana_recommended_groups_are_recommended() {
        assert_eq!(assess("X25519MLKEM768", IanaRecommended::No).0, Grade::Recommended);
        assert_eq!(assess("x25519", IanaRecommended::Yes).0, Grade::Recommended);
        assert_eq!(assess("secp521r1", IanaRecommended::No).0, Grade::Secure);
        assert_eq!(assess("MLKEM768", IanaRecommended::No).0, Grade::Secure);
        assert_eq!(assess("X25519Kyber768Draft00 (OBSOLETE)", IanaRecommended::No).0, Grade::Weak);
    }

    #[test]
    fn curve_sizes_come_from_the_name() {
        assert_eq!(curve_bits("sect163k1"), Some(163));
        assert_eq!(curve_bits("brainpoolP384r1tls13"), Some(384));
        assert_eq!(curve_bits("x25519"), None);
        assert_eq!(curve_bits("ffdhe2048"), None);
    }
}
