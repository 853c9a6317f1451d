//! Capture runs are keyed by what they are, not by where the tree is: the
//! folder of the capture files relative to the tree they were ingested from,
//! and the time in their names. A tree moved, renamed or mounted elsewhere
//! keeps its run keys, so a late file of a known run joins its snapshot.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use chrono::NaiveTime;

use crate::path_text;

/// The folders capture trees were ingested from: the paths given to
/// `ttlsinv ingest` now and recorded by earlier runs (a file given alone
/// stands for its folder).
#[derive(Debug, Clone, Default)]
pub struct Trees {
    folders: Vec<PathBuf>,
}

impl Trees {
    /// The trees of `roots` (absolute, symlinks resolved).
    pub fn new(roots: impl IntoIterator<Item = PathBuf>) -> Trees {
        let mut folders: Vec<PathBuf> = roots
            .into_iter()
            .map(|root| match root.parent() {
                Some(parent) if root.is_file() => parent.to_path_buf(),
                _ => root,
            })
            .collect();
        folders.sort();
        folders.dedup();
        Trees { folders }
    }

    /// The run key of a capture file at `located` (for an archive member,
    /// the path it would have if the archive were a folder), with the time
    /// in its name: its folder relative to the closest tree that holds it
    /// (`2026-03-01/SYSA`, empty for the tree itself), then `|HHMMSS`. A
    /// file in no known tree keeps its absolute folder.
    pub fn run_key(&self, located: &Path, time: Option<NaiveTime>) -> String {
        let folder = located.parent().unwrap_or(Path::new(""));
        let relative = self
            .folders
            .iter()
            .filter_map(|tree| folder.strip_prefix(tree).ok())
            .min_by_key(|relative| relative.components().count());
        let folder = path_text::encode(relative.unwrap_or(folder));
        match time {
            Some(time) => format!("{folder}|{}", time.format("%H%M%S")),
            None => folder,
        }
    }
}

/// The run key of capture run `index` (0 the first) of a file whose run
/// key is `file_key`: the file's own for its first run, then `|run N` (2
/// for the second): a file may hold runs one after another (a data set
/// written with DISP=MOD), each a snapshot of its own, and the files of one
/// folder that hold as many runs join theirs in order.
pub fn of_run(file_key: &str, index: u32) -> Cow<'_, str> {
    match index {
        0 => Cow::Borrowed(file_key),
        _ => Cow::Owned(format!("{file_key}|run {}", index + 1)),
    }
}

/// Whether `keys`, the run keys of the snapshots of an ingested file, are
/// those of the runs of a file whose run key is `file_key` (see
/// [`of_run`]): its first run's, and any later run's.
pub fn are_runs_of(keys: &[String], file_key: &str) -> bool {
    let later = |key: &str| {
        key.strip_prefix(file_key)
            .and_then(|rest| rest.strip_prefix("|run "))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    keys.iter().any(|key| key == file_key) && keys.iter().all(|key| key == file_key || later(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_is_keyed_by_its_folder_in_the_closest_tree() {
        let trees = Trees::new([PathBuf::from("/data/c"), PathBuf::from("/data/c/2026-03-01")]);
        let eight = NaiveTime::from_hms_opt(8, 0, 0);
        assert_eq!(trees.run_key(Path::new("/data/c/2026-03-02/SYSA/all.txt"), None), "2026-03-02/SYSA");
        assert_eq!(trees.run_key(Path::new("/data/c/2026-03-01/SYSA/all.txt"), eight), "SYSA|080000");
        assert_eq!(trees.run_key(Path::new("/data/c/all.txt"), None), "");
        assert_eq!(trees.run_key(Path::new("/elsewhere/2026-03-01/SYSA/all.txt"), None), "/elsewhere/2026-03-01/SYSA");
        // The same tree mounted elsewhere: the same key.
        let moved = Trees::new([PathBuf::from("/mnt/c")]);
        assert_eq!(moved.run_key(Path::new("/mnt/c/2026-03-02/SYSA/all.txt"), None), "2026-03-02/SYSA");
    }

    #[test]
    fn the_runs_of_a_file_are_keyed_after_its_own_key() {
        assert_eq!(of_run("2026-03-01/SYSA", 0), "2026-03-01/SYSA");
        assert_eq!(of_run("2026-03-01/SYSA|080000", 1), "2026-03-01/SYSA|080000|run 2");
        let keys = |keys: &[&str]| keys.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        for runs in [&["SYSA"][..], &["SYSA", "SYSA|run 2", "SYSA|run 12"]] {
            assert!(are_runs_of(&keys(runs), "SYSA"), "{runs:?}");
        }
        for other in ["SYSA|080000", "SYSA|run ", "SYSA|run 2x", "SYSB", "SYS", "SYSA|b.txt"] {
            assert!(!are_runs_of(&keys(&["SYSA", other]), "SYSA"), "{other}");
        }
        // A file with no snapshot, or none of its first run.
        assert!(!are_runs_of(&[], "SYSA"));
        assert!(!are_runs_of(&keys(&["SYSA|run 2"]), "SYSA"));
    }
}
