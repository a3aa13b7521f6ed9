//! Run-quality warnings: signs that a run measured its own set-up more than the target, said
//! in the summary and every report with the likely cause and what fixes it (in the spirit of
//! Schemathesis's `missing_test_data`, `validation_mismatch` and `missing_auth`).
//!
//! - **valid requests rejected**: most requests the model calls valid were refused. A real
//!   service checks members against resources it holds (a `contactArn`, a `fileArn`, a
//!   `userArn`), which a run cannot make up, or validates more strictly than the model.
//! - **auth refused**: most answers of an operation were 401 or 403: the run is not signed, or
//!   signed with credentials the target does not accept.
//! - **never answered**: requests were sent to an operation and none got an HTTP answer.
//! - **operation unknown**: most answers of an operation were `UnknownOperationException`:
//!   the target does not implement it (a partial implementation is run with `--operations`).
//!
//! Counting is one lock-free increment per request, on per-operation atomics made up front.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::ledger::Tally;
use crate::checks::CheckId;
use crate::client::Exchange;

/// Above this share of refusals, a warning is given.
const MOST: f64 = 0.5;

/// Fewer judged valid requests than this say too little for a warning about them (a run's
/// refusals for auth or its silent operations are told from the first request: a run whose
/// set-up was refused sends no more).
const AT_LEAST: u64 = 5;

/// One run-quality warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// `valid-requests-rejected`, `auth-refused` or `never-answered`.
    pub kind: String,
    /// The operation it is about.
    pub operation: String,
    /// What was seen, the likely cause and what fixes it.
    pub message: String,
}

#[derive(Debug, Default)]
struct Counts {
    sent: AtomicU64,
    answered: AtomicU64,
    auth_refused: AtomicU64,
    unknown_operation: AtomicU64,
}

/// What every operation's exchanges ended in, for the warnings.
#[derive(Debug, Default)]
pub struct Quality {
    operations: foldhash::HashMap<String, Counts>,
}

impl Quality {
    /// Counters for `operations`.
    pub fn new(operations: impl IntoIterator<Item = String>) -> Self {
        Quality {
            operations: operations
                .into_iter()
                .map(|op| (op, Counts::default()))
                .collect(),
        }
    }

    /// Counts one exchange of `operation`.
    pub fn observe(&self, operation: &str, exchange: &Exchange) {
        let Some(counts) = self.operations.get(operation) else {
            return;
        };
        counts.sent.fetch_add(1, Ordering::Relaxed);
        if let Some(status) = exchange.status() {
            counts.answered.fetch_add(1, Ordering::Relaxed);
            if status == 401 || status == 403 {
                counts.auth_refused.fetch_add(1, Ordering::Relaxed);
            }
            if (400..500).contains(&status) && names_unknown_operation(exchange) {
                counts.unknown_operation.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Requests sent to each operation that got any (what `harness run --plan` counts).
    pub fn sent(&self) -> BTreeMap<String, u64> {
        self.operations
            .iter()
            .map(|(op, counts)| (op.clone(), counts.sent.load(Ordering::Relaxed)))
            .filter(|(_, sent)| *sent > 0)
            .collect()
    }

    /// The warnings this run earned, given its tallies and whether it signed its requests.
    pub fn warnings(
        &self,
        tallies: &BTreeMap<(String, CheckId), Tally>,
        signed: bool,
    ) -> Vec<Warning> {
        let mut warnings = Vec::new();
        let mut operations: Vec<(&String, &Counts)> = self.operations.iter().collect();
        operations.sort_by_key(|(name, _)| name.as_str());
        for (operation, counts) in operations {
            let sent = counts.sent.load(Ordering::Relaxed);
            let answered = counts.answered.load(Ordering::Relaxed);
            let refused = counts.auth_refused.load(Ordering::Relaxed);
            let unknown = counts.unknown_operation.load(Ordering::Relaxed);
            if sent > 0 && answered == 0 {
                warnings.push(Warning {
                    kind: "never-answered".into(),
                    operation: operation.clone(),
                    message: format!(
                        "none of the {sent} requests sent to {operation} got an HTTP answer: the target is unreachable for it (address, TLS, a proxy in the way: see HTTPS_PROXY/NO_PROXY) or drops it; every check of it went unevaluated"
                    ),
                });
                continue;
            }
            if answered > 0 && unknown as f64 > MOST * answered as f64 {
                warnings.push(Warning {
                    kind: "operation-unknown".into(),
                    operation: operation.clone(),
                    message: format!(
                        "{unknown} of the {answered} answers of {operation} were {}: the target does not implement {operation}; a target that implements part of the API is run with --operations (or `operations` in harness.toml) naming what it implements, and the report lists the rest as not selected",
                        super::judge::UNKNOWN_OPERATION_EXCEPTION
                    ),
                });
                continue;
            }
            if answered > 0 && refused as f64 > MOST * answered as f64 {
                let cause = if signed {
                    "the target does not accept the run's signature (credentials, --region, or an IAM policy without the cases: actions it needs)"
                } else {
                    "the run is not signed: give --sign (with --region and --profile or the standard AWS credential chain)"
                };
                warnings.push(Warning {
                    kind: "auth-refused".into(),
                    operation: operation.clone(),
                    message: format!(
                        "{refused} of the {answered} answers of {operation} were 401 or 403: {cause}"
                    ),
                });
                continue;
            }
            let Some(valid) = tallies.get(&(operation.clone(), CheckId::AcceptanceValidRequest200))
            else {
                continue;
            };
            let judged = valid.passed + valid.failed;
            if judged >= AT_LEAST && valid.failed as f64 > MOST * judged as f64 {
                warnings.push(Warning {
                    kind: "valid-requests-rejected".into(),
                    operation: operation.clone(),
                    message: format!(
                        "{} of the {judged} valid {operation} requests were rejected: the target likely checks members against resources it holds (the run makes up contact, file and user ARNs) or validates more strictly than the model; give real values in harness.toml's [fixtures] (contactArn, fileArn, userArn; files-by-case for a --case-id's uploaded files), point the run at existing resources (--domain-id, --template-id, --case-id) and read the failures' messages",
                        valid.failed
                    ),
                });
            }
        }
        warnings
    }
}

/// Whether an error answer names `UnknownOperationException`, in `x-amzn-ErrorType` or its
/// body (`__type`, `code`): a byte search, as error bodies are small and most answers are not.
fn names_unknown_operation(exchange: &Exchange) -> bool {
    let name = super::judge::UNKNOWN_OPERATION_EXCEPTION;
    let Some(response) = exchange.response() else {
        return false;
    };
    if let Some(header) = response.header("x-amzn-errortype") {
        return header.split(':').next().map(str::trim) == Some(name);
    }
    response
        .body
        .windows(name.len())
        .any(|window| window == name.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::TransportError;

    fn exchange(status: Option<u16>) -> Exchange {
        Exchange::for_test(
            status
                .map(|status| (status, &[][..], &[][..]))
                .ok_or_else(|| TransportError::Connect("refused".into())),
        )
    }

    fn quality(answers: &[(&str, Option<u16>, usize)]) -> Quality {
        let q = Quality::new(["A", "B", "C"].map(String::from));
        for (op, status, times) in answers {
            for _ in 0..*times {
                q.observe(op, &exchange(*status));
            }
        }
        q
    }

    #[test]
    fn each_warning_names_its_cause_and_fix() {
        let q = quality(&[("A", Some(403), 6), ("B", None, 5), ("C", Some(400), 8)]);
        let mut tallies = BTreeMap::new();
        tallies.insert(
            ("C".to_string(), CheckId::AcceptanceValidRequest200),
            Tally {
                passed: 1,
                failed: 7,
                failures: Vec::new(),
            },
        );
        let warnings = q.warnings(&tallies, false);
        let kinds: Vec<(&str, &str)> = warnings
            .iter()
            .map(|w| (w.kind.as_str(), w.operation.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("auth-refused", "A"),
                ("never-answered", "B"),
                ("valid-requests-rejected", "C")
            ]
        );
        assert!(
            warnings[0].message.contains("--sign"),
            "{}",
            warnings[0].message
        );
        assert!(
            q.warnings(&tallies, true)[0]
                .message
                .contains("does not accept")
        );
        assert!(warnings[2].message.contains("7 of the 8"));
        assert!(
            warnings[2]
                .message
                .contains("[fixtures] (contactArn, fileArn, userArn"),
            "{}",
            warnings[2].message
        );
    }

    #[test]
    fn an_operation_the_target_does_not_route_is_named_with_the_subset_flag() {
        let q = Quality::new(["A", "B"].map(String::from));
        let header = [(
            "x-amzn-ErrorType",
            "UnknownOperationException:http://internal",
        )];
        let body = br#"{"__type":"com.amazon.coral.service#UnknownOperationException"}"#;
        for _ in 0..3 {
            q.observe("A", &Exchange::for_test(Ok((404, &header[..], &b"{}"[..]))));
            q.observe("B", &Exchange::for_test(Ok((400, &[][..], &body[..]))));
        }
        q.observe("B", &Exchange::for_test(Ok((200, &[][..], &b"{}"[..]))));
        let warnings = q.warnings(&BTreeMap::new(), false);
        let kinds: Vec<(&str, &str)> = warnings
            .iter()
            .map(|w| (w.kind.as_str(), w.operation.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [("operation-unknown", "A"), ("operation-unknown", "B")]
        );
        assert!(warnings[1].message.contains("3 of the 4"));
        assert!(warnings[0].message.contains("--operations"));
        // A 404 of another error type is a lookup, not an unknown operation.
        let q = Quality::new(["A".to_string()]);
        let other = [("x-amzn-ErrorType", "ResourceNotFoundException")];
        q.observe("A", &Exchange::for_test(Ok((404, &other[..], &b"{}"[..]))));
        assert!(q.warnings(&BTreeMap::new(), false).is_empty());
    }

    #[test]
    fn a_healthy_or_small_run_has_none() {
        let q = quality(&[
            ("A", Some(200), 50),
            ("B", Some(403), 3),
            ("B", Some(200), 4),
        ]);
        let mut tallies = BTreeMap::new();
        tallies.insert(
            ("A".to_string(), CheckId::AcceptanceValidRequest200),
            Tally {
                passed: 25,
                failed: 2,
                failures: Vec::new(),
            },
        );
        assert!(q.warnings(&tallies, false).is_empty());
    }
}
