//! Value helpers shared by the parsers: NETSTAT's keys and keywords in
//! their TSO spelling, sockets, numbers, flags and coded values. Line-level
//! helpers (message ids, `Key: value` pairs, dates) are in [`crate::text`].

use crate::model::{CodedValue, Socket, TcpDetail};
use crate::text::{self, is_upper_case};

/// The `Key: value` pairs of a line, in order (see [`text::pairs`]). Keys
/// printed all in upper case (the console dialect: `CLIENT NAME:`) come back
/// in their TSO spelling (`Client Name`) when NETSTAT prints them, so that
/// parsers match one spelling. Returns `None` when the line does not start
/// with a key (a continuation line, a table row).
pub fn pairs(line: &str) -> Option<Vec<(&str, &str)>> {
    let mut pairs = text::pairs(line)?;
    for (key, _) in &mut pairs {
        *key = canonical_key(key);
    }
    Some(pairs)
}

/// Keys NETSTAT prints (besides the TCP detail keys of [`TcpDetail::KEYS`]),
/// in their TSO spelling: the console prints them in upper case.
#[rustfmt::skip]
const NETSTAT_KEYS: &[&str] = &[
    "Client Name", "Client Id", "Local Socket", "Foreign Socket", "BytesIn", "BytesOut", "SegmentsIn",
    "SegmentsOut", "StartDate", "StartTime", "Last Touched", "State", "TTLSPolicy", "TTLSRule", "TTLSGrpAction",
    "TTLSEnvAction", "TTLSConnAction", "Round-trip information", "ApplData", "IdleTime", "ConnID", "JobName",
    "LocalSocket", "RemoteSocket", "SecLevel", "Cipher", "KeyShare", "CertUserID", "MapType", "FIPS140",
    "SessionID", "SIDReuseReq", "Priority", "LocalAddr", "LocalPort", "RemoteAddr", "RemotePort", "UserId",
    "Direction", "GroupID", "Tasks", "GroupConns", "WorkQElements", "SyslogQElements", "Env", "EnvConns",
    "TTLSEnabled", "CtraceClearText", "Trace", "SyslogFacility", "SecondaryMap", "HandshakeRole", "SuiteBProfile",
    "MiddleBoxCompatMode", "Keyring", "V2CipherSuites", "V3CipherSuites", "V3CipherSuites4Char", "SSLV2", "SSLV3",
    "TLSV1", "TLSV1.1", "TLSV1.2", "TLSV1.3", "ResetCipherTimer", "ApplicationControlled", "HandshakeTimeout",
    "CertificateLabel", "TruncatedHMAC", "ClientMaxSSLFragment", "ServerMaxSSLFragment", "ClientHandshakeSNI",
    "ServerHandshakeSNI", "ClientECurves", "ClientKeyShareGroups", "ServerKeyShareGroups", "ServerKexECurves",
    "SignaturePairs", "SignaturePairsCert", "ClientAuthType", "CertValidationMode", "Renegotiation",
    "RenegotiationIndicator", "RenegotiationCertCheck", "3DesKeyCheck", "ClientEDHGroupSize", "ServerEDHGroupSize",
    "PeerMinCertVersion", "PeerMinDHKeySize", "PeerMinDsaKeySize", "PeerMinECCKeySize", "PeerMinRsaKeySize",
    "ServerScsv", "OcspRequestSigalg", "ClientExtendedMasterSecret", "ServerExtendedMasterSecret", "HttpCdpEnable",
    "HttpCdpProxyServer", "HttpCdpProxyServerPort", "HttpCdpResponseTimeout", "HttpCdpMaxResponseSize",
    "HttpCdpCacheSize", "HttpCdpCacheEntryMaxsize", "OcspAiaEnable", "OcspUrl", "OcspProxyServer",
    "OcspProxyServerPort", "OcspRetrieveViaGet", "OcspUrlPriority", "OcspClientCacheSize", "OcspCliCacheEntryMaxsize",
    "OcspNonceGenEnable", "OcspNonceCheckEnable", "OcspNonceSize", "OcspResponseTimeout", "OcspMaxResponseSize",
    "OcspServerStapling",
];

/// The TSO spelling of a key printed all in upper case, when NETSTAT prints
/// that key; any other key as printed.
pub fn canonical_key(key: &str) -> &str {
    if !is_upper_case(key) {
        return key;
    }
    NETSTAT_KEYS.iter().chain(TcpDetail::KEYS).find(|known| known.eq_ignore_ascii_case(key)).copied().unwrap_or(key)
}

/// The states NETSTAT prints of a connection (and `UDP` of a UDP
/// endpoint), in their TSO spelling.
#[rustfmt::skip]
const STATES: &[&str] = &[
    "Listen", "Establsh", "SynSent", "SynRcvd", "FinWait1", "FinWait2", "CloseWt", "ClosWait", "LastAck",
    "TimeWait", "Closing", "Closed", "UDP",
];

/// Values NETSTAT prints from a fixed set besides [`STATES`], in their TSO
/// spelling: security levels, map types, rule directions and action settings.
#[rustfmt::skip]
const KEYWORDS: &[&str] = &[
    "TLS Version 1", "TLS Version 1.0", "TLS Version 1.1",
    "TLS Version 1.2", "TLS Version 1.3", "SSL Version 2", "SSL Version 3", "Primary", "Secondary", "Alternate",
    "Inbound", "Outbound", "Both", "All", "Any", "Client", "Server", "ServerWithClientAuth", "PassThru", "Full",
    "Required", "SAFCheck", "Optional", "Default", "Disabled", "Abbreviated", "Daemon", "Legacy", "On", "Off",
];

/// The console's abbreviations of connection states, in any case, with
/// their TSO spelling.
const CONSOLE_STATES: &[(&str, &str)] = &[
    ("Estblsh", "Establsh"),
    ("FinWt1", "FinWait1"),
    ("FinWt2", "FinWait2"),
    ("ClosWt", "CloseWt"),
    ("TimeWt", "TimeWait"),
];

/// The TSO spelling of a value printed all in upper case by the console,
/// when it is one of NETSTAT's keywords (`ESTABLSH` is `Establsh`), or of
/// a state the console abbreviates (`Estblsh`, `FINWT2`); any other value as
/// printed, trimmed. Names (jobs, rules, actions) never go through it.
pub fn keyword(value: &str) -> &str {
    let value = value.trim();
    if let Some((_, tso)) = CONSOLE_STATES.iter().find(|(console, _)| console.eq_ignore_ascii_case(value)) {
        return tso;
    }
    if !is_upper_case(value) {
        return value;
    }
    STATES.iter().chain(KEYWORDS).find(|known| known.eq_ignore_ascii_case(value)).copied().unwrap_or(value)
}

/// A connection state as NETSTAT prints one ([`STATES`], in either
/// spelling, see [`keyword`]), in its TSO spelling; none for any other text:
/// a state cut short (`Establs` of a line cut at column 80) is no state.
pub fn state(value: &str) -> Option<&'static str> {
    let value = keyword(value);
    STATES.iter().find(|known| known.eq_ignore_ascii_case(value)).copied()
}

/// The marker NETSTAT prints after the local socket of an IPv6 listener
/// bound with `IPV6_V6ONLY` (`::..21 (IPv6_ONLY)`).
const IPV6_ONLY: &str = "(IPv6_ONLY)";

/// `text` ends with the `(IPv6_ONLY)` marker, in any case.
pub fn ipv6_only(text: &str) -> bool {
    let text = text.trim_end();
    // `get`, not an index: the cut may fall inside a character of a damaged line.
    text.len()
        .checked_sub(IPV6_ONLY.len())
        .and_then(|start| text.get(start..))
        .is_some_and(|tail| tail.eq_ignore_ascii_case(IPV6_ONLY))
}

/// Parses `IP..PORT`, with or without the `(IPv6_ONLY)` marker after it.
/// The port is `*` for any (UDP foreign sockets), and IPv6 addresses hold
/// colons but never two dots, so the last `..` splits.
pub fn socket(text: &str) -> Option<Socket> {
    let text = text.trim();
    let text = if ipv6_only(text) { &text[..text.len() - IPV6_ONLY.len()] } else { text };
    let (ip, port) = text.trim().rsplit_once("..")?;
    if ip.is_empty() || ip.contains(char::is_whitespace) {
        return None;
    }
    let port = match port {
        "*" => None,
        digits => Some(digits.parse::<u16>().ok()?),
    };
    Some(Socket { ip: canonical_ip(ip), port })
}

/// An IPv6 address in its canonical text (RFC 5952: lower case, the longest
/// run of zero groups compressed; an IPv4-mapped one as `::ffff:10.9.9.9`):
/// the console prints IPv6 in upper case, TSO and z/OS UNIX in lower case,
/// and both are one address. Any other text as printed.
pub fn canonical_ip(ip: &str) -> String {
    match ip.parse::<std::net::Ipv6Addr>() {
        Ok(v6) if ip.contains(':') => v6.to_string(),
        _ => ip.to_string(),
    }
}

/// The address a socket field prints, when its canonical text
/// ([`canonical_ip`]) is another than the printed one but for letter case
/// (`2001:DB8:0:0::9` for `2001:db8::9`): what is kept of the print.
pub fn printed_ip(text: &str) -> Option<&str> {
    let text = text.trim();
    let text = if ipv6_only(text) { &text[..text.len() - IPV6_ONLY.len()] } else { text };
    let (ip, _) = text.trim().rsplit_once("..")?;
    Some(ip).filter(|ip| !canonical_ip(ip).eq_ignore_ascii_case(ip))
}

/// Parses a zero-padded decimal number.
pub fn int(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Parses a byte or segment counter ([`int`]), keeping in `digits` the
/// widest print of a record's counters (see `Connection::counter_digits`).
pub fn counter(text: &str, digits: &mut Option<i64>) -> Option<i64> {
    let value = int(text)?;
    *digits = (*digits).max(i64::try_from(text.trim().len()).ok());
    Some(value)
}

/// Parses `Yes`/`No` and `On`/`Off`, in any case.
pub fn flag(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "on" => Some(true),
        "no" | "off" => Some(false),
        _ => None,
    }
}

/// Parses `CODE [NAME]`, as in `003C TLS_RSA_WITH_AES_128_CBC_SHA256` or
/// `0029 X25519`. The code is hex; a 2-character cipher code is widened to
/// its 4-character form when `widen` is set (`3C` is `003C`). `N/A` is none.
pub fn coded(text: &str, widen: bool) -> Option<CodedValue> {
    let text = text.trim();
    let (code, name) = match text.split_once(char::is_whitespace) {
        Some((code, name)) => (code, Some(name.trim())),
        None => (text, None),
    };
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let code = code.to_ascii_uppercase();
    let code = if widen && code.len() == 2 { format!("00{code}") } else { code };
    Some(CodedValue { code, name: name.filter(|n| !n.is_empty()).map(str::to_string) })
}

/// `N/A` and empty values mean "nothing".
pub fn present(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty() && text != "N/A").then_some(text)
}

/// Normalises a connection id to upper-case hex (`000000bb` is `000000BB`).
pub fn conn_id(text: &str) -> Option<String> {
    let text = text.trim();
    let valid = !text.is_empty() && text.len() <= 16 && text.bytes().all(|b| b.is_ascii_hexdigit());
    valid.then(|| text.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_split_at_the_second_key() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "  BytesIn:            0000002248        BytesOut:           0000002076",
                &[("BytesIn", "0000002248"), ("BytesOut", "0000002076")],
            ),
            (
                "  Last Touched:       16:36:57          State:              Establsh",
                &[("Last Touched", "16:36:57"), ("State", "Establsh")],
            ),
            (
                "    Smooth trip time: 7.000             SmoothTripVariance: 19.000",
                &[("Smooth trip time", "7.000"), ("SmoothTripVariance", "19.000")],
            ),
            (
                "Local Socket: 2001:db8:10::2..992  Foreign Socket: 2001:db8:99::7..50001",
                &[("Local Socket", "2001:db8:10::2..992"), ("Foreign Socket", "2001:db8:99::7..50001")],
            ),
            ("  Round-trip information:", &[("Round-trip information", "")]),
            ("  Ancillary Input Queue: N/A", &[("Ancillary Input Queue", "N/A")]),
            (
                "    Env: CSQ1-INBOUND-ENVIRONMENT-ACTION           EnvConns: 1",
                &[("Env", "CSQ1-INBOUND-ENVIRONMENT-ACTION"), ("EnvConns", "1")],
            ),
            ("    3DesKeyCheck:               Off", &[("3DesKeyCheck", "Off")]),
            (
                "  SessionID:    01010018 0A010002 CFEE0000 00000000",
                &[("SessionID", "01010018 0A010002 CFEE0000 00000000")],
            ),
            ("    TLSV1.1:                    Off", &[("TLSV1.1", "Off")]),
            (
                "   JobName:                               UserId:            COLIN",
                &[("JobName", ""), ("UserId", "COLIN")],
            ),
            (
                "  TTLS Condition Summary:                 NegativeIndicator: Off",
                &[("TTLS Condition Summary", ""), ("NegativeIndicator", "Off")],
            ),
            (
                "   Fr TimeOfDay:        00:00             To TimeOfDay:      24:00",
                &[("Fr TimeOfDay", "00:00"), ("To TimeOfDay", "24:00")],
            ),
            (
                "CLIENT NAME: CSQ9CHIN                 CLIENT ID: 000000BB",
                &[("Client Name", "CSQ9CHIN"), ("Client Id", "000000BB")],
            ),
            ("    SMOOTH TRIP TIME: 7.000", &[("Smooth trip time", "7.000")]),
            ("  SOMETHING NEW: X", &[("SOMETHING NEW", "X")]),
            ("Client Name:\tCSQ9CHIN\tClient Id:\t000000BB", &[("Client Name", "CSQ9CHIN"), ("Client Id", "000000BB")]),
            ("  BytesIn: \t 0000002248 \t BytesOut: 2076", &[("BytesIn", "0000002248"), ("BytesOut", "2076")]),
        ];
        for (line, expected) in cases {
            assert_eq!(pairs(line).as_deref(), Some(*expected), "{line}");
        }
    }

    #[test]
    fn lines_without_a_leading_key_are_not_pairs() {
        for line in [
            "                                0023 secp256r1",
            "                00000000 00000000 62970B05 00000001",
            "CSQ9CHIN 000000BB 10.1.1.2..1414         10.1.0.2..51844        Establsh",
            "",
            ":",
            "http://x: y",
            "12:30: z",
        ] {
            assert_eq!(pairs(line), None, "{line}");
        }
    }

    #[test]
    fn console_keywords_take_their_tso_spelling() {
        assert_eq!(keyword("ESTABLSH"), "Establsh");
        assert_eq!(keyword("TLS VERSION 1.2"), "TLS Version 1.2");
        assert_eq!(keyword(" PRIMARY "), "Primary");
        assert_eq!(keyword("Establsh"), "Establsh");
        assert_eq!(keyword("CSQ9CHIN"), "CSQ9CHIN");
        assert_eq!(keyword("1414"), "1414");
        assert_eq!(canonical_key("CONNID"), "ConnID");
        assert_eq!(canonical_key("ConnId"), "ConnId");
    }

    #[test]
    fn sockets() {
        let s = socket("10.1.1.2..1414").unwrap();
        assert_eq!((s.ip.as_str(), s.port), ("10.1.1.2", Some(1414)));
        let s = socket("::ffff:10.1.1.2..21").unwrap();
        assert_eq!((s.ip.as_str(), s.port), ("::ffff:10.1.1.2", Some(21)));
        // IPv6 as the console prints it, upper case, is stored as TSO prints it.
        let s = socket("2001:DB8::9..50999").unwrap();
        assert_eq!((s.ip.as_str(), printed_ip("2001:DB8::9..50999")), ("2001:db8::9", None));
        let s = socket("::FFFF:10.1.1.2..21").unwrap();
        assert_eq!(s.ip, "::ffff:10.1.1.2");
        let s = socket("2001:0DB8:0:0:0:0:0:9..21").unwrap();
        assert_eq!(
            (s.ip.as_str(), printed_ip("2001:0DB8:0:0:0:0:0:9..21")),
            ("2001:db8::9", Some("2001:0DB8:0:0:0:0:0:9"))
        );
        assert_eq!(printed_ip("10.1.1.2..1414"), None);
        let s = socket("*..*").unwrap();
        assert_eq!((s.ip.as_str(), s.port), ("*", None));
        assert_eq!(socket("10.1.1.2:1414"), None);
        let s = socket("::..21 (IPv6_ONLY)").unwrap();
        assert_eq!((s.ip.as_str(), s.port), ("::", Some(21)));
        assert!(ipv6_only("::..21 (IPV6_ONLY) ") && !ipv6_only("::..21"));
        // A damaged line (found by fuzz::mutated_captures_never_panic): eleven
        // bytes from the end fall inside the replacement character.
        assert!(!ipv6_only("10.1.1.2..1414\u{FFFD}..Env: E1"));
        assert_eq!(socket("10.1.1.2..1414\u{FFFD}..Env: E1"), None);
        assert_eq!(keyword("Estblsh"), "Establsh");
        assert_eq!(keyword("FINWT2"), "FinWait2");
        assert_eq!(keyword("TimeWt"), "TimeWait");
        assert_eq!(keyword("LASTACK"), "LastAck");
        assert_eq!(state("ESTBLSH"), Some("Establsh"));
        assert_eq!(state("Listen"), Some("Listen"));
        assert_eq!((state("Establs"), state("TimeWai"), state("Liste")), (None, None, None));
        assert_eq!(socket("10.1.1.2..99999"), None);
        assert_eq!(socket("..80"), None);
    }

    #[test]
    fn coded_values() {
        let c = coded("003C TLS_RSA_WITH_AES_128_CBC_SHA256", true).unwrap();
        assert_eq!((c.code.as_str(), c.name.as_deref()), ("003C", Some("TLS_RSA_WITH_AES_128_CBC_SHA256")));
        assert_eq!(coded("3c", true).unwrap().code, "003C");
        assert_eq!(coded("0029 X25519", false).unwrap().name.as_deref(), Some("X25519"));
        assert_eq!(coded("N/A", true), None);
    }

    #[test]
    fn numbers_flags_and_ids() {
        assert_eq!(int("0000002248"), Some(2248));
        assert_eq!(int("-1"), None);
        assert_eq!(int("99999999999999999999999"), None);
        assert_eq!(flag("Yes"), Some(true));
        assert_eq!(flag("OFF"), Some(false));
        assert_eq!(flag("maybe"), None);
        assert_eq!(conn_id("000000bb").as_deref(), Some("000000BB"));
        assert_eq!(conn_id("xyz"), None);
    }
}
