//! `harness checks`: list the check catalogue.

use std::process::ExitCode;

use crate::checks::{CATALOGUE, catalogue_markdown};

/// Arguments of `harness checks`.
#[derive(Debug, clap::Args)]
pub struct ChecksArgs {
    /// Print the catalogue as the Markdown of `docs/checks.md`.
    #[arg(long)]
    pub markdown: bool,
}

/// Prints every check with its severity, one per line (or the Markdown document).
pub fn execute(args: ChecksArgs) -> anyhow::Result<ExitCode> {
    if args.markdown {
        print!("{}", catalogue_markdown());
    } else {
        for check in CATALOGUE {
            println!(
                "{:<36} {:<6} {}",
                check.id,
                check.severity.to_string(),
                check.title
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
