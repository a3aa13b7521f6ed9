//! `harness resources`: the resource graph the contract reads off a release's model — each
//! resource's parents and the operations that produce, read, list, update, delete and
//! otherwise consume it — so a reader can check what the engine will infer.

use std::process::ExitCode;

use crate::contract::resources::{describe, resources};
use crate::model::{Release, ServiceModel};

/// Arguments of `harness resources`.
#[derive(Debug, clap::Args)]
pub struct ResourcesArgs {
    /// Model release to read (1.34.97, 1.34.98, 1.44.5).
    #[arg(long, default_value_t = Release::CONTRACT)]
    pub release: Release,
}

/// Prints the graph.
pub fn execute(args: ResourcesArgs) -> anyhow::Result<ExitCode> {
    let model = ServiceModel::load(args.release)?;
    print!("{}", describe(&resources(&model)));
    Ok(ExitCode::SUCCESS)
}
