//! Output of `sql` and `report`: tables that fit the terminal, the line,
//! TSV and file formats, and escapes of what a terminal would act on.

use std::sync::OnceLock;

use crate::util::{fixture, ingested_samples, stderr, TestDir};

fn samples() -> &'static TestDir {
    static DIR: OnceLock<TestDir> = OnceLock::new();
    DIR.get_or_init(|| ingested_samples("output"))
}

fn stdout(dir: &TestDir, args: &[&str]) -> String {
    let output = dir.run(args);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
    String::from_utf8(output.stdout).unwrap()
}

/// Six columns whose widths are worked out in the tests below.
const SIX: &str = "SELECT 109195787 AS bytes_in, '2026-11-24 16:40:39' AS captured_at, 'CICSPROD' AS job, \
                   'x' AS a, 'y' AS b, 1414 AS port";

#[test]
fn a_table_too_wide_leaves_out_middle_columns_and_says_so() {
    // Column widths plus 3 each (`│ `, ` ┆ `): bytes_in 9+3, captured_at 19+3,
    // job 8+3, a 1+3, b 1+3, port 4+3; 1 for the closing `│`: 61 in all.
    // In 50: the gap `…` takes 4, then from both ends in turn: bytes_in
    // (17), port (24), captured_at (46), b (50); job would make 61.
    let table = stdout(samples(), &["sql", "--width", "50", SIX]);
    assert_eq!(
        table,
        "┌───────────┬─────────────────────┬───┬───┬──────┐
│  bytes_in ┆ captured_at         ┆ … ┆ b ┆ port │
╞═══════════╪═════════════════════╪═══╪═══╪══════╡
│ 109195787 ┆ 2026-11-24 16:40:39 ┆ … ┆ y ┆ 1414 │
└───────────┴─────────────────────┴───┴───┴──────┘
1 row, 4 of 6 columns shown; left out: job, a. To see every column: --format line, or --format csv (or -o FILE.csv)
"
    );
    // In 61 every column fits.
    let whole = stdout(samples(), &["sql", "--width", "61", SIX]);
    assert!(whole.contains("│ 109195787 ┆ 2026-11-24 16:40:39 ┆ CICSPROD ┆ x ┆ y ┆ 1414 │\n"), "{whole}");
    assert!(!whole.contains("left out"), "{whole}");
}

#[test]
fn a_terminal_too_narrow_for_three_columns_gets_one_value_per_line() {
    // In 40: bytes_in (17) and port (24) fit, captured_at would make 46.
    let expected = "   bytes_in: 109195787
captured_at: 2026-11-24 16:40:39
        job: CICSPROD
          a: x
          b: y
       port: 1414
";
    assert_eq!(stdout(samples(), &["sql", "--width", "40", SIX]), expected);
    assert_eq!(stdout(samples(), &["sql", "--format", "line", SIX]), expected);
    let two = stdout(samples(), &["sql", "--format", "line", "SELECT 1 AS n UNION ALL SELECT 2"]);
    assert_eq!(two, "n: 1\n\nn: 2\n");
}

#[test]
fn piped_tables_keep_every_column_and_every_value_whole() {
    let long = "x".repeat(60);
    let sql = format!("{SIX}, '{long}' AS note");
    let piped = stdout(samples(), &["sql", &sql]);
    assert_eq!(piped.lines().count(), 5, "{piped}");
    assert!(piped.contains(&format!("│ 109195787 ┆ 2026-11-24 16:40:39 ┆ CICSPROD ┆ x ┆ y ┆ 1414 ┆ {long} │\n")));
    // On a terminal, text longer than 40 is cut to 39 characters and `…`.
    let cut = stdout(samples(), &["sql", "--width", "120", &sql]);
    assert!(cut.contains(&format!("┆ 1414 ┆ {}… │\n", "x".repeat(39))), "{cut}");
    assert!(cut.ends_with("1 value longer than 40 characters cut short (…): --format line shows every value whole\n"));
}

/// `sql 'select * from v_connections limit 3'` on 80 and 160 columns: no
/// line wider, no value broken or changed, the footer names what is left
/// out; piped: every column, one line per row.
#[test]
fn v_connections_fits_80_and_160_columns() {
    let sql = "SELECT * FROM v_connections LIMIT 3";
    let csv = samples().csv(sql);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let names: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    assert_eq!(rows.len(), 3);
    for width in [80usize, 160] {
        let table = stdout(samples(), &["sql", "--width", &width.to_string(), sql]);
        let lines: Vec<&str> = table.lines().collect();
        // Borders, header, separator, 3 rows, bottom border, footer (and
        // one more if some text is longer than 40 characters).
        assert!(lines.len() == 8 || lines.len() == 9, "{table}");
        for line in &lines[..7] {
            assert!(line.chars().count() <= width, "{width}: {line}");
        }
        let cells = |line: &str| -> Vec<String> {
            line.trim_start_matches('│').trim_end_matches('│').split('┆').map(|c| c.trim().to_string()).collect()
        };
        let header = cells(lines[1]);
        assert_eq!(header.first(), names.first(), "the first column is kept");
        assert_eq!(header.last(), names.last(), "the last column is kept");
        let gap = header.iter().position(|h| h == "…").expect("a gap where columns are left out");
        let shown: Vec<usize> = header
            .iter()
            .filter(|h| *h != "…")
            .map(|h| names.iter().position(|n| n == h).unwrap_or_else(|| panic!("{h} is not a column")))
            .collect();
        for (row, line) in rows.iter().zip(&lines[3..6]) {
            let mut values = cells(line);
            values.remove(gap);
            let expected: Vec<String> = shown
                .iter()
                .map(|&i| match row[i].chars().count() {
                    ..=40 => row[i].clone(),
                    _ => format!("{}…", row[i].chars().take(39).collect::<String>()),
                })
                .collect();
            assert_eq!(values, expected, "{width}: values are whole (text over 40 characters cut)");
        }
        let left_out: Vec<&str> = (0..names.len()).filter(|i| !shown.contains(i)).map(|i| names[i].as_str()).collect();
        assert_eq!(
            lines[7],
            format!(
                "3 rows, {} of {} columns shown; left out: {}. To see every column: --format line, or --format csv (or -o FILE.csv)",
                shown.len(),
                names.len(),
                left_out.join(", ")
            )
        );
    }
    let piped = stdout(samples(), &["sql", sql]);
    let lines: Vec<&str> = piped.lines().collect();
    assert_eq!(lines.len(), 7, "{piped}");
    let header: Vec<&str> = lines[1].trim_matches('│').split('┆').map(str::trim).collect();
    assert_eq!(header, names);
}

/// A real terminal (a pseudo-terminal of `script`, 80 columns): the table
/// fits it without `--width`, and CSV has its control characters escaped.
#[test]
fn a_real_terminal_is_fitted_and_escaped() {
    let dir = samples();
    let bin = env!("CARGO_BIN_EXE_ttlsinv");
    let db = dir.path("t.db");
    let in_terminal = |args: &str| -> String {
        let command = format!("stty cols 80; '{bin}' --db '{}' {args}", db.display());
        let output = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .stdin(std::process::Stdio::null())
            .output()
            .expect("script (util-linux) runs a command in a pseudo-terminal");
        assert!(output.status.success(), "{}", stderr(&output));
        String::from_utf8(output.stdout).unwrap().replace("\r\n", "\n")
    };
    let table = in_terminal("sql 'SELECT * FROM v_connections LIMIT 3'");
    assert!(table.lines().take(7).all(|l| l.chars().count() <= 80), "{table}");
    assert!(table.contains(" columns shown; left out: "), "{table}");
    let csv = in_terminal("sql --format csv \"SELECT 'a' || char(27) || ']0;pwned' || char(7) AS job\"");
    assert_eq!(csv, "job\na\\u{1b}]0;pwned\\u{7}\n");
}

#[test]
fn control_characters_are_escaped_in_tables_and_kept_in_files() {
    // A job name with an escape sequence that would clear the screen, from a capture.
    let dir = TestDir::new();
    let allconn = fixture("published/netstat-allconn-port1414.txt").replace("CSQ9CHIN 000000BB", "CSQ\x1b[2J 000000BB");
    dir.write("c/2022-05-31/SYSA/allconn.txt", allconn);
    assert_eq!(dir.run(&["ingest", "-q", dir.path("c").to_str().unwrap()]).status.code(), Some(0));
    let sql = "SELECT job FROM connections WHERE conn_id = '000000BB'";
    let table = stdout(&dir, &["sql", sql]);
    assert!(table.contains("│ CSQ\\u{1b}[2J │"), "{table}");
    assert!(!table.contains('\x1b'));
    let lines = stdout(&dir, &["sql", "--format", "line", sql]);
    assert_eq!(lines, "job: CSQ\\u{1b}[2J\n");
    // A file (or a pipe) gets the bytes as they are.
    let out = dir.path("jobs.csv");
    stdout(&dir, &["sql", "-o", out.to_str().unwrap(), sql]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "job\nCSQ\x1b[2J\n");
}

#[test]
fn the_output_file_extension_picks_the_format() {
    let dir = samples();
    let sql = "SELECT 'SYSA' AS system, 21 AS port, NULL AS rule, 'a\tb' AS note";
    let out = |name: &str, extra: &[&str]| -> String {
        let path = dir.path(name);
        let mut args = vec!["sql", "-o", path.to_str().unwrap()];
        args.extend_from_slice(extra);
        args.push(sql);
        assert_eq!(stdout(dir, &args), "");
        std::fs::read_to_string(path).unwrap()
    };
    assert_eq!(out("a.csv", &[]), "system,port,rule,note\nSYSA,21,,a\tb\n");
    assert_eq!(out("a.tsv", &[]), "system\tport\trule\tnote\nSYSA\t21\t\ta\\tb\n");
    assert_eq!(out("a.json", &[]), "[\n  {\"system\":\"SYSA\",\"port\":21,\"rule\":null,\"note\":\"a\\tb\"}\n]\n");
    assert_eq!(out("a.ndjson", &[]), "{\"system\":\"SYSA\",\"port\":21,\"rule\":null,\"note\":\"a\\tb\"}\n");
    // --format wins over the extension.
    assert_eq!(out("b.json", &["--format", "csv"]), "system,port,rule,note\nSYSA,21,,a\tb\n");
    assert_eq!(out("c.csv", &["--no-headers", "--null", "NULL"]), "SYSA,21,NULL,a\tb\n");
    assert_eq!(
        out("a.txt", &["--null", "-"]),
        "┌────────┬──────┬──────┬──────┐
│ system ┆ port ┆ rule ┆ note │
╞════════╪══════╪══════╪══════╡
│ SYSA   ┆   21 ┆    - ┆ a\\tb │
└────────┴──────┴──────┴──────┘
"
    );
    let no_headers = stdout(dir, &["sql", "--no-headers", "SELECT 1 AS n"]);
    assert_eq!(no_headers, "┌───┐\n│ 1 │\n└───┘\n");
    let refused = dir.run(&["sql", "--format", "json", "--no-headers", "SELECT 1"]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(stderr(&refused), "ttlsinv: --no-headers applies to table, csv and tsv output, not json\n");
}

#[test]
fn report_leaves_out_the_splits_not_asked_for() {
    let header = |args: &[&str]| -> String {
        let mut full = vec!["report", "tls-adoption", "--format", "csv"];
        full.extend_from_slice(args);
        stdout(samples(), &full).lines().next().unwrap().to_string()
    };
    let plain = header(&[]);
    assert!(plain.starts_with("date,system,connections,"), "{plain}");
    assert!(!plain.contains("stack") && !plain.contains("port,") && !plain.contains("job"), "{plain}");
    // A port comes with its direction (the service port is one side or the other).
    assert!(header(&["--by", "port"]).starts_with("date,system,direction,port,connections,"));
    assert!(header(&["--by", "direction"]).starts_with("date,system,direction,connections,"));
}

/// The table is written as rows come: a query that fails after 4999 rows
/// has printed them (a table that waited for every row printed nothing, and
/// held every row in memory).
#[test]
fn tables_are_written_as_rows_come() {
    let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) \
               SELECT i, CASE WHEN i = 5000 THEN abs(-9223372036854775808) END AS boom FROM n";
    let output = samples().run(&["sql", sql]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output), "ttlsinv: SQL error: integer overflow\n");
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.contains("\n│    1 ┆      │\n"), "widths from the first rows");
    assert!(table.contains("\n│ 4999 ┆      │\n"));
}
