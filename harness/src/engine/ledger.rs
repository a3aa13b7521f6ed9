//! The ledger: pass and fail counts per (operation, check), and the failures themselves.
//!
//! Every check evaluation lands here, so a report can say not only what failed but how often
//! each check was exercised: a check that never ran is visible as such.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Serialize;

use super::record::Failure;
use crate::checks::{CheckId, Policy};

/// How many failures of one (operation, check) pair are kept in full; the rest are counted.
pub const FAILURES_KEPT_PER_CHECK: usize = 5;

/// Longest failure message kept, in bytes; a longer one loses its middle. Messages quote what
/// the target sent (a validator quotes the whole instance: a 50,000-item list is megabytes),
/// and every kept failure goes into every report.
pub const MESSAGE_LIMIT: usize = 2_000;

/// Largest `expected` or `actual` value kept, in bytes of JSON; a larger one is replaced by
/// the start of its JSON text, marked as cut (response bodies are bounded the same way in
/// [`ExchangeRecord`](super::record::ExchangeRecord)).
pub const VALUE_LIMIT: usize = 16 * 1024;

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

/// Thread-safe accumulation of every verdict of a run, and the one path every verdict is
/// recorded through: the run's [`Policy`] (selection by `--only` and `--severity`, severity
/// raised by `--expect-auth`, the `[[policy]]` overrides per operation) is applied here, once,
/// whichever suite judged.
#[derive(Debug, Default)]
pub struct Ledger {
    policy: Policy,
    /// Hashed, not sorted: every case's verdicts land here; [`Ledger::snapshot`] sorts.
    tallies: Mutex<foldhash::HashMap<(String, CheckId), Tally>>,
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
    /// An empty ledger recording under `policy`.
    pub fn new(policy: Policy) -> Self {
        Ledger {
            policy,
            ..Ledger::default()
        }
    }

    /// The policy every verdict is recorded under.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Whether the run records `check` at all: a suite asks before spending requests on a
    /// check nobody selected (shrinking, sequences, scenarios).
    pub fn selects(&self, check: CheckId) -> bool {
        self.policy.selects(check)
    }

    /// Records that `check` held for `operation`.
    pub fn pass(&self, operation: &str, check: CheckId) {
        self.pass_all(operation, [check]);
    }

    /// Records a pass of each of `checks` for `operation` under one lock and one key
    /// allocation: the hot path of a case whose every verdict held.
    pub fn pass_all(&self, operation: &str, checks: impl IntoIterator<Item = CheckId>) {
        let mut tallies = self.tallies.lock().expect("ledger lock");
        let mut key = (operation.to_string(), CheckId::ProtocolTransport);
        for check in checks
            .into_iter()
            .filter(|c| self.policy.selects_for(operation, *c))
        {
            key.1 = check;
            match tallies.get_mut(&key) {
                Some(tally) => tally.passed += 1,
                None => tallies.entry(key.clone()).or_default().passed += 1,
            }
        }
    }

    /// Records that `check` failed for `operation`, at the severity the run gives it, keeping
    /// the details of the first few.
    pub fn fail(&self, operation: &str, check: CheckId, draft: FailureDraft) {
        if !self.policy.selects_for(operation, check) {
            return;
        }
        let severity = self.policy.severity_for(operation, check);
        let mut tallies = self.tallies.lock().expect("ledger lock");
        let tally = tallies.entry((operation.to_string(), check)).or_default();
        tally.failed += 1;
        if tally.failures.len() < FAILURES_KEPT_PER_CHECK {
            let mut next = self.next_failure.lock().expect("ledger lock");
            *next += 1;
            tally.failures.push(Failure {
                id: format!("F{:04}", *next),
                check: check.as_str().to_string(),
                severity,
                operation: operation.to_string(),
                case: draft.case,
                mutation: draft.mutation,
                message: bounded_message(draft.message),
                expected: bounded_value(draft.expected),
                actual: bounded_value(draft.actual),
                request: draft.request,
                shrink_steps: draft.shrink_steps,
                exchanges: draft.exchanges,
                setup: Vec::new(),
            });
        }
    }

    /// Every tally, by (operation, check).
    pub fn snapshot(&self) -> BTreeMap<(String, CheckId), Tally> {
        let tallies = self.tallies.lock().expect("ledger lock");
        tallies
            .iter()
            .map(|(key, tally)| (key.clone(), tally.clone()))
            .collect()
    }
}

/// `message` if it fits [`MESSAGE_LIMIT`], else its start and end around a marker, so both
/// what was quoted and what was said about it (`[…] has more than 25 items`) survive.
pub(crate) fn bounded_message(message: String) -> String {
    if message.len() <= MESSAGE_LIMIT {
        return message;
    }
    let mut head = MESSAGE_LIMIT / 2;
    while !message.is_char_boundary(head) {
        head -= 1;
    }
    let mut tail = message.len() - MESSAGE_LIMIT / 2;
    while !message.is_char_boundary(tail) {
        tail += 1;
    }
    format!(
        "{} … [{} bytes cut] … {}",
        &message[..head],
        tail - head,
        &message[tail..]
    )
}

/// `value` if its JSON fits [`VALUE_LIMIT`], else a string holding the start of that JSON and
/// a marker. Serialization stops at the limit, so a huge value is never written out whole.
pub(crate) fn bounded_value(value: serde_json::Value) -> serde_json::Value {
    match json_prefix(&value, VALUE_LIMIT) {
        None => value,
        Some(start) => cut_value(start, VALUE_LIMIT),
    }
}

/// A value the caller keeps, to be quoted inside a failure's `expected` or `actual`: a small
/// one is cloned, one whose JSON is longer than `limit` bytes becomes the start of that JSON,
/// cut while it is serialized, never copied whole (a huge page's item list is tens of
/// megabytes as a tree). Quoted as a string inside another value, its quotes are escaped
/// again: a `limit` well under [`VALUE_LIMIT`] keeps the whole failure under it.
pub(crate) fn bounded_value_of(value: &serde_json::Value, limit: usize) -> serde_json::Value {
    match json_prefix(value, limit) {
        None => value.clone(),
        Some(start) => cut_value(start, limit),
    }
}

/// What stands for a value whose JSON, starting with `start`, is longer than `limit` bytes.
fn cut_value(start: String, limit: usize) -> serde_json::Value {
    serde_json::Value::String(format!(
        "{start}… [cut: the value's JSON is longer than {limit} bytes]"
    ))
}

/// The start of `value`'s JSON when it is longer than `limit` bytes (cut on a character
/// boundary), `None` when the whole of it fits. Serialization stops at the limit.
pub(crate) fn json_prefix(value: &serde_json::Value, limit: usize) -> Option<String> {
    let mut start = Capped(Vec::with_capacity(256.min(limit)), limit);
    if serde_json::to_writer(&mut start, value).is_ok() {
        return None;
    }
    let bytes = &start.0;
    Some(match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(e) => String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned(),
    })
}

/// A writer that keeps the first `.1` bytes and then refuses more.
struct Capped(Vec<u8>, usize);

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = self.1 - self.0.len();
        if buf.len() > room {
            self.0.extend_from_slice(&buf[..room]);
            return Err(std::io::Error::other("value limit reached"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn small_messages_and_values_are_kept_as_they_are() {
        assert_eq!(bounded_message("short".into()), "short");
        let value = json!({ "status": 400, "items": [1, 2, 3] });
        assert_eq!(bounded_value(value.clone()), value);
    }

    #[test]
    fn huge_messages_keep_both_ends() {
        let quoted = format!("[{}]", "\"ä\",".repeat(100_000));
        let message = bounded_message(format!("{quoted} has more than 25 items"));
        assert!(message.len() < MESSAGE_LIMIT + 100, "{}", message.len());
        assert!(message.starts_with("[\"ä\","), "{message}");
        assert!(message.ends_with("has more than 25 items"), "{message}");
        assert!(message.contains("bytes cut]"), "{message}");
    }

    #[test]
    fn huge_values_become_a_marked_prefix() {
        let items: Vec<_> = (0..50_000)
            .map(|n| json!({ "id": format!("ü-{n}") }))
            .collect();
        let cut = bounded_value(json!({ "items": items }));
        let text = cut.as_str().expect("a string");
        assert!(text.len() < VALUE_LIMIT + 100, "{}", text.len());
        assert!(text.starts_with(r#"{"items":[{"id":"ü-0"}"#), "{text}");
        assert!(text.ends_with("longer than 16384 bytes]"), "{text}");
    }
}
