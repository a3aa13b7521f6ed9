//! Command-line interface: argument parsing and one module per subcommand.

mod bench;
mod checks;
pub mod config_file;
mod diff_models;
mod faults;
mod openapi;
mod plan;
pub mod record;
pub mod replay;
pub mod resolve;
mod resources;
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
        after_help = "Examples:\n  harness run\n  harness run --seed 42 --cases 2000\n  harness run --target http://127.0.0.1:8080 --only pagination.\n  harness run --target https://cases.us-east-1.amazonaws.com --sign --region us-east-1 --domain-id D --visibility-wait-secs 10\n  harness run --target http://127.0.0.1:8080 --baseline known-failures.json --fail-on should\n  harness run --cases 50 --format json --quiet > report.json\n\nReports go to reports/<run>/ (report.json, junit.xml, report.md, report.html) unless --out says otherwise.\nExit codes: 0 every MUST check held (or failed only as the baseline allows), 1 a check failed or the run was incomplete, 2 usage or harness error."
    )]
    Run(Box<run::RunArgs>),
    /// Regenerate the JSON Schemas under `schemas/` from the vendored models (or check them).
    #[command(
        after_help = "Examples:\n  harness schemas            # rewrite schemas/\n  harness schemas --check    # exit 1 and show a diff if schemas/ drifted"
    )]
    Schemas(schemas::SchemasArgs),
    /// Time the generated requests alone against a target and print cases per second (JSON),
    /// or write those requests unsent for a load generator (`--dump-requests`).
    #[command(
        after_help = "Examples:\n  harness bench --cases 100000\n  harness bench --target http://127.0.0.1:8080 --cases 2000 --concurrency 32\n  harness bench --cases 1000 --domain-id D --case-id C --dump-requests requests.jsonl"
    )]
    Bench(bench::BenchArgs),
    /// Run the fault matrix: the suite against the mock with each named fault alone and
    /// against the faithful mock; prints the detection table (Markdown).
    #[command(
        after_help = "Examples:\n  harness faults --list\n  harness faults --seeds 10 > docs/fault-matrix.md"
    )]
    Faults(faults::FaultsArgs),
    /// Show what changed between two model releases, in the form of the AWS change notes
    /// (or as classified JSON).
    #[command(
        name = "diff-models",
        after_help = "Examples:\n  harness diff-models 1.34.97 1.34.98\n  harness diff-models 1.34.98 1.44.5 --format json"
    )]
    DiffModels(diff_models::DiffModelsArgs),
    /// List the named checks with their severity (or print docs/checks.md).
    #[command(
        after_help = "Examples:\n  harness checks\n  harness checks --markdown > docs/checks.md"
    )]
    Checks(checks::ChecksArgs),
    /// Print an OpenAPI 3.1 document of the core operations, derived from the same model, for
    /// tools that read OpenAPI.
    #[command(
        after_help = "Examples:\n  harness openapi > cases.openapi.json\n  harness openapi --operation CreateRelatedItem --operation GetCase"
    )]
    Openapi(openapi::OpenapiArgs),
    /// Serve the bundled reference mock of Connect Cases (in-memory, loopback by default).
    #[command(
        after_help = "Examples:\n  harness serve --port 0\n  harness serve --port 8080 --sigv4-access-key-id AKIDEXAMPLE --sigv4-secret-access-key SECRET"
    )]
    Serve(serve::ServeArgs),
    /// Re-send the recorded request(s) of one failure from a report and show the new response
    /// with its diff against the recorded one.
    #[command(
        after_help = "Examples:\n  harness replay --report reports/20240503101112-2a/report.json --failure F0003\n  harness replay --report report.json --failure F0003 --target http://127.0.0.1:8080\n  harness replay --report report.json --failure F7 --target https://cases.us-east-1.amazonaws.com --sign\n\nWithout --target the run's target is used, or a fresh embedded mock when the run used the embedded one (its ids differ, so requests naming the run's resources may get 404)."
    )]
    Replay(replay::ReplayArgs),
    /// Record what a reference target (the bundled mock of the release by default) answers to
    /// the parity flow, for `harness run --parity` to hold other targets to.
    #[command(
        after_help = "Examples:\n  harness record --release 1.44.5 --out cases/parity/1.44.5\n  harness record --target http://127.0.0.1:8080 --out recordings/mine\n  harness record --release 1.44.5 --out cases/parity/1.44.5 --check\n\nThen: harness run --target URL --parity cases/parity/1.44.5"
    )]
    Record(record::RecordArgs),
    /// Print the resource graph read off a release's model: each resource's parents and the
    /// operations that produce, read, list, update, delete and consume it.
    #[command(after_help = "Examples:\n  harness resources\n  harness resources --release 1.44.5")]
    Resources(resources::ResourcesArgs),
}

/// Parses the command line `argv` (program name first) and runs it; returns the process exit
/// code (0 ok, 1 check failed, 2 usage or harness error). A usage error clap finds exits here
/// with clap's message and code, as `--help` and `--version` do.
pub fn main(argv: Vec<std::ffi::OsString>) -> anyhow::Result<ExitCode> {
    use clap::{CommandFactory, FromArgMatches};
    let matches = Cli::command()
        .try_get_matches_from(&argv)
        .unwrap_or_else(|e| e.exit());
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    execute(cli, &matches, &argv)
}

/// Runs a parsed command line (`matches` and `argv` are what it was parsed from: `harness run`
/// merges `harness.toml` under them) and returns the process exit code.
pub fn execute(
    cli: Cli,
    matches: &clap::ArgMatches,
    argv: &[std::ffi::OsString],
) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run(args) => {
            let run_matches = matches
                .subcommand_matches("run")
                .expect("a parsed run command has run's matches");
            run::execute(*args, run_matches, argv)
        }
        Command::Schemas(args) => schemas::execute(args),
        Command::Serve(args) => serve::execute(args),
        Command::Checks(args) => checks::execute(args),
        Command::Replay(args) => replay::execute(args),
        Command::DiffModels(args) => diff_models::execute(args),
        Command::Faults(args) => faults::execute(args),
        Command::Bench(args) => bench::execute(args),
        Command::Openapi(args) => openapi::execute(args),
        Command::Resources(args) => resources::execute(args),
        Command::Record(args) => record::execute(args),
    }
}
