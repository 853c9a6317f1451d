//! How sites keep captures: compressed (`.gz`, `.bz2`, `.xz`, `.zst`), in
//! `.zip` archives, and the bounds that keep a bomb from taking the memory.
//! Each transformed copy of `samples/tree` must ingest to exactly the rows
//! of the plain tree, table by table.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use crate::hostile::{facts, open};
use crate::util::{project, stderr, TestDir};

/// Every file of `samples/tree` as (path relative to the tree, text), the
/// gzipped one expanded and named without `.gz`.
fn sample_files() -> Vec<(String, Vec<u8>)> {
    let root = project("samples/tree");
    let mut files = Vec::new();
    for path in crate::util::files_under(&root) {
        let relative = path.strip_prefix(&root).unwrap().to_str().unwrap().to_string();
        let bytes = std::fs::read(&path).unwrap();
        match relative.strip_suffix(".gz") {
            Some(name) => {
                let mut text = Vec::new();
                std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text).unwrap();
                files.push((name.to_string(), text));
            }
            None => files.push((relative, bytes)),
        }
    }
    files.sort();
    files
}

/// Runs `ttlsinv --db <db> ingest <root>`.
fn ingest_into(db: &Path, root: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ttlsinv"))
        .args(["--db", db.to_str().unwrap(), "ingest", root])
        .output()
        .unwrap()
}

/// Ingests the tree `name` of `dir` and returns its rows, with the tree's
/// path written `{root}` and the names that only say how files were kept
/// (`.gz`, `.bz2`, the archive's name) taken out.
fn rows_of(dir: &TestDir, name: &str) -> Vec<String> {
    let root = dir.path(name).canonicalize().unwrap();
    let root = root.to_str().unwrap();
    let db = dir.path(&format!("{name}.db"));
    let output = ingest_into(&db, root);
    assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
    facts(&open(&db), root, |_| true)
        .into_iter()
        .map(|row| {
            let row = row.replace("{root}/tree.zip:tree/", "{root}/").replace("{root}/tree.zip/tree/", "{root}/");
            // A run key is the folder in the tree; the archive is one.
            let row = row.replace("run_key=tree.zip/tree/", "run_key=");
            [".txt.gz", ".txt.bz2", ".txt.xz", ".txt.zst"].iter().fold(row, |row, suffix| row.replace(suffix, ".txt"))
        })
        .collect()
}

/// Asserts two row lists are equal, showing only the rows that differ.
fn assert_same_rows(found: &[String], expected: &[String], what: &str) {
    let missing: Vec<&String> = expected.iter().filter(|r| !found.contains(r)).take(3).collect();
    let extra: Vec<&String> = found.iter().filter(|r| !expected.contains(r)).take(3).collect();
    assert!(
        found == expected,
        "{what}: {} rows, expected {}; missing {missing:#?}; extra {extra:#?}",
        found.len(),
        expected.len()
    );
}

/// Writes every sample file into the tree `name`, transformed by `keep`,
/// which returns the file's new name and bytes.
fn write_tree(dir: &TestDir, name: &str, keep: impl Fn(&str, &[u8]) -> (String, Vec<u8>)) {
    for (relative, bytes) in sample_files() {
        let (relative, bytes) = keep(&relative, &bytes);
        dir.write(&format!("{name}/{relative}"), bytes);
    }
}

fn bzip2(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn xz(bytes: &[u8]) -> Vec<u8> {
    let mut writer = lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(1)).unwrap();
    writer.write_all(bytes).unwrap();
    writer.finish().unwrap()
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(bytes, ruzstd::encoding::CompressionLevel::Fastest)
}

pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A compressor, by the suffix of the files it writes.
type Compressor = (&'static str, fn(&[u8]) -> Vec<u8>);

const COMPRESSORS: &[Compressor] = &[("gz", gzip), ("bz2", bzip2), ("xz", xz), ("zst", zstd)];

/// A zip archive of `files` (name, bytes), deflated.
pub(crate) fn zip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn compressed_copies_of_the_samples_ingest_to_the_same_rows() {
    let dir = TestDir::new();
    write_tree(&dir, "plain", |name, bytes| (name.to_string(), bytes.to_vec()));
    let plain = rows_of(&dir, "plain");
    assert!(plain.len() > 500, "{}", plain.len());
    for (suffix, compress) in COMPRESSORS {
        write_tree(&dir, suffix, |name, bytes| (format!("{name}.{suffix}"), compress(bytes)));
        assert_same_rows(&rows_of(&dir, suffix), &plain, suffix);
    }
}

/// The text rewritten with ASA carriage control, as a SYSOUT data set with
/// `RECFM=FBA` is downloaded: `1` on report headers, `0` on a line that
/// follows a blank line (the blank line stays, so line numbers do), a blank
/// elsewhere.
fn with_carriage_control(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let mut out = Vec::new();
    let mut after_blank = false;
    let lines: Vec<&str> = text.split('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        if i + 1 == lines.len() && line.is_empty() {
            break;
        }
        let header = line.contains("MVS TCP/IP NETSTAT CS") || line.contains("TCP/IP pasearch CS");
        let control = match (header, after_blank) {
            (true, _) => "1",
            (false, true) => "0",
            (false, false) => " ",
        };
        after_blank = line.trim().is_empty();
        out.extend_from_slice(control.as_bytes());
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out
}

#[test]
fn samples_with_asa_carriage_control_ingest_to_the_same_rows_also_compressed_and_zipped() {
    let dir = TestDir::new();
    write_tree(&dir, "plain", |name, bytes| (name.to_string(), bytes.to_vec()));
    let plain = rows_of(&dir, "plain");
    write_tree(&dir, "asa", |name, bytes| (name.to_string(), with_carriage_control(bytes)));
    assert_same_rows(&rows_of(&dir, "asa"), &plain, "asa");
    for (suffix, compress) in COMPRESSORS {
        let name = format!("asa-{suffix}");
        write_tree(&dir, &name, |file, bytes| (format!("{file}.{suffix}"), compress(&with_carriage_control(bytes))));
        assert_same_rows(&rows_of(&dir, &name), &plain, &name);
    }
    let members: Vec<(String, Vec<u8>)> = sample_files()
        .into_iter()
        .map(|(name, bytes)| (format!("tree/{name}"), with_carriage_control(&bytes)))
        .collect();
    dir.write("asa-zip/tree.zip", zip(&members));
    assert_same_rows(&rows_of(&dir, "asa-zip"), &plain, "asa-zip");
}

#[test]
fn a_zip_of_the_samples_ingests_to_the_same_rows_one_file_per_member() {
    let dir = TestDir::new();
    write_tree(&dir, "plain", |name, bytes| (name.to_string(), bytes.to_vec()));
    let plain = rows_of(&dir, "plain");
    // A member may be compressed itself, as the samples' own .gz is.
    let members: Vec<(String, Vec<u8>)> = sample_files()
        .into_iter()
        .map(|(name, bytes)| match name.as_str() {
            "SYSB/20261124/onetstat-A.txt" => (format!("tree/{name}.gz"), gzip(&bytes)),
            _ => (format!("tree/{name}"), bytes),
        })
        .collect();
    dir.write("zipped/tree.zip", zip(&members));
    assert_same_rows(&rows_of(&dir, "zipped"), &plain, "zip");

    // Each member is a file of its own: named archive.zip:member, with its
    // own line numbers, and found unchanged on the next run.
    let root = dir.path("zipped").canonicalize().unwrap();
    let again = ingest_into(&dir.path("zipped.db"), root.to_str().unwrap());
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(stderr(&again).ends_with("16 files: 0 ingested, 16 unchanged, 0 duplicate, 0 not captures, 0 failed; reports: none; 0 snapshots, 0 connection rows, 0 TLS session rows; 0 problems\n"), "{}", stderr(&again));
    let conn = open(&dir.path("zipped.db"));
    let path: String =
        conn.query_row("SELECT path FROM capture_files WHERE path LIKE '%SYSC%'", [], |row| row.get(0)).unwrap();
    assert_eq!(path, format!("{}/tree.zip:tree/SYSC/TCPIP.NETSTAT.D261124.T0815.txt", root.display()));
}

/// A zip's members are in the tree as long as the zip holds them: the first
/// run called every member it had just ingested "no longer in the tree", and
/// `--prune-missing` then forgot them, on every run.
#[test]
fn a_zip_s_members_stay_in_the_tree_and_prune_missing_keeps_them() {
    let dir = TestDir::new();
    let allconn = crate::util::fixture("published/netstat-allconn-port1414.txt");
    let member = |name: &str| (format!("2022-05-31/SYSA/{name}"), allconn.as_bytes().to_vec());
    dir.write("c/caps.zip", zip(&[member("allconn.txt")]));
    let root = dir.path("c").canonicalize().unwrap();
    let root = root.to_str().unwrap();
    // The published ALLCONN prints two rows: 000000BB Establsh and the listener 00000022.
    let connections = || dir.csv("SELECT count(*) FROM connections");
    for args in [&["ingest", root][..], &["ingest", "--prune-missing", root], &["ingest", "--prune-missing", root]] {
        let output = dir.run(args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
        assert!(!stderr(&output).contains("no longer in the tree"), "{args:?}: {}", stderr(&output));
        assert_eq!(connections(), "count(*)\n2\n", "{args:?}");
    }

    // A zip that cannot be read tells nothing of its members: they stay.
    dir.write("c/caps.zip", b"PK\x03\x04 not a zip any more");
    let output = dir.run(&["ingest", "--prune-missing", root]);
    assert!(stderr(&output).contains("caps.zip: corrupt zip archive"), "{}", stderr(&output));
    assert!(!stderr(&output).contains("no longer in the tree"), "{}", stderr(&output));
    assert_eq!(connections(), "count(*)\n2\n");

    // The member renamed inside the zip: the same capture, moved; the rows stay two.
    dir.write("c/caps.zip", zip(&[member("allconn-renamed.txt")]));
    let output = dir.run(&["ingest", "--prune-missing", root]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let moved = format!(
        "{root}/caps.zip:2022-05-31/SYSA/allconn-renamed.txt: note: moved from \
         {root}/caps.zip:2022-05-31/SYSA/allconn.txt (same content and place)\n"
    );
    assert!(stderr(&output).starts_with(&moved), "{}", stderr(&output));
    assert!(!stderr(&output).contains("no longer in the tree"), "{}", stderr(&output));
    assert_eq!(connections(), "count(*)\n2\n");
    let paths = dir.csv("SELECT path FROM capture_files");
    assert_eq!(paths, format!("path\n{root}/caps.zip:2022-05-31/SYSA/allconn-renamed.txt\n"));

    // The zip now holds the published ALL instead (one connection, 000000BB):
    // the ALLCONN member left the tree and is forgotten.
    let all = crate::util::fixture("published/netstat-all-port1414.txt");
    dir.write("c/caps.zip", zip(&[("2022-05-31/SYSA/all.txt".to_string(), all.into_bytes())]));
    let output = dir.run(&["ingest", "--prune-missing", root]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let forgotten = format!(
        "{root}/caps.zip:2022-05-31/SYSA/allconn-renamed.txt: note: ingested earlier, no longer in the tree: \
         forgotten (--prune-missing), with the rows and summaries that came from it"
    );
    assert!(stderr(&output).contains(&forgotten), "{}", stderr(&output));
    // Its snapshot is read again from the zip; the ALL counts once.
    let summary = "1 files: 1 ingested, 0 unchanged, 0 duplicate, 0 not captures, 0 failed; reports: 1 ALL; \
                   1 snapshots, 1 connection rows, 0 TLS session rows; 0 problems\n";
    assert!(stderr(&output).ends_with(summary), "{}", stderr(&output));
    assert_eq!(connections(), "count(*)\n1\n");
}

/// Runs ingest on `root` with a 1 MiB limit.
fn ingest_limited(dir: &TestDir, root: &Path) -> std::process::Output {
    dir.run(&["ingest", "--max-file-size", "1M", root.to_str().unwrap()])
}

fn good_capture(dir: &TestDir) -> PathBuf {
    dir.write("c/2022-05-31/SYSA/allconn.txt", crate::util::fixture("published/netstat-allconn-port1414.txt"))
}

#[test]
fn a_decompression_bomb_is_a_problem_that_says_so_and_the_rest_is_read() {
    let dir = TestDir::new();
    good_capture(&dir);
    // 4 MiB of blanks: a few kilobytes packed, four times the limit expanded.
    let blanks = vec![b' '; 4 << 20];
    for (suffix, packed) in
        [("gz", gzip(&blanks)), ("bz2", bzip2(&blanks)), ("xz", xz(&blanks)), ("zst", zstd(&blanks))]
    {
        assert!(packed.len() < 1 << 20, "{suffix}: {}", packed.len());
        dir.write(&format!("c/2022-05-31/SYSA/bomb.{suffix}"), packed);
    }
    dir.write("c/2022-05-31/SYSA/bomb.zip", zip(&[("a.txt".into(), blanks.clone()), ("b.txt".into(), b"x".to_vec())]));
    let root = dir.path("c").canonicalize().unwrap();
    let output = ingest_limited(&dir, &root);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let err = stderr(&output);
    let folder = root.join("2022-05-31/SYSA");
    let said = "expands to more than 1 MiB (the limit for one file; is it a decompression bomb?): not read; \
                if it is a real capture, give a larger --max-file-size";
    for name in ["bomb.bz2", "bomb.gz", "bomb.xz", "bomb.zip:a.txt", "bomb.zst"] {
        assert!(err.contains(&format!("{}: {said}\n", folder.join(name).display())), "{name}: {err}");
    }
    let after = "not read: the members before it in the archive already expand to the limit for one file (1 MiB)";
    assert!(err.contains(&format!("{}: {after}\n", folder.join("bomb.zip:b.txt").display())), "{err}");
    assert!(!err.contains("cut or damaged"), "{err}");
    assert!(err.ends_with("7 files: 1 ingested, 0 unchanged, 0 duplicate, 0 not captures, 6 failed; reports: 1 CONN/ALLCONN; 1 snapshots, 2 endpoint rows (1 connection, 1 listener), 0 TLS session rows; 6 problems\n"), "{err}");
}

#[test]
fn a_file_larger_than_the_limit_is_not_read() {
    let dir = TestDir::new();
    good_capture(&dir);
    // A sparse file: 2 MiB long, nothing on disk.
    let big = dir.write("c/2022-05-31/SYSA/sparse.txt", b"");
    std::fs::OpenOptions::new().write(true).open(&big).unwrap().set_len(2 << 20).unwrap();
    let root = dir.path("c").canonicalize().unwrap();
    let output = ingest_limited(&dir, &root);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let expected = format!(
        "{}: 2 MiB long, more than the limit for one file (1 MiB): not read; \
         if it is a real capture, give a larger --max-file-size\n",
        root.join("2022-05-31/SYSA/sparse.txt").display()
    );
    assert!(stderr(&output).contains(&expected), "{}", stderr(&output));
}

#[test]
fn other_containers_and_corrupt_archives_are_problems_not_notes() {
    let dir = TestDir::new();
    good_capture(&dir);
    let mut tar = vec![0u8; 1024];
    tar[257..262].copy_from_slice(b"ustar");
    dir.write("c/2022-05-31/SYSA/captures.tar", &tar);
    dir.write("c/2022-05-31/SYSA/captures.tar.gz", gzip(&tar));
    dir.write("c/2022-05-31/SYSA/captures.7z", b"7z\xBC\xAF\x27\x1C\x00\x04rest");
    let mut cut = zip(&[("a.txt".into(), b"text".to_vec())]);
    cut.truncate(cut.len() - 30);
    dir.write("c/2022-05-31/SYSA/cut.zip", cut);
    let root = dir.path("c").canonicalize().unwrap();
    let output = dir.run(&["ingest", root.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let err = stderr(&output);
    let at = |name: &str| root.join("2022-05-31/SYSA").join(name).display().to_string();
    let unpack = "this version reads text, .gz, .bz2, .xz, .zst and .zip; unpack it and ingest what it holds";
    assert!(err.contains(&format!("{}: a 7-Zip archive, not NETSTAT text: {unpack}\n", at("captures.7z"))), "{err}");
    assert!(err.contains(&format!("{}: a tar archive, not NETSTAT text: {unpack}\n", at("captures.tar"))), "{err}");
    assert!(err.contains(&format!("{}: a tar archive inside gzip data: ", at("captures.tar.gz"))), "{err}");
    assert!(err.contains(&format!("{}: corrupt zip archive (", at("cut.zip"))), "{err}");
    assert!(!err.contains("note:"), "{err}");
    assert!(
        err.ends_with(
            "0 not captures, 4 failed; reports: 1 CONN/ALLCONN; 1 snapshots, 2 endpoint rows (1 connection, 1 listener), 0 TLS session rows; 4 problems\n"
        ),
        "{err}"
    );
}

#[test]
fn a_report_whose_line_breaks_were_lost_says_so() {
    let dir = TestDir::new();
    good_capture(&dir);
    // As a web page or a mail renders a capture: all white space one blank.
    let collapsed = |name: &str| crate::util::fixture(name).split_whitespace().collect::<Vec<_>>().join(" ") + "\n";
    dir.write("c/2022-05-31/SYSA/pasted-allconn.txt", collapsed("published/netstat-allconn-port1414.txt"));
    dir.write(
        "c/2022-05-31/SYSA/pasted-ttls.txt",
        format!("Here is the output:\n{}", collapsed("published/netstat-ttls-group-detail.txt")),
    );
    let root = dir.path("c").canonicalize().unwrap();
    let output = dir.run(&["ingest", root.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let err = stderr(&output);
    let lost = "a NETSTAT report whose line breaks were lost (the whole report on one line, as a web page or a mail \
                shows it): the layout NETSTAT printed is gone and cannot be read; take the capture from the file the \
                job wrote";
    let at = |name: &str| root.join("2022-05-31/SYSA").join(name).display().to_string();
    assert!(err.contains(&format!("{}: line 1: {lost}\n", at("pasted-allconn.txt"))), "{err}");
    assert!(err.contains(&format!("{}: line 2: {lost}\n", at("pasted-ttls.txt"))), "{err}");
    assert!(!err.contains("the NETSTAT command failed"), "{err}");
}

/// An ASA capture that a person or a transfer touched: a note put on top
/// (SYSA) and the DOS end-of-file byte a PC transfer appends (SYSB) are
/// lines without a control character; the rest has one. Both are read as
/// the plain capture is: FTPD1's cleartext connection 0000A001 with
/// BytesIn/BytesOut 500/50, `TTLSPolicy: No`. Five lines of notes in 17
/// (SYSC) are more than a control column allows (three, one in ten): the
/// file is a capture that failed, and says where its header is.
#[test]
fn an_asa_capture_with_a_note_on_top_or_a_dos_end_byte_is_read_and_the_note_said() {
    let header = "1MVS TCP/IP NETSTAT CS V2R4       TCPIP Name: TCPIP           08:00:01\n";
    let block = crate::trust::all_block(
        "FTPD1",
        "0000A001",
        "10.1.1.2..21",
        "10.9.9.9..50001",
        (500, 50),
        "03/01/2026",
        "Establsh",
        "No",
    );
    let body: String = block.lines().map(|line| format!(" {line}\n")).collect();
    let asa = format!("{header}{body} READY\n");
    let dir = TestDir::new();
    dir.write("tree/2026-03-01/SYSA/netstat.txt", format!("netstat output of job NETSTATJ, saved from SDSF\n{asa}"));
    dir.write("tree/2026-03-01/SYSB/netstat.txt", format!("{asa}\u{1a}"));
    let notes = "a\nb\nc\nd\ne\n";
    dir.write("tree/2026-03-01/SYSC/netstat.txt", format!("{notes}{asa}"));
    let output = dir.run(&["ingest", dir.path("tree").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let err = stderr(&output);
    let path = |system: &str| dir.path(&format!("tree/2026-03-01/{system}/netstat.txt")).display().to_string();
    assert!(
        err.contains(&format!(
            "{}: note: line 1: no carriage-control character in column 1, where the file's other lines have one \
             (ASA, a SYSOUT saved with RECFM=FBA): read as printed; a line added to the file after it was saved?",
            path("SYSA")
        )),
        "{err}"
    );
    // The end byte is no line of the text: the note for a file without a
    // last line end says it, as for a plain capture.
    assert!(
        err.contains(&format!(
            "{}: note: line 10: the file ends without a line end after `\\u{{1a}}`, which is not part of a report",
            path("SYSB")
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}: line 6: a NETSTAT report header in column 2, after an ASA carriage-control character",
            path("SYSC")
        )),
        "{err}"
    );
    assert_eq!(
        dir.csv("SELECT system, conn_id, bytes_in, bytes_out, tls_state FROM v_connections ORDER BY system"),
        "system,conn_id,bytes_in,bytes_out,tls_state\nSYSA,0000A001,500,50,clear\nSYSB,0000A001,500,50,clear\n"
    );
}
