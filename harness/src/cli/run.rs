//! `harness run`: the conformance suite against a target (the embedded mock by default).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

use crate::checks::Severity;
use crate::client::{SigningConfig, credentials_from_default_chain};
use crate::engine::{self, Fixtures, RunConfig, TargetSpec};
use crate::model::Release;
use crate::report;

/// Arguments of `harness run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Endpoint to test; without it the bundled reference mock is started in-process.
    #[arg(long, env = "CONFORMANCE_TARGET")]
    pub target: Option<String>,
    /// Model release to check against (1.34.97, 1.34.98, 1.44.5).
    #[arg(long, default_value_t = Release::CONTRACT)]
    pub release: Release,
    /// Seed for every random choice (a run is reproducible from its seed).
    #[arg(long, env = "CONFORMANCE_SEED")]
    pub seed: Option<u64>,
    /// Generated valid requests per core operation (as many invalid ones again).
    #[arg(long, default_value_t = 500)]
    pub cases: u32,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 16)]
    pub concurrency: usize,
    /// Randomly interleaved create/search/audit sequences.
    #[arg(long, default_value_t = 24)]
    pub sequences: u32,
    /// Run only checks whose id starts with this (repeatable), e.g. `--only pagination.`.
    #[arg(long)]
    pub only: Vec<String>,
    /// Run only checks of this severity.
    #[arg(long, value_enum)]
    pub severity: Option<SeverityArg>,
    /// Use this domain instead of creating one.
    #[arg(long, env = "CONFORMANCE_DOMAIN_ID")]
    pub domain_id: Option<String>,
    /// Use this template instead of creating one.
    #[arg(long, env = "CONFORMANCE_TEMPLATE_ID")]
    pub template_id: Option<String>,
    /// Send generated requests to this case instead of creating one.
    #[arg(long, env = "CONFORMANCE_CASE_ID")]
    pub case_id: Option<String>,
    /// Sign requests with SigV4, credentials from the standard AWS chain.
    #[arg(long, env = "CONFORMANCE_SIGN")]
    pub sign: bool,
    /// Region to sign for.
    #[arg(long, env = "AWS_REGION", default_value = "us-east-1")]
    pub region: String,
    /// AWS profile for credentials.
    #[arg(long)]
    pub profile: Option<String>,
    /// The target verifies signatures: auth checks become MUST.
    #[arg(long)]
    pub expect_auth: bool,
    /// Per-request timeout in milliseconds.
    #[arg(long, default_value_t = 10_000)]
    pub timeout_ms: u64,
    /// Cap on a response body, in bytes.
    #[arg(long, default_value_t = 8 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Cap on the pages of one pagination walk.
    #[arg(long, default_value_t = 500)]
    pub max_pages: u32,
    /// Deadline for the whole run, in seconds.
    #[arg(long, default_value_t = 600)]
    pub deadline_secs: u64,
    /// Wait up to this many seconds for created items to show in search (eventual consistency).
    #[arg(long, default_value_t = 0)]
    pub visibility_wait_secs: u64,
    /// Accept invalid TLS certificates (recorded in the report).
    #[arg(long)]
    pub insecure: bool,
    /// Folder the run's reports go into (default: reports/<run id>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Which severity fails the run: `must` (default) or `should` (SHOULD failures too).
    #[arg(long, value_enum, default_value_t = SeverityArg::Must)]
    pub fail_on: SeverityArg,
    /// Known failures (JSON) that do not fail the gate.
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// Print only the final verdict line.
    #[arg(long)]
    pub quiet: bool,
}

/// A severity on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SeverityArg {
    /// MUST checks.
    Must,
    /// SHOULD checks.
    Should,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Self {
        match s {
            SeverityArg::Must => Severity::Must,
            SeverityArg::Should => Severity::Should,
        }
    }
}

impl RunArgs {
    /// The engine configuration these arguments describe (credentials resolved by the caller).
    pub fn config(&self, signing: Option<SigningConfig>) -> RunConfig {
        RunConfig {
            release: self.release,
            target: self
                .target
                .clone()
                .map_or(TargetSpec::EmbeddedMock, TargetSpec::Url),
            seed: self.seed.unwrap_or_else(random_seed),
            cases: self.cases,
            concurrency: self.concurrency.max(1),
            only: self.only.clone(),
            severity: self.severity.map(Into::into),
            fixtures: Fixtures {
                domain_id: self.domain_id.clone(),
                template_id: self.template_id.clone(),
                case_id: self.case_id.clone(),
            },
            signing,
            expect_auth: self.expect_auth,
            timeout: Duration::from_millis(self.timeout_ms),
            max_body_bytes: self.max_body_bytes,
            max_pages: self.max_pages,
            deadline: Duration::from_secs(self.deadline_secs),
            visibility_wait: Duration::from_secs(self.visibility_wait_secs),
            insecure: self.insecure,
            sequences: self.sequences,
        }
    }
}

/// A seed from the clock, for runs that did not name one (it is printed and reported).
fn random_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64 ^ 0x5DEE_CE66_D1CE_5EED)
        .unwrap_or(1)
}

/// Runs the suite, writes the reports and returns the gate's exit code.
pub fn execute(args: RunArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let signing = if args.sign {
            let credentials = credentials_from_default_chain(args.profile.as_deref()).await?;
            Some(SigningConfig::new(args.region.clone(), credentials))
        } else {
            None
        };
        let config = args.config(signing);
        if !args.quiet {
            eprintln!(
                "harness: checking {} against botocore {} (seed {})",
                config.target_label(),
                config.release,
                config.seed
            );
        }
        let result = engine::run(config).await?;
        let out = args
            .out
            .clone()
            .unwrap_or_else(|| report::default_dir(&result));
        let written = report::write_all(&result, &out)?;
        if !args.quiet {
            print!("{}", report::console_summary(&result));
            println!("reports: {}", written.display());
        }
        Ok(if result.conforms_at(args.fail_on.into()) {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        })
    })
}
