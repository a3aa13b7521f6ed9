//! The committed schema tree under `schemas/`: regenerate it, or prove it has not drifted.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use similar::TextDiff;

use crate::model::{Release, ServiceModel};

use super::{generate, render};

/// The whole expected tree for every vendored release: relative path → file text.
pub fn expected_tree() -> anyhow::Result<BTreeMap<String, String>> {
    let mut tree = BTreeMap::new();
    for release in Release::ALL {
        let model = ServiceModel::load(release)?;
        for (path, doc) in generate(&model)? {
            tree.insert(path, render(&doc));
        }
    }
    Ok(tree)
}

/// The generated files found on disk under each release folder of `root`.
fn committed_files(root: &Path) -> io::Result<BTreeSet<String>> {
    let mut found = BTreeSet::new();
    for release in Release::ALL {
        let dir = root.join(release.version());
        if dir.exists() {
            collect_json(root, &dir, &mut found)?;
        }
    }
    Ok(found)
}

fn collect_json(root: &Path, dir: &Path, found: &mut BTreeSet<String>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_json(root, &path, found)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            let relative = path.strip_prefix(root).expect("walked below root");
            found.insert(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

/// What `write` changed.
#[derive(Debug, Default)]
pub struct WriteSummary {
    /// Files written because they were new or different.
    pub written: Vec<String>,
    /// Files removed because the generator no longer produces them.
    pub removed: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
}

/// Writes `tree` under `root`, removing stale generated files, touching only what differs.
pub fn write(root: &Path, tree: &BTreeMap<String, String>) -> io::Result<WriteSummary> {
    let mut summary = WriteSummary::default();
    for (relative, text) in tree {
        let path = root.join(relative);
        if fs::read_to_string(&path).is_ok_and(|old| &old == text) {
            summary.unchanged += 1;
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, text)?;
        summary.written.push(relative.clone());
    }
    for stale in committed_files(root)? {
        if !tree.contains_key(&stale) {
            fs::remove_file(root.join(&stale))?;
            summary.removed.push(stale);
        }
    }
    Ok(summary)
}

/// How the committed tree differs from the generator's output.
#[derive(Debug, Default)]
pub struct Drift {
    /// Files the generator produces that are not committed.
    pub missing: Vec<String>,
    /// Committed files the generator no longer produces.
    pub stale: Vec<String>,
    /// Committed files whose text differs, with a unified diff (committed → generated).
    pub changed: Vec<(String, String)>,
}

impl Drift {
    /// No difference at all.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.stale.is_empty() && self.changed.is_empty()
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return writeln!(f, "schemas are up to date");
        }
        writeln!(
            f,
            "committed schemas differ from the generator; run `cargo run -p harness -- schemas` \
             to regenerate them"
        )?;
        for path in &self.missing {
            writeln!(f, "missing: {path}")?;
        }
        for path in &self.stale {
            writeln!(f, "stale: {path}")?;
        }
        for (path, diff) in &self.changed {
            writeln!(f, "changed: {path}\n{diff}")?;
        }
        Ok(())
    }
}

/// Compares the tree committed under `root` with `tree`.
pub fn check(root: &Path, tree: &BTreeMap<String, String>) -> io::Result<Drift> {
    let mut drift = Drift::default();
    for (relative, expected) in tree {
        match fs::read_to_string(root.join(relative)) {
            Ok(committed) if &committed == expected => {}
            Ok(committed) => {
                let diff = TextDiff::from_lines(&committed, expected)
                    .unified_diff()
                    .context_radius(3)
                    .header(
                        &format!("committed/{relative}"),
                        &format!("generated/{relative}"),
                    )
                    .to_string();
                drift.changed.push((relative.clone(), diff));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => drift.missing.push(relative.clone()),
            Err(e) => return Err(e),
        }
    }
    drift.stale = committed_files(root)?
        .into_iter()
        .filter(|p| !tree.contains_key(p))
        .collect();
    Ok(drift)
}

/// The repository's `schemas/` folder, for tests and the CLI run from the workspace.
pub fn repo_schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_reports_missing_changed_and_stale_files() {
        let dir = std::env::temp_dir().join(format!("schema-drift-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let mut tree = BTreeMap::new();
        tree.insert(
            "1.34.98/a.json".to_string(),
            "{\n  \"x\": 1\n}\n".to_string(),
        );
        tree.insert("1.34.98/b.json".to_string(), "{}\n".to_string());
        write(&dir, &tree).unwrap();
        assert!(check(&dir, &tree).unwrap().is_empty());

        fs::write(dir.join("1.34.98/a.json"), "{\n  \"x\": 2\n}\n").unwrap();
        fs::remove_file(dir.join("1.34.98/b.json")).unwrap();
        fs::write(dir.join("1.34.98/old.json"), "{}\n").unwrap();
        let drift = check(&dir, &tree).unwrap();
        assert_eq!(drift.missing, ["1.34.98/b.json"]);
        assert_eq!(drift.stale, ["1.34.98/old.json"]);
        assert_eq!(drift.changed.len(), 1);
        let report = drift.to_string();
        assert!(report.contains("-  \"x\": 2"), "{report}");
        assert!(report.contains("+  \"x\": 1"), "{report}");

        let summary = write(&dir, &tree).unwrap();
        assert_eq!(summary.removed, ["1.34.98/old.json"]);
        assert!(check(&dir, &tree).unwrap().is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }
}
