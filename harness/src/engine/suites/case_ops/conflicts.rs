//! The conflicts of a running merge (`cases.merge-running-conflict`): while the merge that
//! [`super::merge`] started runs, the requests the documentation refuses are sent, least
//! destructive first — StartMergeCases of the same two cases again ("fails with a
//! ConflictException if either case is already part of a merge that is running"), UpdateCase
//! of the secondary case, CreateRelatedItem on it,
//! UpdateRelatedItem and DeleteRelatedItem of a comment it held before the merge started,
//! DeleteCase of the primary, then of the secondary case.
//!
//! A merge "runs asynchronously" and may finish at any time, so a probe is judged only when
//! GetMergeCasesStatus of the secondary case answers `IN_PROGRESS` both before it is sent
//! and after its answer: then it must be a 409 `ConflictException`. A probe the merge did
//! not run throughout is named in a note with the reason, never passed. Consecutive probes
//! share a read (the one after a probe is the one before the next): a merge that is over
//! does not run again ("it can't be merged again").
//!
//! A target that accepts a DeleteCase probe deletes a case of the merge: the probes after it
//! are not sent, and [`super::merge`] evaluates nothing more of that merge.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::CASE;
use crate::checks::CheckId;
use crate::client::Exchange;
use crate::engine::judge::{Expect, error_type, parse_body};
use crate::engine::provision;
use crate::engine::session::Session;
use crate::engine::setup::Workspace;
use crate::r#gen::Generator;

const CHECK: CheckId = CheckId::CasesMergeRunningConflict;
const STATUS: &str = "GetMergeCasesStatus";

/// The error the documentation names for a request a running merge refuses.
const CONFLICT: &str = "ConflictException";

/// Serial numbers of the probes' requests (a name they carry is unique to the run).
const FIRST_SERIAL: u32 = 3000;

/// One request the documentation refuses while a merge runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Probe {
    /// StartMergeCases of the same two cases again.
    MergeAgain,
    /// UpdateCase of the secondary case, changing its title.
    UpdateSecondary,
    /// CreateRelatedItem on the secondary case.
    CommentOnSecondary,
    /// UpdateRelatedItem of a comment the secondary case held before the merge started.
    UpdateItem,
    /// DeleteRelatedItem of that comment.
    DeleteItem,
    /// DeleteCase of the primary case.
    DeletePrimary,
    /// DeleteCase of the secondary case.
    DeleteSecondary,
}

impl Probe {
    /// Every probe, least destructive first: a case a faulty target deletes takes the
    /// probes after it.
    const ALL: [Probe; 7] = [
        Probe::MergeAgain,
        Probe::UpdateSecondary,
        Probe::CommentOnSecondary,
        Probe::UpdateItem,
        Probe::DeleteItem,
        Probe::DeletePrimary,
        Probe::DeleteSecondary,
    ];

    /// The operation the probe sends.
    pub(super) fn operation(self) -> &'static str {
        match self {
            Probe::MergeAgain => "StartMergeCases",
            Probe::UpdateSecondary => "UpdateCase",
            Probe::CommentOnSecondary => "CreateRelatedItem",
            Probe::UpdateItem => "UpdateRelatedItem",
            Probe::DeleteItem => "DeleteRelatedItem",
            Probe::DeletePrimary | Probe::DeleteSecondary => "DeleteCase",
        }
    }

    /// The probe, as notes and failures name it.
    pub(super) fn describe(self) -> &'static str {
        match self {
            Probe::MergeAgain => "StartMergeCases of the same two cases again",
            Probe::UpdateSecondary => "UpdateCase of the secondary case",
            Probe::CommentOnSecondary => "CreateRelatedItem on the secondary case",
            Probe::UpdateItem => "UpdateRelatedItem of a comment of the secondary case",
            Probe::DeleteItem => "DeleteRelatedItem of a comment of the secondary case",
            Probe::DeletePrimary => "DeleteCase of the primary case",
            Probe::DeleteSecondary => "DeleteCase of the secondary case",
        }
    }

    /// Whether the probe addresses the comment made for it before the merge started.
    pub(super) fn on_item(self) -> bool {
        matches!(self, Probe::UpdateItem | Probe::DeleteItem)
    }

    /// Whether the probe, accepted, deletes a case of the merge.
    fn deletes_case(self) -> bool {
        matches!(self, Probe::DeletePrimary | Probe::DeleteSecondary)
    }
}

/// The probes the run can send: the check is selected, and the release has the probe's
/// operation, which the run may send and whose model lists the `ConflictException` the
/// documentation names. A note names the probes left out and why.
pub(super) fn wanted(session: &Session) -> Vec<Probe> {
    if !session.ledger.selects(CHECK) {
        return Vec::new();
    }
    let mut left_out = Vec::new();
    let wanted = Probe::ALL
        .into_iter()
        .filter(|probe| {
            let op = probe.operation();
            let why = match session.model.operation(op) {
                None => Some(format!(
                    "release {} has no {op}",
                    session.model.release.version()
                )),
                Some(_) if !session.selected(op) => {
                    Some(format!("{op} is not among the selected operations"))
                }
                Some(modeled) if !modeled.errors.iter().any(|e| e.shape == CONFLICT) => {
                    Some(format!("{op} models no {CONFLICT}"))
                }
                Some(_) => None,
            };
            if let Some(why) = &why {
                left_out.push(format!("{} ({why})", probe.describe()));
            }
            why.is_none()
        })
        .collect();
    if !left_out.is_empty() {
        session.note(format!(
            "{CHECK} was not evaluated on {}",
            left_out.join("; ")
        ));
    }
    wanted
}

/// The cases and the comment the probes address.
pub(super) struct Targets<'a> {
    pub(super) workspace: &'a Workspace,
    pub(super) primary: &'a str,
    pub(super) secondary: &'a str,
    /// The comment made on the secondary case for the probes on an item (not the item the
    /// merge is checked to move), or why there is none.
    pub(super) item: Result<String, String>,
}

/// The requests of `probes`, built before the merge starts (building one takes time a
/// running merge may not leave): the minimal valid request of each operation provisioning
/// builds, addressed at the merge's cases, UpdateCase's setting the title. A note names the
/// probes without a request.
pub(super) fn requests(
    session: &Session,
    generator: &Generator,
    targets: &Targets<'_>,
    probes: &[Probe],
) -> Vec<(Probe, Value)> {
    let mut built = Vec::new();
    let mut left_out = Vec::new();
    for (serial, probe) in (FIRST_SERIAL..).zip(probes.iter().copied()) {
        let case = match probe {
            Probe::DeletePrimary | Probe::MergeAgain => targets.primary,
            _ => targets.secondary,
        };
        let mut known = BTreeMap::from([
            ("domainId".to_string(), targets.workspace.domain_id.clone()),
            ("caseId".to_string(), case.to_string()),
        ]);
        if probe.on_item() {
            match &targets.item {
                Ok(item) => {
                    known.insert("relatedItemId".to_string(), item.clone());
                }
                Err(why) => {
                    left_out.push(format!("{} ({why})", probe.describe()));
                    continue;
                }
            }
        }
        match provision::producer_request(session, generator, probe.operation(), &known, serial) {
            Ok(mut envelope) => {
                if probe == Probe::MergeAgain {
                    // The secondary is a body member provisioning cannot name: the merge's.
                    envelope["body"]["secondaryCaseIds"] = json!([targets.secondary]);
                }
                if probe == Probe::UpdateSecondary {
                    // A success would change the title: a refusal is then plain to see.
                    envelope["body"]["fields"] = json!([{ "id": "title", "value": { "stringValue": format!(
                        "conformance: changed while its merge ran {:x}",
                        session.config.seed
                    ) } }]);
                }
                built.push((probe, envelope));
            }
            Err(why) => left_out.push(format!("{} ({why})", probe.describe())),
        }
    }
    if !left_out.is_empty() {
        session.note(format!(
            "{CHECK} was not evaluated on {}",
            left_out.join("; ")
        ));
    }
    built
}

/// What GetMergeCasesStatus of the secondary case answered.
struct Reading {
    /// Whether it answered `IN_PROGRESS` naming the merge's primary case.
    running: bool,
    /// What it answered, for a note.
    seen: String,
    /// The exchange, when it succeeded.
    exchange: Option<Exchange>,
}

/// Reads the merge's status from its secondary case.
async fn read(session: &Session, request: &Value, primary: &str) -> Reading {
    match session.call(STATUS, request, CASE).await {
        Ok((body, exchange)) => Reading {
            running: body["status"] == "IN_PROGRESS" && body["primaryCaseId"] == primary,
            seen: match body["status"].as_str() {
                Some(status) if body["primaryCaseId"] == primary => status.to_string(),
                _ => json!({ "status": body["status"], "primaryCaseId": body["primaryCaseId"] })
                    .to_string(),
            },
            exchange: Some(exchange),
        },
        Err(failed) => Reading {
            running: false,
            seen: failed.to_string(),
            exchange: None,
        },
    }
}

/// The status and error type of an answer, compactly.
fn answered(exchange: &Exchange) -> (Option<u16>, Option<String>) {
    let parsed = parse_body(exchange).ok().flatten();
    (exchange.status(), error_type(exchange, parsed.as_ref()))
}

/// Sends each probe while the merge runs and judges those it ran throughout; notes the
/// others. Returns the probe that deleted a case of the merge, if the target accepted one.
pub(super) async fn probe(
    session: &Session,
    targets: &Targets<'_>,
    started: &Exchange,
    probes: &[(Probe, Value)],
) -> Option<Probe> {
    if probes.is_empty() {
        return None;
    }
    let (primary, secondary) = (targets.primary, targets.secondary);
    let status_request =
        json!({ "uri": { "domainId": targets.workspace.domain_id, "caseId": secondary } });
    let conflict_status = session.model.error_status(CONFLICT);
    let mut unjudged: Vec<String> = Vec::new();
    let mut deleted = None;
    let mut before = read(session, &status_request, primary).await;
    for (n, (probe, envelope)) in probes.iter().enumerate() {
        let op = probe.operation();
        if !before.running {
            unjudged.extend(probes[n..].iter().map(|(p, _)| {
                format!(
                    "{} (not sent: the merge was no longer running; GetMergeCasesStatus of the secondary case answered {})",
                    p.describe(),
                    before.seen
                )
            }));
            break;
        }
        let exchange = match session.send(op, envelope, None).await {
            Ok(exchange) => exchange,
            Err(not_sent) => {
                unjudged.push(format!(
                    "{} (not sent: {})",
                    probe.describe(),
                    not_sent.reason
                ));
                continue;
            }
        };
        let verdicts = session.judge(op, &exchange, &Expect::Protocol);
        session.record(op, &verdicts, CASE, Some(envelope), &[&exchange]);
        let after = read(session, &status_request, primary).await;
        let (status, error) = answered(&exchange);
        if after.running {
            let outcome = if status.is_some()
                && status == conflict_status
                && error.as_deref() == Some(CONFLICT)
            {
                Ok(())
            } else {
                Err((
                    format!(
                        "{} answered {} {} while the merge of case {secondary} into case {primary} ran (GetMergeCasesStatus of the secondary case: IN_PROGRESS before the request and after its answer)",
                        probe.describe(),
                        status.map_or("no status".to_string(), |s| s.to_string()),
                        error.as_deref().unwrap_or("(no error type)")
                    ),
                    json!({ "status": conflict_status, "errorType": CONFLICT }),
                    json!({ "status": status, "errorType": error }),
                ))
            };
            let evidence: Vec<&Exchange> = [Some(started), before.exchange.as_ref()]
                .into_iter()
                .flatten()
                .chain([&exchange])
                .chain(after.exchange.as_ref())
                .collect();
            session.verdict(op, CHECK, CASE, outcome, &evidence);
        } else {
            unjudged.push(format!(
                "{} (answered {}; the merge was no longer running after the answer: GetMergeCasesStatus of the secondary case answered {})",
                probe.describe(),
                status.map_or("no status".to_string(), |s| s.to_string()),
                after.seen
            ));
        }
        let succeeded = session
            .model
            .operation(op)
            .is_some_and(|o| status == Some(o.http.response_code));
        if probe.deletes_case() && succeeded {
            deleted = Some(*probe);
            unjudged.extend(probes[n + 1..].iter().map(|(p, _)| {
                format!(
                    "{} (not sent: {} succeeded, the merge has lost a case)",
                    p.describe(),
                    probe.describe()
                )
            }));
            break;
        }
        before = after;
    }
    if !unjudged.is_empty() {
        session.note(format!(
            "{CHECK} was not evaluated on {}",
            unjudged.join("; ")
        ));
    }
    deleted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Release, ServiceModel};

    #[test]
    fn every_probe_of_todays_release_models_the_conflict_its_documentation_names() {
        let model = ServiceModel::load(Release::V1_44_5).expect("model");
        assert_eq!(model.error_status(CONFLICT), Some(409));
        for probe in Probe::ALL {
            let op = model.operation(probe.operation()).expect("operation");
            assert!(
                op.errors.iter().any(|e| e.shape == CONFLICT),
                "{} models no {CONFLICT}",
                op.name
            );
            let doc = op.documentation.as_deref().unwrap_or_default();
            assert!(
                doc.contains("merge that is running") && doc.contains(CONFLICT),
                "{}'s documentation names no conflict of a running merge",
                op.name
            );
        }
        let statuses = model
            .structure("GetMergeCasesStatusResponse")
            .and_then(|s| s.members.get("status"))
            .and_then(|m| model.shape(&m.shape).enum_values().map(<[String]>::to_vec))
            .expect("GetMergeCasesStatusResponse.status is an enum");
        assert!(
            statuses.contains(&"IN_PROGRESS".to_string()),
            "{statuses:?}"
        );
    }

    #[test]
    fn probes_that_delete_a_case_come_last() {
        let first_delete = Probe::ALL
            .iter()
            .position(|p| p.deletes_case())
            .expect("a delete");
        assert!(Probe::ALL[first_delete..].iter().all(|p| p.deletes_case()));
    }
}
