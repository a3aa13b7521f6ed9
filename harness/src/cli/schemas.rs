//! `harness schemas`: regenerate or check the committed schema tree.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::schema::files;

/// Arguments of `harness schemas`.
#[derive(Debug, clap::Args)]
pub struct SchemasArgs {
    /// The `schemas/` folder to write or check (default: the repository's).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Do not write: compare and exit 1 with a diff when the folder differs from the generator.
    #[arg(long)]
    pub check: bool,
}

/// Writes (or checks) every release's schemas.
pub fn execute(args: SchemasArgs) -> anyhow::Result<ExitCode> {
    let dir = args.dir.unwrap_or_else(files::repo_schemas_dir);
    let tree = files::expected_tree()?;
    if args.check {
        let drift = files::check(&dir, &tree)?;
        print!("{drift}");
        return Ok(if drift.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let summary = files::write(&dir, &tree)?;
    println!(
        "{}: {} written, {} removed, {} unchanged",
        dir.display(),
        summary.written.len(),
        summary.removed.len(),
        summary.unchanged
    );
    Ok(ExitCode::SUCCESS)
}
