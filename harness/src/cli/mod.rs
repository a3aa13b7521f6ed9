//! Command-line interface: argument parsing and one module per subcommand.

mod checks;
pub mod run;
mod schemas;
mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Conformance harness for the Amazon Connect Cases API (botocore model of the 2024-05-03
/// `File` release by default).
#[derive(Debug, Parser)]
#[command(name = "harness", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the conformance suite against a target (the bundled mock when none is given) and
    /// write the reports. Exit 0: every MUST check passed; 1: a check failed; 2: usage or
    /// harness error.
    #[command(
        after_help = "Examples:\n  harness run\n  harness run --seed 42 --cases 2000\n  harness run --target http://127.0.0.1:8080 --only pagination.\n  harness run --target https://cases.us-east-1.amazonaws.com --sign --region us-east-1 --domain-id D --visibility-wait-secs 10"
    )]
    Run(run::RunArgs),
    /// Regenerate the JSON Schemas under `schemas/` from the vendored models (or check them).
    #[command(
        after_help = "Examples:\n  harness schemas            # rewrite schemas/\n  harness schemas --check    # exit 1 and show a diff if schemas/ drifted"
    )]
    Schemas(schemas::SchemasArgs),
    /// List the named checks with their severity (or print docs/checks.md).
    #[command(
        after_help = "Examples:\n  harness checks\n  harness checks --markdown > docs/checks.md"
    )]
    Checks(checks::ChecksArgs),
    /// Serve the bundled reference mock of Connect Cases (in-memory, loopback by default).
    #[command(
        after_help = "Examples:\n  harness serve --port 0\n  harness serve --port 8080 --sigv4-access-key-id AKIDEXAMPLE --sigv4-secret-access-key SECRET"
    )]
    Serve(serve::ServeArgs),
}

/// Runs a parsed command line and returns the process exit code (0 ok, 1 check failed,
/// 2 usage or harness error).
pub fn execute(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run(args) => run::execute(args),
        Command::Schemas(args) => schemas::execute(args),
        Command::Serve(args) => serve::execute(args),
        Command::Checks(args) => checks::execute(args),
    }
}
