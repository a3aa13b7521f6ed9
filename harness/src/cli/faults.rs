//! `harness faults`: the fault matrix (each named mock fault alone, and the faithful mock),
//! printed as the Markdown table the README carries.

use std::process::ExitCode;

use anyhow::Context;

use crate::faults::{FaultRow, markdown, run_faithful, run_fault};

/// Arguments of `harness faults`.
#[derive(Debug, clap::Args)]
pub struct FaultsArgs {
    /// Only list the faults and the checks that must catch them.
    #[arg(long)]
    pub list: bool,
    /// Faithful-mock runs (seeds 1..=N) to count false failures over.
    #[arg(long, default_value_t = 10)]
    pub seeds: u64,
    /// Seed of the faulty runs.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Runs the matrix and prints the table; exit 1 when a fault goes undetected or the faithful
/// mock fails a check.
pub fn execute(args: FaultsArgs) -> anyhow::Result<ExitCode> {
    if args.list {
        for info in cases_mock::catalogue() {
            println!("{:<36} {}", info.name, info.caught_by.join(", "));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let mut rows: Vec<FaultRow> = Vec::new();
    for info in cases_mock::catalogue() {
        rows.push(runtime.block_on(run_fault(info, args.seed))?);
    }
    let mut faithful = Vec::new();
    for seed in 1..=args.seeds {
        faithful.push(runtime.block_on(run_faithful(seed))?);
    }
    print!("{}", markdown(&rows, &faithful));
    let ok = rows.iter().all(FaultRow::precise) && faithful.iter().all(|f| f.failed.is_empty());
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
