//! Pacing and throttling, for targets with request quotas (AWS's among them).
//!
//! **Pacing** (`--rate`, `--rate-per-operation`): requests leave no faster than the given rate,
//! globally and per operation, each taking the next free slot of a schedule; without a rate
//! nothing waits.
//!
//! **Throttling**: an answer that is a 429 or names a throttling error is retried as the AWS
//! SDKs' standard retry mode does ("Retry behavior", AWS SDKs and Tools Reference Guide): at
//! most `--max-attempts` tries in all (3 by default), the wait before try `i` being the
//! answer's `Retry-After` seconds when it gives one, else `min(b × 2^i, 20 s)` with `b` drawn
//! from [0, 1). Every retry is counted per operation. A request still throttled after its
//! last try is not judged: throttling is the target protecting its quota, not an answer about
//! the request, so it is reported under its own name (`meta.throttling`, a note) and what the
//! request would have checked stays unevaluated.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::client::Exchange;

/// The AWS SDKs' standard retry mode: tries in all, including the first.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// The standard retry mode's longest backoff.
const MAX_BACKOFF: Duration = Duration::from_secs(20);

/// Error codes the AWS SDKs treat as throttling (standard retry mode), besides any 429.
const THROTTLING_ERRORS: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "SlowDown",
];

/// Throttling an operation met in a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Throttled {
    /// The operation.
    pub operation: String,
    /// Throttled answers that were retried.
    pub retries: u64,
    /// Requests still throttled after their last try, not judged.
    pub still_throttled: u64,
}

/// One schedule of send slots at a fixed rate.
#[derive(Debug)]
struct Schedule {
    interval: Duration,
    next: Mutex<Option<Instant>>,
}

impl Schedule {
    fn new(rate: f64) -> Self {
        Schedule {
            interval: Duration::from_secs_f64(1.0 / rate),
            next: Mutex::new(None),
        }
    }

    /// Takes the next free slot and returns when it is.
    fn reserve(&self) -> Instant {
        let now = Instant::now();
        let mut next = self.next.lock().expect("pacing lock");
        let slot = next.map_or(now, |n| n.max(now));
        *next = Some(slot + self.interval);
        slot
    }
}

/// One schedule per operation at a shared rate, made on an operation's first request.
#[derive(Debug)]
struct PerOperation {
    rate: f64,
    schedules: Mutex<BTreeMap<String, Arc<Schedule>>>,
}

impl PerOperation {
    fn schedule(&self, operation: &str) -> Arc<Schedule> {
        self.schedules
            .lock()
            .expect("pacing lock")
            .entry(operation.to_string())
            .or_insert_with(|| Arc::new(Schedule::new(self.rate)))
            .clone()
    }
}

/// The run's pacing and throttling policy, and what throttling it met.
#[derive(Debug)]
pub struct Pacing {
    global: Option<Schedule>,
    per_operation: Option<PerOperation>,
    max_attempts: u32,
    seen: Mutex<BTreeMap<String, Throttled>>,
    jitter: Mutex<u64>,
}

/// What to do after an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterAnswer {
    /// Judge it.
    Judge,
    /// It was throttled: send again after this wait.
    RetryAfter(Duration),
    /// It was throttled on the last try: do not judge it.
    StillThrottled,
}

impl Pacing {
    /// A policy of at most `rate` requests per second overall and `per_operation` per
    /// operation (each `None`: no limit), `max_attempts` tries per request (at least 1), its
    /// backoff jitter drawn from `seed`.
    pub fn new(
        rate: Option<f64>,
        per_operation: Option<f64>,
        max_attempts: u32,
        seed: u64,
    ) -> Self {
        Pacing {
            global: rate.filter(|r| *r > 0.0).map(Schedule::new),
            per_operation: per_operation.filter(|r| *r > 0.0).map(|rate| PerOperation {
                rate,
                schedules: Mutex::default(),
            }),
            max_attempts: max_attempts.max(1),
            seen: Mutex::default(),
            jitter: Mutex::new(seed | 1),
        }
    }

    /// Waits for `operation`'s next slot: the later of its global and per-operation slots.
    /// Returns at once without a rate.
    pub async fn wait_turn(&self, operation: &str) {
        let mut at = self.global.as_ref().map(Schedule::reserve);
        if let Some(per_operation) = &self.per_operation {
            let slot = per_operation.schedule(operation).reserve();
            at = Some(at.map_or(slot, |a| a.max(slot)));
        }
        if let Some(at) = at
            && at > Instant::now()
        {
            tokio::time::sleep_until(at.into()).await;
        }
    }

    /// What to do with `exchange`, the answer to try `attempt` (0 for the first) of a request
    /// to `operation`; counts the retries and the requests still throttled.
    pub fn after(&self, operation: &str, exchange: &Exchange, attempt: u32) -> AfterAnswer {
        if !is_throttled(exchange) {
            return AfterAnswer::Judge;
        }
        let mut seen = self.seen.lock().expect("pacing lock");
        let entry = seen
            .entry(operation.to_string())
            .or_insert_with(|| Throttled {
                operation: operation.to_string(),
                ..Throttled::default()
            });
        if attempt + 1 >= self.max_attempts {
            entry.still_throttled += 1;
            return AfterAnswer::StillThrottled;
        }
        entry.retries += 1;
        drop(seen);
        AfterAnswer::RetryAfter(retry_after(exchange).unwrap_or_else(|| self.backoff(attempt)))
    }

    /// The standard retry mode's wait before retry `attempt + 1`: `min(b × 2^attempt, 20 s)`.
    fn backoff(&self, attempt: u32) -> Duration {
        let mut state = self.jitter.lock().expect("pacing lock");
        // xorshift64: the jitter only spreads retries in time, it decides no request.
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        let b = (*state >> 11) as f64 / (1u64 << 53) as f64;
        Duration::from_secs_f64(b * 2f64.powi(attempt.min(16) as i32)).min(MAX_BACKOFF)
    }

    /// The throttling met, by operation.
    pub fn throttled(&self) -> Vec<Throttled> {
        self.seen
            .lock()
            .expect("pacing lock")
            .values()
            .cloned()
            .collect()
    }

    /// Tries per request.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }
}

/// Whether an answer is throttling: a 429, or an error the SDKs treat as throttling.
pub fn is_throttled(exchange: &Exchange) -> bool {
    let Some(response) = exchange.response() else {
        return false;
    };
    if response.status == 429 {
        return true;
    }
    // The error's name as rest-json carries it (`x-amzn-ErrorType`, before any `:`), read
    // without copying: about half of a run's answers are errors.
    response.status >= 400
        && response
            .header("x-amzn-errortype")
            .and_then(|value| value.split(':').next())
            .is_some_and(|name| THROTTLING_ERRORS.contains(&name.trim()))
}

/// The answer's `Retry-After` in seconds, at most the standard mode's longest backoff.
fn retry_after(exchange: &Exchange) -> Option<Duration> {
    let response = exchange.response()?;
    let (_, value) = response
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("retry-after"))?;
    let seconds: f64 = value.trim().parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0)
        .then(|| Duration::from_secs_f64(seconds).min(MAX_BACKOFF))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, headers: &[(&str, &str)]) -> Exchange {
        Exchange::for_test(Ok((status, headers, b"{\"message\":\"slow down\"}")))
    }

    #[test]
    fn throttling_is_retried_until_the_last_try_and_counted() {
        let pacing = Pacing::new(None, None, 3, 7);
        let throttled = answer(429, &[("Retry-After", "2")]);
        assert_eq!(
            pacing.after("Op", &throttled, 0),
            AfterAnswer::RetryAfter(Duration::from_secs(2))
        );
        assert!(matches!(
            pacing.after("Op", &answer(400, &[("x-amzn-ErrorType", "ThrottlingException")]), 1),
            AfterAnswer::RetryAfter(d) if d <= Duration::from_secs(2)
        ));
        assert_eq!(
            pacing.after("Op", &throttled, 2),
            AfterAnswer::StillThrottled
        );
        assert_eq!(pacing.after("Op", &answer(200, &[]), 0), AfterAnswer::Judge);
        assert_eq!(
            pacing.after(
                "Op",
                &answer(400, &[("x-amzn-ErrorType", "ValidationException")]),
                0
            ),
            AfterAnswer::Judge
        );
        assert_eq!(
            pacing.throttled(),
            [Throttled {
                operation: "Op".into(),
                retries: 2,
                still_throttled: 1
            }]
        );
    }

    #[test]
    fn backoff_is_jittered_and_capped() {
        let pacing = Pacing::new(None, None, 10, 1);
        for attempt in 0..8 {
            let wait = pacing.backoff(attempt);
            assert!(
                wait < Duration::from_secs_f64(2f64.powi(attempt as i32)) + Duration::from_nanos(1)
            );
            assert!(wait <= MAX_BACKOFF);
        }
        let huge = answer(429, &[("retry-after", "3600")]);
        assert_eq!(retry_after(&huge), Some(MAX_BACKOFF));
        assert_eq!(retry_after(&answer(429, &[("retry-after", "soon")])), None);
    }

    #[tokio::test]
    async fn a_rate_spaces_the_requests() {
        let pacing = Pacing::new(Some(50.0), None, 3, 1);
        let started = Instant::now();
        for _ in 0..6 {
            pacing.wait_turn("Op").await;
        }
        // Six slots at 50/s: the sixth leaves 100 ms after the first.
        assert!(started.elapsed() >= Duration::from_millis(100));
    }

    #[test]
    fn each_operation_has_its_own_schedule() {
        let schedule = Schedule::new(2.0);
        let first = schedule.reserve();
        assert_eq!(schedule.reserve() - first, Duration::from_millis(500));
        let per_op = Pacing::new(None, Some(1.0), 3, 1);
        let slot = |op: &str| {
            per_op
                .per_operation
                .as_ref()
                .unwrap()
                .schedule(op)
                .reserve()
        };
        let a = slot("A");
        let b = slot("B");
        // B's first slot does not wait for A's: it is no later than A's second.
        assert!(b < slot("A"));
        assert!(b.saturating_duration_since(a) < Duration::from_millis(500));
    }
}
