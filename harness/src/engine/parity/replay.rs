//! The parity suite: the recorded flow sent again to the run's target, every answer compared
//! with the recording's.
//!
//! Requests are the recording's, not generated again: the run's seed changes nothing here.
//! Each placeholder a recorded request names is replaced by the value this target answered
//! with at the same place in the flow (a [`Redactor`] follows this target's answers as one
//! followed the reference's). A step that could not be sent is counted and named in a note.

use std::sync::Arc;

use super::compare::compare;
use super::recording::Answer;
use super::redact::Redactor;
use crate::engine::cleanup::Created;
use crate::engine::session::Session;

/// Sends every step of the run's recording and records the parity verdicts; nothing when the
/// run has no recording.
pub async fn run(session: &Session) {
    let Some(parity) = session.config.parity.clone() else {
        return;
    };
    let release = session.model.release.version();
    if parity.recording.release != release {
        session.note(format!(
            "parity: the recording ({}) was made for botocore {}, this run checks {release}; its requests were sent as recorded",
            parity.source, parity.recording.release
        ));
    }
    // The flow deletes what it makes (its last steps): the run's clean-up must not again.
    let session = Session {
        created: Arc::new(Created::for_model(&session.model)),
        ..session.clone()
    };
    let mut live = Redactor::new();
    let mut not_sent = Vec::new();
    for step in &parity.recording.steps {
        let envelope = live.rebase(&step.request);
        let raw = step
            .raw_body
            .as_ref()
            .map(|text| live.rebase_text(text).into_bytes());
        let exchange = match session
            .send(&step.operation, &envelope, raw.as_deref())
            .await
        {
            Ok(exchange) => exchange,
            Err(reason) => {
                not_sent.push(format!(
                    "step {} ({}): {}",
                    step.step, step.case, reason.reason
                ));
                continue;
            }
        };
        let answer = Answer::of(&session.model, &step.operation, &exchange, &mut live);
        let case = format!("parity step {} ({})", step.step, step.case);
        for (check, outcome) in compare(&step.operation, &step.answer, &answer, &parity.ignore) {
            session.verdict(&step.operation, check, &case, outcome, &[&exchange]);
        }
    }
    if !not_sent.is_empty() {
        session.note(format!(
            "parity: {} of the recording's {} steps were not sent, and not compared: {}",
            not_sent.len(),
            parity.recording.steps.len(),
            not_sent.join("; ")
        ));
    }
    for ignore in &parity.ignore {
        session.note(format!(
            "parity: {} of {} was not compared: {}",
            ignore.path,
            ignore.operation.as_deref().unwrap_or("every operation"),
            ignore.reason
        ));
    }
}
