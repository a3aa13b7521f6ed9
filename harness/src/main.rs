//! The `harness` command line: see `harness --help`.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: judging a response builds and drops a JSON tree
/// per exchange from many threads, where glibc's allocator spent a fifth of the harness's time
/// (`cargo bench -p harness --bench hot_paths`, `harness bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
