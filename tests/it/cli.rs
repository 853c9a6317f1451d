//! Command-line behaviour: read-only SQL, formats, parameters, errors.

use crate::util::{fixture, stderr, TestDir};

fn ingested() -> TestDir {
    let dir = TestDir::new();
    dir.write("c/2022-05-31/SYSA/all.txt", fixture("published/netstat-all-port1414.txt"));
    dir.write("c/2022-05-31/SYSA/allconn.txt", fixture("published/netstat-allconn-port1414.txt"));
    assert_eq!(dir.run(&["ingest", "-q", dir.path("c").to_str().unwrap()]).status.code(), Some(0));
    dir
}

#[test]
fn sql_refuses_to_write_and_leaves_the_database_unchanged() {
    let dir = ingested();
    let before = std::fs::read(dir.path("t.db")).unwrap();
    for statement in [
        "DELETE FROM connections",
        // `connections` is a view of this table.
        "DROP TABLE connection_rows",
        "UPDATE connection_rows SET remote_ip = 'X'",
        "PRAGMA user_version = 99",
    ] {
        let output = dir.run(&["sql", statement]);
        assert_eq!(output.status.code(), Some(1), "{statement}");
        let err = stderr(&output);
        assert!(err.starts_with("ttlsinv: "), "{err}");
        assert!(err.contains("read-only") || err.contains("readonly"), "{statement}: {err}");
    }
    assert_eq!(dir.csv("SELECT count(*) AS n FROM connections"), "n\n2\n");
    assert_eq!(std::fs::read(dir.path("t.db")).unwrap(), before);
}

#[test]
fn sql_formats_and_parameters() {
    let dir = ingested();
    let query = "SELECT conn_id, local_port, bytes_in FROM v_connections WHERE state = :state";
    let json = dir.run(&["sql", "--format", "json", "-p", "state=Establsh", query]);
    assert_eq!(
        String::from_utf8(json.stdout).unwrap(),
        "[\n  {\"conn_id\":\"000000BB\",\"local_port\":1414,\"bytes_in\":2248}\n]\n"
    );
    let ndjson = dir.run(&["sql", "--format", "ndjson", "-p", "state=Listen", query]);
    assert_eq!(
        String::from_utf8(ndjson.stdout).unwrap(),
        "{\"conn_id\":\"00000022\",\"local_port\":1414,\"bytes_in\":null}\n"
    );
    let empty = dir.run(&["sql", "--format", "json", "-p", "state=Closed", query]);
    assert_eq!(String::from_utf8(empty.stdout).unwrap(), "[]\n");
    let table = dir.run(&["sql", "--format", "table", "SELECT conn_id, local_port FROM v_connections ORDER BY 1"]);
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("│ 00000022 ┆       1414 │"), "{table}");

    let unknown = dir.run(&["sql", "-p", "nope=1", query]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("the SQL has no :nope"));
}

/// `-p` binds a plainly written number as a number: the views' columns are
/// expressions, which SQLite compares by type, so the text `'1414'` matched
/// no `service_port` (review 18a F15). By hand from the fixture: 000000BB is
/// inbound on 1414 (the stack listens there: 00000022) and the listener's
/// service port is its own, so two rows on service port 1414; only 000000BB
/// prints `TTLSPolicy: Yes`. A conn id keeps its leading zeros as text, and
/// a value in single quotes is text.
#[test]
fn sql_parameters_written_as_numbers_compare_as_numbers() {
    let dir = ingested();
    let sql = |params: &[&str], query: &str| {
        let mut args = vec!["sql", "--format", "csv"];
        for param in params {
            args.extend(["-p", param]);
        }
        args.push(query);
        let output = dir.run(&args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        String::from_utf8(output.stdout).unwrap()
    };
    let on_port = "SELECT count(*) AS n FROM v_connections WHERE service_port = :port";
    assert_eq!(sql(&["port=1414"], on_port), "n\n2\n");
    assert_eq!(sql(&["port='1414'"], on_port), "n\n0\n");
    assert_eq!(sql(&["x=1"], "SELECT count(*) AS n FROM v_connections WHERE ttls_policy = :x"), "n\n1\n");
    assert_eq!(sql(&["id=00000022"], "SELECT state FROM v_connections WHERE conn_id = :id"), "state\nListen\n");
    assert_eq!(
        sql(
            &["a=1414", "b=-0.5", "c=00000022", "d='3.1'", "e=CSQ9CHIN", "f=1e3"],
            "SELECT typeof(:a) a, typeof(:b) b, typeof(:c) c, :d d, typeof(:d) dt, typeof(:e) e, typeof(:f) f"
        ),
        "a,b,c,d,dt,e,f\ninteger,real,text,3.1,text,text,text\n"
    );
}

/// Every command that reads an inventory refuses a path that holds none,
/// and creates nothing there: `alerts` created an empty one and said
/// "nothing new" (exit 0) from then on (review 14a F3).
#[test]
fn a_missing_database_says_to_ingest_first() {
    let dir = TestDir::new();
    let commands = [
        &["sql", "SELECT 1"][..],
        &["report", "coverage"],
        &["check"],
        &["alerts"],
        &["alerts", "--peek"],
        &["prune", "--before", "2026-01-01"],
    ];
    for args in commands {
        let output = dir.run(args);
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(
            stderr(&output),
            format!(
                "ttlsinv: no inventory at {}: run `ttlsinv ingest` first, or give --db or TTLSINV_DB\n",
                dir.path("t.db").display()
            ),
            "{args:?}"
        );
        assert!(!dir.path("t.db").exists(), "{args:?} created the database");
    }
}

/// A period that ends before it starts is refused, with both dates, before
/// any database is opened: its empty tables would say "no capture in the
/// period" (review 14a F8).
#[test]
fn a_period_that_ends_before_it_starts_is_refused() {
    let dir = TestDir::new();
    let period = ["--from", "2026-12-03", "--to", "2026-12-01"];
    let commands = [&["report", "capacity"][..], &["html", "--out", "x.html"], &["export", "--all", "--out", "x"]];
    for command in commands {
        let args: Vec<&str> = command.iter().chain(&period).copied().collect();
        let output = dir.run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr(&output),
            "ttlsinv: --from 2026-12-03 is after --to 2026-12-01: the period holds no day; give the first date to \
             --from and the last to --to\n",
            "{args:?}"
        );
    }
}

#[test]
fn a_bad_date_shows_the_form_expected() {
    let dir = TestDir::new();
    let output = dir.run(&["report", "tls-adoption", "--from", "24/11/2026"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(
            "invalid value '24/11/2026' for '--from <DATE>': expected a date as YYYY-MM-DD, e.g. 2026-11-24, found 24/11/2026"
        ),
        "{}",
        stderr(&output)
    );
    let output = dir.run(&["ingest", "--date", "2026-1-5", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("expected a date as YYYY-MM-DD, e.g. 2026-11-24, found 2026-1-5"));
}

#[test]
fn output_into_a_missing_folder_names_the_folder() {
    let dir = ingested();
    let target = dir.path("no/such/out.csv");
    let output = dir.run(&["sql", "-o", target.to_str().unwrap(), "SELECT 1"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        format!(
            "ttlsinv: cannot write {}: the folder {} does not exist\n",
            target.display(),
            dir.path("no/such").display()
        )
    );
}

#[test]
fn sqlite_errors_are_one_sentence() {
    let dir = ingested();
    let output = dir.run(&["sql", "SELECT * FROM nope"]);
    assert_eq!(stderr(&output), "ttlsinv: SQL error: no such table: nope\n");
}

#[test]
fn version_names_the_schema_and_sqlite() {
    let dir = TestDir::new();
    let output = dir.run(&["--version"]);
    assert_eq!(output.status.code(), Some(0));
    let schema = std::fs::read_dir(crate::util::project("migrations")).unwrap().count();
    let sqlite = ttlsinv_sqlite_version();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("ttlsinv {} (schema {schema}, SQLite {sqlite})\n", env!("CARGO_PKG_VERSION"))
    );
}

/// The SQLite the binary is built with, as the library reports it.
fn ttlsinv_sqlite_version() -> String {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.query_row("SELECT sqlite_version()", [], |row| row.get(0)).unwrap()
}

#[test]
fn bash_completes_subcommands_and_report_names() {
    let dir = TestDir::new();
    let script = dir.run(&["completions", "bash"]);
    assert_eq!(script.status.code(), Some(0));
    dir.write("ttlsinv.bash", &script.stdout);
    let complete = |words: &str| -> String {
        let command = format!(
            "source '{}'; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
             _ttlsinv ttlsinv \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; echo \"${{COMPREPLY[*]}}\"",
            dir.path("ttlsinv.bash").display()
        );
        let output = std::process::Command::new("bash").args(["-c", &command]).output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    };
    assert_eq!(complete("ttlsinv rep"), "reports report");
    assert_eq!(complete("ttlsinv report tls"), "tls-adoption");
    assert_eq!(complete("ttlsinv report c"), "ciphers cleartext capacity coverage compliance");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let output = dir.run(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        assert!(String::from_utf8(output.stdout).unwrap().contains("tls-adoption"), "{shell}");
    }
}

#[test]
fn the_man_page_renders() {
    let dir = TestDir::new();
    for args in [&["man"][..], &["man", "report"]] {
        let page = dir.run(args);
        assert_eq!(page.status.code(), Some(0));
        dir.write("page.1", &page.stdout);
        let rendered = std::process::Command::new("man")
            .args(["-l", dir.path("page.1").to_str().unwrap()])
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "80")
            .output()
            .expect("man (man-db) renders roff");
        let text = String::from_utf8_lossy(&rendered.stdout).into_owned();
        assert!(rendered.status.success(), "{}", stderr(&rendered));
        if args.len() == 1 {
            assert!(text.starts_with("ttlsinv(1)"), "{text}");
            assert!(text.contains("Turns years of z/OS NETSTAT captures"), "{text}");
            assert!(text.contains("completions"), "{text}");
        } else {
            assert!(text.starts_with("ttlsinv-report(1)"), "{text}");
            assert!(text.contains("Run a canned report"), "{text}");
            assert!(text.contains("--by <COLUMN>"), "{text}");
        }
    }
    let unknown = dir.run(&["man", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).starts_with("ttlsinv: no subcommand named `nope`; there are: ingest, sql,"));
}

#[test]
fn cipher_accepts_every_form_of_a_code_and_the_name() {
    let dir = TestDir::new();
    let by_code = dir.run(&["cipher", "3C"]);
    assert_eq!(by_code.status.code(), Some(0));
    let text = String::from_utf8(by_code.stdout).unwrap();
    assert!(text.starts_with("code: 003C\n"), "{text}");
    assert!(text.contains("name: TLS_RSA_WITH_AES_128_CBC_SHA256\n"));
    assert!(text.contains("grade: weak\n"));
    for other in ["003C", "0x003C", "0x00,0x3C", "tls_rsa_with_aes_128_cbc_sha256"] {
        assert_eq!(String::from_utf8(dir.run(&["cipher", other]).stdout).unwrap(), text, "{other}");
    }
    let unknown = dir.run(&["cipher", "13FF"]);
    assert_eq!(
        String::from_utf8(unknown.stdout).unwrap(),
        "code: 13FF\nname: (not in the IANA registry)\ngrade: unknown\n"
    );
    // Neither a code nor a name: a command line that asks for what cannot be.
    let bad = dir.run(&["cipher", "not-a-suite"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("`not-a-suite` is neither a cipher suite code"));
    // The SSL V2 specs are 1, 2, 3, 4, 6 and 7 (TTLSCipherParms): 5 is none,
    // and 05 (TLS_RSA_WITH_RC4_128_SHA) is what a user who dropped the zero meant.
    refuses_ssl_v2_spec_5(&dir.run(&["cipher", "5"]));
    assert!(stderr(&dir.run(&["cipher", "V2-0"])).contains("`00` is the 2-character spec TLS_NULL_WITH_NULL_NULL"));
}

#[test]
fn impact_refuses_a_one_digit_spec_that_is_no_ssl_v2_spec_as_cipher_does() {
    // By hand: `cipher:5` names SSL V2 spec 5, and there is none (1, 2, 3,
    // 4, 6, 7): the usage error `ttlsinv cipher 5` gives, exit 2 (before: an
    // unknown code V2-5, an empty report and no word).
    let dir = ingested();
    refuses_ssl_v2_spec_5(&dir.run(&["report", "impact", "--disable", "cipher:5", "--format", "csv"]));
}

/// A usage error (exit 2, nothing on standard output) saying there is no SSL
/// V2 spec 5, and that `05` is `TLS_RSA_WITH_RC4_128_SHA`.
fn refuses_ssl_v2_spec_5(output: &std::process::Output) {
    assert_eq!(output.status.code(), Some(2), "{}", stderr(output));
    assert!(output.stdout.is_empty());
    assert!(
        stderr(output).contains(
            "`5` is no SSL V2 cipher spec (a 1-character spec is one of 1, 2, 3, 4, 6, 7); `05` is the 2-character \
             spec TLS_RSA_WITH_RC4_128_SHA"
        ),
        "{}",
        stderr(output)
    );
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = ingested();
    // Far more than a pipe buffer holds, so the writer meets the closed pipe.
    let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) SELECT i FROM n";
    let mut child = Command::new(env!("CARGO_BIN_EXE_ttlsinv"))
        .args(["--db", dir.path("t.db").to_str().unwrap(), "sql", "--format", "csv", sql])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert_eq!(first, "i\n");
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "");
}

#[test]
fn schema_prints_the_documented_tables() {
    let dir = TestDir::new();
    let output = dir.run(&["schema", "v_connections"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("## v_connections (view)\n"), "{text}");
    assert!(text.contains("| `worst_grade` | the worst of protocol, cipher and key share grades; NULL without TLS |"));
    let all = dir.run(&["schema"]);
    assert_eq!(
        String::from_utf8(all.stdout).unwrap(),
        std::fs::read_to_string(crate::util::project("docs/schema.md")).unwrap()
    );
    let missing = dir.run(&["schema", "nope"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no table or view named `nope`; there are: v_connections,"));
}

#[test]
fn check_passes_on_an_ingested_database() {
    let dir = ingested();
    let output = dir.run(&["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with(
            "ok     SQLite -wal and -shm files\nok     SQLite integrity check\nok     SQLite foreign key check\n"
        ),
        "{text}"
    );
    assert!(text.ends_with("t.db: all 11 checks passed\n"), "{text}");
}

#[test]
fn export_writes_csv_files_with_formulas_neutralised_and_no_temporary_files() {
    let dir = TestDir::new();
    let all = fixture("published/netstat-all-port1414.txt").replace(
        "EZZ2609I   Ancillary Input Queue: N/A",
        "EZZ2609I   Ancillary Input Queue: N/A\nEZZ2610I   ApplData:           =HYPERLINK(\"x\")",
    );
    dir.write("c/2022-05-31/SYSA/all.txt", all);
    assert_eq!(dir.run(&["ingest", "-q", dir.path("c").to_str().unwrap()]).status.code(), Some(0));

    let out = dir.path("out");
    let output = dir.run(&[
        "export",
        "--table",
        "attributes",
        "--view",
        "v_connections",
        "--report",
        "capacity",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), format!("3 CSV files written to {}\n", out.display()));
    let mut files: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files, ["attributes.csv", "capacity.csv", "v_connections.csv"]);
    let attributes = std::fs::read_to_string(out.join("attributes.csv")).unwrap();
    assert!(attributes.ends_with(",connections,1,ApplData,\"'=HYPERLINK(\"\"x\"\")\"\n"), "{attributes}");

    let raw = dir.run(&["export", "--raw-csv", "--table", "attributes", "--out", out.to_str().unwrap()]);
    assert_eq!(raw.status.code(), Some(0));
    let attributes = std::fs::read_to_string(out.join("attributes.csv")).unwrap();
    assert!(attributes.ends_with(",connections,1,ApplData,\"=HYPERLINK(\"\"x\"\")\"\n"), "{attributes}");

    // `connections` is named as the table it was, though a view shows its rows now:
    // the one connection of the capture, CSQ9CHIN's 10.1.1.2..1414 from 10.1.0.2..51844.
    let connections = dir.run(&["export", "--table", "connections", "--out", out.to_str().unwrap()]);
    assert_eq!(connections.status.code(), Some(0), "{}", stderr(&connections));
    let rows = std::fs::read_to_string(out.join("connections.csv")).unwrap();
    assert_eq!(rows.lines().count(), 2, "a header and one row: {rows}");
    assert!(rows.lines().nth(1).unwrap().contains(",CSQ9CHIN,10.1.1.2,1414,10.1.0.2,51844,"), "{rows}");

    let unknown = dir.run(&["export", "--table", "nope", "--out", out.to_str().unwrap()]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("no table named `nope`; the tables are: attributes, capture_files,"),
        "{}",
        stderr(&unknown)
    );
    assert!(stderr(&unknown).contains(", connection_rows, connections, daily_capacity,"), "{}", stderr(&unknown));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 4, "no temporary file left behind");
}

/// A command line that asks for what cannot be exits 2, as the README's
/// exit status says for a usage error (these exited 1, as a failure).
#[test]
fn usage_errors_exit_2() {
    let dir = ingested();
    let cases: [(&[&str], &str); 4] = [
        (&["report", "tls-adoptoin"], "no report named `tls-adoptoin`: did you mean tls-adoption?"),
        (&["report", "compliance"], "report compliance needs --standard NAME (or all)"),
        (&["report", "tls-adoption", "--by", "peer"], "report tls-adoption does not take --by peer"),
        (&["report", "policy-drift", "--port", "21"], "report policy-drift does not take --port"),
    ];
    for (args, message) in cases {
        let output = dir.run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).starts_with(&format!("ttlsinv: {message}")), "{args:?}: {}", stderr(&output));
    }
}

/// A folder whose files are none of them a capture is an error, as an
/// empty folder is: nothing was ingested (it exited 0 before).
#[test]
fn a_folder_of_no_captures_is_an_error_like_an_empty_folder() {
    let dir = TestDir::new();
    dir.write("txt/jes.log", "IKJ56250I JOB NETSTAT1 SUBMITTED\n");
    dir.write("txt/notes.txt", "hello world\nthis is my notes file\n");
    let txt = dir.path("txt");
    let output = dir.run(&["ingest", txt.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).ends_with(&format!(
            "2 files: 0 ingested, 0 unchanged, 0 duplicate, 2 not captures, 0 failed; reports: none; 0 snapshots, \
             0 connection rows, 0 TLS session rows; 0 problems\nttlsinv: nothing was ingested: none of the 2 files under {} \
             holds a NETSTAT report (`ttlsinv report files` says what each looked like)\n",
            txt.display()
        )),
        "{}",
        stderr(&output)
    );
}
