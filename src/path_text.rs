//! Paths as text. A file name may be any bytes but `/` and NUL (a Latin-1
//! name copied by FTP from Windows or z/OS is not UTF-8), while the store
//! keeps paths as TEXT and the terminal shows text. [`encode`] maps every
//! path to one text and [`decode`] maps it back: UTF-8 stays as it is, a
//! byte that is not UTF-8 becomes `\xNN` and a backslash `\\`, so that two
//! names never share a text. [`shown`] also escapes control characters, so
//! that a name cannot move the cursor, set the title or forge a line.

use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

/// The text of a path, one text per path.
pub fn encode(path: &Path) -> String {
    let mut out = String::new();
    for chunk in path.as_os_str().as_bytes().utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out
}

/// The path of a text made by [`encode`]; any other text is taken as it is
/// (a lone backslash stays one).
pub fn decode(text: &str) -> PathBuf {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'\\').then(|| bytes.get(i + 1)).flatten();
        match escaped {
            Some(b'\\') => {
                out.push(b'\\');
                i += 2;
            }
            Some(b'x') => match text.get(i + 2..i + 4).and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                Some(byte) => {
                    out.push(byte);
                    i += 4;
                }
                None => {
                    out.push(b'\\');
                    i += 1;
                }
            },
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    PathBuf::from(OsString::from_vec(out))
}

/// A path as printed to a terminal: [`encode`]d, control characters
/// (ESC, newline, BEL, ...) escaped as `\u{1b}`.
pub fn shown(path: &Path) -> String {
    let mut out = String::new();
    for c in encode(path).chars() {
        if c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(bytes: &[u8]) -> PathBuf {
        PathBuf::from(OsString::from_vec(bytes.to_vec()))
    }

    #[test]
    fn every_name_has_its_own_text_and_comes_back() {
        let paths = [
            raw(b"/c/caf\xE9.txt"),
            raw(b"/c/caf\xE8.txt"),
            raw(b"/c/caf\\xE9.txt"),
            raw(b"/c/a\\b"),
            raw(b"/c/a\\\\b"),
            raw("/c/é/ü.txt".as_bytes()),
            raw(b"/c/\x1b]0;title\x07\nfake"),
        ];
        let texts: Vec<String> = paths.iter().map(|p| encode(p)).collect();
        assert_eq!(texts[0], r"/c/caf\xE9.txt");
        assert_eq!(texts[1], r"/c/caf\xE8.txt");
        assert_eq!(texts[2], r"/c/caf\\xE9.txt");
        assert_eq!(texts[3], r"/c/a\\b");
        assert_eq!(texts[5], "/c/é/ü.txt");
        for (path, text) in paths.iter().zip(&texts) {
            assert_eq!(&decode(text), path, "{text}");
        }
        let mut distinct = texts.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), texts.len());
    }

    #[test]
    fn shown_escapes_control_characters() {
        assert_eq!(shown(&raw(b"/c/\x1b]0;title\x07\nfake")), r"/c/\u{1b}]0;title\u{7}\u{a}fake");
        assert_eq!(shown(&raw(b"/c/caf\xE9.txt")), r"/c/caf\xE9.txt");
    }
}
