//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ttlsinv::model::{Records, ReportKind};
use ttlsinv::parse::{self, Parsed};

/// The project's own files (fixtures, samples).
pub fn project(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Every file under `root`, in no particular order.
pub fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

/// Copies a folder with its content.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Reads a fixture under `tests/fixtures/`.
pub fn fixture(relative: &str) -> String {
    let path = project("tests/fixtures").join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Splits a capture text and parses every report in it, asserting the kinds.
pub fn parse_all(text: &str, kinds: &[ReportKind]) -> Vec<Parsed> {
    let reports = ttlsinv::capture::split::split(text);
    let found: Vec<ReportKind> = reports.iter().map(|r| r.kind).collect();
    assert_eq!(found, kinds);
    reports.iter().map(|r| parse::parse(r.kind, &r.body)).collect()
}

/// Parses a text holding exactly one report of `kind`, with no problems.
pub fn parse_clean(text: &str, kind: ReportKind) -> Records {
    let mut parsed = parse_all(text, &[kind]);
    let parsed = parsed.remove(0);
    assert_eq!(parsed.problems, vec![], "unexpected problems");
    parsed.records
}

/// The date the tests take for today: after every capture date they write,
/// so none is said to be later than today.
pub const TODAY: &str = "2027-06-30";

/// A scratch folder that is removed when dropped.
pub struct TestDir {
    pub dir: tempfile::TempDir,
}

impl TestDir {
    pub fn new() -> TestDir {
        TestDir { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// A scratch folder under cargo's target directory, for fixtures shared
    /// by the tests of one run (kept in a static, which is never dropped, so
    /// it must not be a system temporary folder). Emptied first.
    pub fn shared(name: &str) -> TestDir {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("shared test dir");
        TestDir { dir: tempfile::TempDir::new_in(&path).expect("temp dir") }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Writes a file, creating its folders.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Runs the ttlsinv binary with `--db <dir>/t.db`, today being
    /// [`TODAY`].
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_on(TODAY, args)
    }

    /// Runs the ttlsinv binary with `--db <dir>/t.db`, today being `today`
    /// (`TTLSINV_TODAY`): no answer depends on the machine's clock.
    pub fn run_on(&self, today: &str, args: &[&str]) -> Output {
        let db = self.path("t.db");
        let output = Command::new(env!("CARGO_BIN_EXE_ttlsinv"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env_remove("TTLSINV_DB")
            .env("TTLSINV_TODAY", today)
            .output()
            .expect("run ttlsinv");
        output
    }

    /// Runs `ttlsinv sql --format csv` and returns stdout, asserting success.
    pub fn csv(&self, sql: &str) -> String {
        let output = self.run(&["sql", "--format", "csv", sql]);
        assert!(output.status.success(), "sql failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    }
}

impl TestDir {
    /// Runs `ttlsinv report NAME --format csv` and returns stdout, asserting success.
    pub fn csv_report(&self, name: &str) -> String {
        let output = self.run(&["report", name, "--format", "csv"]);
        assert!(output.status.success(), "report failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    }
}

/// A shared scratch folder (see [`TestDir::shared`]) with the shipped
/// samples ingested into its `t.db`.
pub fn ingested_samples(name: &str) -> TestDir {
    let dir = TestDir::shared(name);
    let output = dir.run(&["ingest", "--quiet", project("samples").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    dir
}

/// stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Keeps only the named columns of a CSV text (header row included).
pub fn project_columns(csv_text: &str, columns: &[&str]) -> String {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let indexes: Vec<usize> = columns
        .iter()
        .map(|c| headers.iter().position(|h| h == *c).unwrap_or_else(|| panic!("no column {c} in {headers:?}")))
        .collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(columns).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        writer.write_record(indexes.iter().map(|i| &record[*i])).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}
