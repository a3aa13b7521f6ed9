//! `harness faults`: the fault matrix (each named mock fault alone, and the faithful mock),
//! printed as the Markdown table the README carries, with what parity against the committed
//! faithful recording of each fault's release makes of each fault.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::record::{read_dir, repo_recordings_dir};
use crate::engine::parity::Recording;
use crate::faults::{FaultRow, fault_release, markdown, run_faithful, run_fault, run_parity};
use crate::model::Release;

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
    /// The faithful recordings, one folder per release (`<DIR>/<release>/`), each fault is
    /// held to; default: the repository's `cases/parity`.
    #[arg(long, value_name = "DIR")]
    pub recordings: Option<PathBuf>,
}

/// Runs the matrix and prints the table; exit 1 when a fault goes undetected, the faithful
/// mock fails a check, or a fault changes an answer of the recorded flow yet no parity check
/// fails.
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
    let recordings_dir = args.recordings.unwrap_or_else(repo_recordings_dir);
    let mut faithful_recordings: BTreeMap<Release, Recording> = BTreeMap::new();
    let mut rows: Vec<FaultRow> = Vec::new();
    for info in cases_mock::catalogue() {
        let mut row = runtime.block_on(run_fault(info, args.seed))?;
        let release = fault_release(info)?;
        if let std::collections::btree_map::Entry::Vacant(slot) = faithful_recordings.entry(release)
        {
            let dir = recordings_dir.join(release.version());
            let recording = read_dir(&dir).with_context(|| {
                format!("reading the faithful recording of {release} (`harness record --release {release} --out {}` makes it)", dir.display())
            })?;
            slot.insert(recording);
        }
        // Parity is seedless (the flow's requests are the recording's): once per fault.
        row.parity = Some(runtime.block_on(run_parity(info, &faithful_recordings[&release]))?);
        rows.push(row);
    }
    let mut faithful = Vec::new();
    for seed in 1..=args.seeds {
        faithful.push(runtime.block_on(run_faithful(seed))?);
    }
    print!("{}", markdown(&rows, &faithful));
    let ok = rows.iter().all(FaultRow::precise)
        && rows
            .iter()
            .all(|r| r.parity.as_ref().is_some_and(|p| !p.escaped()))
        && faithful.iter().all(|f| f.failed.is_empty());
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
