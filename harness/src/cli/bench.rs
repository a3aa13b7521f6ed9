//! `harness bench`: generated requests only, timed; the harness's side of `bench/compare.sh`.

use std::process::ExitCode;

use anyhow::Context;
use serde_json::json;

use crate::engine::{self, Fixtures, RunConfig, TargetSpec};

/// Arguments of `harness bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Endpoint to measure against (default: the embedded mock).
    #[arg(long)]
    pub target: Option<String>,
    /// Generated valid requests per core operation (as many invalid ones again).
    #[arg(long, default_value_t = 1000)]
    pub cases: u32,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 16)]
    pub concurrency: usize,
    /// Seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Use this domain instead of creating one.
    #[arg(long)]
    pub domain_id: Option<String>,
    /// Use this case instead of creating one (needs --domain-id and, to create cases, a template).
    #[arg(long)]
    pub case_id: Option<String>,
}

/// Runs the generated suite and prints one JSON line: cases, seconds, cases per second.
pub fn execute(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let config = RunConfig {
        target: args
            .target
            .map_or(TargetSpec::EmbeddedMock, TargetSpec::Url),
        cases: args.cases,
        concurrency: args.concurrency.max(1),
        seed: args.seed,
        fixtures: Fixtures {
            domain_id: args.domain_id,
            template_id: None,
            case_id: args.case_id,
        },
        generated_only: true,
        ..RunConfig::default()
    };
    let result = runtime.block_on(engine::run(config))?;
    let seconds = result.meta.duration_ms as f64 / 1000.0;
    let cases = result.meta.generated_cases;
    println!(
        "{}",
        json!({
            "cases": cases,
            "requests": result.meta.requests,
            "seconds": seconds,
            "cases_per_second": (cases as f64 / seconds.max(1e-9)).round(),
            "requests_per_second": (result.meta.requests as f64 / seconds.max(1e-9)).round(),
            "must_failures": result.failures_of(crate::checks::Severity::Must),
        })
    );
    Ok(ExitCode::SUCCESS)
}
