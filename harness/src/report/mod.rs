//! Reports: one result model for a run ([`Report`]) and the writers that render it.
//!
//! [`Report::from_run`] turns the engine's [`RunResult`] into the model; every output is
//! rendered from that model alone: [`json`] (`report.json`, schema in
//! `schemas/report.schema.json`), [`junit`] (`junit.xml`), [`markdown`] (`report.md`), [`html`]
//! (`report.html`) and [`console`] (the terminal summary). [`gate`] decides the exit code,
//! with an optional [`baseline`] of known failures; [`coverage`] lists what of the contract
//! the run exercised and what it never did; [`parity`] the agreement with a recording per
//! operation (when the run had one); [`diff`] holds the canonical-JSON diff and its
//! redaction rule.

pub mod baseline;
pub mod console;
pub mod coverage;
pub mod diff;
pub mod gate;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod model;
pub mod parity;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::engine::RunResult;

pub use baseline::{Baseline, BaselineEntry};
pub use gate::{GateOutcome, GatePolicy};
pub use model::{
    CheckResult, FailureReport, Meta, OperationScore, PolicyLine, REPORT_SCHEMA_VERSION,
    RecordedExchange, Report, Setting, SetupStep, Status, Summary,
};

/// The files every run writes, in the order they are written.
pub const FILES: [&str; 4] = ["report.json", "junit.xml", "report.md", "report.html"];

/// `reports/<run id>` under the current directory: where a run writes unless told otherwise.
pub fn default_dir(result: &RunResult) -> PathBuf {
    PathBuf::from("reports").join(model::run_id(&result.meta.started, result.meta.seed))
}

/// Writes every report file of `report` into `dir` (created if needed) and returns their
/// paths.
pub fn write_all(report: &Report, dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let texts = [
        json::render(report),
        junit::render(report).context("rendering junit.xml")?,
        markdown::render(report),
        html::render(report),
    ];
    let mut written = Vec::new();
    for (name, text) in FILES.iter().zip(texts) {
        let path = dir.join(name);
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
