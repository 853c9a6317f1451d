//! Reader for Mozilla's Server Side TLS guidelines (the JSON behind
//! ssl-config.mozilla.org): which configuration level allows each suite.

use std::collections::HashMap;
use std::fmt;

use super::embedded::Embedded;
use super::error::CatalogError;

/// The strictest Mozilla configuration that allows a suite.
///
/// The levels nest (modern ⊂ intermediate ⊂ old), so a suite listed by
/// several gets the strictest. Version 6.0 has no `old` level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MozillaLevel {
    /// Not allowed by any level.
    None,
    Old,
    Intermediate,
    Modern,
}

impl MozillaLevel {
    /// The word stored in the database: `modern`, `intermediate`, `old`, `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            MozillaLevel::None => "none",
            MozillaLevel::Old => "old",
            MozillaLevel::Intermediate => "intermediate",
            MozillaLevel::Modern => "modern",
        }
    }
}

impl fmt::Display for MozillaLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The strictest level of every suite one guidelines version lists, by IANA
/// name: `configurations.<level>.ciphers.iana` (TLS 1.2 and older) plus
/// `configurations.<level>.ciphersuites` (TLS 1.3).
pub(super) fn read(file: &Embedded) -> Result<HashMap<String, MozillaLevel>, CatalogError> {
    let json: serde_json::Value =
        serde_json::from_str(file.text).map_err(|source| CatalogError::Json { file: file.path, source })?;
    let shape = |what: &str| CatalogError::invalid(file.path, 0, format!("expected {what}"));
    let configurations =
        json.get("configurations").and_then(|c| c.as_object()).ok_or_else(|| shape("a configurations object"))?;
    let mut levels = HashMap::new();
    for (level_name, configuration) in configurations {
        let level = match level_name.as_str() {
            "modern" => MozillaLevel::Modern,
            "intermediate" => MozillaLevel::Intermediate,
            "old" => MozillaLevel::Old,
            other => return Err(shape(&format!("modern, intermediate or old, not {other:?}"))),
        };
        let lists = [configuration.pointer("/ciphers/iana"), configuration.get("ciphersuites")];
        for list in lists {
            let names =
                list.and_then(|l| l.as_array()).ok_or_else(|| shape(&format!("cipher lists in {level_name}")))?;
            for name in names {
                let name = name.as_str().ok_or_else(|| shape(&format!("cipher names in {level_name}")))?;
                let strictest = levels.entry(name.to_owned()).or_insert(level);
                *strictest = (*strictest).max(level);
            }
        }
    }
    Ok(levels)
}
