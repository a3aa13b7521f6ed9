//! Filters: every filter the release has content for selects exactly the fixture's items it
//! names (by kind, by file ARN, by contact ARN and channel, several at once; in 1.44.5 by SLA
//! name and status, by linked case and by custom field value), with every result's type
//! matching its content and no result from another case.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::fixture::{Fixture, SEARCH, search};
use super::roundtrip::check_types_and_isolation;
use crate::checks::CheckId;
use crate::engine::session::Session;
use crate::engine::setup::Workspace;
use crate::engine::walk::Walk;

/// Sends every filter and compares what each returns with the fixture.
pub async fn run(session: &Session, workspace: &Workspace, fixture: &Fixture) {
    let kinds: BTreeSet<String> = fixture.kinds.iter().map(|k| k.member.clone()).collect();
    let of_kind = |kind: &str| -> BTreeSet<String> {
        fixture
            .created_a
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.id.clone())
            .collect()
    };
    let with = |kind: &str, member: &str, value: &Value| -> BTreeSet<String> {
        fixture
            .created_a
            .iter()
            .filter(|c| c.kind == kind && c.content[kind][member] == *value)
            .map(|c| c.id.clone())
            .collect()
    };
    let mut cases: Vec<FilterCase> = Vec::new();
    for kind in &kinds {
        cases.push((
            CheckId::FiltersKindMatchesAll,
            json!([{ kind.as_str(): {} }]),
            of_kind(kind),
        ));
    }
    let mut narrow: Option<(&str, &str, Value)> = None;
    if kinds.contains("file") {
        let arn = fixture
            .created_a
            .iter()
            .find(|c| c.kind == "file")
            .map(|c| c.content["file"]["fileArn"].clone());
        if let Some(arn) = arn {
            cases.push((
                CheckId::FiltersFileByArn,
                json!([{ "file": { "fileArn": arn } }]),
                with("file", "fileArn", &arn),
            ));
            narrow.get_or_insert(("file", "fileArn", arn));
        }
    }
    if kinds.contains("contact") {
        let arn = fixture
            .created_a
            .iter()
            .find(|c| c.kind == "contact")
            .map(|c| c.content["contact"]["contactArn"].clone());
        if let Some(arn) = arn {
            cases.push((
                CheckId::FiltersContactByArn,
                json!([{ "contact": { "contactArn": arn.clone() } }]),
                with("contact", "contactArn", &arn),
            ));
            narrow.get_or_insert(("contact", "contactArn", arn));
        }
    }
    // The union of a narrow filter (by ARN: a file's where the release has File, else a
    // contact's) and every item of another kind (comments where there are any).
    if let Some((kind, member, arn)) = narrow {
        let other = kinds
            .iter()
            .find(|k| k.as_str() == "comment")
            .or_else(|| kinds.iter().find(|k| k.as_str() != kind));
        if let Some(other) = other {
            let union: BTreeSet<String> = with(kind, member, &arn)
                .union(&of_kind(other))
                .cloned()
                .collect();
            cases.push((
                CheckId::FiltersUnion,
                json!([{ kind: { member: arn } }, { other.as_str(): {} }]),
                union,
            ));
        }
    }
    cases.extend(kinds_of_1_44_5(fixture, &kinds));
    for (check, filters, expected) in cases {
        let case = format!("filter {filters}");
        let Some(w) = search(session, workspace, fixture, filters.clone(), &case).await else {
            continue;
        };
        compare_sets(session, check, &case, &filters, &w, &expected);
        check_types_and_isolation(session, fixture, &w, &case);
    }
    if kinds.contains("contact") {
        check_channel_filter(session, workspace, fixture).await;
    }
}

/// One filter to send: the check it evidences, the filter list, and the ids it must return.
type FilterCase = (CheckId, Value, BTreeSet<String>);

/// The filters by the members of the kinds 1.44.5 brought, for those the fixture holds:
///
/// * `SlaFilter.name` ("Name of an SLA") picks the two SLAs sharing a name; `SlaFilter.status`
///   ("Status of an SLA") `Active` picks all three (each is due in a day and has no field to
///   complete it) and `Overdue` none, so a status criterion that is ignored is seen;
/// * `ConnectCaseFilter.caseId` picks the two items linking the other fixture case, not the
///   one linking the workspace case;
/// * `CustomFilter.fields` (a `CustomFieldsFilter` over `FieldFilter`s) `equalTo` the Text
///   value two items share, and `greaterThan` 1 of the Number field, picks exactly those.
fn kinds_of_1_44_5(fixture: &Fixture, kinds: &BTreeSet<String>) -> Vec<FilterCase> {
    let items = |kind: &str, keep: &dyn Fn(&Value) -> bool| -> BTreeSet<String> {
        fixture
            .created_a
            .iter()
            .filter(|c| c.kind == kind && keep(&c.content[kind]))
            .map(|c| c.id.clone())
            .collect()
    };
    let first = |kind: &str| fixture.created_a.iter().find(|c| c.kind == kind);
    let mut cases = Vec::new();
    if kinds.contains("sla")
        && let Some(sla) = first("sla")
    {
        let name = sla.content["sla"]["slaInputConfiguration"]["name"].clone();
        cases.push((
            CheckId::FiltersSlaByName,
            json!([{ "sla": { "name": name } }]),
            items("sla", &|c| c["slaInputConfiguration"]["name"] == name),
        ));
        cases.push((
            CheckId::FiltersSlaByStatus,
            json!([{ "sla": { "status": "Active" } }]),
            items("sla", &|_| true),
        ));
        cases.push((
            CheckId::FiltersSlaByStatus,
            json!([{ "sla": { "status": "Overdue" } }]),
            BTreeSet::new(),
        ));
    }
    if kinds.contains("connectCase")
        && let Some(link) = first("connectCase")
    {
        let case_id = link.content["connectCase"]["caseId"].clone();
        cases.push((
            CheckId::FiltersConnectCaseById,
            json!([{ "connectCase": { "caseId": case_id } }]),
            items("connectCase", &|c| c["caseId"] == case_id),
        ));
    }
    if kinds.contains("custom")
        && let Some(fields) = &fixture.fields
        && let Some(custom) = first("custom")
    {
        let value_of = |content: &Value, id: &str| -> Value {
            content["fields"]
                .as_array()
                .and_then(|f| f.iter().find(|v| v["id"] == id))
                .map(|v| v["value"].clone())
                .unwrap_or(Value::Null)
        };
        let text = value_of(&custom.content["custom"], &fields.text);
        cases.push((
            CheckId::FiltersCustomByField,
            json!([{ "custom": { "fields": { "field": { "equalTo": { "id": fields.text, "value": text } } } } }]),
            items("custom", &|c| value_of(c, &fields.text) == text),
        ));
        cases.push((
            CheckId::FiltersCustomByField,
            json!([{ "custom": { "fields": { "field": { "greaterThan": { "id": fields.number, "value": { "doubleValue": 1.0 } } } } } }]),
            items("custom", &|c| {
                value_of(c, &fields.number)["doubleValue"]
                    .as_f64()
                    .is_some_and(|n| n > 1.0)
            }),
        ));
    }
    cases
}

/// The channels of Amazon Connect contacts (the `Channel` enumeration of the Amazon Connect
/// API: `VOICE`, `CHAT`, `TASK`, `EMAIL`). The Cases model types `ContactFilter.channel` as
/// plain strings, so the harness names real channel values when it needs one that none of the
/// case's contacts is on.
pub const CONNECT_CHANNELS: [&str; 4] = ["VOICE", "CHAT", "TASK", "EMAIL"];

/// One channel filter to send: the channels it names and the ids of the contacts it must
/// return.
pub type ChannelFilter = (Vec<String>, BTreeSet<String>);

/// The channel filters to send, given the channels the suite's contacts are on (each with
/// the ids of those contacts) and every channel any contact of the case is on: every channel
/// of the suite's contacts alone; a channel no contact of the case is on (nothing may match);
/// and several channels at once, present ones and the absent one (the union of their
/// contacts). On a target whose contacts all share one channel, a filter that ignored the
/// channel would pass the first kind alone; the other two catch it. Lists hold at most 3
/// channels (`ContactFilterChannelList` max 3). Also returns the absent channel used, `None`
/// when every channel of [`CONNECT_CHANNELS`] is taken (or there is no contact to filter).
pub fn channel_filter_cases(
    by_channel: &BTreeMap<String, BTreeSet<String>>,
    in_case: &BTreeSet<String>,
) -> (Vec<ChannelFilter>, Option<&'static str>) {
    let mut cases: Vec<ChannelFilter> = by_channel
        .iter()
        .map(|(channel, ids)| (vec![channel.clone()], ids.clone()))
        .collect();
    let absent = CONNECT_CHANNELS
        .into_iter()
        .find(|c| !by_channel.contains_key(*c) && !in_case.contains(*c))
        .filter(|_| !by_channel.is_empty());
    if let Some(absent) = absent {
        cases.push((vec![absent.to_string()], BTreeSet::new()));
        let mut several: Vec<String> = by_channel.keys().take(2).cloned().collect();
        if !several.is_empty() {
            let expected = several
                .iter()
                .flat_map(|c| by_channel[c].iter().cloned())
                .collect();
            several.push(absent.to_string());
            cases.push((several, expected));
        }
    }
    (cases, absent)
}

/// Channels are assigned by the target (the request names only the contact), so the channel
/// filter is checked against the channels the unfiltered search reported, and against a
/// channel none of the case's contacts is on ([`channel_filter_cases`]).
async fn check_channel_filter(session: &Session, workspace: &Workspace, fixture: &Fixture) {
    let Some(all) = search(
        session,
        workspace,
        fixture,
        json!([{ "contact": {} }]),
        "filter contact channels",
    )
    .await
    else {
        return;
    };
    let mine: BTreeSet<&str> = fixture.created_a.iter().map(|c| c.id.as_str()).collect();
    let mut by_channel: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut in_case: BTreeSet<String> = BTreeSet::new();
    for item in all.items() {
        let (Some(id), Some(channel)) = (
            item["relatedItemId"].as_str(),
            item["content"]["contact"]["channel"].as_str(),
        ) else {
            continue;
        };
        in_case.insert(channel.to_string());
        if mine.contains(id) {
            by_channel
                .entry(channel.to_string())
                .or_default()
                .insert(id.to_string());
        }
    }
    let (cases, absent) = channel_filter_cases(&by_channel, &in_case);
    if absent.is_none() && !by_channel.is_empty() {
        session.note(format!(
            "filters.contact-by-channel: the case's contacts are on every channel of {CONNECT_CHANNELS:?}, so no filter by a channel none of them is on was sent"
        ));
    }
    for (channels, expected) in cases {
        let filters = json!([{ "contact": { "channel": channels } }]);
        let case = format!("filter {filters}");
        if let Some(w) = search(session, workspace, fixture, filters.clone(), &case).await {
            compare_sets(
                session,
                CheckId::FiltersContactByChannel,
                &case,
                &filters,
                &w,
                &expected,
            );
        }
    }
}

fn compare_sets(
    session: &Session,
    check: CheckId,
    case: &str,
    filters: &Value,
    walk: &Walk,
    expected: &BTreeSet<String>,
) {
    let found: BTreeSet<String> = walk
        .items()
        .filter_map(|i| i["relatedItemId"].as_str().map(str::to_string))
        .collect();
    session.verdict(
        SEARCH,
        check,
        case,
        if &found == expected {
            Ok(())
        } else {
            let missing: Vec<&String> = expected.difference(&found).collect();
            let extra: Vec<&String> = found.difference(expected).collect();
            Err((
                format!(
                    "filters {filters} returned {} items, expected {} ({} missing, {} unexpected)",
                    found.len(),
                    expected.len(),
                    missing.len(),
                    extra.len()
                ),
                json!({ "relatedItemIds": expected }),
                json!({ "relatedItemIds": found, "missing": missing, "unexpected": extra }),
            ))
        },
        &walk.evidence(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn contacts_on_one_channel_still_get_a_filter_that_must_exclude_them() {
        let by_channel = BTreeMap::from([("VOICE".to_string(), ids(&["c1", "c2", "c3"]))]);
        let in_case = BTreeSet::from(["VOICE".to_string()]);
        let (cases, absent) = channel_filter_cases(&by_channel, &in_case);
        assert_eq!(absent, Some("CHAT"));
        assert_eq!(
            cases,
            vec![
                (vec!["VOICE".to_string()], ids(&["c1", "c2", "c3"])),
                (vec!["CHAT".to_string()], BTreeSet::new()),
                (
                    vec!["VOICE".to_string(), "CHAT".to_string()],
                    ids(&["c1", "c2", "c3"])
                ),
            ]
        );
    }

    #[test]
    fn several_channels_name_at_most_three_and_expect_the_union() {
        let by_channel = BTreeMap::from([
            ("CHAT".to_string(), ids(&["c1"])),
            ("TASK".to_string(), ids(&["c2"])),
            ("VOICE".to_string(), ids(&["c3"])),
        ]);
        // A contact the suite did not create is on EMAIL: the absent channel is none of them.
        let in_case = BTreeSet::from(["EMAIL".to_string()]);
        let (cases, absent) = channel_filter_cases(&by_channel, &in_case);
        assert_eq!(absent, None);
        assert_eq!(cases.len(), 3);
        let (cases, absent) = channel_filter_cases(&by_channel, &BTreeSet::new());
        assert_eq!(absent, Some("EMAIL"));
        let (several, expected) = cases.last().expect("a case");
        assert_eq!(several, &["CHAT", "TASK", "EMAIL"]);
        assert_eq!(expected, &ids(&["c1", "c2"]));
        assert!(cases.iter().all(|(channels, _)| channels.len() <= 3));
    }

    #[test]
    fn no_absent_channel_when_every_channel_is_present() {
        let by_channel: BTreeMap<String, BTreeSet<String>> = CONNECT_CHANNELS
            .iter()
            .map(|c| (c.to_string(), ids(&[c])))
            .collect();
        let (cases, absent) = channel_filter_cases(&by_channel, &BTreeSet::new());
        assert_eq!(absent, None);
        assert_eq!(cases.len(), 4);
    }

    #[test]
    fn no_channel_filter_without_a_contact_of_the_suite() {
        let (cases, absent) = channel_filter_cases(&BTreeMap::new(), &BTreeSet::new());
        assert!(cases.is_empty());
        assert_eq!(absent, None);
    }
}
