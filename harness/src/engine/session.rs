//! A session with one target: the client, the compiled validators and the ledger, and the
//! small verbs every suite uses (send, judge, record, call).

use std::sync::Arc;

use serde_json::{Value, json};

use super::answers::{ConformingAnswers, Recall};
use super::breaker::{Breaker, NotSent};
use super::config::RunConfig;
use super::judge::{Body, Expect, Verdict, judge_parsed, observed, parse_body};
use super::ledger::{FailureDraft, Ledger};
use super::pacing::{AfterAnswer, Pacing};
use super::record::ExchangeRecord;
use super::validators::Validators;
use crate::checks::CheckId;
use crate::client::{CapturedResponse, Exchange, SendOptions, TargetClient};
use crate::model::ServiceModel;
use crate::tape::Tape;

/// Everything a suite needs to talk to the target and report what it saw. Cheap to clone.
#[derive(Clone)]
pub struct Session {
    /// The model the run checks against.
    pub model: Arc<ServiceModel>,
    /// Validators compiled from that model's schemas.
    pub validators: Arc<Validators>,
    /// The pooled client for the target.
    pub client: TargetClient,
    /// Where verdicts go.
    pub ledger: Arc<Ledger>,
    /// The run's settings.
    pub config: Arc<RunConfig>,
    /// Requests sent so far.
    pub sent: Arc<std::sync::atomic::AtomicU64>,
    /// What the traffic covered.
    pub coverage: Arc<super::coverage::Coverage>,
    /// Success answers already found conforming, so an identical one is not read again.
    pub answers: Arc<ConformingAnswers>,
    /// Things the report reader should know, gathered while running.
    pub notes: Arc<std::sync::Mutex<Vec<String>>>,
    /// Operations given up on after consecutive transport failures.
    pub breaker: Arc<Breaker>,
    /// Listings a walk of which did not end, and the later walks of them cut short.
    pub unending: Arc<super::walk::Unending>,
    /// Taken while an answer larger than [`LARGE_ANSWER`] is read into trees
    /// ([`Session::judge`]).
    pub large_answers: Arc<LargeAnswers>,
    /// The run's pacing and throttling policy ([`super::pacing`]).
    pub pacing: Arc<Pacing>,
    /// What each operation's exchanges ended in, for the run-quality warnings.
    pub quality: Arc<super::quality::Quality>,
    /// What the run created, for the clean-up at its end.
    pub created: Arc<super::cleanup::Created>,
    /// The requests that made what the run created, for the set-up steps of its failures.
    pub provenance: Arc<super::provenance::Provenance>,
    /// Where every exchange is kept in the order it was sent, when a parity recording is
    /// being made ([`super::parity::flow`]); `None` in a run.
    pub tap: Option<Arc<super::parity::Tap>>,
}

/// Bytes of body above which an answer counts as large. Judging reads a body into trees many
/// times its size (hundreds of megabytes for an 8 MB page): [`LARGE_AT_ONCE`] such answers at a
/// time keep the peak memory of a run a function of the body cap, not of how many worker
/// threads happen to judge huge answers at once. No legitimate Connect Cases answer comes
/// near it.
pub const LARGE_ANSWER: usize = 1 << 20;

/// Large answers read into trees at once: two keep both cores of a small machine busy; more
/// would only add memory.
pub const LARGE_AT_ONCE: usize = 2;

/// A counting semaphore for blocking code: judging holds no await, so a thread waiting here
/// waits only for another thread's judgement, already running, to finish.
#[derive(Debug, Default)]
pub struct LargeAnswers {
    taken: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
}

/// One of the [`LARGE_AT_ONCE`] places, given back on drop.
pub struct LargeAnswer<'a>(&'a LargeAnswers);

impl LargeAnswers {
    fn take(&self) -> LargeAnswer<'_> {
        let mut taken = self
            .taken
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while *taken >= LARGE_AT_ONCE {
            taken = self
                .freed
                .wait(taken)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *taken += 1;
        LargeAnswer(self)
    }
}

impl Drop for LargeAnswer<'_> {
    fn drop(&mut self) {
        *self
            .0
            .taken
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) -= 1;
        self.0.freed.notify_one();
    }
}

/// Whether a later request of the run may name what a request creates, which decides
/// whether its create is kept for set-up steps ([`super::provenance`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    MayBeNamed,
    NamedByNone,
}

/// A call whose answer was not the success a suite needed to go on.
#[derive(Debug, Clone)]
pub struct CallFailed {
    /// The operation called.
    pub operation: String,
    /// What came back, compactly.
    pub observed: Value,
}

impl CallFailed {
    /// Whether the call was never sent (the run gave up on its operation): nothing about the
    /// target may be concluded from it.
    pub fn not_sent(&self) -> bool {
        self.observed.get("notSent").is_some()
    }
}

impl std::fmt::Display for CallFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.observed.get("notSent").and_then(Value::as_str) {
            Some(reason) => write!(f, "not sent: {reason}"),
            None => write!(f, "{} did not succeed: {}", self.operation, self.observed),
        }
    }
}

impl Session {
    /// Adds a note for the report (a wait, a skipped suite, a generation limit).
    pub fn note(&self, note: impl Into<String>) {
        self.notes.lock().expect("notes lock").push(note.into());
    }

    /// Whether the run may send `operation` (`--operations`).
    pub fn selected(&self, operation: &str) -> bool {
        self.config.selects(operation)
    }

    /// Sends a request envelope for `operation` (bound by the model), unjudged; `Err` without
    /// sending when the run gave up on the operation ([`super::breaker`]).
    pub async fn send(
        &self,
        operation: &str,
        envelope: &Value,
        raw_body: Option<&[u8]>,
    ) -> Result<Exchange, NotSent> {
        self.send_with(operation, envelope, raw_body, SendOptions::default())
            .await
    }

    /// Sends a generated case: as [`send`](Self::send), except that what it creates is not
    /// kept for set-up steps ([`super::provenance`]). Generated requests name only the run's
    /// provisioned resources (or made-up ids), so no request of the run names what a
    /// generated case made, and a bench's tens of thousands of creates are not copied.
    pub async fn send_generated(
        &self,
        operation: &str,
        envelope: &Value,
        raw_body: Option<&[u8]>,
    ) -> Result<Exchange, NotSent> {
        self.dispatch(
            operation,
            envelope,
            raw_body,
            SendOptions::default(),
            Origin::NamedByNone,
        )
        .await
    }

    /// As [`send`](Self::send) with per-request signing options (auth checks).
    pub async fn send_with(
        &self,
        operation: &str,
        envelope: &Value,
        raw_body: Option<&[u8]>,
        options: SendOptions,
    ) -> Result<Exchange, NotSent> {
        self.dispatch(operation, envelope, raw_body, options, Origin::MayBeNamed)
            .await
    }

    async fn dispatch(
        &self,
        operation: &str,
        envelope: &Value,
        raw_body: Option<&[u8]>,
        options: SendOptions,
        origin: Origin,
    ) -> Result<Exchange, NotSent> {
        if !self.selected(operation) {
            return Err(NotSent {
                reason: format!("{operation} is not among the selected operations (--operations)"),
            });
        }
        self.breaker.admit(operation)?;
        let op = self
            .model
            .operation(operation)
            .expect("suites call modeled operations");
        let request = super::binding::bind(op, envelope, raw_body);
        self.coverage.request(operation, envelope);
        let mut attempt = 0;
        loop {
            self.pacing.wait_turn(operation).await;
            self.sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            // Sent while the operation is failing: if it is given up on while this is in
            // flight, abandoned then, not after its own timeout.
            let exchange = if self.breaker.suspect(operation) {
                tokio::select! {
                    biased;
                    exchange = self.client.send_with(&request, options.clone()) => exchange,
                    not_sent = self.breaker.abandoned(operation) => return Err(not_sent),
                }
            } else {
                self.client.send_with(&request, options.clone()).await
            };
            self.breaker.observe(operation, &exchange);
            self.quality.observe(operation, &exchange);
            match self.pacing.after(operation, &exchange, attempt) {
                AfterAnswer::Judge => {
                    // Both read what a create's answer names: read once.
                    let answer = super::produced::Answer::new(&exchange, op.http.response_code);
                    self.created.observe(operation, envelope, &answer);
                    if origin == Origin::MayBeNamed {
                        self.provenance
                            .observe(operation, envelope, raw_body, &answer);
                    }
                    if let Some(tap) = &self.tap {
                        tap.keep(operation, envelope, raw_body, &exchange);
                    }
                    return Ok(exchange);
                }
                AfterAnswer::RetryAfter(wait) => {
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                AfterAnswer::StillThrottled => {
                    return Err(NotSent {
                        reason: format!(
                            "{operation} was still throttled after {} tries (429 or a throttling error); lower --rate",
                            self.pacing.max_attempts()
                        ),
                    });
                }
            }
        }
    }

    /// The verdicts of every generic check on an exchange.
    ///
    /// Also records the answer's contract coverage: the body is parsed once for both.
    pub fn judge(&self, operation: &str, exchange: &Exchange, expect: &Expect) -> Vec<Verdict> {
        let mut verdicts = self.judge_as_modeled(operation, exchange, expect);
        self.accept_statuses(operation, exchange, &mut verdicts);
        verdicts
    }

    /// Turns a failed status check into a pass when an `accept-status` override of the run's
    /// policy accepts the answer's status for that check and operation (the override, with
    /// its reason, is in every report).
    fn accept_statuses(&self, operation: &str, exchange: &Exchange, verdicts: &mut [Verdict]) {
        let (Some(status), false) = (exchange.status(), self.config.overrides.is_empty()) else {
            return;
        };
        let policy = self.ledger.policy();
        for verdict in verdicts.iter_mut().filter(|v| v.result.is_err()) {
            if policy.accepts_status(operation, verdict.check, status) {
                verdict.result = Ok(());
            }
        }
    }

    /// [`Session::judge`] before the run's overrides: the model's verdicts.
    fn judge_as_modeled(
        &self,
        operation: &str,
        exchange: &Exchange,
        expect: &Expect,
    ) -> Vec<Verdict> {
        let _place = self.place_if_large(exchange);
        let success = self
            .model
            .operation(operation)
            .is_some_and(|op| exchange.status() == Some(op.http.response_code));
        // The common case, a success answer that conforms, is read in place: no `Value` tree.
        // Anything else (an error, a failure, a body the tape cannot hold) is judged from the
        // parsed `Value`, which every failure message and report is built from.
        if let (true, Some(response)) = (success, exchange.response())
            && self.conforms_in_place(operation, response)
        {
            return judge_parsed(
                &self.model,
                &self.validators,
                operation,
                exchange,
                expect,
                Body::Conforming,
            );
        }
        let parsed = parse_body(exchange);
        self.coverage.response(
            operation,
            exchange,
            parsed.as_ref().ok().and_then(Option::as_ref),
            success,
        );
        judge_parsed(
            &self.model,
            &self.validators,
            operation,
            exchange,
            expect,
            Body::Parsed(parsed),
        )
    }

    /// A place among the [`LARGE_AT_ONCE`] when `exchange`'s body is larger than
    /// [`LARGE_ANSWER`], for reading it into trees. Callers hold no await while they hold it.
    fn place_if_large(&self, exchange: &Exchange) -> Option<LargeAnswer<'_>> {
        exchange
            .response()
            .is_some_and(|r| r.body.len() > LARGE_ANSWER)
            .then(|| self.large_answers.take())
    }

    /// Whether a success answer conforms to `operation`'s strict response schema, read in
    /// place; a conforming answer's coverage is recorded here. An answer identical to one
    /// found conforming before is known without reading it again ([`super::answers`]).
    fn conforms_in_place(&self, operation: &str, response: &CapturedResponse) -> bool {
        let slot = match self
            .answers
            .recall(operation, response.status, &response.body)
        {
            Recall::Conforming => return true,
            Recall::Unseen(slot) => Some(slot),
            Recall::NotKept => None,
        };
        let Some(tape) = Tape::of_response(response) else {
            return false;
        };
        if !self.validators.response_conforms(operation, &tape) {
            return false;
        }
        self.coverage
            .success_in_place(operation, response.status, tape.body());
        // Remembered only once its coverage is recorded: a later identical answer adds none.
        if let Some(slot) = slot {
            slot.remember(&response.body);
        }
        true
    }

    /// Records verdicts in the ledger; failures get the exchange, the case label and the
    /// request. Returns whether every verdict held.
    pub fn record(
        &self,
        operation: &str,
        verdicts: &[Verdict],
        case: &str,
        request: Option<&Value>,
        exchanges: &[&Exchange],
    ) -> bool {
        let mut all_passed = true;
        for verdict in verdicts {
            match &verdict.result {
                Ok(()) => self.ledger.pass(operation, verdict.check),
                Err(violation) => {
                    all_passed = false;
                    self.ledger.fail(
                        operation,
                        verdict.check,
                        FailureDraft {
                            case: case.to_string(),
                            mutation: None,
                            message: violation.message.clone(),
                            expected: violation.expected.clone(),
                            actual: violation.actual.clone(),
                            request: request.cloned(),
                            shrink_steps: None,
                            exchanges: exchanges
                                .iter()
                                .map(|e| ExchangeRecord::new(operation, e))
                                .collect(),
                        },
                    );
                }
            }
        }
        all_passed
    }

    /// Records one semantic check's outcome (round trip, filters, audit, pagination).
    pub fn verdict(
        &self,
        operation: &str,
        check: CheckId,
        case: &str,
        outcome: Result<(), (String, Value, Value)>,
        exchanges: &[&Exchange],
    ) -> bool {
        let verdict = Verdict {
            check,
            result: outcome.map_err(|(message, expected, actual)| super::judge::Violation {
                message,
                expected,
                actual,
            }),
        };
        self.record(operation, &[verdict], case, None, exchanges)
    }

    /// Sends a request a suite needs to succeed (set-up, creates, searches), judges it with
    /// `Expect::Success`, records the verdicts, and returns the parsed body.
    pub async fn call(
        &self,
        operation: &str,
        envelope: &Value,
        case: &str,
    ) -> Result<(Value, Exchange), CallFailed> {
        let exchange = self
            .send(operation, envelope, None)
            .await
            .map_err(|not_sent| CallFailed {
                operation: operation.to_string(),
                observed: json!({ "notSent": not_sent.reason }),
            })?;
        let verdicts = self.judge(operation, &exchange, &Expect::Success);
        self.record(operation, &verdicts, case, Some(envelope), &[&exchange]);
        let op = self.model.operation(operation).expect("modeled");
        let parsed = {
            let _place = self.place_if_large(&exchange);
            parse_body(&exchange)
        };
        match (exchange.status(), parsed) {
            (Some(status), Ok(body)) if status == op.http.response_code => {
                Ok((body.unwrap_or_else(|| json!({})), exchange))
            }
            _ => Err(CallFailed {
                operation: operation.to_string(),
                observed: observed(&exchange),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    /// A target on loopback that answers every request `200` with a new related item's id and
    /// ARN, over keep-alive connections.
    async fn creating_target() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let made = Arc::new(std::sync::atomic::AtomicU32::new(0));
            while let Ok((mut socket, _)) = listener.accept().await {
                let made = made.clone();
                tokio::spawn(async move {
                    let mut read = Vec::new();
                    let mut buffer = [0_u8; 4096];
                    loop {
                        // One request: its head, then as many body bytes as it declares.
                        let Some(end) = read.windows(4).position(|w| w == b"\r\n\r\n") else {
                            match socket.read(&mut buffer).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => read.extend_from_slice(&buffer[..n]),
                            }
                            continue;
                        };
                        let head = String::from_utf8_lossy(&read[..end]).to_ascii_lowercase();
                        let length: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .map_or(0, |v| v.trim().parse().unwrap());
                        if read.len() < end + 4 + length {
                            match socket.read(&mut buffer).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => read.extend_from_slice(&buffer[..n]),
                            }
                            continue;
                        }
                        read.drain(..end + 4 + length);
                        let n = made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let body = format!(
                            r#"{{"relatedItemId":"r{n}","relatedItemArn":"arn:aws:cases:us-east-1:1:domain/d/case/c/related-item/r{n}"}}"#
                        );
                        let answer = format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                            body.len()
                        );
                        if socket.write_all(answer.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        url
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn generated_creates_are_noted_for_clean_up_but_not_kept_for_set_up() {
        let config = RunConfig {
            target: creating_target().await,
            ..RunConfig::default()
        };
        let session =
            crate::engine::open_session(&config, &crate::engine::Progress::default()).unwrap();
        let envelope = json!({
            "uri": { "domainId": "d", "caseId": "c" },
            "body": { "type": "Comment", "content": { "comment": { "body": "b", "contentType": "Text/Plain" } } }
        });
        let made = session
            .send("CreateRelatedItem", &envelope, None)
            .await
            .unwrap();
        assert_eq!(made.status(), Some(200));
        let generated = session
            .send_generated("CreateRelatedItem", &envelope, None)
            .await
            .unwrap();
        assert_eq!(generated.status(), Some(200));
        // Both are deleted at the end (where the release can); only the first can be named by
        // a later request, so only its request is a set-up step.
        assert_eq!(session.created.noted(), 2);
        assert_eq!(session.provenance.kept(), 1);
    }

    #[test]
    fn no_more_than_two_large_answers_are_read_at_once() {
        let places = Arc::new(LargeAnswers::default());
        let first = places.take();
        let second = places.take();
        let (taken, waited) = std::sync::mpsc::channel();
        let third = std::thread::spawn({
            let places = places.clone();
            move || {
                let _place = places.take();
                taken.send(()).expect("the test waits");
            }
        });
        assert!(
            waited
                .recv_timeout(std::time::Duration::from_millis(200))
                .is_err(),
            "a third place was taken while two were held"
        );
        drop(first);
        waited
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("a freed place is taken");
        third.join().expect("joined");
        drop(second);
        assert_eq!(*places.taken.lock().expect("lock"), 0);
    }
}
