//! Capture files: finding them in a tree, reading them (plain, compressed or
//! archived, see [`archive`]), and splitting their text into netstat reports.

pub mod archive;
pub(crate) mod carriage;
pub(crate) mod joblog;
pub mod locate;
pub(crate) mod report_kind;
pub mod split;
pub(crate) mod syslog;
pub(crate) mod trees;

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::Problem;
use crate::text::strip_message_id;

/// A regular file found under one of the paths given to `ingest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    /// Absolute path, symlinks resolved: one file has one name in the store.
    pub path: PathBuf,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch, when the file system has one.
    pub mtime_ns: Option<i64>,
}

/// A path that could not be walked or read, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkProblem {
    pub path: PathBuf,
    pub problem: Problem,
    /// Only worth a note: a file in a tree that is not a regular file (a
    /// FIFO, a device, a socket) is skipped; given by name it is a problem.
    pub note: bool,
}

/// Finds every regular file under `roots` (files may be given directly),
/// following symlinks but not their loops, skipping hidden files and
/// folders, sorted by path and without duplicates.
pub fn discover(roots: &[PathBuf]) -> (Vec<FoundFile>, Vec<WalkProblem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for root in roots {
        for entry in WalkDir::new(root).follow_links(true).sort_by_file_name().into_iter().filter_entry(visible) {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let path = absolute(error.path().unwrap_or(root));
                    let reason = match error.loop_ancestor() {
                        Some(ancestor) => {
                            let ancestor = ancestor.canonicalize().unwrap_or_else(|_| ancestor.to_path_buf());
                            format!("symlink loop back to {}: not followed", crate::path_text::shown(&ancestor))
                        }
                        None => walk_reason(&error),
                    };
                    problems.push(WalkProblem { path, problem: Problem::file(reason), note: false });
                    continue;
                }
            };
            let file_type = entry.file_type();
            if file_type.is_dir() {
                continue;
            }
            if !file_type.is_file() {
                // Reading a FIFO or a device would block or never end.
                let reason = format!("{}, not a regular file: not read", not_regular(file_type));
                let path = absolute(entry.path());
                problems.push(WalkProblem { path, problem: Problem::file(reason), note: entry.depth() > 0 });
                continue;
            }
            match found(entry.path()) {
                Ok(file) => files.push(file),
                Err(problem) => problems.push(WalkProblem { path: entry.path().to_path_buf(), problem, note: false }),
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    (files, problems)
}

/// The 0-byte files of `files` named as another file of their folder with a
/// suffix after its name (`netstat.txt.done`, `.ok`, `.trg`: the marker a
/// transfer leaves to say that file is complete), each with that file's
/// name and the suffix. Such a file is no capture that wrote nothing.
pub fn markers(files: &[FoundFile]) -> Vec<(PathBuf, String, String)> {
    let paths: std::collections::HashSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    let marked = |file: &FoundFile| {
        let (name, suffix) = (file.path.file_stem()?, file.path.extension()?);
        paths
            .contains(file.path.with_file_name(name).as_path())
            .then(|| (file.path.clone(), name.to_string_lossy().into_owned(), suffix.to_string_lossy().into_owned()))
    };
    files.iter().filter(|f| f.size == 0).filter_map(marked).collect()
}

/// The suffixes transfer tools give a file while they write it, renamed
/// away when it is complete: WinSCP's `.filepart` (its "transfer to temporary
/// file name"; SFTP gateways leave such files out by default), Firefox and
/// Transmission `.part`, Chrome `.crdownload`, legacy Edge and download
/// managers `.partial`. (`.tmp` is left out: a job may write its output so.)
const IN_TRANSFER: &[&str] = &["filepart", "part", "partial", "crdownload"];

/// The files of `files` named as a transfer names a file it still writes
/// (see [`IN_TRANSFER`]), each with its suffix: read cut short now, and
/// renamed by tomorrow, such a file would be a second capture of its day.
pub fn in_transfer(files: &[FoundFile]) -> Vec<(PathBuf, String)> {
    files.iter().filter_map(|file| Some((file.path.clone(), transfer_suffix(&file.path)?.to_string()))).collect()
}

/// The suffix of `path` if it is named as a transfer names a file it still
/// writes (see [`IN_TRANSFER`]).
pub fn transfer_suffix(path: &Path) -> Option<&str> {
    let suffix = path.extension()?.to_str()?;
    // Lower case, as the tools write them: a data set's last qualifier
    // (`SYSA.NETSTAT.PART`) is upper case.
    IN_TRANSFER.contains(&suffix).then_some(suffix)
}

/// Hidden files and folders (`.git`, `.DS_Store`) are not captures; a path
/// given by the user is taken whatever its name.
fn visible(entry: &walkdir::DirEntry) -> bool {
    entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
}

/// True when `root` is a file, or a folder with something in it that
/// [`discover`] looks at (the walk stops at the first).
pub fn has_files(root: &Path) -> bool {
    WalkDir::new(root).follow_links(true).into_iter().filter_entry(visible).flatten().any(|e| !e.file_type().is_dir())
}

/// The absolute path of `path` (its folder's symlinks resolved, not its
/// own: a loop is named by the link), as every found file is named.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    let folder = path.parent().and_then(|p| p.canonicalize().ok());
    match (folder, path.file_name()) {
        (Some(folder), Some(name)) => folder.join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

fn walk_reason(error: &walkdir::Error) -> String {
    match error.io_error() {
        Some(io) if io.kind() == std::io::ErrorKind::NotFound => "disappeared while the tree was walked".to_string(),
        Some(io) => format!("cannot read: {io}"),
        None => error.to_string(),
    }
}

fn found(path: &Path) -> Result<FoundFile, Problem> {
    let path = path.canonicalize().map_err(|e| Problem::file(format!("cannot resolve path: {e}")))?;
    let meta = std::fs::metadata(&path).map_err(|e| Problem::file(format!("cannot read: {e}")))?;
    Ok(FoundFile { path, size: meta.len(), mtime_ns: mtime_ns(&meta) })
}

fn mtime_ns(meta: &std::fs::Metadata) -> Option<i64> {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_nanos()).ok())
}

/// What a file that is not a regular file is, for a message.
fn not_regular(file_type: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a FIFO (a named pipe, or a pipe such as `<(zcat file)`: save it to a file first; .gz files are read as they are)"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "a device"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// Reads the whole of `file` into `bytes`, and returns it with the size and
/// modification time of what was opened (the walk's may be out of date).
/// The file is opened without blocking (a FIFO swapped in after the walk
/// would wait for a writer forever) and read only if it is a regular file.
/// A file longer than `limit` bytes is refused before it is read, and no
/// more than `limit` bytes are read should it grow while it is read.
///
/// # Errors
/// The problem of a file that cannot be opened or read, is not a regular
/// file, or is too large.
pub fn read_at_most(file: &FoundFile, limit: u64, bytes: &mut Vec<u8>) -> Result<FoundFile, Problem> {
    let (opened, found) = open_at_most(file, limit)?;
    opened.take(limit.saturating_add(1)).read_to_end(bytes).map_err(|e| read_error(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(found)
}

/// Opens `file` to be read (see [`read`]), refusing a file longer than
/// `limit` bytes; returns it with the size and modification time of what
/// was opened.
///
/// # Errors
/// As [`read_at_most`].
pub fn open_at_most(file: &FoundFile, limit: u64) -> Result<(std::fs::File, FoundFile), Problem> {
    use std::os::unix::fs::OpenOptionsExt;
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&file.path)
        .map_err(|e| read_error(&e))?;
    let meta = opened.metadata().map_err(|e| read_error(&e))?;
    if !meta.is_file() {
        return Err(Problem::file(format!(
            "{} when it was opened, not a regular file: not read",
            not_regular(meta.file_type())
        )));
    }
    if meta.len() > limit {
        return Err(too_large(meta.len(), limit));
    }
    Ok((opened, FoundFile { path: file.path.clone(), size: meta.len(), mtime_ns: mtime_ns(&meta) }))
}

/// The problem of a file of `size` bytes, over `limit`.
fn too_large(size: u64, limit: u64) -> Problem {
    Problem::file(format!(
        "{} long, more than the limit for one file ({}): not read; \
         if it is a real capture, give a larger --max-file-size",
        archive::size(size),
        archive::size(limit)
    ))
}

/// The problem of a capture file that could not be read.
pub fn read_error(error: &std::io::Error) -> Problem {
    match error.kind() {
        std::io::ErrorKind::NotFound => Problem::file("disappeared before it could be read"),
        std::io::ErrorKind::PermissionDenied => Problem::file("cannot read: permission denied"),
        _ => Problem::file(format!("cannot read: {error}")),
    }
}

/// The text of a capture. NETSTAT output is ASCII; bytes that are not UTF-8
/// are replaced (and the first line holding one is reported) rather than
/// losing the file. A capture saved on Windows may be UTF-16 (PowerShell 5.1
/// `>` and `Out-File`, Notepad's "Unicode") or start with a UTF-8
/// byte-order mark: each is read as the text it holds, with its lines,
/// whatever ends them (see [`with_line_ends`]).
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Option<Problem>) {
    let (text, problem) = decode_text(bytes);
    (with_line_ends(text), problem)
}

/// The text of a capture whose lines end in `\n`, as the splitter reads
/// them, when it has no `\n`: a text whose lines end in CR alone (the
/// z/OSMF console API's `cmd-response`, an old Mac file) or in NEL (U+0085,
/// what `iconv -f IBM-1047` makes of the NL that ends a z/OS UNIX file's
/// lines), or a data set's fixed records with no line end at all (a binary
/// transfer, converted with `iconv`): records of 80, 132 or 133 characters
/// when the text is a whole number of them and a NETSTAT report header
/// starts within the first columns of one (after a message id or an ASA
/// column). Any other text as it is.
pub fn with_line_ends(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.contains('\n') {
        return text;
    }
    if text.contains(['\r', '\u{85}']) {
        return Cow::Owned(text.replace(['\r', '\u{85}'], "\n"));
    }
    let Some(width) = record_width(&text) else { return text };
    let mut lines = String::with_capacity(text.len() + text.len() / width);
    let mut chars = text.chars().peekable();
    while chars.peek().is_some() {
        let record: String = chars.by_ref().take(width).collect();
        lines.push_str(record.trim_end());
        lines.push('\n');
    }
    Cow::Owned(lines)
}

/// The width of the fixed records of a text without line ends (see
/// [`with_line_ends`]).
fn record_width(text: &str) -> Option<usize> {
    let at = MARKERS.iter().filter_map(|m| text.find(m)).min()?;
    let (length, before) = (text.chars().count(), text[..at].chars().count());
    // After a message id (`EZZ2350I `) or an ASA column at most.
    [133, 132, 80].into_iter().find(|width| length > *width && length % width == 0 && before % width <= 10)
}

/// What starts a report header of each kind.
const MARKERS: &[&str] = &["MVS TCP/IP NETSTAT CS ", "TCP/IP pasearch CS ", "EZD0101I NETSTAT CS "];

/// Whether the first bytes of a file end their lines otherwise than in
/// `\n` (see [`with_line_ends`]): such a file is read whole.
pub fn other_line_ends(first: &[u8]) -> bool {
    !first.contains(&b'\n') && (first.contains(&b'\r') || first.windows(2).any(|pair| pair == b"\xC2\x85"))
}

/// The problem of a file whose bytes are not all UTF-8 (at its first such
/// line): its lines that are not are read as ISO-8859-1 (see [`decode_line`]).
pub const NOT_UTF8: &str = "bytes that are not UTF-8 text, read as ISO-8859-1 (Latin-1: a byte a character, as a \
    European site's code page converts national characters in names, `CICS\u{c4}PRD`): if the file was converted \
    to another code page, convert it to UTF-8 (`iconv -f CP1252 -t UTF-8`) and ingest it again";

/// One line of a capture: UTF-8 as it is, else ISO-8859-1, a byte a
/// character. Text that is not UTF-8 is 8-bit text of a code page (a job
/// name with a national character): read so, two names that differ stay
/// two, where replacing the byte with U+FFFD would make them one.
pub fn decode_line(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(bytes.iter().map(|b| char::from(*b)).collect()),
    }
}

/// [`decode`], before the line ends are looked at.
fn decode_text(bytes: &[u8]) -> (Cow<'_, str>, Option<Problem>) {
    if let Some(order) = utf16(bytes) {
        return decode_utf16(bytes, order);
    }
    let bytes = without_bom(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), None),
        Err(error) => {
            let line = 1 + bytes[..error.valid_up_to()].iter().filter(|b| **b == b'\n').count();
            let problem = Problem::at(u32::try_from(line).unwrap_or(u32::MAX), NOT_UTF8);
            let lines: Vec<Cow<'_, str>> = bytes.split(|b| *b == b'\n').map(decode_line).collect();
            (Cow::Owned(lines.join("\n")), Some(problem))
        }
    }
}

/// The UTF-8 byte-order mark, which hides what starts the first line (a
/// command echo, a report header) unless it is taken off.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// `bytes` without a UTF-8 byte-order mark.
pub fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)
}

/// Which end of a UTF-16 code unit comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf16 {
    Little,
    Big,
}

/// Whether `bytes` (the file's first bytes will do) are UTF-16 text: a
/// byte-order mark says so, or, without one, text of ASCII characters whose
/// every other byte is 0 (`N\0E\0T\0`), as no NETSTAT text or binary
/// file is.
pub fn utf16(bytes: &[u8]) -> Option<Utf16> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some(Utf16::Little),
        [0xFE, 0xFF, ..] => return Some(Utf16::Big),
        _ => {}
    }
    let sample = &bytes[..bytes.len().min(512) & !1];
    let text = |b: &u8| matches!(b, b'\t' | b'\n' | b'\r' | b' '..=b'~');
    let units = sample.chunks_exact(2);
    let shaped = |low: usize| units.clone().all(|u| u[1 - low] == 0 && text(&u[low]));
    if sample.len() < 16 {
        None
    } else if shaped(0) {
        Some(Utf16::Little)
    } else if shaped(1) {
        Some(Utf16::Big)
    } else {
        None
    }
}

/// The text of UTF-16 `bytes`, its byte-order mark taken off; what is not
/// UTF-16 (a lone surrogate, an odd last byte) is replaced, and the first
/// line holding it reported.
fn decode_utf16(bytes: &[u8], order: Utf16) -> (Cow<'static, str>, Option<Problem>) {
    let units = bytes.chunks(2).map(|pair| match (pair, order) {
        ([a, b], Utf16::Little) => u16::from_le_bytes([*a, *b]),
        ([a, b], Utf16::Big) => u16::from_be_bytes([*a, *b]),
        // An odd last byte: the file was cut.
        _ => 0xD800,
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut problem = None;
    for decoded in char::decode_utf16(units) {
        let c = decoded.unwrap_or_else(|_| {
            // The line is counted for the first such unit alone: counting it
            // for each would read the text again per bad unit (a binary file
            // that starts with FF FE has millions).
            if problem.is_none() {
                let line = u32::try_from(1 + text.matches('\n').count()).unwrap_or(u32::MAX);
                problem = Some(Problem::at(
                    line,
                    "bytes that are not UTF-16 text (replaced by U+FFFD): was the file cut or damaged?",
                ));
            }
            char::REPLACEMENT_CHARACTER
        });
        if !(c == '\u{FEFF}' && text.is_empty()) {
            text.push(c);
        }
    }
    (Cow::Owned(text), problem)
}

/// What a file without any netstat report is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoReport {
    /// A capture that failed or was damaged: a problem to fix.
    FailedCapture(String),
    /// Not a capture at all (a README, a script, a binary): skipped with a note.
    NotACapture(String),
}

/// Why a file holds no netstat report, as precisely as the bytes allow.
pub fn why_no_report(bytes: &[u8], text: &str) -> NoReport {
    if bytes.is_empty() {
        return NoReport::FailedCapture("empty file (0 bytes): the capture wrote nothing".to_string());
    }
    if looks_like_ebcdic(bytes) {
        return NoReport::FailedCapture(
            "file is EBCDIC (IBM-1047), not ASCII text: it was transferred in binary mode; \
             transfer it again in ASCII/text mode (FTP `ascii`), or convert it with \
             `iconv -f IBM-1047 -t UTF-8`"
                .to_string(),
        );
    }
    // The text, not the bytes: UTF-16 text holds a 0 in every other byte.
    if text.chars().take(8192).any(|c| c == '\0') {
        return NoReport::NotACapture("binary file (NUL bytes), not NETSTAT text: skipped".to_string());
    }
    if let Some(line) = collapsed_report(text) {
        return NoReport::FailedCapture(format!(
            "line {line}: a NETSTAT report whose line breaks were lost (the whole report on one line, as a web \
             page or a mail shows it): the layout NETSTAT printed is gone and cannot be read; take the capture \
             from the file the job wrote"
        ));
    }
    if let Some((line, time)) = header_with_bad_time(text) {
        return NoReport::FailedCapture(format!(
            "line {line}: a NETSTAT report header whose time `{}` is not a time of day: \
             the capture was damaged or edited; correct the time or take the capture again",
            crate::error::quoted(time)
        ));
    }
    if let Some(line) = console_reply_cut_at_80(text) {
        return NoReport::FailedCapture(format!(
            "line {line}: a console reply (`EZD0101I`) whose lines are cut at column 80 (no line of the file is \
             longer: an SDSF LOG screen copy, or a print to an 80-column data set): its header lost the stack and \
             the reply's number, its lines the values at their ends, and cannot be read; take the log at its full \
             width (SDSF PRINT or XDC to a data set of LRECL 133 or more, or the SYSLOG/OPERLOG itself)"
        ));
    }
    if let Some((line, prefix)) = prefixed_console_reply(text) {
        return NoReport::FailedCapture(format!(
            "line {line}: a console reply (`EZD0101I`) after a prefix this version does not read (`{}`): skipped; \
             keep replies as the hardcopy log writes them (SYSLOG/OPERLOG records), as a job log does (`hh.mm.ss \
             jobid  text`, its later lines indented to the text), or without a prefix",
            crate::error::quoted(prefix)
        ));
    }
    let mut ids: Vec<&str> =
        text.lines().filter_map(|l| strip_message_id(l.trim()).0.or_else(|| split::tso_failure(l.trim()))).collect();
    if !ids.is_empty() {
        ids.sort_unstable();
        ids.dedup();
        return NoReport::FailedCapture(format!(
            "no NETSTAT report, only messages {}: the NETSTAT command failed",
            ids.join(", ")
        ));
    }
    if is_tso_without_output(text) {
        return NoReport::FailedCapture(
            "TSO output with no report: the job ran, and NETSTAT printed nothing here (READY only); if its command \
             writes the report to a data set (`REPORT DSN(...)`), ingest that data set, else check the step's \
             SYSTSIN"
                .to_string(),
        );
    }
    if let Some(line) = carriage::controlled_header(text) {
        return NoReport::FailedCapture(format!(
            "line {line}: a NETSTAT report header in column 2, after an ASA carriage-control character (a SYSOUT \
             saved with RECFM=FBA), but more than a few of the file's lines have no such character: it was edited \
             or joined with another file; take the SYSOUT again, or remove the lines added to it"
        ));
    }
    NoReport::NotACapture("no NETSTAT report header (`MVS TCP/IP NETSTAT CS ...`) in this file: skipped".to_string())
}

/// What starts a console reply's header.
const CONSOLE_HEADER: &str = "EZD0101I NETSTAT CS ";

/// The line of a console reply's header in a text whose lines are cut at
/// column 80: none is longer, and some are exactly that long.
fn console_reply_cut_at_80(text: &str) -> Option<usize> {
    let widest = text.lines().map(|l| l.trim_end().chars().count()).max()?;
    (widest == 80).then(|| text.lines().position(|l| l.contains(CONSOLE_HEADER)).map(|i| i + 1))?
}

/// The first console reply header after something other than a message
/// id, with its line and what came before it: a prefix that was not read
/// (the reply holds no report read).
fn prefixed_console_reply(text: &str) -> Option<(usize, &str)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let prefix = line[..line.find(CONSOLE_HEADER)?].trim();
        (!prefix.is_empty()).then_some((i + 1, prefix))
    })
}

/// A batch TSO SYSTSPRT that holds nothing but TSO's prompts and the
/// NETSTAT commands it echoed: a capture job that captured nothing.
fn is_tso_without_output(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty()).peekable();
    let ready = lines.peek().is_some_and(|l| *l == "READY");
    ready
        && lines.all(|l| {
            matches!(l, "READY" | "END")
                || l.split_whitespace().next().is_some_and(|w| w.eq_ignore_ascii_case("NETSTAT"))
        })
}

/// The first NETSTAT report header whose last token is not a time of day
/// (`25:61:99`), with its line: a header is only read with a real time.
fn header_with_bad_time(text: &str) -> Option<(usize, &str)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let body = strip_message_id(line.trim()).1;
        let rest = body.trim_start().strip_prefix("MVS TCP/IP NETSTAT CS ")?;
        let time = rest.split_whitespace().nth(4)?;
        (split::parse_header(body).is_none() && time.contains(':')).then_some((i + 1, time))
    })
}

/// The first line that holds a report header followed, on the same line, by
/// more than a header holds (a header is at most 7 words from `MVS`).
fn collapsed_report(text: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            MARKERS.iter().any(|m| line.find(m).is_some_and(|at| line[at..].split_whitespace().count() > 12))
        })
        .map(|index| index + 1)
}

/// EBCDIC text is mostly `0x40` blanks and letters and digits at `0x81`-`0xF9`,
/// with few ASCII line ends.
fn looks_like_ebcdic(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    let ebcdic = sample.iter().filter(|b| **b == 0x40 || (0x81..=0xF9).contains(*b)).count();
    let newlines = sample.iter().filter(|b| **b == b'\n').count();
    ebcdic * 10 > sample.len() * 6 && newlines * 200 < sample.len()
}

#[cfg(test)]
mod tests {
    use super::{decode, is_tso_without_output};

    #[test]
    fn a_systsprt_of_prompts_and_echoes_alone_captured_nothing() {
        assert!(is_tso_without_output("READY\nREADY\nEND\n"));
        assert!(is_tso_without_output("READY\nNETSTAT ALL REPORT DSN('NETOPS.ALL')\nREADY\nEND\n"));
        // Not TSO's (no prompt first), or something else printed.
        assert!(!is_tso_without_output("END\n"));
        assert!(!is_tso_without_output("READY\nIKJ56644I NO VALID TSO USERID\nREADY\n"));
        assert!(!is_tso_without_output(""));
    }

    /// UTF-16LE with its mark: `A`, line end, `B`, line end, then a lone
    /// high surrogate (D800) and an odd last byte: both on line 3, the
    /// first said, each replaced.
    #[test]
    fn what_is_not_utf_16_is_replaced_and_said_at_its_first_line() {
        let mut bytes = vec![0xFF, 0xFE, b'A', 0, b'\n', 0, b'B', 0, b'\n', 0, 0x00, 0xD8, b'C', 0, b'x'];
        let (text, problem) = decode(&bytes);
        assert_eq!(text, "A\nB\n\u{FFFD}C\u{FFFD}");
        let problem = problem.unwrap();
        assert_eq!(problem.line, 3, "{}", problem.reason);
        // Whole units alone: no problem.
        bytes.truncate(10);
        assert_eq!(decode(&bytes), ("A\nB\n".into(), None));
    }
}
