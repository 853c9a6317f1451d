//! One NDJSON file: an object per row, keys in the column order, for
//! Splunk and Elastic. They do not read the Hive folder names, so each row
//! of a dated object carries its `capture_date` too.

use std::fs::File;
use std::io::{BufWriter, Write};

use super::{LakeColumn, LakeError, LakeType, LakeValue, PARTITION};

/// An NDJSON file being written.
pub struct NdjsonPart {
    out: BufWriter<File>,
    keys: Vec<String>,
    /// Whether each column is a UTC time (written with its `Z`).
    utc: Vec<bool>,
    /// `,"capture_date":"YYYY-MM-DD"` of a dated object's rows.
    day: String,
    line: String,
}

impl NdjsonPart {
    pub fn create(file: File, columns: &[LakeColumn], day: Option<&str>) -> NdjsonPart {
        let key = |name: &str| serde_json::Value::from(name).to_string();
        NdjsonPart {
            out: BufWriter::new(file),
            keys: columns.iter().map(|c| key(&c.name)).collect(),
            utc: columns.iter().map(|c| c.lake_type == LakeType::Timestamp { utc: true }).collect(),
            day: day.map(|d| format!(",{}:{}", key(PARTITION), key(d))).unwrap_or_default(),
            line: String::new(),
        }
    }

    /// Writes one row.
    ///
    /// # Errors
    /// A write error.
    pub fn push(&mut self, row: &[LakeValue<'_>]) -> Result<(), LakeError> {
        use std::fmt::Write as _;
        self.line.clear();
        self.line.push('{');
        for (i, ((key, value), utc)) in self.keys.iter().zip(row).zip(&self.utc).enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            self.line.push_str(key);
            self.line.push(':');
            let _ = match value {
                LakeValue::Null => write!(self.line, "null"),
                LakeValue::Int(n) => write!(self.line, "{n}"),
                LakeValue::Double(x) => write!(self.line, "{}", serde_json::Value::from(*x)),
                LakeValue::Bool(b) => write!(self.line, "{b}"),
                LakeValue::Text(t) => write!(self.line, "{}", serde_json::Value::from(*t)),
                LakeValue::Date(d) => write!(self.line, "\"{}\"", date(*d)),
                LakeValue::Micros(m) => write!(self.line, "\"{}{}\"", time(*m), if *utc { "Z" } else { "" }),
            };
        }
        // Every object has columns: the day follows one.
        self.line.push_str(&self.day);
        self.line.push_str("}\n");
        self.out.write_all(self.line.as_bytes())?;
        Ok(())
    }

    /// Writes what is buffered.
    ///
    /// # Errors
    /// A write error.
    pub fn finish(mut self) -> Result<(), LakeError> {
        self.out.flush()?;
        Ok(())
    }
}

/// `YYYY-MM-DD` of days since 1970-01-01.
fn date(days: i32) -> String {
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_signed(chrono::TimeDelta::days(i64::from(days))))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// ISO 8601 of microseconds since 1970-01-01T00:00:00, as SQLite held it.
fn time(micros: i64) -> String {
    chrono::DateTime::from_timestamp_micros(micros)
        .map(|t| t.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string())
        .unwrap_or_default()
}
