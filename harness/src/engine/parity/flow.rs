//! The recorded flow: a deterministic, sequential suite whose requests are the same whatever
//! the target, and what each got.
//!
//! It sets up a domain, template and case as a run does ([`crate::engine::setup`]), makes a
//! resource of every kind ([`crate::engine::provision`]), then for every operation of the
//! release in a fixed order (by name, operations that delete what they address last) sends
//! the requests the generated suite builds outside its core (the minimal valid request and
//! each sendable named mutation once: invalid values, unknown ids), drawn with
//! [`RECORD_SEED`] whatever the run's seed, one at a time; clean-up comes last. Every
//! exchange goes through the session's [`Tap`] and becomes a [`Step`] of the
//! [`Recording`], redacted by one [`Redactor`] that follows the whole flow.

use std::sync::Arc;

use super::recording::{Answer, Recording, Step};
use super::redact::Redactor;
use super::tap::{Tap, Tapped};
use crate::engine::config::{Fixtures, RunConfig};
use crate::engine::session::Session;
use crate::engine::suites::generated;
use crate::engine::{Progress, cleanup, provision, setup};
use crate::r#gen::{GeneratedRequest, Generator, MutationKind, References};
use crate::model::ServiceModel;

/// The seed of every request of the recorded flow: fixed, so that a recording does not
/// depend on the seed of the run that replays it.
pub const RECORD_SEED: u64 = 0x00A1_17E5;

/// The largest request envelope the flow sends, in bytes of JSON.
pub const MAX_REQUEST_BYTES: usize = 4096;

/// Runs the recorded flow against `config`'s target (its seed, fixtures and `--keep` are not
/// used: the flow makes and deletes its own resources) and returns what every request got.
pub async fn record(config: &RunConfig) -> anyhow::Result<Recording> {
    let mut config = config.clone();
    config.seed = RECORD_SEED;
    config.fixtures = Fixtures::default();
    config.keep = false;
    let mut session = crate::engine::open_session(&config, &Progress::default())?;
    let tap = Arc::new(Tap::default());
    session.tap = Some(tap.clone());
    let generator = Generator::with_values(&session.model, config.member_values.clone())?;
    let mut notes = flow(&session, &generator, &tap).await;
    notes.extend(session.notes.lock().expect("notes lock").iter().cloned());
    Ok(recording_of(
        &session.model,
        config.release.version(),
        tap.take(),
        notes,
    ))
}

/// Sends the flow; returns what it could not do.
async fn flow(session: &Session, generator: &Generator, tap: &Tap) -> Vec<String> {
    let mut notes = Vec::new();
    tap.label("set-up");
    let workspace = match setup::prepare(session).await {
        Ok(workspace) => workspace,
        Err(failed) => {
            notes.push(format!("set-up failed, the flow stopped there: {failed}"));
            return notes;
        }
    };
    tap.label("provisioning");
    let provisioned = provision::provision(session, &workspace, generator).await;
    for (label, reason) in &provisioned.missing {
        notes.push(format!("no {label} could be provisioned: {reason}"));
    }
    let generator = generator.naming(References::new(
        session.model.clone(),
        provisioned.references(),
        provision::value_kinds(),
    ));
    let graph = crate::contract::resources::resources(&session.model);
    let destroys = |operation: &str| graph.values().any(|r| r.deleted_by.contains(operation));
    let mut operations: Vec<&str> = session
        .model
        .operations
        .keys()
        .map(String::as_str)
        .collect();
    operations.sort_by_key(|op| (destroys(op), *op));
    let mut left_out = 0;
    for operation in operations {
        let mut streams = generated::every_operation_streams(
            session,
            &generator,
            operation,
            &provisioned,
            destroys(operation),
        );
        // Only the streams of the flow are drawn: generating the others costs time.
        let mut kinds = std::collections::BTreeSet::new();
        let before = streams.len();
        streams.retain(|(label, ..)| {
            let name = label.split_once('/').map_or("", |(_, name)| name);
            match generator
                .mutations(operation)
                .iter()
                .find(|m| m.name == name)
            {
                None => true,
                Some(m) => m.kind == MutationKind::UnknownId || kinds.insert(m.kind),
            }
        });
        left_out += before - streams.len();

        for drawn in generated::drawn(RECORD_SEED, streams) {
            let (label, request) = match drawn {
                Ok(drawn) => drawn,
                Err(reason) => {
                    notes.push(reason);
                    continue;
                }
            };
            if !small(&request) {
                left_out += 1;
                continue;
            }
            tap.label(label.clone());
            if let Err(not_sent) = session
                .send(operation, &request.envelope, request.raw_body.as_deref())
                .await
            {
                notes.push(format!("{label} was not sent: {}", not_sent.reason));
            }
        }
    }
    if left_out > 0 {
        notes.push(format!(
            "{left_out} generated requests were left out of the flow (a second mutation of a kind an operation already had, or a request over {MAX_REQUEST_BYTES} bytes): the generated suite of a run sends them"
        ));
    }
    tap.label("clean-up");
    let cleanup = cleanup::clean(session).await;
    notes.extend(cleanup::notes(&cleanup));
    notes
}

/// Whether `request` is at most [`MAX_REQUEST_BYTES`]: the recording stays small enough to
/// review, and the generated suite of a run sends the larger ones.
fn small(request: &GeneratedRequest) -> bool {
    request.envelope.to_string().len() + request.raw_body.as_ref().map_or(0, Vec::len)
        <= MAX_REQUEST_BYTES
}

/// The recording of the exchanges `tapped` kept, in order, redacted by one redactor; the
/// notes are redacted with everything it learned.
pub fn recording_of(
    model: &ServiceModel,
    release: &str,
    tapped: Vec<Tapped>,
    notes: Vec<String>,
) -> Recording {
    let mut redactor = Redactor::new();
    let steps = tapped
        .into_iter()
        .zip(1..)
        .map(|(t, step)| {
            let request = redactor.request(&t.envelope);
            let raw_body = t
                .raw_body
                .map(|raw| redactor.request_text(&String::from_utf8_lossy(&raw)));
            let answer = Answer::of(model, &t.operation, &t.exchange, &mut redactor);
            Step {
                step,
                operation: t.operation,
                case: t.case,
                request,
                raw_body,
                answer,
            }
        })
        .collect();
    Recording {
        release: release.to_string(),
        seed: RECORD_SEED,
        steps,
        notes: notes.iter().map(|n| redactor.text(n)).collect(),
    }
}
