//! What the reports of every run against a hostile target must be, whatever it sent.

#![allow(dead_code)]

use std::path::Path;

/// The largest report file a hostile run may produce: bodies, messages and values quoted in
/// reports are all cut (64 KiB bodies, 2,000-byte messages, 16 KiB values, 5 kept failures
/// per check).
pub const REPORT_FILE_CAP: u64 = 4 << 20;

/// Asserts that every file in `dir` is at most [`REPORT_FILE_CAP`] bytes (`name` says which
/// run), then removes `dir`.
pub fn assert_small_then_remove(name: &str, dir: &Path) {
    for entry in std::fs::read_dir(dir).expect("report dir") {
        let entry = entry.expect("dir entry");
        let size = entry.metadata().expect("metadata").len();
        assert!(
            size <= REPORT_FILE_CAP,
            "{name}: {} is {size} bytes",
            entry.path().display()
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}
