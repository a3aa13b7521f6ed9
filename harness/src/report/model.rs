//! The one result model of a run ([`Report`]): every writer (JSON, JUnit, Markdown, HTML,
//! console), the CI gate and `harness replay` read this and nothing else, so they cannot
//! disagree about what a run found.
//!
//! The model is deliberately decoupled from the engine's own types: `report.json` is a
//! published format (schema in `schemas/report.schema.json`), the engine's structs are not.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::coverage::CoverageReport;
use super::diff;
use super::gate::{GateOutcome, GatePolicy};
use crate::checks::{CATALOGUE, CheckId, Severity};
use crate::engine::RunResult;
use crate::engine::record::{ExchangeRecord, Failure};

/// The version of the `report.json` layout; bumped on any incompatible change so consumers
/// can refuse a layout they do not know.
pub const REPORT_SCHEMA_VERSION: u32 = 2;

/// The outcome of one check for one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every evaluation held.
    Pass,
    /// At least one evaluation failed.
    Fail,
    /// Selected for the run but never evaluated: a green run must not hide it.
    Skipped,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Skipped => "skipped",
        })
    }
}

/// How much traffic a run sent, by kind, so a reader can judge how thorough it was.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cases {
    /// Generated requests sent, valid and invalid.
    pub generated: u64,
    /// Stateful sequences run.
    pub sequences: u64,
    /// Declarative scenarios run.
    pub scenarios: u64,
    /// Requests sent in all (set-up and probes included).
    pub requests: u64,
}

/// Which checks the run selected, so a partial run is never mistaken for a full one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    /// `--only` prefixes (empty: every check).
    pub only: Vec<String>,
    /// `--severity` (none: both).
    pub severity: Option<Severity>,
    /// `--expect-auth`: the auth checks were `MUST`.
    pub expect_auth: bool,
    /// Whether requests were SigV4-signed (`--sign`).
    pub signed: bool,
}

/// One effective setting of a run and where its value came from, so a reader can tell what
/// the run was told and by whom (secrets redacted before they get here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setting {
    /// The setting's name: a `run` flag (`cases`), `config`, or a file-only key
    /// (`fixtures.contactArn`, `signing.secret-access-key`).
    pub key: String,
    /// Its value as given, or `<redacted>`.
    pub value: String,
    /// Where it came from: `flag`, `env`, `file`, `default` or `credentials`.
    pub source: String,
}

/// One check-policy override of a run, as every report lists it: a user's decision that
/// changes what passes, never applied without its reason on show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyLine {
    /// The check it applies to.
    pub check: String,
    /// The operation it applies to (`None`: every operation).
    pub operation: Option<String>,
    /// `disable`, `should` or `accept-status`.
    pub action: String,
    /// The statuses an `accept-status` override accepts.
    #[serde(default)]
    pub statuses: Vec<u16>,
    /// Why.
    pub reason: String,
}

impl PolicyLine {
    /// The line of a report listing it: `should acceptance.valid-request-200 for
    /// CreateRelatedItem: <reason>`.
    pub fn describe(&self) -> String {
        let mut line = format!("{} {}", self.action, self.check);
        if !self.statuses.is_empty() {
            let statuses: Vec<String> = self.statuses.iter().map(u16::to_string).collect();
            line.push_str(&format!(" [{}]", statuses.join(", ")));
        }
        match &self.operation {
            Some(op) => line.push_str(&format!(" for {op}")),
            None => line.push_str(" for every operation"),
        }
        format!("{line}: {}", self.reason)
    }
}

impl From<&crate::checks::Override> for PolicyLine {
    fn from(o: &crate::checks::Override) -> Self {
        PolicyLine {
            check: o.check.to_string(),
            operation: o.operation.clone(),
            action: o.action.name().to_string(),
            statuses: match &o.action {
                crate::checks::Action::AcceptStatus(statuses) => statuses.clone(),
                _ => Vec::new(),
            },
            reason: o.reason.clone(),
        }
    }
}

/// Facts about the run every report starts with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// The run's id: the name of its default folder under `reports/`.
    pub run_id: String,
    /// Version of the harness that ran.
    pub harness_version: String,
    /// The model release checked (botocore version).
    pub release: String,
    /// The endpoint the run talked to (base URL, no credentials).
    pub target: String,
    /// Whether that endpoint was the embedded reference mock.
    pub embedded_mock: bool,
    /// The model release the embedded mock emulated (`None` for other targets), so a replay
    /// can start the same mock.
    pub mock_release: Option<String>,
    /// Named faults the embedded mock shipped (`--mock-fault`), so a replay can ship them too.
    pub mock_faults: Vec<String>,
    /// The seed every random choice derived from: rerunning with it reproduces the run.
    pub seed: u64,
    /// When the run started (RFC 3339).
    pub started: String,
    /// Wall time of the run in milliseconds.
    pub duration_ms: u64,
    /// Generated valid requests per core operation asked for (`--cases`).
    pub cases_per_operation: u32,
    /// What was sent.
    pub cases: Cases,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// What the run selected.
    pub selection: Selection,
    /// Why the run is incomplete (deadline, set-up failure), if it is.
    pub incomplete: Option<String>,
    /// Operations the run gave up on after consecutive transport failures, with the requests
    /// it did not send them (each also stated in `notes`).
    #[serde(default)]
    pub not_run: Vec<crate::engine::breaker::NotRun>,
    /// Throttling the target answered with, by operation: retries, and requests still
    /// throttled after their last try, which were not judged (each also stated in `notes`).
    #[serde(default)]
    pub throttling: Vec<crate::engine::pacing::Throttled>,
    /// Run-quality warnings: signs the run measured its own set-up more than the target,
    /// each with the likely cause and what fixes it.
    #[serde(default)]
    pub warnings: Vec<crate::engine::quality::Warning>,
    /// What the run created and what became of it: deleted, removed with a parent, or left
    /// behind with its ids and why.
    #[serde(default)]
    pub cleanup: crate::engine::cleanup::Cleanup,
    /// The check-policy overrides of the run (`[[policy]]` of `harness.toml`), each with its
    /// reason.
    #[serde(default)]
    pub policy: Vec<PolicyLine>,
    /// The resolved configuration: every effective setting and where it came from (filled in
    /// by the front end that resolved it; secrets redacted).
    #[serde(default)]
    pub configuration: Vec<Setting>,
    /// Things the reader should know (waits, skipped suites).
    pub notes: Vec<String>,
}

impl Meta {
    /// The run-summary rows the Markdown and HTML reports open with, as (label, text).
    /// `literal` marks up text a reader may copy (target, seed, run id): a code span in
    /// Markdown, the text itself in HTML (which escapes every cell anyway).
    pub fn summary_rows(&self, literal: impl Fn(&str) -> String) -> [(&'static str, String); 8] {
        let embedded = if self.embedded_mock {
            " (embedded reference mock)"
        } else {
            ""
        };
        [
            ("Target", format!("{}{embedded}", literal(&self.target))),
            ("Model", format!("botocore {}", self.release)),
            ("Harness", self.harness_version.clone()),
            (
                "Seed",
                format!(
                    "{} (rerun with {})",
                    literal(&self.seed.to_string()),
                    literal(&format!("--seed {}", self.seed))
                ),
            ),
            ("Started", self.started.clone()),
            (
                "Duration",
                format!("{:.2} s", self.duration_ms as f64 / 1000.0),
            ),
            (
                "Traffic",
                format!(
                    "{} requests: {} generated ({} per operation asked), {} sequences, {} scenarios, concurrency {}",
                    self.cases.requests,
                    self.cases.generated,
                    self.cases_per_operation,
                    self.cases.sequences,
                    self.cases.scenarios,
                    self.concurrency
                ),
            ),
            ("Run", literal(&self.run_id)),
        ]
    }
}

/// One (operation, check) line of a report, or one check that was never evaluated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    /// The operation; `None` for a skipped check no operation evaluated.
    pub operation: Option<String>,
    /// The check id (see `docs/checks.md`).
    pub check: String,
    /// The check's family (`protocol`, `roundtrip`, …), for grouping.
    pub family: String,
    /// Severity in this run.
    pub severity: Severity,
    /// What must hold.
    pub title: String,
    /// The model shape or documentation sentence it rests on.
    pub rests_on: String,
    /// Pass, fail or skipped.
    pub status: Status,
    /// Evaluations that held.
    pub passed: u64,
    /// Evaluations that failed (more than the failures kept in full).
    pub failed: u64,
    /// Why a skipped check was not evaluated, when known.
    pub skip_reason: Option<String>,
    /// Ids of the failures kept in full for this line (`F0001`, …).
    pub failure_ids: Vec<String>,
}

/// One exchange as reports quote it: secrets already redacted by the client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedExchange {
    /// The operation the request was meant for.
    pub operation: String,
    /// HTTP method.
    pub method: String,
    /// Full URL as sent.
    pub url: String,
    /// Request headers (`Authorization`, `X-Amz-Security-Token` redacted).
    pub request_headers: Vec<(String, String)>,
    /// Request body as text.
    pub request_body: Option<String>,
    /// Response status, when a response came.
    pub status: Option<u16>,
    /// Response headers.
    pub response_headers: Vec<(String, String)>,
    /// Response body as text (cut at the engine's report limit).
    pub response_body: Option<String>,
    /// Why no response came, when none did.
    pub transport_error: Option<String>,
    /// Milliseconds from start to outcome.
    pub elapsed_ms: f64,
    /// A `curl` line replaying the request (credentials redacted).
    pub curl: String,
}

impl From<&ExchangeRecord> for RecordedExchange {
    fn from(r: &ExchangeRecord) -> Self {
        RecordedExchange {
            operation: r.operation.clone(),
            method: r.method.clone(),
            url: r.url.clone(),
            request_headers: r.request_headers.clone(),
            request_body: r.request_body.clone(),
            status: r.status,
            response_headers: r.response_headers.clone(),
            response_body: r.response_body.clone(),
            transport_error: r.transport_error.clone(),
            elapsed_ms: r.elapsed_ms,
            curl: r.curl.clone(),
        }
    }
}

/// One failed evaluation, with everything needed to understand and replay it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FailureReport {
    /// Run-unique id (`F0001`), what `harness replay --failure` takes.
    pub id: String,
    /// The check that failed.
    pub check: String,
    /// Its severity in this run.
    pub severity: Severity,
    /// The operation it concerns.
    pub operation: String,
    /// Which case found it: `generated valid`, `mutation`, `roundtrip: …`, a walk, a scenario…
    pub case: String,
    /// The named mutation of an invalid request, when the case was one.
    pub mutation: Option<String>,
    /// What went wrong, in one or two sentences.
    pub message: String,
    /// What the check expected.
    pub expected: Value,
    /// What the target did.
    pub actual: Value,
    /// The request envelope (`uri`, `query`, `headers`, `body`), shrunk when it was generated.
    pub request: Option<Value>,
    /// Shrink steps that reduced the original request, when it was shrunk.
    pub shrink_steps: Option<u32>,
    /// Unified diff of canonical expected vs actual JSON (see [`diff`] for the redaction rule).
    pub diff: String,
    /// The `harness replay` command line that re-sends this failure's requests.
    pub replay: String,
    /// A `curl` line for the decisive (last) exchange, when there was one.
    pub curl: Option<String>,
    /// The exchanges that show it, in order (the last is usually the decisive one).
    pub exchanges: Vec<RecordedExchange>,
    /// The report's set-up steps (ids of [`Report::setup`]) that make what these exchanges
    /// name, in an order to send them in: `harness replay` sends them first.
    #[serde(default)]
    pub setup: Vec<String>,
}

/// One request of the run that made a resource a failure's requests name. A report carries
/// them because the resources exist only on the run's target, and only until clean-up: a
/// replay anywhere else sends these first and rebases the failure's ids onto theirs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetupStep {
    /// Report-unique id (`S1`), in the order the run made the resources.
    pub id: String,
    /// The producing operation (`CreateCase`).
    pub operation: String,
    /// The request envelope (`uri`, `query`, `headers`, `body`) as the run sent it.
    pub request: Value,
    /// The body sent as raw text instead of the envelope's, when it was.
    pub raw_body: Option<String>,
    /// What it made, by member (`caseId`, `caseArn`), as the run's target answered.
    pub produces: BTreeMap<String, String>,
    /// The steps whose resources its own request names (a case's domain and template).
    pub needs: Vec<String>,
    /// The exchange as the run saw it.
    pub exchange: RecordedExchange,
}

impl From<&crate::engine::record::SetupStep> for SetupStep {
    fn from(s: &crate::engine::record::SetupStep) -> Self {
        SetupStep {
            id: s.id.clone(),
            operation: s.operation.clone(),
            request: s.request.clone(),
            raw_body: s.raw_body.clone(),
            produces: s.produces.clone(),
            needs: s.needs.clone(),
            exchange: RecordedExchange::from(&s.exchange),
        }
    }
}

/// Conformance of one operation: what share of its evaluated `MUST` checks held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationScore {
    /// The operation.
    pub operation: String,
    /// (operation, check) lines evaluated.
    pub checks: usize,
    /// Lines that passed.
    pub passed: usize,
    /// `MUST` lines that failed.
    pub must_failed: usize,
    /// `SHOULD` lines that failed.
    pub should_failed: usize,
    /// Percentage of evaluated `MUST` lines that passed; `None` when none was evaluated.
    pub score: Option<f64>,
}

/// Totals of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Complete, and no `MUST` check failed (the gate may be stricter or use a baseline).
    pub conforms: bool,
    /// (operation, check) lines evaluated.
    pub checks: usize,
    /// Lines that passed.
    pub passed: usize,
    /// Lines that failed.
    pub failed: usize,
    /// Catalogue checks selected but never evaluated.
    pub skipped: usize,
    /// `MUST` lines that failed.
    pub must_failed: usize,
    /// `SHOULD` lines that failed.
    pub should_failed: usize,
    /// Failures kept in full (at most a few per line; `failed_evaluations` counts them all).
    pub failures: usize,
    /// Failed evaluations in all.
    pub failed_evaluations: u64,
    /// Percentage of evaluated `MUST` lines that passed; `None` when none was evaluated.
    pub score: Option<f64>,
}

/// Everything a run found, in the form every writer renders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Layout version of this document ([`REPORT_SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Run metadata.
    pub meta: Meta,
    /// Totals.
    pub summary: Summary,
    /// The CI gate's verdict (exit code, new, known, fixed and expired failures).
    pub gate: GateOutcome,
    /// Score per operation, sorted by operation.
    pub operations: Vec<OperationScore>,
    /// One line per (operation, check), then the skipped checks.
    pub checks: Vec<CheckResult>,
    /// Every kept failure, by id.
    pub failures: Vec<FailureReport>,
    /// The requests that made what the failures' requests name, each once (failures list the
    /// ones they need by id).
    #[serde(default)]
    pub setup: Vec<SetupStep>,
    /// What the run's traffic exercised of the contract, and what it never did.
    pub coverage: CoverageReport,
}

/// The numeric part of a failure id, so `F10000` sorts after `F9999`.
pub fn failure_number(id: &str) -> u64 {
    id.trim_start_matches(['F', 'f'])
        .parse()
        .unwrap_or(u64::MAX)
}

/// `<started yyyymmddhhmmss>-<seed hex>`: sortable by time, unique per seed.
pub fn run_id(started: &str, seed: u64) -> String {
    let stamp: String = started
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect();
    format!("{stamp}-{seed:x}")
}

/// Percentage of `passed` in `total`, `None` for nothing evaluated.
pub fn percent(passed: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| (10_000.0 * passed as f64 / total as f64).round() / 100.0)
}

impl Report {
    /// Builds the report of a run that writes into `dir` (which the replay lines name).
    /// The gate is the default one (`MUST` failures fatal, no baseline); apply another with
    /// [`Report::apply_gate`].
    pub fn from_run(result: &RunResult, dir: &Path) -> Self {
        let config = &result.config;
        let report_path = dir.join("report.json");
        let mut checks = Vec::new();
        let mut failures = Vec::new();
        for ((operation, check_id), tally) in &result.tallies {
            let check = check_id.check();
            checks.push(CheckResult {
                operation: Some(operation.clone()),
                check: check_id.to_string(),
                family: family_name(check),
                severity: config.severity_for(operation, *check_id),
                title: check.title.to_string(),
                rests_on: check.rests_on.to_string(),
                status: if tally.failed == 0 {
                    Status::Pass
                } else {
                    Status::Fail
                },
                passed: tally.passed,
                failed: tally.failed,
                skip_reason: None,
                failure_ids: tally.failures.iter().map(|f| f.id.clone()).collect(),
            });
            failures.extend(
                tally
                    .failures
                    .iter()
                    .map(|f| failure_report(f, &report_path)),
            );
        }
        let order = |id: &str| CATALOGUE.iter().position(|c| c.id == id);
        checks
            .sort_by(|a, b| (&a.operation, order(&a.check)).cmp(&(&b.operation, order(&b.check))));
        let evaluated: std::collections::BTreeSet<CheckId> =
            result.tallies.keys().map(|(_, c)| *c).collect();
        let policy = config.policy();
        for (id, check) in CheckId::ALL
            .iter()
            .map(|id| (*id, id.check()))
            .filter(|(id, _)| policy.selects(*id) && !evaluated.contains(id))
        {
            checks.push(CheckResult {
                operation: None,
                check: check.id.to_string(),
                family: family_name(check),
                severity: config.severity_of(id),
                title: check.title.to_string(),
                rests_on: check.rests_on.to_string(),
                status: Status::Skipped,
                passed: 0,
                failed: 0,
                skip_reason: skip_reason(result, id.as_str()),
                failure_ids: Vec::new(),
            });
        }
        failures.sort_by_key(|f| failure_number(&f.id));

        let meta = meta(result);
        let coverage = crate::model::ServiceModel::load(config.release)
            .map(|model| super::coverage::build(&model, &result.coverage, &config.operations))
            .unwrap_or_default();
        let mut report = Report {
            schema_version: REPORT_SCHEMA_VERSION,
            summary: summarize(&checks, &failures, meta.incomplete.is_none()),
            operations: operation_scores(&checks),
            gate: GateOutcome::default(),
            meta,
            checks,
            failures,
            setup: result.setup.iter().map(SetupStep::from).collect(),
            coverage,
        };
        report.apply_gate(&GatePolicy::default());
        report
    }

    /// Re-judges the report under `policy` (fail-on level, baseline) and stores the verdict.
    pub fn apply_gate(&mut self, policy: &GatePolicy) -> &GateOutcome {
        self.gate = super::gate::evaluate(self, policy);
        &self.gate
    }

    /// The set-up steps a failure needs, in its order; ids the report does not hold are
    /// left out.
    pub fn setup_of(&self, failure: &FailureReport) -> Vec<&SetupStep> {
        failure
            .setup
            .iter()
            .filter_map(|id| self.setup.iter().find(|s| &s.id == id))
            .collect()
    }

    /// A failure by id (`F0003`; `F3` and `3` are accepted too).
    pub fn failure(&self, id: &str) -> Option<&FailureReport> {
        let wanted = failure_number(id.trim());
        self.failures
            .iter()
            .find(|f| failure_number(&f.id) == wanted)
    }

    /// The lines that failed, in report order.
    pub fn failed_checks(&self) -> impl Iterator<Item = &CheckResult> {
        self.checks.iter().filter(|c| c.status == Status::Fail)
    }
}

fn family_name(check: &crate::checks::Check) -> String {
    serde_json::to_value(check.family)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn meta(result: &RunResult) -> Meta {
    let m = &result.meta;
    let config = &result.config;
    Meta {
        run_id: run_id(&m.started, m.seed),
        harness_version: m.harness_version.clone(),
        release: m.release.clone(),
        target: m.target.clone(),
        embedded_mock: m.embedded_mock.is_some(),
        mock_release: m.embedded_mock.as_ref().map(|mock| mock.release.clone()),
        mock_faults: m
            .embedded_mock
            .as_ref()
            .map(|mock| mock.faults.clone())
            .unwrap_or_default(),
        seed: m.seed,
        started: m.started.clone(),
        duration_ms: m.duration_ms,
        cases_per_operation: config.cases,
        cases: Cases {
            generated: m.generated_cases,
            sequences: m.sequences,
            scenarios: m.scenarios,
            requests: m.requests,
        },
        concurrency: m.concurrency,
        selection: Selection {
            only: config.only.clone(),
            severity: config.severity,
            expect_auth: config.expect_auth,
            signed: config.signing.is_some(),
        },
        incomplete: m.incomplete.clone(),
        not_run: m.not_run.clone(),
        throttling: m.throttling.clone(),
        warnings: m.warnings.clone(),
        cleanup: m.cleanup.clone(),
        policy: config.overrides.iter().map(PolicyLine::from).collect(),
        configuration: Vec::new(),
        notes: m.notes.clone(),
    }
}

/// Why a selected check never ran, inferred from the run's settings and outcome; `None` when
/// nothing explains it (the report then just says it was not exercised).
pub fn skip_reason(result: &RunResult, check_id: &str) -> Option<String> {
    let config = &result.config;
    let family = check_id.split('.').next().unwrap_or_default();
    if let Some(reason) = not_in_release(result, check_id) {
        return Some(reason);
    }
    if let Some(reason) = &result.meta.incomplete {
        return Some(format!("the run stopped early: {reason}"));
    }
    if config.parity_only && family != "parity" {
        return Some("only the parity flow ran (--parity-only)".into());
    }
    match family {
        "parity" if config.parity.is_none() => Some(
            "parity checks run only against a recording (--parity DIR or --compare-with URL); this run had none"
                .into(),
        ),
        "auth" if config.signing.is_none() => Some(
            "auth probes run only when requests are signed (--sign); this run sent unsigned requests"
                .into(),
        ),
        "stateful" if config.sequences == 0 => {
            Some("no stateful sequence was asked for (--sequences 0)".into())
        }
        "scenario" if result.meta.scenarios == 0 => Some("no scenario ran".into()),
        "roundtrip" | "filters" | "audit" | "pagination"
            if result
                .meta
                .notes
                .iter()
                .any(|n| n.contains("round-trip suite did not complete")) =>
        {
            Some("the round-trip suite did not complete (see notes and failures)".into())
        }
        _ if !result.meta.not_run.is_empty() => {
            let given_up: Vec<&str> = result
                .meta
                .not_run
                .iter()
                .map(|n| n.operation.as_str())
                .collect();
            Some(format!(
                "the run gave up on {} after consecutive transport failures (see notes)",
                given_up.join(", ")
            ))
        }
        _ => None,
    }
}

/// Why a check cannot be evaluated at the run's release: the operations or shapes it needs
/// ([`crate::checks::Check::needs`]) that the release's model lacks (they came later).
fn not_in_release(result: &RunResult, check_id: &str) -> Option<String> {
    let needs = crate::checks::lookup(check_id)?.needs;
    if needs.is_empty() {
        return None;
    }
    let model = crate::model::ServiceModel::load(result.config.release).ok()?;
    let missing: Vec<&str> = needs
        .iter()
        .copied()
        .filter(|name| !model.has_operation_or_shape(name))
        .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "not part of release {}: its model has no {}",
            model.release.version(),
            missing.join(" or ")
        )
    })
}

fn failure_report(failure: &Failure, report_path: &Path) -> FailureReport {
    FailureReport {
        id: failure.id.clone(),
        check: failure.check.clone(),
        severity: failure.severity,
        operation: failure.operation.clone(),
        case: failure.case.clone(),
        mutation: failure.mutation.clone(),
        message: failure.message.clone(),
        expected: failure.expected.clone(),
        actual: failure.actual.clone(),
        request: failure.request.clone(),
        shrink_steps: failure.shrink_steps,
        diff: diff::json_diff(&failure.expected, &failure.actual),
        replay: replay_command(report_path, &failure.id),
        curl: failure.exchanges.last().map(|e| e.curl.clone()),
        exchanges: failure
            .exchanges
            .iter()
            .map(RecordedExchange::from)
            .collect(),
        setup: failure.setup.clone(),
    }
}

/// `harness replay --report <path> --failure <id>`, the path quoted for `sh` when needed.
pub fn replay_command(report_path: &Path, id: &str) -> String {
    let path = report_path.to_string_lossy();
    let plain = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%,=".contains(c));
    let path = if plain && !path.is_empty() {
        path.into_owned()
    } else {
        format!("'{}'", path.replace('\'', "'\\''"))
    };
    format!("harness replay --report {path} --failure {id}")
}

fn summarize(checks: &[CheckResult], failures: &[FailureReport], complete: bool) -> Summary {
    let count = |f: &dyn Fn(&CheckResult) -> bool| checks.iter().filter(|c| f(c)).count();
    let evaluated = count(&|c| c.status != Status::Skipped);
    let must_total = count(&|c| c.status != Status::Skipped && c.severity == Severity::Must);
    let must_failed = count(&|c| c.status == Status::Fail && c.severity == Severity::Must);
    Summary {
        conforms: complete && must_failed == 0,
        checks: evaluated,
        passed: count(&|c| c.status == Status::Pass),
        failed: count(&|c| c.status == Status::Fail),
        skipped: count(&|c| c.status == Status::Skipped),
        must_failed,
        should_failed: count(&|c| c.status == Status::Fail && c.severity == Severity::Should),
        failures: failures.len(),
        failed_evaluations: checks.iter().map(|c| c.failed).sum(),
        score: percent(must_total - must_failed, must_total),
    }
}

fn operation_scores(checks: &[CheckResult]) -> Vec<OperationScore> {
    let mut by_op: BTreeMap<&str, Vec<&CheckResult>> = BTreeMap::new();
    for c in checks {
        if let Some(op) = &c.operation {
            by_op.entry(op).or_default().push(c);
        }
    }
    by_op
        .into_iter()
        .map(|(operation, lines)| {
            let must: Vec<_> = lines
                .iter()
                .filter(|c| c.severity == Severity::Must)
                .collect();
            let must_failed = must.iter().filter(|c| c.status == Status::Fail).count();
            OperationScore {
                operation: operation.to_string(),
                checks: lines.len(),
                passed: lines.iter().filter(|c| c.status == Status::Pass).count(),
                must_failed,
                should_failed: lines
                    .iter()
                    .filter(|c| c.status == Status::Fail && c.severity == Severity::Should)
                    .count(),
                score: percent(must.len() - must_failed, must.len()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_numbers_sort_numerically_and_accept_short_forms() {
        assert!(failure_number("F9999") < failure_number("F10000"));
        assert_eq!(failure_number("F0003"), 3);
        assert_eq!(failure_number("f3"), 3);
        assert_eq!(failure_number("3"), 3);
        assert_eq!(failure_number("nope"), u64::MAX);
    }

    #[test]
    fn run_ids_come_from_the_start_time_and_seed() {
        assert_eq!(run_id("2024-05-03T10:11:12.345Z", 255), "20240503101112-ff");
    }

    #[test]
    fn replay_commands_quote_odd_paths() {
        assert_eq!(
            replay_command(Path::new("reports/x/report.json"), "F0001"),
            "harness replay --report reports/x/report.json --failure F0001"
        );
        assert_eq!(
            replay_command(Path::new("my reports/it's/report.json"), "F0002"),
            "harness replay --report 'my reports/it'\\''s/report.json' --failure F0002"
        );
    }

    #[test]
    fn percentages_are_rounded_to_hundredths() {
        assert_eq!(percent(2, 3), Some(66.67));
        assert_eq!(percent(0, 0), None);
        assert_eq!(percent(5, 5), Some(100.0));
    }
}
