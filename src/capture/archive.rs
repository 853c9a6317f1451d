//! Compressed captures and archives: what a file's first bytes say it is,
//! and its text, expanded as a stream that stops at a limit.
//!
//! Sites keep NETSTAT output gzipped, bzip2ed, xz'd, zstd'd, or in `.zip`
//! archives. The container is told by its magic bytes, never by its name.
//! Every expansion is bounded: a file that would expand beyond the limit is
//! a problem that says so (a decompression bomb, or a capture too large to
//! read at once), and no more than the limit is ever held in memory.

use std::borrow::Cow;
use std::io::{Cursor, Read};

use flate2::read::MultiGzDecoder;

use crate::error::Problem;

/// The most bytes one capture file, or all members of one archive together,
/// may expand to when `--max-file-size` is not given.
pub const DEFAULT_LIMIT: u64 = 256 << 20;

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// Not a container this module knows: text, or anything else.
    Plain,
    Gzip,
    Bzip2,
    Xz,
    Zstd,
    Zip,
    /// A container this version does not read, by name.
    Unread(&'static str),
}

impl Container {
    /// The container of `bytes`, from their first bytes.
    pub fn of(bytes: &[u8]) -> Container {
        const UNREAD: &[(&[u8], &str)] = &[
            (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
            (b"Rar!\x1A\x07", "a RAR archive"),
            (b"\x1F\x9D", "a compress (.Z) file"),
            (b"\x04\x22\x4D\x18", "an LZ4 frame"),
            (b"LZIP", "an lzip file"),
            (b"MSCF", "a Microsoft cabinet (.cab)"),
            (b"\x5D\x00\x00", "an LZMA (.lzma) file"),
        ];
        if bytes.starts_with(&[0x1F, 0x8B]) {
            Container::Gzip
        } else if bytes.starts_with(b"BZh") && bytes.get(3).is_some_and(|b| (b'1'..=b'9').contains(b)) {
            Container::Bzip2
        } else if bytes.starts_with(b"\xFD7zXZ\x00") {
            Container::Xz
        } else if bytes.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
            Container::Zstd
        } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            Container::Zip
        } else if bytes.get(257..262) == Some(b"ustar") {
            Container::Unread("a tar archive")
        } else {
            UNREAD
                .iter()
                .find(|(magic, _)| bytes.starts_with(magic))
                .map_or(Container::Plain, |(_, n)| Container::Unread(n))
        }
    }

    /// The name said in problems.
    pub fn name(self) -> &'static str {
        match self {
            Container::Plain => "text",
            Container::Gzip => "gzip",
            Container::Bzip2 => "bzip2",
            Container::Xz => "xz",
            Container::Zstd => "zstd",
            Container::Zip => "zip",
            Container::Unread(name) => name,
        }
    }
}

/// One member of a zip archive, expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The member's name in the archive (`2026-11-24/SYSA/netstat.txt`).
    pub name: String,
    /// Its expanded bytes, or why they could not be read.
    pub bytes: Result<Vec<u8>, Problem>,
}

/// The bytes of a single-stream file (plain, gzip, bzip2, xz or zstd),
/// expanded to at most `limit` bytes.
///
/// # Errors
/// A file-level problem when the stream is corrupt or cut, expands beyond
/// `limit`, is a zip archive (read with [`unzip`]), or is a container this
/// version does not read (also inside a compressed stream: `.tar.gz`).
pub fn expand(bytes: &[u8], limit: u64) -> Result<Cow<'_, [u8]>, Problem> {
    let container = Container::of(bytes);
    let expanded = match container {
        Container::Plain => return Ok(Cow::Borrowed(bytes)),
        Container::Zip => return Err(Problem::file("a zip archive: read it with `unzip`")),
        Container::Unread(what) => return Err(unread(what)),
        Container::Gzip => read_limited(MultiGzDecoder::new(bytes), container, limit)?,
        Container::Bzip2 => read_limited(bzip2::read::MultiBzDecoder::new(bytes), container, limit)?,
        Container::Xz => read_limited(lzma_rust2::XzReader::new(bytes, true), container, limit)?,
        Container::Zstd => unzstd(bytes, limit)?,
    };
    match Container::of(&expanded) {
        Container::Plain => Ok(Cow::Owned(expanded)),
        inner => Err(Problem::file(format!(
            "{} inside {} data: this version reads text, or text compressed once; unpack it and ingest what it holds",
            inner.name(),
            container.name()
        ))),
    }
}

/// The problem of a container this version does not read.
fn unread(what: &str) -> Problem {
    Problem::file(format!(
        "{what}, not NETSTAT text: this version reads text, .gz, .bz2, .xz, .zst and .zip; \
         unpack it and ingest what it holds"
    ))
}

/// Reads a decoder to its end, but never more than `limit` bytes.
fn read_limited(decoder: impl Read, container: Container, limit: u64) -> Result<Vec<u8>, Problem> {
    let mut out = Vec::new();
    let read = decoder.take(limit.saturating_add(1)).read_to_end(&mut out);
    match read {
        Ok(_) if out.len() as u64 > limit => Err(too_large(limit)),
        Ok(_) => Ok(out),
        Err(e) => Err(Problem::file(format!(
            "corrupt {} data ({e}): the file was cut or damaged in transfer",
            container.name()
        ))),
    }
}

/// How the problem of a file that expands beyond the limit starts.
const TOO_LARGE: &str = "expands to more than";

/// The problem of a file that expands beyond the limit.
pub fn too_large(limit: u64) -> Problem {
    Problem::file(format!(
        "{TOO_LARGE} {} (the limit for one file; is it a decompression bomb?): \
         not read; if it is a real capture, give a larger --max-file-size",
        size(limit)
    ))
}

/// `256 MiB`, `1.5 GiB`, `4096 bytes`.
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{} GiB", trim(b as f64 / f64::from(1u32 << 30))),
        b if b >= 1 << 20 => format!("{} MiB", trim(b as f64 / f64::from(1u32 << 20))),
        b => format!("{b} bytes"),
    }
}

fn trim(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
}

/// A zstd file: one frame or several one after the other (as `zstd -T0` and
/// `cat a.zst b.zst` write them), skippable frames passed over.
fn unzstd(bytes: &[u8], limit: u64) -> Result<Vec<u8>, Problem> {
    use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
    let corrupt = |e: &dyn std::fmt::Display| {
        Problem::file(format!("corrupt zstd data ({e}): the file was cut or damaged in transfer"))
    };
    let mut source = Cursor::new(bytes);
    let mut out = Vec::new();
    while (source.position() as usize) < bytes.len() {
        let decoder = match ruzstd::decoding::StreamingDecoder::new(&mut source) {
            Ok(decoder) => decoder,
            Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame { length, .. })) => {
                source.set_position(source.position() + u64::from(length));
                continue;
            }
            Err(e) => return Err(corrupt(&e)),
        };
        let room = limit.saturating_add(1) - out.len() as u64;
        decoder.take(room).read_to_end(&mut out).map_err(|e| corrupt(&e))?;
        if out.len() as u64 > limit {
            return Err(too_large(limit));
        }
    }
    Ok(out)
}

/// The names of the members of the zip archive at `path`, from its
/// central directory alone (nothing is expanded); none when it cannot be
/// read as one (its reading then says why).
pub fn member_names(path: &std::path::Path) -> Vec<String> {
    let Ok(file) = std::fs::File::open(path) else { return Vec::new() };
    zip::ZipArchive::new(std::io::BufReader::new(file))
        .map(|archive| archive.file_names().filter_map(Result::ok).map(Cow::into_owned).collect())
        .unwrap_or_default()
}

/// The members of a zip archive, expanded, in the archive's order; folders
/// are passed over. All members together may expand to at most `limit`
/// bytes: a member that would pass it is a problem of its own, and every
/// member after it is not read. A member that is itself compressed (`.gz` inside
/// the `.zip`) is expanded too.
///
/// # Errors
/// A file-level problem when the archive's directory cannot be read.
pub fn unzip(bytes: &[u8], limit: u64) -> Result<Vec<Member>, Problem> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Problem::file(format!("corrupt zip archive ({e}): the file was cut or damaged in transfer")))?;
    let mut members = Vec::new();
    let mut room = limit;
    for index in 0..archive.len() {
        let mut file = match archive.by_index(index) {
            Ok(file) => file,
            Err(e) => {
                let name = format!("#{}", index + 1);
                members.push(Member { name, bytes: Err(Problem::file(format!("corrupt zip member ({e})"))) });
                continue;
            }
        };
        if file.is_dir() {
            continue;
        }
        let name = file.name().map_or_else(|_| String::from_utf8_lossy(file.name_raw()).into_owned(), Cow::into_owned);
        // The size the directory declares is checked first; the reading
        // stops at the limit whatever it declares.
        let bytes = if room == 0 {
            Err(Problem::file(format!(
                "not read: the members before it in the archive already expand to the limit for one file ({})",
                size(limit)
            )))
        } else if file.size() > room {
            Err(too_large(limit))
        } else {
            let mut out = Vec::new();
            match (&mut file).take(room.saturating_add(1)).read_to_end(&mut out) {
                Ok(_) if out.len() as u64 > room => Err(too_large(limit)),
                Ok(_) => {
                    room -= out.len() as u64;
                    expand_member(out, &mut room, limit)
                }
                Err(e) => {
                    Err(Problem::file(format!("corrupt zip member ({e}): the archive was cut or damaged in transfer")))
                }
            }
        };
        if bytes.is_err() {
            room = 0;
        }
        members.push(Member { name, bytes });
    }
    Ok(members)
}

/// A compressed member, expanded within what is left of the archive's limit.
fn expand_member(bytes: Vec<u8>, room: &mut u64, limit: u64) -> Result<Vec<u8>, Problem> {
    if Container::of(&bytes) == Container::Plain {
        return Ok(bytes);
    }
    // Said with the archive's limit, not what was left of it.
    let expanded = expand(&bytes, *room + bytes.len() as u64).map_err(|p| {
        if p.reason.starts_with(TOO_LARGE) {
            too_large(limit)
        } else {
            p
        }
    })?;
    *room = (*room + bytes.len() as u64).saturating_sub(expanded.len() as u64);
    Ok(expanded.into_owned())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    const TEXT: &[u8] = b"MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:01\n";

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn containers_are_told_by_their_first_bytes() {
        assert_eq!(Container::of(TEXT), Container::Plain);
        assert_eq!(Container::of(&gzip(TEXT)), Container::Gzip);
        assert_eq!(Container::of(b"BZh91AY&SY"), Container::Bzip2);
        assert_eq!(Container::of(b"BZ plain text"), Container::Plain);
        assert_eq!(Container::of(b"\xFD7zXZ\x00\x00"), Container::Xz);
        assert_eq!(Container::of(b"\x28\xB5\x2F\xFD\x00"), Container::Zstd);
        assert_eq!(Container::of(b"PK\x03\x04rest"), Container::Zip);
        assert_eq!(Container::of(b"7z\xBC\xAF\x27\x1C\x00"), Container::Unread("a 7-Zip archive"));
        let mut tar = vec![0u8; 512];
        tar[257..262].copy_from_slice(b"ustar");
        assert_eq!(Container::of(&tar), Container::Unread("a tar archive"));
        assert_eq!(Container::of(b""), Container::Plain);
    }

    #[test]
    fn gzip_expands_up_to_the_limit_and_no_further() {
        let packed = gzip(TEXT);
        assert_eq!(expand(&packed, TEXT.len() as u64).unwrap().as_ref(), TEXT);
        let problem = expand(&packed, TEXT.len() as u64 - 1).unwrap_err();
        assert!(problem.reason.starts_with("expands to more than 69 bytes"), "{}", problem.reason);
        assert!(!problem.reason.contains("cut or damaged"), "{}", problem.reason);
    }

    #[test]
    fn a_cut_stream_is_corrupt() {
        let packed = gzip(TEXT);
        let problem = expand(&packed[..packed.len() - 6], 1 << 20).unwrap_err();
        assert!(problem.reason.starts_with("corrupt gzip data"), "{}", problem.reason);
    }

    #[test]
    fn a_tar_inside_gzip_is_named() {
        let mut tar = vec![0u8; 1024];
        tar[257..262].copy_from_slice(b"ustar");
        let problem = expand(&gzip(&tar), 1 << 20).unwrap_err();
        assert!(problem.reason.starts_with("a tar archive inside gzip data"), "{}", problem.reason);
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(DEFAULT_LIMIT), "256 MiB");
        assert_eq!(size(3 << 29), "1.5 GiB");
        assert_eq!(size(4096), "4096 bytes");
    }
}
