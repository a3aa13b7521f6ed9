//! Giving up on an operation that no longer answers.
//!
//! A target whose operation hangs, resets or truncates every answer would otherwise cost a
//! whole `--timeout-ms` per remaining request: 1,000 generated cases at 16 in flight and a
//! 10 s timeout outlast any deadline, and the run ends incomplete with little checked. After
//! [`RunConfig::give_up_after`](super::RunConfig::give_up_after) consecutive transport
//! failures on one operation (no complete HTTP response: timeout, reset, truncated or
//! oversized body, refused connection), the run stops sending to that operation. Its
//! remaining requests are counted as not sent and reported with the reason
//! ([`NotRun`]); the other operations go on. The failures that tripped it are recorded as
//! `protocol.transport` failures like any other.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use tokio::sync::Notify;

use crate::client::{Exchange, TransportError};

/// Consecutive transport failures after which a run gives up on an operation by default: few
/// enough that a hanging operation costs a handful of timeouts, not a run's deadline; more
/// than one, so a single dropped connection does not silence an operation.
pub const DEFAULT_GIVE_UP_AFTER: u32 = 5;

/// Work a run did not do, with the reason: the requests of an operation it gave up on, walks
/// it cut short. Reported in every format and never counted as passing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotRun {
    /// The operation whose requests were not sent.
    pub operation: String,
    /// How many requests were not sent, or abandoned in flight when it was given up on.
    pub requests: u64,
    /// Why, in a sentence.
    pub reason: String,
}

/// Why a request was not sent: the run gave up on its operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotSent {
    /// The reason, naming the operation and the failures that led to it.
    pub reason: String,
}

impl std::fmt::Display for NotSent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not sent: {}", self.reason)
    }
}

/// Per-operation counts of consecutive transport failures, and the operations given up on.
///
/// One entry per modeled operation, made up front, so the hot path (every request is
/// admitted and observed) takes no lock: atomics, and a `OnceLock` for the reason.
#[derive(Debug, Default)]
pub struct Breaker {
    /// Consecutive failures that trip it; 0 never gives up.
    threshold: u32,
    operations: foldhash::HashMap<String, OperationState>,
    /// Woken when an operation is given up on, so requests to it still in flight are
    /// abandoned at once instead of each waiting out its own timeout.
    tripped: Notify,
}

#[derive(Debug, Default)]
struct OperationState {
    /// Transport failures since the last complete response.
    consecutive: AtomicU32,
    /// Why the operation was given up on, once it is.
    given_up: OnceLock<String>,
    /// Requests refused or abandoned since.
    not_sent: AtomicU64,
}

impl Breaker {
    /// A breaker for `operations` that gives up on one after `threshold` consecutive
    /// transport failures (0: never).
    pub fn new(threshold: u32, operations: impl IntoIterator<Item = String>) -> Self {
        Breaker {
            threshold,
            operations: operations
                .into_iter()
                .map(|op| (op, OperationState::default()))
                .collect(),
            tripped: Notify::new(),
        }
    }

    fn given_up(&self, operation: &str) -> Option<(&OperationState, &String)> {
        let state = self.operations.get(operation)?;
        Some((state, state.given_up.get()?))
    }

    /// `Err` (and one more request counted as not sent) when `operation` was given up on.
    pub fn admit(&self, operation: &str) -> Result<(), NotSent> {
        match self.given_up(operation) {
            Some((state, reason)) => {
                state.not_sent.fetch_add(1, Ordering::Relaxed);
                Err(NotSent {
                    reason: reason.clone(),
                })
            }
            None => Ok(()),
        }
    }

    /// Whether `operation`'s last exchange ended in a transport failure: only then can it be
    /// given up on while a request sent now is in flight, so only then is such a request
    /// worth watching ([`Breaker::abandoned`] costs a waiter registration per request).
    pub fn suspect(&self, operation: &str) -> bool {
        self.threshold > 0
            && self
                .operations
                .get(operation)
                .is_some_and(|s| s.consecutive.load(Ordering::Relaxed) > 0)
    }

    /// Resolves when `operation` is given up on (counting the request in flight that waited
    /// for it as not sent); pending forever otherwise.
    pub async fn abandoned(&self, operation: &str) -> NotSent {
        loop {
            let notified = self.tripped.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.given_up(operation).is_some() {
                return self
                    .admit(operation)
                    .expect_err("the operation was given up on");
            }
            notified.await;
        }
    }

    /// Counts an exchange of `operation`: a complete response resets its count, a transport
    /// failure adds one and may give up on it. A request the harness could not build says
    /// nothing about the target and is not counted.
    pub fn observe(&self, operation: &str, exchange: &Exchange) {
        if self.threshold == 0 {
            return;
        }
        let Some(state) = self.operations.get(operation) else {
            return;
        };
        let error = match exchange.error() {
            None => {
                state.consecutive.store(0, Ordering::Relaxed);
                return;
            }
            Some(TransportError::InvalidRequest(_)) => return,
            Some(error) => error,
        };
        let consecutive = state.consecutive.fetch_add(1, Ordering::Relaxed) + 1;
        if consecutive >= self.threshold
            && state
                .given_up
                .set(format!(
                    "{operation} was given up on after {} consecutive transport failures (--give-up-after), the last: {error}",
                    self.threshold
                ))
                .is_ok()
        {
            self.tripped.notify_waiters();
        }
    }

    /// The operations given up on, with the requests not sent to each.
    pub fn not_run(&self) -> Vec<NotRun> {
        let mut not_run: Vec<NotRun> = self
            .operations
            .iter()
            .filter_map(|(operation, state)| {
                Some(NotRun {
                    operation: operation.clone(),
                    requests: state.not_sent.load(Ordering::Relaxed),
                    reason: state.given_up.get()?.clone(),
                })
            })
            .collect();
        not_run.sort_by(|a, b| a.operation.cmp(&b.operation));
        not_run
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn exchange(outcome: Result<u16, TransportError>) -> Exchange {
        Exchange::for_test(outcome.map(|status| (status, &[][..], &[][..])))
    }

    fn timeout() -> Exchange {
        exchange(Err(TransportError::Timeout {
            after: Duration::from_secs(10),
        }))
    }

    #[test]
    fn gives_up_after_consecutive_failures_only() {
        let breaker = Breaker::new(3, ["Search".to_string(), "Create".to_string()]);
        breaker.observe("Search", &timeout());
        breaker.observe("Search", &timeout());
        // Any complete response, even an error status, resets the count.
        breaker.observe("Search", &exchange(Ok(500)));
        breaker.observe("Search", &timeout());
        breaker.observe("Search", &timeout());
        assert!(breaker.admit("Search").is_ok());
        breaker.observe("Search", &timeout());
        let refused = breaker.admit("Search").expect_err("given up");
        assert!(
            refused
                .reason
                .contains("after 3 consecutive transport failures"),
            "{refused}"
        );
        assert!(refused.reason.contains("no complete response within 10s"));
        assert!(breaker.admit("Search").is_err());
        // The other operations go on.
        assert!(breaker.admit("Create").is_ok());
        assert_eq!(
            breaker.not_run(),
            vec![NotRun {
                operation: "Search".into(),
                requests: 2,
                reason: refused.reason,
            }]
        );
    }

    #[tokio::test]
    async fn requests_in_flight_are_abandoned_when_their_operation_is_given_up_on() {
        let breaker = std::sync::Arc::new(Breaker::new(2, ["Search".to_string()]));
        let waiting = tokio::spawn({
            let breaker = breaker.clone();
            async move { breaker.abandoned("Search").await }
        });
        tokio::task::yield_now().await;
        breaker.observe("Search", &timeout());
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished());
        breaker.observe("Search", &timeout());
        let abandoned = tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("woken")
            .expect("joined");
        assert!(
            abandoned.reason.contains("after 2 consecutive"),
            "{abandoned}"
        );
        assert_eq!(breaker.not_run()[0].requests, 1);
    }

    #[test]
    fn requests_the_harness_could_not_build_and_a_zero_threshold_never_trip_it() {
        let breaker = Breaker::new(1, ["Search".to_string()]);
        breaker.observe(
            "Search",
            &exchange(Err(TransportError::InvalidRequest("bad header".into()))),
        );
        assert!(breaker.admit("Search").is_ok());
        let never = Breaker::new(0, ["Search".to_string()]);
        for _ in 0..100 {
            never.observe("Search", &timeout());
        }
        assert!(never.admit("Search").is_ok());
        assert!(never.not_run().is_empty());
    }
}
