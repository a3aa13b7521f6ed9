//! `harness run`: the conformance suite against a target (the embedded mock by default),
//! the reports, and the CI gate's exit code.
//!
//! While the engine runs, a spinner on a terminal (plain progress lines when stderr is not a
//! terminal or `CI` is set; nothing with `--quiet`) shows the phase and the requests sent.
//! At the end: a coloured summary table (colours only on a terminal and without `NO_COLOR`),
//! every failure with its `harness replay` line, and where the reports are. With
//! `--format json` the report JSON goes to stdout and the human summary to stderr.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::Context;

use super::{plan, resolve};
use crate::checks::Severity;
use crate::client::{SigningConfig, credentials_from_default_chain};
use crate::embedded::{MockSpec, Target};
use crate::engine::{self, Fixtures, Progress, RunConfig};
use crate::model::Release;
use crate::report::{self, Baseline, GatePolicy, Report, console::Paint};

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
    /// Send only these operations (comma-separated or repeated), for a target that
    /// implements part of the API; the others are reported as not selected. Default: every
    /// operation of the release.
    #[arg(long, value_delimiter = ',')]
    pub operations: Vec<String>,
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
    /// Consecutive transport failures (timeout, reset, truncated or oversized answer) after
    /// which the run stops sending to an operation and reports its remaining requests as not
    /// sent; the other operations go on. 0 never gives up.
    #[arg(long, default_value_t = crate::engine::breaker::DEFAULT_GIVE_UP_AFTER)]
    pub give_up_after: u32,
    /// Send at most this many requests per second overall (a target's request quota).
    #[arg(long, value_name = "PER_SECOND", value_parser = positive_rate)]
    pub rate: Option<f64>,
    /// Send at most this many requests per second to each operation.
    #[arg(long, value_name = "PER_SECOND", value_parser = positive_rate)]
    pub rate_per_operation: Option<f64>,
    /// Tries per request when the target throttles (429 or a throttling error), waiting its
    /// Retry-After or a jittered backoff between them, as the AWS SDKs' standard mode does;
    /// a request still throttled is reported, not judged.
    #[arg(long, default_value_t = crate::engine::pacing::DEFAULT_MAX_ATTEMPTS)]
    pub max_attempts: u32,
    /// Deadline for the whole run, in seconds.
    #[arg(long, default_value_t = 600)]
    pub deadline_secs: u64,
    /// Wait up to this many seconds for created items to show in search (eventual consistency).
    #[arg(long, default_value_t = 0)]
    pub visibility_wait_secs: u64,
    /// Accept invalid TLS certificates (recorded in the report).
    #[arg(long)]
    pub insecure: bool,
    /// Keep what the run created; by default it is deleted at the end, children first, and
    /// what the release cannot delete is listed in the report with its ids.
    #[arg(long)]
    pub keep: bool,
    /// Trust the certificates of this PEM file besides the platform's roots (a private CA, a
    /// TLS-inspecting proxy). Proxies come from HTTPS_PROXY, HTTP_PROXY and NO_PROXY.
    #[arg(long, env = "AWS_CA_BUNDLE", value_name = "PEM")]
    pub ca_bundle: Option<PathBuf>,
    /// Folder the run's reports go into (default: reports/<run id>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Which severity fails the run: `must` (default) or `should` (SHOULD failures too).
    #[arg(long, value_enum, default_value_t = SeverityArg::Must)]
    pub fail_on: SeverityArg,
    /// Known failures (JSON list of {check, operation, reason, expires?}) that do not fail
    /// the gate; entries past `expires` fail it again, entries that no longer fail are listed
    /// as fixed.
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// Write the run's failed check lines as a baseline file (a starting point to edit).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Output on stdout: `text` (summary table) or `json` (the report JSON; the summary then
    /// goes to stderr). With `--plan`: the plan as text or as JSON.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// No progress and no summary: only the gate's verdict line (text) or the JSON.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also check every other vendored release and give a release-by-release verdict (the
    /// newest release the target fully conforms to); their reports go to `<out>/releases/`.
    #[arg(long)]
    pub all_releases: bool,
    /// Inject a named fault into the embedded mock (repeatable; see `harness faults --list`).
    #[arg(long = "mock-fault")]
    pub mock_faults: Vec<cases_mock::Fault>,
    /// Make the embedded mock emulate another release (1.34.97: before File).
    #[arg(long)]
    pub mock_release: Option<cases_mock::MockRelease>,
    /// Read settings from this TOML file (default: ./harness.toml when there is one); flags
    /// and their environment variables win over it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore ./harness.toml.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Hold the target to a recording (`harness record`): its requests are sent again, rebased
    /// onto this target's ids, and every answer is compared (the `parity.*` checks).
    #[arg(long, value_name = "DIR", conflicts_with = "compare_with")]
    pub parity: Option<PathBuf>,
    /// Hold the target to another one, recorded live for this run: a URL, or `mock` for the
    /// faithful embedded mock of the release.
    #[arg(long, value_name = "URL")]
    pub compare_with: Option<String>,
    /// Run only the parity flow (with `--parity` or `--compare-with`), none of the other suites.
    #[arg(long)]
    pub parity_only: bool,
    /// Print the requests per operation and the resources per kind the run would create,
    /// counted against an in-process mock of its release; nothing is sent to the target.
    #[arg(long)]
    pub plan: bool,
}

/// What `harness run` prints on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A human summary.
    Text,
    /// The report JSON (the same document as report.json).
    Json,
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
    /// The target these arguments name: `--target`, else the embedded mock with
    /// `--mock-release` and `--mock-fault`.
    pub fn target(&self) -> Target {
        match &self.target {
            Some(url) => Target::Url(url.clone()),
            None => Target::Embedded(MockSpec {
                release: self.mock_release,
                faults: self.mock_faults.iter().copied().collect(),
            }),
        }
    }

    /// The engine configuration these arguments describe (credentials resolved by the caller;
    /// the target's URL is set when the run starts it, see [`RunArgs::target`]).
    pub fn config(&self, signing: Option<SigningConfig>) -> RunConfig {
        RunConfig {
            release: self.release,
            target: self.target.clone().unwrap_or_default(),
            seed: self.seed.unwrap_or_else(random_seed),
            cases: self.cases,
            concurrency: self.concurrency.max(1),
            // --parity-only judges nothing else: the other checks are not selected, rather
            // than listed as never evaluated.
            only: if self.parity_only && self.only.is_empty() {
                vec!["parity.".to_string()]
            } else {
                self.only.clone()
            },
            severity: self.severity.map(Into::into),
            fixtures: Fixtures {
                domain_id: self.domain_id.clone(),
                template_id: self.template_id.clone(),
                case_id: self.case_id.clone(),
            },
            member_values: crate::r#gen::MemberValues::default(),
            operations: self.operations.clone(),
            overrides: Vec::new(),
            signing,
            expect_auth: self.expect_auth,
            timeout: Duration::from_millis(self.timeout_ms),
            max_body_bytes: self.max_body_bytes,
            max_pages: self.max_pages,
            give_up_after: self.give_up_after,
            rate: self.rate,
            rate_per_operation: self.rate_per_operation,
            max_attempts: self.max_attempts,
            deadline: Duration::from_secs(self.deadline_secs),
            visibility_wait: Duration::from_secs(self.visibility_wait_secs),
            insecure: self.insecure,
            keep: self.keep,
            ca_bundle: self.ca_bundle.clone(),
            proxies: None,
            sequences: self.sequences,
            generated_only: false,
            recall_conforming_answers: true,
            parity: None,
            parity_only: self.parity_only,
        }
    }
}

/// A request rate: a positive, finite number of requests per second.
fn positive_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(rate) if rate.is_finite() && rate > 0.0 => Ok(rate),
        _ => Err(format!(
            "{text:?} is not a positive number of requests per second"
        )),
    }
}

/// A seed from the clock, for runs that did not name one (it is printed and reported).
fn random_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64 ^ 0x5DEE_CE66_D1CE_5EED)
        .unwrap_or(1)
}

/// Whether ANSI colours may go to a stream: it is a terminal and `NO_COLOR` is unset or empty
/// (<https://no-color.org>).
pub fn colors_for(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Every name `--operations` gives must be an operation of the release: a typo would
/// otherwise select nothing and leave the operation unchecked in silence.
fn check_operations(operations: &[String], release: Release) -> anyhow::Result<()> {
    let model = crate::model::ServiceModel::load(release)?;
    let unknown: Vec<&str> = operations
        .iter()
        .map(String::as_str)
        .filter(|op| model.operation(op).is_none())
        .collect();
    if !unknown.is_empty() {
        anyhow::bail!(
            "--operations: {} is not an operation of botocore {release} (see `harness resources --release {release}` or the model)",
            unknown.join(", ")
        );
    }
    Ok(())
}

/// Whether a live progress bar fits: stderr is a terminal and this is not CI.
fn interactive() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// Runs the suite, writes the reports and returns the gate's exit code. `matches` and `argv`
/// are the command line `args` came from, which `harness.toml` is merged under.
pub fn execute(
    args: RunArgs,
    matches: &clap::ArgMatches,
    argv: &[std::ffi::OsString],
) -> anyhow::Result<ExitCode> {
    let resolved = resolve::resolve(args, matches, argv)?;
    let args = resolved.args;
    let mut settings = resolved.settings;
    // Read the baseline first: a bad file is a usage error, not worth a whole run.
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
    check_operations(&args.operations, args.release)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    if args.plan {
        let mut config = args.config(args.sign.then(|| {
            SigningConfig::new(
                args.region.clone(),
                aws_credential_types::Credentials::new("AKIDPLAN", "plan", None, None, "plan"),
            )
        }));
        if let Some(file) = &resolved.file {
            config.member_values = file.values.clone();
            config.overrides = file.overrides.clone();
        }
        let rehearsed = runtime.block_on(plan::rehearse(&config))?;
        if args.seed.is_none() {
            eprintln!(
                "harness: no --seed: the run will pick its own, and its counts may differ slightly; give the seed planned here (--seed {}) to make exactly this run",
                config.seed
            );
        }
        let plan = plan::plan(&config, &args.target().label(), &rehearsed);
        match args.format {
            Format::Text => print!("{}", plan::render(&plan)),
            Format::Json => println!("{}", serde_json::to_string_pretty(&plan)?),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let result = runtime.block_on(async {
        let signing = if args.sign {
            let credentials = credentials_from_default_chain(args.profile.as_deref()).await?;
            Some(SigningConfig::new(args.region.clone(), credentials))
        } else {
            None
        };
        if let Some(signing) = &signing {
            settings.extend(resolve::signing_settings(signing));
        }
        let mut config = args.config(signing);
        if let Some(file) = &resolved.file {
            config.member_values = file.values.clone();
            config.overrides = file.overrides.clone();
        }
        let ignore = resolved
            .file
            .as_ref()
            .map(|f| f.parity_ignore.clone())
            .unwrap_or_default();
        config.parity = parity(&args, &config, ignore).await?.map(Arc::new);
        let target = args.target();
        if !args.quiet {
            eprintln!(
                "harness: checking {} against botocore {} (seed {})",
                target.label(),
                config.release,
                config.seed
            );
        }
        if args.all_releases {
            let (matrix, mut results) = target.run_all_releases(&config).await?;
            let primary = results
                .iter()
                .position(|r| r.config.release == config.release)
                .expect("run_all covers every release");
            let result = results.remove(primary);
            return Ok::<_, anyhow::Error>((result, Some((matrix, results))));
        }
        Ok((run_with_progress(&target, config, !args.quiet).await?, None))
    })?;
    let (result, releases) = result;

    let out = args
        .out
        .clone()
        .unwrap_or_else(|| report::default_dir(&result));
    let mut report = Report::from_run(&result, &out);
    report.meta.configuration = settings.clone();
    report.apply_gate(&GatePolicy {
        fail_on: args.fail_on.into(),
        baseline,
        ..GatePolicy::default()
    });
    report::write_all(&report, &out)?;
    if let Some((matrix, others)) = &releases {
        write_release_matrix(matrix, others, &out, &args, &settings)?;
    }
    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::from_report(
            &report,
            &format!("known failure at run {}", report.meta.run_id),
        );
        std::fs::write(path, baseline.to_json())
            .with_context(|| format!("writing {}", path.display()))?;
    }

    let dir_label = format!("{}/ ({})", out.display(), report::FILES.join(", "));
    match (args.format, args.quiet) {
        (Format::Json, quiet) => {
            print!("{}", report::json::render(&report));
            if !quiet {
                let paint = Paint {
                    color: colors_for(std::io::stderr().is_terminal()),
                };
                eprint!("{}", report::console::summary(&report, &dir_label, paint));
            }
        }
        (Format::Text, true) => println!(
            "gate: {} (exit {}): {}",
            if report.gate.passed {
                "PASSED"
            } else {
                "FAILED"
            },
            report.gate.exit_code,
            report.gate.verdict
        ),
        (Format::Text, false) => {
            let paint = Paint {
                color: colors_for(std::io::stdout().is_terminal()),
            };
            print!("{}", report::console::summary(&report, &dir_label, paint));
        }
    }
    Ok(ExitCode::from(report.gate.exit_code))
}

/// The recording `--parity` names, or the one `--compare-with` makes now, with the members not
/// compared (`[[parity-ignore]]` of `harness.toml`).
async fn parity(
    args: &RunArgs,
    config: &RunConfig,
    ignore: Vec<engine::parity::Ignore>,
) -> anyhow::Result<Option<engine::parity::Parity>> {
    let (recording, source) = match (&args.parity, &args.compare_with) {
        (Some(dir), _) => (super::record::read_dir(dir)?, dir.display().to_string()),
        (None, Some(other)) => {
            let reference = if other == "mock" {
                Target::Embedded(MockSpec::default())
            } else {
                Target::Url(other.clone())
            };
            if !args.quiet {
                eprintln!("harness: recording {} to compare with", reference.label());
            }
            let recording = reference.record(config).await?;
            (recording, reference.label())
        }
        (None, None) => {
            anyhow::ensure!(
                !args.parity_only,
                "--parity-only needs a recording: --parity DIR or --compare-with URL"
            );
            return Ok(None);
        }
    };
    Ok(Some(engine::parity::Parity {
        recording,
        ignore,
        source,
    }))
}

/// Writes each other release's reports under `<out>/releases/<release>/`, the verdicts as
/// `<out>/releases.json`, and prints the release-by-release verdict.
fn write_release_matrix(
    matrix: &engine::releases::ReleaseMatrix,
    others: &[engine::RunResult],
    out: &std::path::Path,
    args: &RunArgs,
    settings: &[report::Setting],
) -> anyhow::Result<()> {
    for result in others {
        let dir = out.join("releases").join(result.config.release.version());
        let mut report = Report::from_run(result, &dir);
        report.meta.configuration = settings.to_vec();
        report.apply_gate(&GatePolicy {
            fail_on: args.fail_on.into(),
            ..GatePolicy::default()
        });
        report::write_all(&report, &dir)?;
    }
    std::fs::write(
        out.join("releases.json"),
        serde_json::to_string_pretty(matrix)? + "\n",
    )
    .context("writing releases.json")?;
    if !args.quiet {
        eprintln!("release-by-release verdict:");
        for v in &matrix.releases {
            eprintln!(
                "  botocore {:<8} {} ({} MUST, {} SHOULD failures)",
                v.release,
                if v.conforms {
                    "conforms"
                } else {
                    "does not conform"
                },
                v.must_failures,
                v.should_failures
            );
        }
        eprintln!(
            "  newest release fully conformed to: {}",
            matrix.newest_conforming.as_deref().unwrap_or("none")
        );
    }
    Ok(())
}

/// Runs the engine while showing its progress on stderr (a spinner on a terminal, a line per
/// phase otherwise), polling every 100 ms.
async fn run_with_progress(
    target: &Target,
    config: RunConfig,
    show: bool,
) -> anyhow::Result<engine::RunResult> {
    let progress = Arc::new(Progress::default());
    // Polled in this task rather than spawned: the engine's future is not `Send`.
    let run = target.run_observed(config, progress.clone());
    if !show {
        return run.await;
    }
    tokio::pin!(run);
    let started = Instant::now();
    let bar = interactive().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner:.cyan} [{elapsed}] {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    });
    let mut last_phase = String::new();
    let mut last_line = Instant::now();
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    let result = loop {
        tokio::select! {
            done = &mut run => break done,
            _ = tick.tick() => {
                let phase = progress.phase.lock().map(|p| p.clone()).unwrap_or_default();
                let sent = progress.requests.load(Ordering::Relaxed);
                match &bar {
                    Some(bar) => {
                        bar.set_message(format!("{phase} · {sent} requests"));
                        bar.tick();
                    }
                    None => {
                        // A line per phase, and a heartbeat every 10 s in long phases.
                        if (phase != last_phase && !phase.is_empty())
                            || last_line.elapsed() >= Duration::from_secs(10)
                        {
                            eprintln!(
                                "harness: [{:>6.1}s] {phase} ({sent} request{} sent so far)",
                                started.elapsed().as_secs_f64(),
                                if sent == 1 { "" } else { "s" }
                            );
                            last_line = Instant::now();
                        }
                    }
                }
                last_phase = phase;
            }
        }
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    result
}
