//! The `harness` command line: see `harness --help`.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = harness::cli::Cli::parse();
    match harness::cli::execute(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("harness: error: {error:#}");
            ExitCode::from(2)
        }
    }
}
