//! The architecture, enforced: the crate's modules form layers (model → contract → gen, client,
//! checks → engine → report → the edge → cli, see ARCHITECTURE.md), and no module imports one
//! of a higher layer. The test reads every source file of `harness/src`, collects the
//! top-level modules it names (`crate::x`, `use crate::{x, y}`, `super::` chains that climb to
//! the crate root), and fails with the file, line and layers of every upward import. Test
//! code (`#[cfg(test)]` to the end of a file, `tests.rs` files) and comments are not read:
//! a test may reach for whatever it checks against.
//!
//! It also keeps the oracle independent: only the edge and the CLI name `cases_mock`, and the
//! mock crate does not depend on the harness.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The layers, lowest first, with the top-level modules of each. A module may import its own
/// layer and the layers below it.
const LAYERS: &[(&str, &[&str])] = &[
    ("model", &["model"]),
    ("contract", &["contract", "schema", "diff", "openapi"]),
    ("gen, client, checks", &["gen", "client", "checks", "tape"]),
    ("engine", &["engine"]),
    ("report", &["report"]),
    ("edge", &["embedded", "faults"]),
    ("cli", &["cli"]),
];

/// The layers that may start or name the reference mock.
const MOCK_LAYERS: &[&str] = &["edge", "cli"];

/// One source file: its module path under the crate root and its text.
struct Source {
    path: String,
    module: Vec<String>,
    text: String,
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

/// The module path of a file under `src` (`engine/suites/mod.rs` → `engine::suites`), or
/// `None` for the crate roots and test files.
fn module_path(relative: &Path) -> Option<Vec<String>> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let file = parts.pop()?;
    let stem = file.strip_suffix(".rs")?;
    if parts.is_empty() && (stem == "lib" || stem == "main") {
        return None;
    }
    if stem == "tests" {
        return None;
    }
    if stem != "mod" {
        parts.push(stem.to_string());
    }
    let parts: Vec<String> = parts
        .into_iter()
        .map(|p| p.trim_start_matches("r#").to_string())
        .collect();
    Some(parts)
}

fn read_sources(root: &Path) -> Vec<Source> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path: PathBuf = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(root).expect("under src").to_path_buf();
            let module = module_path(&relative)?;
            Some(Source {
                path: relative.display().to_string(),
                module,
                text: std::fs::read_to_string(&path).expect("read source"),
            })
        })
        .collect()
}

/// The code lines of a file, numbered from 1: comments dropped, and nothing from the first
/// inline test module (`#[cfg(test)]` before `mod … {`, by convention the end of a file) on.
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut code = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let next = lines.get(n + 1).map_or("", |l| l.trim());
        if line.trim() == "#[cfg(test)]" && next.starts_with("mod ") && next.ends_with('{') {
            break;
        }
        code.push((n + 1, line.split("//").next().unwrap_or_default()));
    }
    code
}

fn identifier(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '#'))
        .unwrap_or(text.len());
    text[..end].trim_start_matches("r#")
}

/// The top-level modules `line` names, read from `crate::` paths (with `{…}` groups) and
/// from `super::` chains that climb to the root of a file at `module`.
fn named_modules(line: &str, module: &[String]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or_default();
            for item in inner.split(',') {
                let name = identifier(item.trim());
                if !name.is_empty() && name != "self" {
                    found.insert(name.to_string());
                }
            }
        } else {
            found.insert(identifier(after).to_string());
        }
        rest = after;
    }
    let mut rest = line;
    while let Some(at) = rest.find("super::") {
        let preceded = rest[..at]
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
        let mut after = &rest[at..];
        let mut climbs = 0;
        while let Some(next) = after.strip_prefix("super::") {
            climbs += 1;
            after = next;
        }
        if !preceded && climbs >= module.len() {
            found.insert(identifier(after).to_string());
        }
        rest = after;
    }
    found.retain(|m| !m.is_empty());
    found
}

/// Every upward import and every mock reference outside the edge, as readable lines.
fn violations(sources: &[Source]) -> Vec<String> {
    let mut found = Vec::new();
    for source in sources {
        let own = &source.module[0];
        let Some(own_layer) = layer_of(own) else {
            found.push(format!(
                "{}: module `{own}` is in no layer (add it to LAYERS and ARCHITECTURE.md)",
                source.path
            ));
            continue;
        };
        for (number, line) in code_lines(&source.text) {
            for named in named_modules(line, &source.module) {
                if named == *own {
                    continue;
                }
                match layer_of(&named) {
                    Some(layer) if layer > own_layer => found.push(format!(
                        "{}:{number}: `{own}` ({}) imports `{named}` ({}), a higher layer",
                        source.path, LAYERS[own_layer].0, LAYERS[layer].0
                    )),
                    _ => {}
                }
            }
            if line.contains("cases_mock") && !MOCK_LAYERS.contains(&LAYERS[own_layer].0) {
                found.push(format!(
                    "{}:{number}: `{own}` ({}) names cases_mock; only the edge starts the mock",
                    source.path, LAYERS[own_layer].0
                ));
            }
        }
    }
    found
}

#[test]
fn no_module_imports_a_higher_layer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let sources = read_sources(&root);
    assert!(
        sources.len() > 50,
        "read only {} source files",
        sources.len()
    );
    let found = violations(&sources);
    assert!(
        found.is_empty(),
        "the layers are broken:\n{}",
        found.join("\n")
    );
}

#[test]
fn every_top_level_module_has_a_layer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(root.join("lib.rs")).expect("lib.rs");
    for line in lib.lines() {
        if let Some(name) = line.trim().strip_prefix("pub mod ") {
            let name = name.trim_end_matches(';').trim_start_matches("r#");
            assert!(layer_of(name).is_some(), "module `{name}` is in no layer");
        }
    }
}

#[test]
fn the_mock_does_not_depend_on_the_harness() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../mock/Cargo.toml");
    let text = std::fs::read_to_string(manifest).expect("mock manifest");
    let mut section = "";
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
        } else if section.ends_with("dependencies]") {
            let key = line.split(['=', '.', ' ']).next().unwrap_or_default();
            assert_ne!(
                key, "harness",
                "the mock crate depends on the harness ({section}): the oracle is no longer independent"
            );
        }
    }
}

fn source(path: &str, text: &str) -> Source {
    Source {
        path: path.to_string(),
        module: module_path(Path::new(path)).expect("a module"),
        text: text.to_string(),
    }
}

/// The scan itself: a planted upward import (plain, grouped, through `super::` chains) is
/// found; downward imports, comments and test code are not.
#[test]
fn a_planted_upward_import_is_found() {
    let planted = [
        source("model/shape.rs", "use crate::engine::session::Session;\n"),
        source(
            "contract/paging.rs",
            "use crate::{model::Shape, report::Report};\n",
        ),
        source(
            "engine/suites/fixture.rs",
            "fn f() { super::super::super::report::write_all(); }\n",
        ),
        source("checks/mod.rs", "let m = cases_mock::spawn;\n"),
    ];
    let found = violations(&planted);
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(found[0].contains("`model` (model) imports `engine` (engine)"));
    assert!(found[1].contains("imports `report` (report)"));
    assert!(found[2].contains("`engine` (engine) imports `report`"));
    assert!(found[3].contains("names cases_mock"));

    let allowed = [
        source(
            "report/model.rs",
            "use crate::engine::RunResult;\nuse super::coverage;\n",
        ),
        source(
            "engine/walk.rs",
            "// see crate::report::write_all\nuse super::session;\n",
        ),
        source(
            "gen/plan.rs",
            "use crate::contract::paging;\n#[cfg(test)]\nmod tests {\n    use crate::engine::x;\n}\n",
        ),
        source(
            "cli/serve.rs",
            "use cases_mock::MockConfig;\nuse crate::report;\n",
        ),
    ];
    let found = violations(&allowed);
    assert!(found.is_empty(), "{found:#?}");
    assert!(module_path(Path::new("gen/tests.rs")).is_none());
    assert_eq!(
        module_path(Path::new("engine/suites/mod.rs")).unwrap(),
        ["engine", "suites"]
    );
}
