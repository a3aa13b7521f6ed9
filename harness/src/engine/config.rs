//! The settings of one run, whatever front end (CLI, libtest runner, tests) set them.

use std::time::Duration;

use crate::checks::{CheckId, Override, Policy, Severity};
use crate::client::SigningConfig;
use crate::r#gen::MemberValues;
use crate::model::Release;

/// Ids of existing resources to use instead of provisioning them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fixtures {
    /// A domain to use.
    pub domain_id: Option<String>,
    /// A template to create cases from.
    pub template_id: Option<String>,
    /// A case for the generated cases (scenarios that need exact expectations create their own).
    pub case_id: Option<String>,
}

/// One run's settings. [`RunConfig::default`], with the URL of a target, is the README's main
/// job (`crate::embedded::Target` starts the bundled mock and fills in its URL).
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// The model release checked.
    pub release: Release,
    /// The target's endpoint URL, e.g. `http://127.0.0.1:8080` or
    /// `https://cases.us-east-1.amazonaws.com`; empty until a front end sets it.
    pub target: String,
    /// The seed every random choice derives from.
    pub seed: u64,
    /// Generated valid requests per core operation (as many invalid ones again).
    pub cases: u32,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Run only checks whose id starts with one of these (empty: all).
    pub only: Vec<String>,
    /// Run only checks of this severity (None: all).
    pub severity: Option<Severity>,
    /// Existing resources to use.
    pub fixtures: Fixtures,
    /// Real values of members the service checks against resources it holds (contact, file
    /// and user ARNs), which valid requests draw from instead of making them up.
    pub member_values: MemberValues,
    /// The operations the run may send (`--operations`); empty: every operation of the
    /// release. Any other is never sent, and reported as not selected.
    pub operations: Vec<String>,
    /// Check-policy overrides (`[[policy]]` of `harness.toml`), each with its reason.
    pub overrides: Vec<Override>,
    /// SigV4 signing, when the target needs it.
    pub signing: Option<SigningConfig>,
    /// The target claims to verify signatures: auth checks are `MUST`.
    pub expect_auth: bool,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Cap on a response body.
    pub max_body_bytes: usize,
    /// Cap on the pages of one pagination walk.
    pub max_pages: u32,
    /// Consecutive transport failures (timeout, reset, truncated or oversized answer) after
    /// which the run stops sending to an operation and reports its remaining requests as not
    /// sent ([`crate::engine::breaker`]); 0 never gives up.
    pub give_up_after: u32,
    /// Deadline for the whole run.
    pub deadline: Duration,
    /// At most this many requests per second overall (`None`: no limit).
    pub rate: Option<f64>,
    /// At most this many requests per second to each operation (`None`: no limit).
    pub rate_per_operation: Option<f64>,
    /// Tries per request when the target throttles (the AWS SDKs' standard mode: 3).
    pub max_attempts: u32,
    /// How long to wait for created items to become visible in search (eventually consistent
    /// targets); zero means read-after-write is expected.
    pub visibility_wait: Duration,
    /// Accept invalid TLS certificates.
    pub insecure: bool,
    /// Keep what the run created instead of deleting it at the end (`--keep`).
    pub keep: bool,
    /// A PEM file of certificates trusted besides the platform's roots (`--ca-bundle`).
    pub ca_bundle: Option<std::path::PathBuf>,
    /// The proxies to go through; `None`, the default, reads `HTTPS_PROXY`, `HTTP_PROXY` and
    /// `NO_PROXY` as reqwest and the AWS SDKs do ([`crate::client::Proxies`]).
    pub proxies: Option<crate::client::Proxies>,
    /// Randomly interleaved create/search/audit sequences to run.
    pub sequences: u32,
    /// Run only set-up and the generated requests (what `harness bench` measures).
    pub generated_only: bool,
    /// Recognise a success answer byte-identical to one already found conforming instead of
    /// reading it again (exact: see [`crate::engine::answers`]). Off only to show, in tests,
    /// that it changes no verdict.
    pub recall_conforming_answers: bool,
    /// A recording to hold the target to (`--parity`, `--compare-with`): the parity suite
    /// sends its requests again and compares every answer ([`crate::engine::parity`]).
    pub parity: Option<std::sync::Arc<crate::engine::parity::Parity>>,
    /// Run only the parity flow (`--parity-only`): what the parity checks need, quickly.
    pub parity_only: bool,
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            release: Release::CONTRACT,
            target: String::new(),
            seed: 0x00C0_FFEE,
            cases: 500,
            concurrency: 16,
            only: Vec::new(),
            severity: None,
            fixtures: Fixtures::default(),
            member_values: MemberValues::default(),
            operations: Vec::new(),
            overrides: Vec::new(),
            signing: None,
            expect_auth: false,
            timeout: Duration::from_secs(10),
            max_body_bytes: 8 * 1024 * 1024,
            max_pages: 500,
            give_up_after: crate::engine::breaker::DEFAULT_GIVE_UP_AFTER,
            deadline: Duration::from_secs(600),
            rate: None,
            rate_per_operation: None,
            max_attempts: super::pacing::DEFAULT_MAX_ATTEMPTS,
            visibility_wait: Duration::ZERO,
            insecure: false,
            keep: false,
            ca_bundle: None,
            proxies: None,
            sequences: 24,
            generated_only: false,
            recall_conforming_answers: true,
            parity: None,
            parity_only: false,
        }
    }
}

impl RunConfig {
    /// This configuration holding its target to `parity` (what `--parity DIR` and
    /// `--compare-with` give a run); with `parity_only`, the parity flow is all it runs.
    pub fn holding_to(mut self, parity: crate::engine::parity::Parity, parity_only: bool) -> Self {
        self.parity = Some(std::sync::Arc::new(parity));
        self.parity_only = parity_only;
        self
    }

    /// The check policy of `--only`, `--severity`, `--expect-auth` and the overrides, which
    /// the ledger applies to every verdict.
    pub fn policy(&self) -> Policy {
        Policy {
            only: self.only.clone(),
            severity: self.severity,
            expect_auth: self.expect_auth,
            overrides: self.overrides.clone(),
        }
    }

    /// Whether the run may send `operation` (see [`RunConfig::operations`]).
    pub fn selects(&self, operation: &str) -> bool {
        self.operations.is_empty() || self.operations.iter().any(|op| op == operation)
    }

    /// The severity `check` has in this run whatever the operation ([`Policy::severity_of`]).
    pub fn severity_of(&self, check: CheckId) -> Severity {
        self.weighing().severity_of(check)
    }

    /// The severity `check` has for `operation` in this run ([`Policy::severity_for`]).
    pub fn severity_for(&self, operation: &str, check: CheckId) -> Severity {
        self.weighing().severity_for(operation, check)
    }

    /// The policy's weighing alone (no selection).
    fn weighing(&self) -> Policy {
        Policy {
            expect_auth: self.expect_auth,
            overrides: self.overrides.clone(),
            ..Policy::default()
        }
    }
}
