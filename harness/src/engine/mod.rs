//! The conformance engine: set-up, the suites, and the result of a run.
//!
//! A run connects to a target it knows by URL alone (the front end starts the embedded mock,
//! if that is the target: `crate::embedded`), compiles the validators once, provisions or
//! adopts a domain, template and case, then runs the suites of [`suites::REGISTRY`] in order:
//! the fixture of fresh cases and items, round trip, filters and audit on it, pagination walks,
//! generated valid and invalid requests (concurrently, failures shrunk), stateful sequences,
//! declarative scenarios, auth probes when signing. Every verdict lands in the
//! [`ledger::Ledger`], which applies the run's check policy; [`RunResult`] is what reports are
//! written from.

pub mod answers;
pub mod binding;
pub mod breaker;
pub mod cleanup;
pub mod config;
pub mod coverage;
pub mod judge;
pub mod ledger;
pub mod pacing;
pub mod parity;
pub mod produced;
pub mod provenance;
pub mod provision;
pub mod quality;
pub mod record;
pub mod releases;
pub mod session;
pub mod setup;
pub mod shrink;
pub mod suites;
pub mod validators;
pub mod walk;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use serde::Serialize;

use crate::checks::{CheckId, Severity};
use crate::client::{ClientConfig, TargetClient};
use crate::model::ServiceModel;

pub use config::{Fixtures, RunConfig};
use ledger::{Ledger, Tally};
use session::Session;
use validators::Validators;

/// The longest clean-up, after the suites (and after the run deadline, if that cut them).
const CLEANUP_DEADLINE: std::time::Duration = std::time::Duration::from_secs(60);

/// Facts about a run that every report starts with.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct RunMeta {
    /// Version of this harness.
    pub harness_version: String,
    /// The model release checked (botocore version).
    pub release: String,
    /// The endpoint the run talked to.
    pub target: String,
    /// When that endpoint was the embedded reference mock, what it emulated (filled in by
    /// the front end that started it: the engine knows targets only by URL).
    #[serde(default)]
    pub embedded_mock: Option<EmbeddedMockMeta>,
    /// The seed of every random choice.
    pub seed: u64,
    /// When the run started (RFC 3339).
    pub started: String,
    /// Wall time of the run in milliseconds.
    pub duration_ms: u64,
    /// Generated requests sent, valid and invalid.
    pub generated_cases: u64,
    /// Stateful sequences run.
    pub sequences: u64,
    /// Scenarios run.
    pub scenarios: u64,
    /// Requests sent in all.
    pub requests: u64,
    /// Requests sent to each operation (those that got any), clean-up included.
    #[serde(default)]
    pub requests_by_operation: BTreeMap<String, u64>,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Success answers recognised as byte-identical to one already found conforming, and so
    /// not read again ([`answers`]).
    #[serde(default)]
    pub recalled_answers: u64,
    /// Why the run is incomplete (deadline, set-up failure), if it is.
    pub incomplete: Option<String>,
    /// Operations the run gave up on, with the requests it did not send them.
    #[serde(default)]
    pub not_run: Vec<breaker::NotRun>,
    /// Throttling the target answered with, by operation: retries, and requests still
    /// throttled after their last try (not judged).
    #[serde(default)]
    pub throttling: Vec<pacing::Throttled>,
    /// Signs the run measured its own set-up more than the target, with the likely cause.
    #[serde(default)]
    pub warnings: Vec<quality::Warning>,
    /// What the run created and what became of it at the end ([`cleanup`]).
    #[serde(default)]
    pub cleanup: cleanup::Cleanup,
    /// Things the reader should know (waits, skipped suites).
    pub notes: Vec<String>,
}

/// The embedded reference mock a run was checked against, as reports name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct EmbeddedMockMeta {
    /// The release it emulated.
    pub release: String,
    /// The faults it shipped, by name.
    pub faults: Vec<String>,
}

/// Everything a run found.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// Run metadata.
    pub meta: RunMeta,
    /// Counts and failures per (operation, check id).
    pub tallies: BTreeMap<(String, CheckId), Tally>,
    /// The settings of the run.
    pub config: RunConfig,
    /// What the run's traffic covered, by operation.
    pub coverage: BTreeMap<String, coverage::OperationCoverage>,
    /// The requests that made what the kept failures' requests name, which each failure's
    /// `setup` lists by id ([`provenance`]).
    pub setup: Vec<record::SetupStep>,
}

impl RunResult {
    /// Failed evaluations of checks with `severity` in this run.
    pub fn failures_of(&self, severity: Severity) -> u64 {
        self.tallies
            .iter()
            .filter(|((operation, check), _)| {
                self.config.severity_for(operation, *check) == severity
            })
            .map(|(_, t)| t.failed)
            .sum()
    }

    /// Whether every `MUST` check held and the run completed.
    pub fn conforms(&self) -> bool {
        self.conforms_at(Severity::Must)
    }

    /// Whether the run completed and no check of `fail_on` severity (or stronger) failed.
    pub fn conforms_at(&self, fail_on: Severity) -> bool {
        let should_counts = fail_on == Severity::Should;
        self.meta.incomplete.is_none()
            && self.failures_of(Severity::Must) == 0
            && (!should_counts || self.failures_of(Severity::Should) == 0)
    }
}

/// Counters the suites bump while they run.
#[derive(Debug, Default)]
pub struct Counters {
    /// Generated requests sent (counted by the workers that send them).
    pub generated: Arc<std::sync::atomic::AtomicU64>,
    /// Sequences run.
    pub sequences: std::sync::atomic::AtomicU64,
    /// Scenarios run.
    pub scenarios: std::sync::atomic::AtomicU64,
}

/// Live progress of a run, for progress bars: the phase and the requests sent so far.
#[derive(Debug, Default)]
pub struct Progress {
    /// Requests sent so far.
    pub requests: Arc<std::sync::atomic::AtomicU64>,
    /// The suite running now.
    pub phase: std::sync::Mutex<String>,
}

impl Progress {
    fn enter(&self, phase: &str) {
        *self.phase.lock().expect("progress lock") = phase.to_string();
    }
}

/// Runs the whole suite described by `config` and returns what it found.
pub async fn run(config: RunConfig) -> anyhow::Result<RunResult> {
    run_observed(config, Arc::new(Progress::default())).await
}

/// As [`run`], reporting progress into `progress` while it goes.
pub async fn run_observed(config: RunConfig, progress: Arc<Progress>) -> anyhow::Result<RunResult> {
    let started_at = SystemTime::now();
    let clock = Instant::now();
    let session = open_session(&config, &progress)?;
    let ledger = session.ledger.clone();
    let counters = Arc::new(Counters::default());

    if config.insecure {
        session.note("TLS certificate verification was off (--insecure)");
    }
    if let Some(proxy) = session.client.proxy() {
        session.note(format!(
            "requests went through the proxy {}:{} (HTTPS_PROXY or HTTP_PROXY; NO_PROXY exempts a host)",
            proxy.host, proxy.port
        ));
    }
    if let Some(path) = config
        .ca_bundle
        .as_ref()
        .filter(|_| session.client.uses_tls())
    {
        session.note(format!(
            "TLS trusted the certificates of {} besides the platform's roots (--ca-bundle)",
            path.display()
        ));
    }
    let generator =
        crate::r#gen::Generator::with_values(&session.model, config.member_values.clone())?;
    let incomplete = match tokio::time::timeout(
        config.deadline,
        suites_in_order(&session, &generator, &counters, &progress),
    )
    .await
    {
        Ok(Ok(())) => None,
        Ok(Err(reason)) => Some(reason),
        Err(_) => Some(format!(
            "the run deadline of {:?} was reached (--deadline-secs)",
            config.deadline
        )),
    };
    let cleanup = if config.keep {
        session.note("clean-up was off (--keep): everything the run created stays on the target");
        cleanup::Cleanup::default()
    } else {
        progress.enter("clean-up");
        match tokio::time::timeout(CLEANUP_DEADLINE, cleanup::clean(&session)).await {
            Ok(cleanup) => cleanup,
            Err(_) => {
                session.note(format!(
                    "clean-up did not finish within {CLEANUP_DEADLINE:?}; what it did not delete stays on the target"
                ));
                cleanup::Cleanup {
                    ran: true,
                    kinds: Vec::new(),
                }
            }
        }
    };
    for note in cleanup::notes(&cleanup) {
        session.note(note);
    }
    use std::sync::atomic::Ordering::Relaxed;
    for note in session.unending.notes() {
        session.note(note);
    }
    for (operation, members) in session.coverage.unrecorded() {
        session.note(format!(
            "coverage of {operation}: {members} member occurrences were not recorded, past the bounds on what coverage keeps (new member names beyond 8,192 paths, 256 per object or 256 bytes each)"
        ));
    }
    let mut tallies = ledger.snapshot();
    let setup = session.provenance.attach(&mut tallies);
    let not_kept = session.provenance.not_kept();
    if not_kept > 0 {
        session.note(format!(
            "the requests that made {not_kept} resources were not kept for set-up (past the first {} MiB of them): a failure naming one of those lists no set-up step for it, and harness replay sends its id as recorded",
            provenance::KEPT_BYTES >> 20
        ));
    }
    let warnings = session.quality.warnings(&tallies, config.signing.is_some());
    let not_run = session.breaker.not_run();
    let throttling = session.pacing.throttled();
    for t in &throttling {
        session.note(format!(
            "{}: {} throttled answers were retried{}",
            t.operation,
            t.retries,
            if t.still_throttled > 0 {
                format!(
                    "; {} requests were still throttled after {} tries and were not judged (lower --rate or --rate-per-operation)",
                    t.still_throttled, config.max_attempts
                )
            } else {
                String::new()
            }
        ));
    }
    let mut notes = session.notes.lock().expect("notes lock").clone();
    notes.extend(not_run.iter().map(|n| {
        format!(
            "{}; {} of its requests were not sent and what they would have checked was not evaluated; the other operations went on",
            n.reason, n.requests
        )
    }));
    let meta = RunMeta {
        harness_version: env!("CARGO_PKG_VERSION").to_string(),
        release: config.release.version().to_string(),
        target: config.target.clone(),
        embedded_mock: None,
        seed: config.seed,
        started: suites::format_time(started_at),
        duration_ms: clock.elapsed().as_millis() as u64,
        generated_cases: counters.generated.load(Relaxed),
        sequences: counters.sequences.load(Relaxed),
        scenarios: counters.scenarios.load(Relaxed),
        requests: session.sent.load(Relaxed),
        requests_by_operation: session.quality.sent(),
        concurrency: config.concurrency,
        recalled_answers: session.answers.recalled(),
        incomplete,
        not_run,
        throttling,
        warnings,
        cleanup,
        notes,
    };
    Ok(RunResult {
        meta,
        tallies,
        config,
        coverage: session.coverage.snapshot(),
        setup,
    })
}

/// The session of a run of `config`: the model loaded, the validators compiled, the client
/// configured, an empty ledger; nothing sent yet.
pub(crate) fn open_session(config: &RunConfig, progress: &Progress) -> anyhow::Result<Session> {
    let model = Arc::new(ServiceModel::load(config.release)?);
    let validators = Arc::new(Validators::compile(&model)?);

    anyhow::ensure!(
        !config.target.is_empty(),
        "no target URL: give the endpoint to check (harness::embedded::Target starts the reference mock)"
    );
    let mut client_config = ClientConfig::new(config.target.clone())
        .with_timeout(config.timeout)
        .with_max_body_bytes(config.max_body_bytes)
        .with_insecure(config.insecure);
    if let Some(signing) = &config.signing {
        client_config = client_config.with_signing(signing.clone());
    }
    if let Some(path) = &config.ca_bundle {
        client_config = client_config.with_ca_bundle(path.clone());
    }
    if let Some(proxies) = &config.proxies {
        client_config = client_config.with_proxies(proxies.clone());
    }
    let client = TargetClient::new(client_config)?;
    let ledger = Arc::new(Ledger::new(config.policy()));
    let coverage = Arc::new(coverage::Coverage::for_model(&model));
    let answers = Arc::new(if config.recall_conforming_answers {
        answers::ConformingAnswers::for_validators(&validators)
    } else {
        answers::ConformingAnswers::default()
    });
    let breaker = Arc::new(breaker::Breaker::new(
        config.give_up_after,
        model.operations.keys().cloned(),
    ));
    let quality = Arc::new(quality::Quality::new(model.operations.keys().cloned()));
    let created = Arc::new(cleanup::Created::for_model(&model));
    let provenance = Arc::new(provenance::Provenance::for_model(&model));
    let session = Session {
        model,
        validators,
        client,
        ledger: ledger.clone(),
        config: Arc::new(config.clone()),
        sent: progress.requests.clone(),
        coverage,
        answers,
        notes: Arc::default(),
        breaker,
        unending: Arc::default(),
        large_answers: Arc::default(),
        quality,
        created,
        provenance,
        pacing: Arc::new(pacing::Pacing::new(
            config.rate,
            config.rate_per_operation,
            config.max_attempts,
            config.seed,
        )),
        tap: None,
    };
    Ok(session)
}

/// Sets up the run, then runs every suite of the registry in order (only the generated ones in
/// a generated-only run). A suite that needs the fixture when it could not be built does not
/// run, and one note names them all.
async fn suites_in_order(
    session: &Session,
    generator: &crate::r#gen::Generator,
    counters: &Counters,
    progress: &Progress,
) -> Result<(), String> {
    // The parity flow first, before the run makes anything: it meets the target as the
    // recorded flow met the reference (a listing of domains finds only its own).
    if session.config.parity.is_some() && !session.config.generated_only {
        progress.enter("parity");
        parity::replay::run(session).await;
        if session.config.parity_only {
            session.note("only the parity flow ran (--parity-only)");
            return Ok(());
        }
    }
    progress.enter("set-up");
    let workspace = setup::prepare(session)
        .await
        .map_err(|e| format!("set-up failed, nothing else could run: {e}"))?;
    // A generated-only run (what `harness bench` measures) sends the core operations only.
    let provisioned = if session.config.generated_only {
        provision::Provisioned::of_workspace(&workspace)
    } else {
        progress.enter("provisioning");
        provision::provision(session, &workspace, generator).await
    };
    for (label, reason) in &provisioned.missing {
        session.note(format!("no {label} could be provisioned: {reason}"));
    }
    // From here on every request names the resources made for the run where it refers to one.
    let generator = &generator.naming(crate::r#gen::References::new(
        session.model.clone(),
        provisioned.references(),
        provision::value_kinds(),
    ));
    let cx = suites::Context {
        session,
        workspace: &workspace,
        provisioned: &provisioned,
        generator,
        counters,
    };
    let mut fixture = None;
    let mut without_fixture = Vec::new();
    for suite in suites::REGISTRY
        .iter()
        .filter(|s| !session.config.generated_only || s.generated_only)
    {
        progress.enter(suite.name);
        match (suite.run, &fixture) {
            (suites::Run::BuildsFixture(build), _) => fixture = build(&cx).await,
            (suites::Run::OnWorkspace(run), _) => run(&cx).await,
            (suites::Run::OnFixture(run), Some(built)) => run(&cx, built).await,
            (suites::Run::OnFixture(_), None) => without_fixture.push(suite.name),
        }
    }
    if !without_fixture.is_empty() {
        session.note(format!(
            "the round-trip suite did not complete (creating its cases or its items, or its first search, failed: see the failures); the {} suites did not run",
            without_fixture.join(", ")
        ));
    }
    Ok(())
}
