//! A file's text as the parser sees it, hashed: how a DISP=MOD copy is
//! told to begin with the whole of an earlier copy whatever the container
//! and the download (R13a-1). Two downloads of one data set differ in what
//! the parser does not read: CRLF or LF line ends, a last line without a
//! line end, records padded with blanks, gzip or a zip member.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::Prefix;
use crate::capture::archive::Container;
use crate::digest;
use crate::model::TextId;

/// Hashes text a line at a time, each line without its line end and the
/// blanks and carriage returns before it, followed by `\n` (the last line
/// too), and each prefix of a size `wanted` (as large as an earlier file).
/// A line costs a few comparisons and a copy: the text pass costs about
/// 1.65 times a SHA-256 of the file (2.4 with a look-up per line in a hash
/// map: issue 16, BENCHMARKS.md).
pub(super) struct TextHasher<'s> {
    hasher: Sha256,
    /// The text not hashed yet: lines are hashed many at a time (a call
    /// per line cost a third of an ingest's parsing).
    pending: Vec<u8>,
    size: u64,
    lines: u32,
    /// The sizes wanted, in order, from the first not passed yet.
    wanted: &'s [u64],
    prefixes: Vec<Prefix>,
}

/// How much text [`TextHasher`] gathers before hashing it.
const PENDING: usize = 64 << 10;

impl<'s> TextHasher<'s> {
    /// `wanted`: sizes in ascending order.
    pub(super) fn new(wanted: &'s [u64]) -> TextHasher<'s> {
        let pending = Vec::with_capacity(PENDING + 256);
        TextHasher { hasher: Sha256::new(), pending, size: 0, lines: 0, wanted, prefixes: Vec::new() }
    }

    /// A line, without its `\n`.
    pub(super) fn line(&mut self, line: &[u8]) {
        let kept = line.iter().rposition(|b| !matches!(b, b' ' | b'\r')).map_or(&[][..], |last| &line[..=last]);
        self.pending.extend_from_slice(kept);
        self.pending.push(b'\n');
        self.size += kept.len() as u64 + 1;
        self.lines = self.lines.saturating_add(1);
        if is_wanted(&mut self.wanted, self.size) {
            self.flush();
            let sha256 = digest::hex(&self.hasher.clone().finalize());
            self.prefixes.push((self.size, self.lines.saturating_add(1), sha256));
        } else if self.pending.len() >= PENDING {
            self.flush();
        }
    }

    fn flush(&mut self) {
        self.hasher.update(&self.pending);
        self.pending.clear();
    }

    /// The text's size and hash, and its prefixes smaller than it.
    pub(super) fn finish(mut self) -> (TextId, Vec<Prefix>) {
        self.flush();
        let size = self.size;
        self.prefixes.retain(|(at, _, _)| *at < size);
        (TextId { size, sha256: digest::hex(&self.hasher.finalize()) }, self.prefixes)
    }
}

/// Whether `size` is one of `wanted` (ascending), passing over the smaller
/// ones: asked of ascending sizes, each of `wanted` is looked at once.
pub(super) fn is_wanted(wanted: &mut &[u64], size: u64) -> bool {
    while let [first, rest @ ..] = *wanted {
        if *first >= size {
            return *first == size;
        }
        *wanted = rest;
    }
    false
}

/// The text identity and prefixes of decoded `text` (see [`TextHasher`]),
/// at the sizes `wanted` (ascending).
pub(super) fn of_text(text: &str, wanted: &[u64]) -> (TextId, Vec<Prefix>) {
    let mut hasher = TextHasher::new(wanted);
    lines(text, &mut hasher, u64::MAX);
    hasher.finish()
}

/// Gives `hasher` the lines of `text` until it holds `until` bytes; the
/// empty text after the last line end is no line.
fn lines(text: &str, hasher: &mut TextHasher<'_>, until: u64) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes) {
        if hasher.size >= until {
            return;
        }
        hasher.line(&bytes[start..end]);
        start = end + 1;
    }
    if start < bytes.len() && hasher.size < until {
        hasher.line(&bytes[start..]);
    }
}

/// How much of the start of a text is compared before a later copy's text
/// is hashed again at an earlier copy's size (see [`head`]).
pub(super) const HEAD: u64 = 4096;

/// The hash of the first `HEAD` bytes of decoded `text` as [`TextHasher`]
/// hashes it (all of it when shorter).
pub(super) fn head_of(text: &str) -> Vec<u8> {
    let mut hasher = TextHasher::new(&[]);
    lines(text, &mut hasher, HEAD);
    let mut head = hasher.pending;
    head.truncate(usize::try_from(HEAD).unwrap_or(usize::MAX));
    head
}

/// Whether a text whose first bytes are `head` (see [`head_of`]) may begin
/// with a text of `size` bytes whose first bytes hash to `sha256`.
pub(super) fn may_begin_with(head: &[u8], size: u64, sha256: &str) -> bool {
    let n = usize::try_from(size.min(HEAD)).unwrap_or(usize::MAX);
    head.len() >= n && digest::hex(&Sha256::digest(&head[..n])) == sha256
}

/// Whether `text`, decoded from `raw`, is `raw` itself and already as
/// [`TextHasher`] hashes it: its text identity is then the size and hash of
/// its bytes (most files: no text pass), and so is that of a file ingested
/// before text identities were kept.
pub(super) fn is_plain(raw: &[u8], text: &str) -> bool {
    std::ptr::eq(raw, text.as_bytes())
        && raw.last().is_none_or(|b| *b == b'\n')
        && memchr::memchr(b'\r', raw).is_none()
        && memchr::memmem::find(raw, b" \n").is_none()
}

/// Whether a line's bytes (without its `\n`) are as [`TextHasher`] hashes them.
pub(super) fn plain_line(bytes: &[u8]) -> bool {
    !matches!(bytes.last(), Some(b' ' | b'\r'))
}

/// The text of the file at `path` (plain text or gzip, `size` bytes) as
/// [`TextHasher`] hashes it, a line at a time to `hasher` until it holds
/// `until` bytes (read as a stream): false when the file is not so, ends
/// before, or its text does not begin with `head` (looked at once read).
fn read_text(path: &Path, size: Option<u64>, (until, head): (u64, &[u8]), hasher: &mut TextHasher<'_>) -> bool {
    let Ok(file) = std::fs::File::open(path) else { return false };
    if size.is_some_and(|size| file.metadata().map(|m| m.len()).ok() != Some(size)) {
        return false;
    }
    let mut file = BufReader::new(file);
    let container = file.fill_buf().map(Container::of);
    let mut reader: Box<dyn BufRead> = match container {
        Ok(Container::Plain) => Box::new(file),
        Ok(Container::Gzip) => Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file))),
        _ => return false,
    };
    let mut line = Vec::new();
    while hasher.size < until {
        line.clear();
        // A line longer than the rest of the text (and its blanks) is none of it.
        let most = until - hasher.size + (64 << 10);
        match (&mut reader).take(most).read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return false,
            Ok(_) => {}
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        } else if line.len() as u64 == most {
            return false;
        }
        let bytes = if hasher.lines == 0 { crate::capture::without_bom(&line) } else { &line };
        let before = hasher.size;
        hasher.line(String::from_utf8_lossy(bytes).as_bytes());
        // Gathered whole: the first bytes are hashed in PENDING at the earliest.
        if (before..hasher.size).contains(&(head.len() as u64)) && !hasher.pending.starts_with(head) {
            return false;
        }
    }
    true
}

/// The first `most` bytes of the text of the file at `path` (see
/// [`read_text`]), or all of it when shorter.
pub(in crate::ingest) fn head(path: &Path, most: u64) -> Vec<u8> {
    let mut hasher = TextHasher::new(&[]);
    read_text(path, None, (most, &[]), &mut hasher);
    let mut head = std::mem::take(&mut hasher.pending);
    head.truncate(usize::try_from(most).unwrap_or(usize::MAX));
    head
}

/// Whether the file at `path`, still `size` bytes, begins with the text
/// `text` is the identity of, whose first bytes are `head` (see [`head`]):
/// its first bytes are looked at first.
pub(in crate::ingest) fn begins_with(path: &Path, size: u64, head: &[u8], text: &TextId) -> bool {
    let mut hasher = TextHasher::new(&[]);
    read_text(path, Some(size), (text.size, head), &mut hasher)
        && hasher.size == text.size
        && hasher.finish().0.sha256 == text.sha256
}

#[cfg(test)]
mod tests {
    use super::*;

    /// By hand: `a \r\nb\n  \nc  ` is the lines `a`, `b`, an empty one and `c` (each
    /// without the blanks and carriage return before its end, the last
    /// given one): `a\nb\n\nc\n`, 7 bytes. Of the sizes asked, 2 and 5 end
    /// a line (`a\n`, then line 2; `a\nb\n\n`, then line 4), 1 and 6 do not,
    /// 7 is the whole and 9 more than it.
    #[test]
    fn the_text_is_each_line_without_its_end_and_blanks_and_its_prefixes_end_lines() {
        let hex = |text: &str| digest::hex(&Sha256::digest(text.as_bytes()));
        let (text, prefixes) = of_text("a \r\nb\n  \nc  ", &[1, 2, 5, 6, 7, 9]);
        assert_eq!(text, TextId { size: 7, sha256: hex("a\nb\n\nc\n") });
        assert_eq!(prefixes, vec![(2, 2, hex("a\n")), (5, 4, hex("a\nb\n\n"))]);
        assert_eq!(head_of("a \r\nb\n  \nc  "), b"a\nb\n\nc\n");
        assert_eq!(of_text("", &[]).0, TextId { size: 0, sha256: hex("") });
    }
}
