//! SSL/TLS protocol versions and their grades.
//!
//! ciphersuite.info grades suites, not versions, so the version is graded
//! here on its own, on the same scale, from the RFCs that retired each one.

use super::grade::Grade;

/// An SSL or TLS protocol version, oldest (and worst) first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    SslV2,
    SslV3,
    TlsV1_0,
    TlsV1_1,
    TlsV1_2,
    TlsV1_3,
}

impl Protocol {
    /// Every version, oldest first.
    pub const ALL: [Protocol; 6] =
        [Protocol::SslV2, Protocol::SslV3, Protocol::TlsV1_0, Protocol::TlsV1_1, Protocol::TlsV1_2, Protocol::TlsV1_3];

    /// The name stored in the database: `SSLv2` … `TLSv1.3`.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::SslV2 => "SSLv2",
            Protocol::SslV3 => "SSLv3",
            Protocol::TlsV1_0 => "TLSv1.0",
            Protocol::TlsV1_1 => "TLSv1.1",
            Protocol::TlsV1_2 => "TLSv1.2",
            Protocol::TlsV1_3 => "TLSv1.3",
        }
    }

    /// Position in time, 1 (`SSLv2`) to 6 (`TLSv1.3`): lower is older and
    /// worse, so SQL can compare versions with `<`.
    pub fn rank(self) -> u8 {
        self as u8 + 1
    }

    pub fn grade(self) -> Grade {
        match self {
            Protocol::SslV2 | Protocol::SslV3 => Grade::Insecure,
            Protocol::TlsV1_0 | Protocol::TlsV1_1 => Grade::Weak,
            Protocol::TlsV1_2 => Grade::Secure,
            Protocol::TlsV1_3 => Grade::Recommended,
        }
    }

    pub fn grade_reason(self) -> &'static str {
        match self {
            Protocol::SslV2 => "prohibited by RFC 6176",
            Protocol::SslV3 => "prohibited by RFC 7568 (POODLE)",
            Protocol::TlsV1_0 | Protocol::TlsV1_1 => "deprecated by RFC 8996",
            Protocol::TlsV1_2 => "allowed by RFC 9325 (BCP 195) with strong cipher suites",
            Protocol::TlsV1_3 => "preferred by RFC 9325 (BCP 195)",
        }
    }

    /// Reads a version the way z/OS and common tools print it, ignoring case
    /// and spaces: `TLSv1.2`, `TLSV1.2` (TTLS rule flags), `TLS Version 1.2`
    /// (`SecLevel` in NETSTAT TTLS), `TLS1.2`, `TLSV1` (= 1.0), `SSLV3`,
    /// `SSL Version 3`.
    pub fn parse(text: &str) -> Option<Protocol> {
        let compact: String =
            text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase().replace("VERSION", "");
        let (family, version) = if let Some(version) = compact.strip_prefix("TLS") {
            ("TLS", version)
        } else {
            ("SSL", compact.strip_prefix("SSL")?)
        };
        let version = version.strip_prefix('V').unwrap_or(version);
        match (family, version) {
            ("SSL", "2" | "2.0") => Some(Protocol::SslV2),
            ("SSL", "3" | "3.0") => Some(Protocol::SslV3),
            ("TLS", "1" | "1.0") => Some(Protocol::TlsV1_0),
            ("TLS", "1.1") => Some(Protocol::TlsV1_1),
            ("TLS", "1.2") => Some(Protocol::TlsV1_2),
            ("TLS", "1.3") => Some(Protocol::TlsV1_3),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_spellings_zos_prints() {
        assert_eq!(Protocol::parse("TLS Version 1.2"), Some(Protocol::TlsV1_2));
        assert_eq!(Protocol::parse("TLSV1.3"), Some(Protocol::TlsV1_3));
        assert_eq!(Protocol::parse("TLSV1"), Some(Protocol::TlsV1_0));
        assert_eq!(Protocol::parse("tlsv1.1"), Some(Protocol::TlsV1_1));
        assert_eq!(Protocol::parse("SSLV3"), Some(Protocol::SslV3));
        assert_eq!(Protocol::parse("SSL Version 2"), Some(Protocol::SslV2));
        assert_eq!(Protocol::parse("TLSv1.4"), None);
        assert_eq!(Protocol::parse("QUIC"), None);
    }

    #[test]
    fn every_name_reads_back() {
        for protocol in Protocol::ALL {
            assert_eq!(Protocol::parse(protocol.as_str()), Some(protocol));
        }
    }
}
