//! The canned-report registry: one SQL file per question in `sql/`,
//! embedded in the binary and registered here (the file stem is the
//! report's name), with the typed query their parameters are bound from.
//!
//! Reports take `:named` parameters. The filters every report may use are
//! `:from` and `:to` (capture dates, inclusive), `:system`, `:stack`,
//! `:job` and `:port`; a filter that is not given is bound as NULL, which
//! each report reads as "no filter". Values are always bound, never spliced
//! into the SQL, and bound with the type the SQL compares them as (a
//! [`Query`]), so the SQL casts nothing.

use rusqlite::types::Value;
use rusqlite::Statement;

/// A canned report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CannedReport {
    /// The name on the command line, and the stem of its SQL file.
    pub name: &'static str,
    /// One line saying what question it answers.
    pub summary: &'static str,
    /// The SQL, with `:named` parameters.
    pub sql: &'static str,
}

macro_rules! reports {
    ($($name:literal => $summary:literal,)*) => {
        /// Every canned report, in the order `ttlsinv reports` lists them.
        pub const REPORTS: &[CannedReport] = &[
            $(CannedReport { name: $name, summary: $summary, sql: include_str!(concat!("../sql/", $name, ".sql")) },)*
        ];
    };
}

reports! {
    "tls-adoption" => "Connections and bytes under AT-TLS, share protected and TLS versions, per date and system",
    "protocols" => "Connections by negotiated TLS version, with its grade, per date and system",
    "ciphers" => "Connections by negotiated cipher suite, with every grade, per date and system",
    "weak-crypto" => "Endpoints that negotiated a deprecated protocol, a weak cipher or key share, or one no registry grades",
    "cleartext" => "Listening ports and connections without AT-TLS, by port and job: where to put AT-TLS next",
    "capacity" => "Connections, bytes and segments per job and port per date and system, with peaks and top peers",
    "policy-inventory" => "AT-TLS rules with their actions and what each environment action allows",
    "policy-drift" => "Rule, group and environment action settings that changed between consecutive captures",
    "allowed-not-used" => "Protocols, ciphers and groups that policy allows but no captured connection negotiated",
    "regressions" => "Endpoints whose negotiated security got worse from one capture to the next",
    "coverage" => "Which systems and stacks were captured on which dates, with report kinds, gaps and problems",
    "files" => "Every file ingest walked and what became of it: ingested, unchanged, duplicate, not a capture, failed, and why",
    "compliance" => "Share of connections and policy settings that meet a standard (--standard NAME or all), and what to change",
    "quantum" => "Connections and traffic per day that rely on quantum-vulnerable key exchange, and rules with no alternative",
    "impact" => "Who breaks if a protocol, cipher suite, group or signature pair is switched off (--disable WHAT...)",
}

/// The report with this name.
pub fn find(name: &str) -> Option<&'static CannedReport> {
    REPORTS.iter().find(|r| r.name == name)
}

/// The parameters of one run of a canned report, typed as the SQL compares
/// them: dates as ISO 8601 text (SQLite's dates), ports and switches
/// (`--by`) as integers, names as text. Built once from the command line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// `(name, value)` pairs, names without the colon.
    pub values: Vec<(String, Value)>,
}

impl Query {
    /// Sets the parameter `:name` (a later value for a name wins).
    pub fn set(&mut self, name: &str, value: impl Into<Value>) {
        self.values.push((name.to_string(), value.into()));
    }

    /// The query with `:name` set.
    #[must_use]
    pub fn with(mut self, name: &str, value: impl Into<Value>) -> Query {
        self.set(name, value);
        self
    }

    /// A date parameter (`:from`, `:to`): ISO 8601 text, as dates are stored.
    pub fn set_date(&mut self, name: &str, date: chrono::NaiveDate) {
        self.set(name, date.format("%Y-%m-%d").to_string());
    }

    /// The parameters as text, as the command line gives them (`("from", "2026-11-01")`).
    pub fn shown(&self) -> Vec<(String, String)> {
        self.values
            .iter()
            .map(|(name, value)| {
                let shown = match value {
                    Value::Null => String::new(),
                    Value::Integer(i) => i.to_string(),
                    Value::Real(r) => r.to_string(),
                    Value::Text(t) => t.clone(),
                    Value::Blob(b) => String::from_utf8_lossy(b).into_owned(),
                };
                (name.clone(), shown)
            })
            .collect()
    }

    /// Binds every parameter of `stmt`: a value given for it, or NULL.
    ///
    /// # Errors
    /// A value is given for a parameter the report does not take, or
    /// binding fails.
    pub fn bind(&self, report: &str, stmt: &mut Statement<'_>) -> Result<(), BindError> {
        let names = parameters(stmt);
        for (name, _) in &self.values {
            if !names.contains(name) {
                let takes: Vec<String> = names.iter().map(|n| option(n)).collect();
                let takes = if takes.is_empty() { "none".to_string() } else { takes.join(", ") };
                return Err(BindError::NotTaken(format!(
                    "report {report} does not take {}; it takes: {takes}",
                    option(name)
                )));
            }
        }
        for (index, name) in names.iter().enumerate() {
            let value = self.values.iter().rev().find(|(n, _)| n == name).map_or(&Value::Null, |(_, v)| v);
            stmt.raw_bind_parameter(index + 1, value)
                .map_err(|e| BindError::Failed(format!("cannot bind :{name}: {e}")))?;
        }
        Ok(())
    }
}

/// Why a report's parameters were not bound.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum BindError {
    /// A value given for a parameter the report does not take: a mistake
    /// of the command line.
    #[error("{0}")]
    NotTaken(String),
    #[error("{0}")]
    Failed(String),
}

/// A canned report's result held in memory, for callers that draw it
/// rather than print it (the HTML report).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rows {
    /// Column names, in the report's order.
    pub columns: Vec<String>,
    /// One vector of values per row, in the columns' order.
    pub rows: Vec<Vec<Value>>,
}

impl Rows {
    /// Runs a prepared statement (parameters bound) and keeps every row.
    ///
    /// # Errors
    /// The SQL fails.
    pub fn collect(stmt: &mut Statement<'_>) -> rusqlite::Result<Rows> {
        let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let width = columns.len();
        let mut rows = Vec::new();
        let mut query = stmt.raw_query();
        while let Some(row) = query.next()? {
            rows.push((0..width).map(|i| row.get::<_, Value>(i)).collect::<rusqlite::Result<_>>()?);
        }
        Ok(Rows { columns, rows })
    }

    /// The position of the column called `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

/// A report parameter in the words of the command line: `--from`,
/// `--by stack`, `--standard`, else `-p name=...`.
pub fn option(parameter: &str) -> String {
    match parameter {
        "from" | "to" | "system" | "stack" | "job" | "port" | "disable" | "rule" => format!("--{parameter}"),
        "env_action" => "--env-action".to_string(),
        "standards" => "--standard".to_string(),
        _ => match parameter.strip_prefix("by_") {
            Some(column) => format!("--by {column}"),
            None => format!("-p {parameter}=..."),
        },
    }
}

/// The parameter names of a prepared statement, without the colon, in order.
pub fn parameters(stmt: &Statement<'_>) -> Vec<String> {
    (1..=stmt.parameter_count())
        .filter_map(|i| stmt.parameter_name(i))
        .map(|n| n.trim_start_matches([':', '@', '$']).to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sql_file_is_registered_and_every_report_has_its_file() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/sql");
        let mut stems: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "sql"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        stems.sort();
        let mut names: Vec<&str> = REPORTS.iter().map(|r| r.name).collect();
        names.sort_unstable();
        assert_eq!(stems, names);
    }

    #[test]
    fn every_report_prepares_on_the_migrated_schema_and_takes_the_common_filters() {
        let conn = crate::store::scratch().unwrap();
        for report in REPORTS {
            let stmt = conn.prepare(report.sql).unwrap_or_else(|e| panic!("{}: {e}", report.name));
            let params = parameters(&stmt);
            for filter in ["from", "to", "system", "stack"] {
                assert!(params.iter().any(|p| p == filter), "{} lacks :{filter}", report.name);
            }
            assert!(report.sql.starts_with(&format!("-- {}: ", report.name)), "{} header comment", report.name);
        }
    }

    #[test]
    fn unknown_filters_are_refused_and_missing_ones_bound_null() {
        let conn = crate::store::scratch().unwrap();
        let mut stmt = conn.prepare("SELECT :from IS NULL, :system, :by_port, :peers").unwrap();
        let filters = Query::default().with("system", "SYSA".to_string());
        filters.bind("t", &mut stmt).unwrap();
        let row: (bool, String) =
            stmt.raw_query().next().unwrap().map(|r| (r.get(0).unwrap(), r.get(1).unwrap())).unwrap();
        assert_eq!(row, (true, "SYSA".to_string()));
        let wrong = Query::default().with("port", 21);
        let error = wrong.bind("t", &mut stmt).unwrap_err();
        assert_eq!(
            error,
            BindError::NotTaken(
                "report t does not take --port; it takes: --from, --system, --by port, -p peers=...".into()
            )
        );
        let split = Query::default().with("by_stack", 1);
        let error = split.bind("t", &mut stmt).unwrap_err();
        assert_eq!(
            error.to_string(),
            "report t does not take --by stack; it takes: --from, --system, --by port, -p peers=..."
        );
    }
}
