//! The textual forms of code points: how a cipher suite, group or signature
//! pair may be written in a capture, a policy or on the command line, and the
//! one canonical key each is stored under.
//!
//! Keys are what the database stores, so every form must map to the same key:
//! `003C`, `3C`, `0x003C` and `0x00,0x3C` are all cipher `003C`.

/// The key of a cipher suite: its IANA value as 4 upper-case hex digits,
/// which is also the z/OS 4-character cipher spec.
pub(super) fn cipher_key(value: u16) -> String {
    format!("{value:04X}")
}

/// The synthetic key of a z/OS SSLv2 1-character cipher spec. SSLv2 specs
/// have no IANA value, and `V2-` cannot collide with a hex key.
pub(super) fn sslv2_key(spec: char) -> String {
    format!("V2-{spec}")
}

/// The key of a named group: the z/OS 4-digit code, which is the IANA value
/// in *decimal*, zero-padded (`0023` = 23 = secp256r1).
pub(super) fn group_key(value: u16) -> String {
    format!("{value:04}")
}

/// The key of a signature pair: the IANA SignatureScheme value as 4 hex
/// digits, which is also the z/OS 4-character pair (`0401`).
pub(super) fn signature_key(value: u16) -> String {
    format!("{value:04X}")
}

/// How a cipher spec was written.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum CipherForm<'a> {
    /// A 2-byte IANA value, from any of the hex forms.
    Code(u16),
    /// A z/OS SSLv2 1-character spec (or its `V2-n` key).
    SslV2(char),
    /// Anything else, to be looked up as a suite name.
    Name(&'a str),
}

/// Reads `003C`, `3C` (z/OS 2-character spec: the low byte of `00xx`),
/// `0x003C`, `0x00,0x3C`, `1` (SSLv2 spec), `V2-1`; anything else is taken
/// as a name.
pub(super) fn cipher_form(input: &str) -> CipherForm<'_> {
    let text = input.trim();
    if let Some(value) = prefixed_hex(text).or_else(|| byte_pair(text)) {
        return CipherForm::Code(value);
    }
    if let Some(value) = bare_hex(text, 4) {
        return CipherForm::Code(value);
    }
    if let Some(value) = bare_hex(text, 2) {
        return CipherForm::Code(value);
    }
    let spec = match text.get(..3) {
        Some(prefix) if prefix.eq_ignore_ascii_case("V2-") => &text[3..],
        _ => text,
    };
    let mut chars = spec.chars();
    match (chars.next(), chars.next()) {
        (Some(digit), None) if digit.is_ascii_digit() => CipherForm::SslV2(digit),
        _ => CipherForm::Name(text),
    }
}

/// How a group or signature pair was written.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Form<'a> {
    Value(u16),
    Name(&'a str),
}

/// Reads a group as z/OS writes it, the decimal IANA value (`0023`, `23`),
/// or as a hex wire value (`0x0017`); anything else is taken as a name.
pub(super) fn group_form(input: &str) -> Form<'_> {
    let text = input.trim();
    let decimal = || {
        let digits = (1..=5).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
        digits.then(|| text.parse().ok()).flatten()
    };
    match prefixed_hex(text).or_else(decimal) {
        Some(value) => Form::Value(value),
        None => Form::Name(text),
    }
}

/// Reads a signature pair as `0401`, `0x0401` or `0x04,0x01`; anything else
/// is taken as a name.
pub(super) fn signature_form(input: &str) -> Form<'_> {
    let text = input.trim();
    match prefixed_hex(text).or_else(|| byte_pair(text)).or_else(|| bare_hex(text, 4)) {
        Some(value) => Form::Value(value),
        None => Form::Name(text),
    }
}

/// `0x3C`, `0x003C`: one to four hex digits after `0x`, as the registries
/// write single values.
pub(super) fn prefixed_hex(text: &str) -> Option<u16> {
    let digits = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X"))?;
    ((1..=4).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| u16::from_str_radix(digits, 16).ok())
        .flatten()
}

/// `0x00,0x3C`: the two bytes as IANA's cipher registry writes them.
pub(super) fn byte_pair(text: &str) -> Option<u16> {
    let (high, low) = text.split_once(',')?;
    let byte = |part: &str| prefixed_hex(part.trim()).filter(|&value| value <= 0xFF);
    Some(byte(high)? << 8 | byte(low)?)
}

/// Exactly `len` hex digits without a prefix.
fn bare_hex(text: &str, len: usize) -> Option<u16> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| u16::from_str_radix(text, 16).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cipher_form_gives_the_same_code() {
        for input in ["003C", "003c", "3C", "0x003C", "0x3C", "0x00,0x3C", " 0x00, 0x3C "] {
            assert_eq!(cipher_form(input), CipherForm::Code(0x003C), "{input:?}");
        }
        assert_eq!(cipher_form("C02F"), CipherForm::Code(0xC02F));
    }

    #[test]
    fn sslv2_specs_and_their_keys_read_back() {
        assert_eq!(cipher_form("1"), CipherForm::SslV2('1'));
        assert_eq!(cipher_form(&sslv2_key('7')), CipherForm::SslV2('7'));
        assert_eq!(cipher_form("v2-3"), CipherForm::SslV2('3'));
    }

    #[test]
    fn anything_else_is_a_name() {
        for input in ["TLS_RSA_WITH_AES_128_CBC_SHA256", "03C", "0x1234567", "0xZZ", "", "V2-"] {
            assert_eq!(cipher_form(input), CipherForm::Name(input.trim()), "{input:?}");
        }
    }

    #[test]
    fn groups_are_decimal_unless_prefixed() {
        assert_eq!(group_form("0023"), Form::Value(23));
        assert_eq!(group_form("23"), Form::Value(23));
        assert_eq!(group_form("0x0017"), Form::Value(23));
        assert_eq!(group_form("25497"), Form::Value(25497));
        assert_eq!(group_form("99999"), Form::Name("99999"));
        assert_eq!(group_form("x25519"), Form::Name("x25519"));
        assert_eq!(group_key(23), "0023");
    }

    #[test]
    fn signature_pairs_are_hex() {
        for input in ["0401", "0x0401", "0x04,0x01"] {
            assert_eq!(signature_form(input), Form::Value(0x0401), "{input:?}");
        }
        assert_eq!(signature_form("rsa_pkcs1_sha256"), Form::Name("rsa_pkcs1_sha256"));
        assert_eq!(signature_key(0x0804), "0804");
    }
}
