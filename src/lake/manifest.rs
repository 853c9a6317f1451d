//! `_manifest.json`: what the lake holds (objects, columns and types, days
//! and rows), what wrote it (ttlsinv and schema versions, format, codec,
//! selection), and the database's change mark at that moment, from which
//! `--since-last` tells the days changed since.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Map, Value};

use super::{LakeError, LakeObject, Selection, PARTITION};

/// The manifest's file name (Hive readers skip names starting with `_`).
pub const FILE: &str = "_manifest.json";

/// What one object holds in the lake.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Held {
    /// The object's description (kind, partitioning, columns), as JSON.
    pub description: Value,
    /// Rows per day of a dated object.
    pub days: BTreeMap<String, u64>,
    /// Rows of an undated one.
    pub rows: u64,
}

/// A lake's manifest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Manifest {
    pub format: String,
    pub system: Option<String>,
    /// The database's change mark when the lake was last written.
    pub change_mark: i64,
    pub objects: BTreeMap<String, Held>,
}

impl Manifest {
    /// The manifest in `dir`, if there is one.
    ///
    /// # Errors
    /// It cannot be read, or is not a manifest ttlsinv wrote.
    pub fn read(dir: &Path) -> Result<Option<Manifest>, LakeError> {
        let path = dir.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let bad = |what: &str| LakeError::Refused(format!("{} is not a ttlsinv lake manifest: {what}", path.display()));
        let value: Value = serde_json::from_str(&text).map_err(|e| bad(&e.to_string()))?;
        let format = value["format"].as_str().ok_or_else(|| bad("no format"))?.to_string();
        let change_mark = value["change_mark"].as_i64().ok_or_else(|| bad("no change_mark"))?;
        let system = value["selection"]["system"].as_str().map(str::to_string);
        let mut objects = BTreeMap::new();
        for (name, object) in value["tables"].as_object().ok_or_else(|| bad("no tables"))? {
            let days = object["days"]
                .as_object()
                .map(|days| days.iter().map(|(d, n)| (d.clone(), n.as_u64().unwrap_or(0))).collect())
                .unwrap_or_default();
            let mut description = object.clone();
            if let Some(map) = description.as_object_mut() {
                map.remove("days");
                map.remove("rows");
            }
            objects.insert(name.clone(), Held { description, days, rows: object["rows"].as_u64().unwrap_or(0) });
        }
        Ok(Some(Manifest { format, system, change_mark, objects }))
    }

    /// The JSON text, with the versions and the selection of this export.
    pub fn to_json(&self, selection: &Selection, codec: Option<&str>) -> String {
        let mut tables = Map::new();
        for (name, held) in &self.objects {
            let mut object = held.description.as_object().cloned().unwrap_or_default();
            if held.description["partitioned_by"].is_string() {
                let days: Map<String, Value> = held.days.iter().map(|(d, n)| (d.clone(), json!(n))).collect();
                object.insert("rows".into(), json!(held.days.values().sum::<u64>()));
                object.insert("days".into(), Value::Object(days));
            } else {
                object.insert("rows".into(), json!(held.rows));
            }
            tables.insert(name.clone(), Value::Object(object));
        }
        let manifest = json!({
            "ttlsinv_version": env!("CARGO_PKG_VERSION"),
            "schema_version": crate::store::latest_version(),
            "format": self.format,
            "compression": codec,
            "layout": format!("<table>/{PARTITION}=YYYY-MM-DD/part-NNNN.<ext> for dated tables, <table>/part-0000.<ext> for the others"),
            "exported_at": chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "selection": {"from": selection.from, "to": selection.to, "system": selection.system},
            "change_mark": self.change_mark,
            "tables": tables,
        });
        let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// How `object` is described in the manifest: kind, partitioning, and
/// columns with type and nullability (the partition column last, as Hive
/// readers show it).
pub fn description(object: &LakeObject) -> Value {
    let mut columns: Vec<Value> = object
        .columns
        .iter()
        .map(|c| {
            let mut column = json!({"name": c.name, "type": c.lake_type.name(), "nullable": c.nullable});
            if c.name == super::DATE_ALONE.1 {
                // Not a column of the database: what a reader needs to give its text back.
                column["date_alone_of"] = json!(super::DATE_ALONE.0);
            }
            column
        })
        .collect();
    if object.dated() {
        columns.push(json!({"name": PARTITION, "type": "DATE", "nullable": false, "partition": true}));
    }
    json!({
        "kind": object.kind,
        "partitioned_by": object.dated().then_some(PARTITION),
        "columns": columns,
    })
}
