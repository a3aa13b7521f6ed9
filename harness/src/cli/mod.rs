//! Command-line interface: argument parsing and one module per subcommand.

mod checks;
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
        Command::Schemas(args) => schemas::execute(args),
        Command::Serve(args) => serve::execute(args),
        Command::Checks(args) => checks::execute(args),
    }
}
