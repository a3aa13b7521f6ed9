//! `harness openapi`: print the OpenAPI 3.1 document of the core operations.

use std::process::ExitCode;

use crate::engine::suites::generated::CORE_OPERATIONS;
use crate::model::{Release, ServiceModel};

/// Arguments of `harness openapi`.
#[derive(Debug, clap::Args)]
pub struct OpenapiArgs {
    /// Model release to derive from.
    #[arg(long, default_value_t = Release::CONTRACT)]
    pub release: Release,
    /// Operations to include (default: the three core ones).
    #[arg(long = "operation")]
    pub operations: Vec<String>,
}

/// Prints the document as pretty JSON.
pub fn execute(args: OpenapiArgs) -> anyhow::Result<ExitCode> {
    let model = ServiceModel::load(args.release)?;
    let operations: Vec<&str> = if args.operations.is_empty() {
        CORE_OPERATIONS.to_vec()
    } else {
        args.operations.iter().map(String::as_str).collect()
    };
    let doc = crate::openapi::document(&model, &operations)?;
    println!("{}", serde_json::to_string_pretty(&doc)?);
    Ok(ExitCode::SUCCESS)
}
