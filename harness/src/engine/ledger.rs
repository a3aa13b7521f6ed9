//! The ledger: pass and fail counts per (operation, check), and the failures themselves.
//!
//! Every check evaluation lands here, so a report can say not only what failed but how often
//! each check was exercised: a check that never ran is visible as such.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Serialize;

use super::record::Failure;
use crate::checks::{Severity, check};

/// How many failures of one (operation, check) pair are kept in full; the rest are counted.
pub const FAILURES_KEPT_PER_CHECK: usize = 5;

/// Counts and kept failures of one (operation, check) pair.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tally {
    /// Evaluations that held.
    pub passed: u64,
    /// Evaluations that failed.
    pub failed: u64,
    /// The first [`FAILURES_KEPT_PER_CHECK`] failures.
    pub failures: Vec<Failure>,
}

/// Thread-safe accumulation of every verdict of a run.
#[derive(Debug, Default)]
pub struct Ledger {
    tallies: Mutex<BTreeMap<(String, &'static str), Tally>>,
    next_failure: Mutex<u32>,
}

/// A failure before it has an id and a place in the ledger.
#[derive(Debug, Clone)]
pub struct FailureDraft {
    /// Which case found it.
    pub case: String,
    /// The named mutation, for invalid requests.
    pub mutation: Option<String>,
    /// What went wrong.
    pub message: String,
    /// What was expected.
    pub expected: serde_json::Value,
    /// What happened.
    pub actual: serde_json::Value,
    /// The (shrunk) request envelope.
    pub request: Option<serde_json::Value>,
    /// Shrink steps taken.
    pub shrink_steps: Option<u32>,
    /// The exchanges that show it.
    pub exchanges: Vec<super::record::ExchangeRecord>,
}

impl Ledger {
    /// Records that `check_id` held for `operation`.
    pub fn pass(&self, operation: &str, check_id: &'static str) {
        debug_assert!(crate::checks::lookup(check_id).is_some(), "{check_id}");
        let mut tallies = self.tallies.lock().expect("ledger lock");
        tallies
            .entry((operation.to_string(), check_id))
            .or_default()
            .passed += 1;
    }

    /// Records that `check_id` failed for `operation`, keeping the details of the first few.
    pub fn fail(&self, operation: &str, check_id: &'static str, draft: FailureDraft) {
        let severity = check(check_id).severity;
        self.fail_with_severity(operation, check_id, severity, draft);
    }

    /// As [`fail`](Self::fail), with a severity the run decided (e.g. auth checks made `MUST`).
    pub fn fail_with_severity(
        &self,
        operation: &str,
        check_id: &'static str,
        severity: Severity,
        draft: FailureDraft,
    ) {
        let mut tallies = self.tallies.lock().expect("ledger lock");
        let tally = tallies
            .entry((operation.to_string(), check_id))
            .or_default();
        tally.failed += 1;
        if tally.failures.len() < FAILURES_KEPT_PER_CHECK {
            let mut next = self.next_failure.lock().expect("ledger lock");
            *next += 1;
            tally.failures.push(Failure {
                id: format!("F{:04}", *next),
                check: check_id.to_string(),
                severity,
                operation: operation.to_string(),
                case: draft.case,
                mutation: draft.mutation,
                message: draft.message,
                expected: draft.expected,
                actual: draft.actual,
                request: draft.request,
                shrink_steps: draft.shrink_steps,
                exchanges: draft.exchanges,
            });
        }
    }

    /// Whether `check_id` has failed for `operation` so far.
    pub fn has_failed(&self, operation: &str, check_id: &'static str) -> bool {
        self.tallies
            .lock()
            .expect("ledger lock")
            .get(&(operation.to_string(), check_id))
            .is_some_and(|t| t.failed > 0)
    }

    /// Every tally, by (operation, check id).
    pub fn snapshot(&self) -> BTreeMap<(String, &'static str), Tally> {
        self.tallies.lock().expect("ledger lock").clone()
    }
}
