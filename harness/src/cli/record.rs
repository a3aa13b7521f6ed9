//! `harness record`: the parity flow against a reference target (the embedded mock of the
//! release by default), written as a recording folder that `harness run --parity` holds other
//! targets to. `--check` compares instead of writing: what a drift test and CI run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;

use crate::embedded::{MockSpec, Target};
use crate::engine::RunConfig;
use crate::engine::parity::Recording;
use crate::model::Release;

/// Arguments of `harness record`.
#[derive(Debug, clap::Args)]
pub struct RecordArgs {
    /// The reference target; without it the bundled mock of the release is recorded.
    #[arg(long)]
    pub target: Option<String>,
    /// Model release whose flow is recorded (1.34.97, 1.34.98, 1.44.5).
    #[arg(long, default_value_t = Release::CONTRACT)]
    pub release: Release,
    /// The folder the recording goes to (its JSON files are replaced).
    #[arg(long)]
    pub out: PathBuf,
    /// Do not write: exit 1 with a diff when the folder differs from a new recording.
    #[arg(long)]
    pub check: bool,
    /// Inject a named fault into the embedded mock (repeatable).
    #[arg(long = "mock-fault")]
    pub mock_faults: Vec<cases_mock::Fault>,
    /// Per-request timeout in milliseconds.
    #[arg(long, default_value_t = 10_000)]
    pub timeout_ms: u64,
}

/// Records, then writes (or checks) the folder.
pub fn execute(args: RecordArgs) -> anyhow::Result<ExitCode> {
    let target = match &args.target {
        Some(url) => Target::Url(url.clone()),
        None => Target::Embedded(MockSpec::with_faults(args.mock_faults.iter().copied())),
    };
    let config = RunConfig {
        release: args.release,
        timeout: std::time::Duration::from_millis(args.timeout_ms),
        ..RunConfig::default()
    };
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let started = Instant::now();
    let recording = runtime.block_on(target.record(&config))?;
    let took = started.elapsed();
    if args.check {
        let drift = drift(&args.out, &recording)?;
        if drift.is_empty() {
            eprintln!(
                "harness: {} agrees with a new recording of {} ({} steps)",
                args.out.display(),
                target.label(),
                recording.steps.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        print!("{drift}");
        eprintln!(
            "harness: {} differs from a new recording of {}; rewrite it with `harness record --release {} --out {}`",
            args.out.display(),
            target.label(),
            args.release,
            args.out.display()
        );
        return Ok(ExitCode::from(1));
    }
    write_dir(&args.out, &recording)?;
    eprintln!(
        "harness: recorded {} steps of {} (botocore {}) in {:.1}s into {}{}",
        recording.steps.len(),
        target.label(),
        args.release,
        took.as_secs_f64(),
        args.out.display(),
        if recording.notes.is_empty() {
            String::new()
        } else {
            format!("; {} notes in flow.json", recording.notes.len())
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes `recording` into `dir`, replacing the JSON files there (a file of an operation the
/// new recording no longer has goes too).
pub fn write_dir(dir: &Path, recording: &Recording) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let files = recording.files();
    for old in json_files(dir)?.into_keys() {
        if !files.contains_key(&old) {
            std::fs::remove_file(dir.join(&old))
                .with_context(|| format!("removing {}", dir.join(&old).display()))?;
        }
    }
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// The repository's committed recordings of the bundled mock, one folder per release
/// (`cases/parity/<release>/`), for tests and the CLI run from the workspace.
pub fn repo_recordings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../cases/parity")
}

/// Reads the recording in `dir`.
pub fn read_dir(dir: &Path) -> anyhow::Result<Recording> {
    Recording::from_files(&json_files(dir)?).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))
}

/// The unified diffs between the files of `dir` and those of `recording` (empty: the same).
pub fn drift(dir: &Path, recording: &Recording) -> anyhow::Result<String> {
    let on_disk = if dir.is_dir() {
        json_files(dir)?
    } else {
        BTreeMap::new()
    };
    let fresh = recording.files();
    let mut out = String::new();
    let names: std::collections::BTreeSet<&String> = on_disk.keys().chain(fresh.keys()).collect();
    for name in names {
        let old = on_disk.get(name).map_or("", String::as_str);
        let new = fresh.get(name).map_or("", String::as_str);
        out.push_str(&crate::report::diff::text_diff(
            &format!("recorded/{name}"),
            &format!("new/{name}"),
            old,
            new,
        ));
    }
    Ok(out)
}

/// The `*.json` files of `dir`, name → text.
fn json_files(dir: &Path) -> anyhow::Result<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json")
            && let Some(name) = path.file_name().and_then(|n| n.to_str())
        {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            files.insert(name.to_string(), text);
        }
    }
    Ok(files)
}
