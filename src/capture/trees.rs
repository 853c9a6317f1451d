//! Capture runs are keyed by what they are, not by where the tree is: the
//! folder of the capture files relative to the tree they were ingested from,
//! and the time in their names. A tree moved, renamed or mounted elsewhere
//! keeps its run keys, so a late file of a known run joins its snapshot.

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
}
