//! The fixture of the round-trip, filter, audit and pagination suites: fresh cases holding a
//! known set of related items of every kind the release has, created once and searched until
//! visible, so each suite can compare what the target answers with what was created.
//!
//! The kinds 1.44.5 brought name other resources: a `ConnectCase` item names a case of the
//! same domain (the fixture links its two cases to each other and to the workspace case), and
//! a `Custom` item holds values of the domain's fields (the fixture creates a Text and a
//! Number field of its own for them, so no value of another run or suite can match).

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

use crate::checks::CheckId;
use crate::contract::related::{RelatedKind, related_kinds};
use crate::engine::session::Session;
use crate::engine::setup::{Workspace, new_case};
use crate::engine::walk::{Walk, WalkEnd, walk};
use crate::r#gen::Substitution;

pub(super) const SEARCH: &str = "SearchRelatedItems";
pub(super) const CREATE: &str = "CreateRelatedItem";

/// One related item the suite created.
#[derive(Debug, Clone)]
pub struct Created {
    /// The `type` sent.
    pub item_type: String,
    /// The union member of `content` sent (`file`, `comment`, `contact`).
    pub kind: String,
    /// The `content` sent.
    pub content: Value,
    /// The `performedBy` sent, if any.
    pub performed_by: Option<Value>,
    /// The id the target gave it.
    pub id: String,
    /// When the create request went out and when its answer came.
    pub window: (SystemTime, SystemTime),
}

/// The fresh cases and items the round-trip, filter, audit and pagination suites check.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The case holding the planned items.
    pub case_a: String,
    /// A second case with one item of each kind, for isolation and foreign tokens.
    pub case_b: String,
    /// The fields the fixture created for `Custom` items, when the release has that kind.
    pub fields: Option<CustomFields>,
    /// The related-item kinds the fixture created items of (every kind of the release it has
    /// content for).
    pub kinds: Vec<RelatedKind>,
    /// Items created in case A.
    pub created_a: Vec<Created>,
    /// Ids created in case B.
    pub ids_b: BTreeSet<String>,
    /// Items created in case B (their ids are `ids_b`), for the searches across cases.
    pub created_b: Vec<Created>,
    /// The unfiltered search of case A once every created item was visible (or the wait
    /// ran out).
    pub everything: Walk,
}

/// Creates the fixture: two fresh cases, in case A a planned set of items of every kind the
/// release has and harness has content for, in case B one of each; checks their ids are unique
/// and waits until an unfiltered search of case A shows them. `None` when a create of a case
/// or the first search failed (their failures are in the ledger).
pub async fn build(session: &Session, workspace: &Workspace) -> Option<Fixture> {
    let run = format!("{:x}", session.config.seed);
    let case_a = new_case(session, workspace, "conformance: round trip")
        .await
        .ok()?;
    let case_b = new_case(session, workspace, "conformance: isolation")
        .await
        .ok()?;
    let fields = custom_fields(session, workspace, &run).await;
    let links_a = Links {
        cases: [case_b.clone(), workspace.case_id.clone()],
        fields: fields.clone(),
    };
    let links_b = Links {
        cases: [case_a.clone(), workspace.case_id.clone()],
        fields: fields.clone(),
    };
    let kinds = kinds_with_content(session, &links_a);

    // Real contact, file and user ARNs ([fixtures] of harness.toml) for the made-up ones.
    let mut real = Substitution::new(&session.config.member_values);
    let mut created_a = Vec::new();
    let mut n = 0;
    for kind in &kinds {
        for mut content in plan(&kind.member, &run, &links_a) {
            n += 1;
            real.apply(&mut content);
            let mut by = performed_by(&run, n);
            if let Some(by) = &mut by {
                real.apply(by);
            }
            if let Some(c) = create(session, workspace, &case_a, kind, content, by).await {
                created_a.push(c);
            }
        }
    }
    let mut created_b = Vec::new();
    for kind in &kinds {
        if let Some(mut content) = plan(&kind.member, &run, &links_b).into_iter().next()
            && let Some(c) = {
                real.apply(&mut content);
                create(session, workspace, &case_b, kind, content, None).await
            }
        {
            created_b.push(c);
        }
    }
    let ids_b: BTreeSet<String> = created_b.iter().map(|c| c.id.clone()).collect();
    check_unique_ids(session, &created_a, &ids_b);

    let everything = search_in(
        session,
        workspace,
        (&case_a, &created_a),
        json!([]),
        "roundtrip: search all",
    )
    .await?;
    let everything = wait_visible(session, workspace, (&case_a, &created_a), everything).await?;
    Some(Fixture {
        case_a,
        case_b,
        fields,
        kinds,
        created_a,
        ids_b,
        created_b,
        everything,
    })
}

/// The two fields the fixture's `Custom` items hold values of (`CustomInputContent.fields`:
/// "List of field values for the Custom related item", each a `FieldValue` naming a field of
/// the domain by id).
#[derive(Debug, Clone)]
pub struct CustomFields {
    /// A Text field: the values repeat once across the items, for `equalTo` filters.
    pub text: String,
    /// A Number field: the items hold 1, 2 and 3, for comparison filters.
    pub number: String,
    /// A Boolean field (`booleanValue`).
    pub flag: String,
    /// A User field (`userArnValue`, and `emptyValue` on one item).
    pub user: String,
    /// The users the User field names: `[fixtures]`' (`userArnValue`, `userArn`, `UserArn`)
    /// when given, as a real service checks them, else made up.
    pub users: [String; 2],
}

/// What the planned content of a case names besides itself: two other cases of the domain
/// (`ConnectCaseInputContent.caseId`; the first is named twice, the second once, so a filter
/// by case id can be told from a filter by kind) and the fields of its `Custom` items.
#[derive(Debug, Clone)]
pub struct Links {
    /// The other fixture case, then the workspace case.
    pub cases: [String; 2],
    /// The fields for `Custom` items, if the fixture made them.
    pub fields: Option<CustomFields>,
}

/// Creates the fixture's Text and Number fields when the release has `Custom` items; `None`
/// (and the kind reported as never evaluated) when it has not, or a create failed (its
/// failure is in the ledger).
async fn custom_fields(
    session: &Session,
    workspace: &Workspace,
    run: &str,
) -> Option<CustomFields> {
    if !related_kinds(&session.model)
        .iter()
        .any(|k| k.member == "custom")
    {
        return None;
    }
    let mut ids = Vec::new();
    for field_type in ["Text", "Number", "Boolean", "User"] {
        let envelope = json!({
            "uri": { "domainId": workspace.domain_id },
            "body": { "name": format!("conformance-{run}-custom-{}", field_type.to_lowercase()), "type": field_type },
        });
        let (body, _) = session
            .call(
                "CreateField",
                &envelope,
                "roundtrip: fields of custom items",
            )
            .await
            .ok()?;
        ids.push(body.get("fieldId")?.as_str()?.to_string());
    }
    let [text, number, flag, user] = <[String; 4]>::try_from(ids).ok()?;
    let members = &session.config.member_values.members;
    let users = ["userArnValue", "userArn", "UserArn"]
        .iter()
        .find_map(|key| members.get(*key).filter(|list| !list.is_empty()))
        .map_or_else(
            || {
                [1, 2].map(|n| {
                    format!("arn:aws:connect:us-east-1:123456789012:instance/conformance-{run}/agent/custom-{n}")
                })
            },
            |list| [list[0].clone(), list[list.len().min(2) - 1].clone()],
        );
    Some(CustomFields {
        text,
        number,
        flag,
        user,
        users,
    })
}

/// The related-item kinds of the release that the fixture has content for. A kind it has none
/// for is reported, in a note, as never evaluated by the round-trip, filter and audit checks,
/// rather than skipped in silence.
fn kinds_with_content(session: &Session, links: &Links) -> Vec<RelatedKind> {
    let (with, without): (Vec<RelatedKind>, Vec<RelatedKind>) = related_kinds(&session.model)
        .into_iter()
        .partition(|kind| !plan(&kind.member, "", links).is_empty());
    for kind in without {
        session.note(format!(
            "related-item kind {} (content member {}) was never evaluated by the round-trip, filter and audit checks: the fixture has no content for it yet",
            kind.type_value, kind.member
        ));
    }
    with
}

/// The planned items of case A: for each kind, three items whose key values repeat once, so
/// filters by value can be told apart from filters by kind.
///
/// * `sla`: `SlaInputConfiguration` ("Represents the input configuration of an SLA being
///   created") with its required `name`, `type` (`SlaType`: `CaseField`) and
///   `targetSlaMinutes` ("Target duration in minutes within which an SLA should be
///   completed"), one day, so every SLA stays `Active` for the whole run: no `fieldId`, so
///   none is completed by a field value.
/// * `connectCase`: `ConnectCaseInputContent.caseId`, "A unique identifier of the case",
///   naming the other cases of [`Links`].
/// * `custom`: `CustomInputContent.fields` ("List of field values for the Custom related
///   item"), a value of each of the fixture's fields: text, number, boolean and user, the
///   user empty (`emptyValue`) on the second item, so every `FieldValueUnion` member travels.
pub fn plan(kind: &str, run: &str, links: &Links) -> Vec<Value> {
    let arn = |what: &str, n: u32| {
        format!("arn:aws:connect:us-east-1:123456789012:instance/conformance-{run}/{what}/{n}")
    };
    match kind {
        "file" => vec![
            json!({ "file": { "fileArn": arn("file", 1) } }),
            json!({ "file": { "fileArn": arn("file", 1) } }),
            json!({ "file": { "fileArn": arn("file", 2) } }),
        ],
        "contact" => vec![
            json!({ "contact": { "contactArn": arn("contact", 1) } }),
            json!({ "contact": { "contactArn": arn("contact", 1) } }),
            json!({ "contact": { "contactArn": arn("contact", 2) } }),
        ],
        "comment" => vec![
            json!({ "comment": { "body": "Customer sent the signed form.", "contentType": "Text/Plain" } }),
            json!({ "comment": { "body": "Rückruf vereinbart – 漢字 ✓", "contentType": "Text/Plain" } }),
        ],
        "sla" => {
            let sla = |name: &str| {
                json!({ "sla": { "slaInputConfiguration": {
                    "name": format!("conformance-{run} {name}"),
                    "type": "CaseField",
                    "targetSlaMinutes": SLA_MINUTES,
                } } })
            };
            vec![sla("first reply"), sla("first reply"), sla("resolution")]
        }
        "connectCase" => {
            let [first, second] = &links.cases;
            let link = |case_id: &str| json!({ "connectCase": { "caseId": case_id } });
            vec![link(first), link(first), link(second)]
        }
        "custom" => {
            let Some(fields) = &links.fields else {
                return Vec::new();
            };
            let custom = |text: &str, number: f64, flag: bool, user: Value| {
                json!({ "custom": { "fields": [
                    { "id": fields.text, "value": { "stringValue": format!("{text}-{run}") } },
                    { "id": fields.number, "value": { "doubleValue": number } },
                    { "id": fields.flag, "value": { "booleanValue": flag } },
                    { "id": fields.user, "value": user },
                ] } })
            };
            let [first, second] = &fields.users;
            vec![
                custom("alpha", 1.0, true, json!({ "userArnValue": first })),
                custom("alpha", 2.0, false, json!({ "emptyValue": {} })),
                custom("beta", 3.0, true, json!({ "userArnValue": second })),
            ]
        }
        _ => Vec::new(),
    }
}

/// The `targetSlaMinutes` of the fixture's SLAs: a day, far longer than any run, so each is
/// `Active` (not yet due, not completed) whenever the suites search.
pub const SLA_MINUTES: u64 = 1440;

fn performed_by(run: &str, n: usize) -> Option<Value> {
    n.is_multiple_of(2).then(|| {
        json!({ "userArn": format!("arn:aws:connect:us-east-1:123456789012:instance/conformance-{run}/agent/{n}") })
    })
}

/// Creates one item and records what was sent and when.
async fn create(
    session: &Session,
    workspace: &Workspace,
    case_id: &str,
    kind: &RelatedKind,
    content: Value,
    performed_by: Option<Value>,
) -> Option<Created> {
    let mut body = json!({ "type": kind.type_value, "content": content });
    if let Some(p) = &performed_by {
        body["performedBy"] = p.clone();
    }
    let envelope =
        json!({ "uri": { "domainId": workspace.domain_id, "caseId": case_id }, "body": body });
    let before = SystemTime::now();
    let (response, _) = session
        .call(CREATE, &envelope, "roundtrip: create")
        .await
        .ok()?;
    let after = SystemTime::now();
    Some(Created {
        item_type: kind.type_value.clone(),
        kind: kind.member.clone(),
        content,
        performed_by,
        id: response.get("relatedItemId")?.as_str()?.to_string(),
        window: (before, after),
    })
}

fn check_unique_ids(session: &Session, created: &[Created], ids_b: &BTreeSet<String>) {
    let mut seen = BTreeSet::new();
    let duplicates: Vec<&str> = created
        .iter()
        .map(|c| c.id.as_str())
        .chain(ids_b.iter().map(String::as_str))
        .filter(|id| !seen.insert(*id))
        .collect();
    session.verdict(
        CREATE,
        CheckId::RoundtripUniqueIds,
        "roundtrip: ids of created items",
        if duplicates.is_empty() {
            Ok(())
        } else {
            Err((
                format!("{} created items share an id", duplicates.len()),
                json!({ "duplicates": [] }),
                json!({ "duplicates": duplicates }),
            ))
        },
        &[],
    );
}

/// One full search walk of the fixture's case A with `filters`, page size 25; `None` if it
/// broke (the walk itself records why).
pub(super) async fn search(
    session: &Session,
    workspace: &Workspace,
    fixture: &Fixture,
    filters: Value,
    case: &str,
) -> Option<Walk> {
    let items = (fixture.case_a.as_str(), fixture.created_a.as_slice());
    search_in(session, workspace, items, filters, case).await
}

/// One full search walk of case A, given with the items created in it, with `filters`, page
/// size 25. The case holds only the items the suite created, so the walk is bounded by their
/// number.
async fn search_in(
    session: &Session,
    workspace: &Workspace,
    (case_a, created_a): (&str, &[Created]),
    filters: Value,
    case: &str,
) -> Option<Walk> {
    search_case(session, workspace, (case_a, created_a.len()), filters, case).await
}

/// One full search walk of a case the run created, given with the number of items created in
/// it (which bounds the walk), with `filters`, page size 25; `None` if it broke (the walk
/// records why).
pub(super) async fn search_case(
    session: &Session,
    workspace: &Workspace,
    (case_a, known): (&str, usize),
    filters: Value,
    case: &str,
) -> Option<Walk> {
    let paginator = crate::contract::paging::paginator(&session.model, SEARCH)?;
    let mut body = json!({});
    if filters.as_array().is_some_and(|f| !f.is_empty()) {
        body["filters"] = filters;
    }
    let envelope =
        json!({ "uri": { "domainId": workspace.domain_id, "caseId": case_a }, "body": body });
    let known = Some(known);
    let w = walk(
        session,
        SEARCH,
        &paginator,
        &envelope,
        Some(25),
        known,
        case,
    )
    .await;
    matches!(w.end, WalkEnd::Complete).then_some(w)
}

/// Polls an unfiltered search until every created item is visible or `visibility_wait`
/// passes; the wait is recorded in the failure if items stay missing.
async fn wait_visible(
    session: &Session,
    workspace: &Workspace,
    (case_a, created_a): (&str, &[Created]),
    mut latest: Walk,
) -> Option<Walk> {
    let started = std::time::Instant::now();
    let deadline = started + session.config.visibility_wait;
    loop {
        let found: BTreeSet<&str> = latest
            .items()
            .filter_map(|i| i["relatedItemId"].as_str())
            .collect();
        let visible = created_a
            .iter()
            .filter(|c| found.contains(c.id.as_str()))
            .count();
        let all_visible = visible == created_a.len();
        if all_visible || std::time::Instant::now() >= deadline {
            if !session.config.visibility_wait.is_zero() {
                session.note(format!(
                    "visibility wait: {visible} of {} created items were visible in search after {} ms (bound {} s)",
                    created_a.len(),
                    started.elapsed().as_millis(),
                    session.config.visibility_wait.as_secs()
                ));
            }
            return Some(latest);
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        latest = search_in(
            session,
            workspace,
            (case_a, created_a),
            json!([]),
            "roundtrip: wait for visibility",
        )
        .await?;
    }
}

/// Every member of `sent` is in `found` with the same value (`found` may carry more, such as
/// the channel a target adds to a contact).
///
/// An input structure the answer describes with its own output structure, named without
/// `Input` (`sla.slaInputConfiguration` is answered as `sla.slaConfiguration`, which has a
/// status and a target time instead of the minutes), is compared on the members the answer
/// has: those the output structure does not define cannot come back.
///
/// A list of objects (a `Custom` item's `fields`) is compared as a set: the model gives its
/// members no order, so each sent element must match its own found element, none left over.
/// Numbers are compared by value (`1` and `1.0` are the same `Double`).
pub fn content_matches(sent: &Value, found: &Value) -> bool {
    matches_within(sent, found, false)
}

fn matches_within(sent: &Value, found: &Value, output_shaped: bool) -> bool {
    match (sent, found) {
        (Value::Object(s), Value::Object(f)) => s.iter().all(|(k, v)| match f.get(k) {
            Some(fv) => matches_within(v, fv, output_shaped),
            None if k.contains("Input") => f
                .get(&k.replace("Input", ""))
                .is_some_and(|fv| matches_within(v, fv, true)),
            None => output_shaped,
        }),
        (Value::Array(s), Value::Array(f)) if s.len() == f.len() => {
            let mut left: Vec<&Value> = f.iter().collect();
            s.iter().all(|sv| {
                left.iter()
                    .position(|fv| matches_within(sv, fv, output_shaped))
                    .map(|i| left.swap_remove(i))
                    .is_some()
            })
        }
        (Value::Number(s), Value::Number(f)) => s.as_f64() == f.as_f64(),
        (s, f) => s == f,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::content_matches;

    #[test]
    fn an_input_structure_is_matched_with_its_output_form() {
        let sent =
            json!({ "sla": { "slaInputConfiguration": { "name": "n", "targetSlaMinutes": 5 } } });
        let found = json!({ "sla": { "slaConfiguration": { "name": "n", "status": "Active" } } });
        assert!(content_matches(&sent, &found));
        let renamed = json!({ "sla": { "slaConfiguration": { "name": "other" } } });
        assert!(!content_matches(&sent, &renamed));
        // Custom fields in another order, a Double written as an integer: the same content.
        let fields = json!({ "custom": { "fields": [
            { "id": "t", "value": { "stringValue": "a" } },
            { "id": "n", "value": { "doubleValue": 1.0 } },
        ] } });
        let reordered = json!({ "custom": { "fields": [
            { "id": "n", "value": { "doubleValue": 1 } },
            { "id": "t", "value": { "stringValue": "a" } },
        ] } });
        assert!(content_matches(&fields, &reordered));
        let dropped = json!({ "custom": { "fields": [] } });
        assert!(!content_matches(&fields, &dropped));
        let twice = json!({ "custom": { "fields": [
            { "id": "t", "value": { "stringValue": "a" } },
            { "id": "t", "value": { "stringValue": "a" } },
        ] } });
        assert!(!content_matches(&fields, &twice));
        // Elsewhere a member that did not come back is a difference.
        assert!(!content_matches(
            &json!({ "file": { "fileArn": "a" } }),
            &json!({ "file": {} })
        ));
    }
}
