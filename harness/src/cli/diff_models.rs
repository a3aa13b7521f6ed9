//! `harness diff-models OLD NEW`: what changed between two vendored model releases.

use std::process::ExitCode;

use crate::diff::{diff, render_note};
use crate::model::{Release, ServiceModel};

/// Arguments of `harness diff-models`.
#[derive(Debug, clap::Args)]
pub struct DiffModelsArgs {
    /// The older release (e.g. 1.34.97).
    pub old: Release,
    /// The newer release (e.g. 1.34.98).
    pub new: Release,
    /// `text` (the change note's form) or `json` (machine-readable, classified).
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
}

/// Prints the diff.
pub fn execute(args: DiffModelsArgs) -> anyhow::Result<ExitCode> {
    let d = diff(
        &ServiceModel::load(args.old)?,
        &ServiceModel::load(args.new)?,
    );
    if args.format == "json" {
        println!("{}", serde_json::to_string_pretty(&d)?);
    } else {
        print!("{}", render_note(&d));
    }
    Ok(ExitCode::SUCCESS)
}
