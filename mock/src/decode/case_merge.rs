//! StartMergeCases (1.44.5). Model constraints: `secondaryCaseIds` (exactly one
//! `CaseId`), `fieldsConfiguration` (`FieldsConfiguration`s with required `fieldIds`
//! and `sourceCaseId`), `relatedItemsConfiguration` (four booleans), `performedBy`.
//! The documentation's request-only rules are checked here too: "Specify at most one
//! entry, and set its `sourceCaseId` to the secondary case ID", "Don't list the same
//! field more than once".

use serde::Deserialize;

use super::case_limits::CaseLimits;
use super::common::{FieldIdentifierRaw, field_identifiers, label};
use super::json::{Obj, parse_body};
use super::performer::{Performer, PerformerRaw, performer};
use super::validate::{Violations, index, join};
use crate::config::MockConfig;
use crate::error::ApiError;
use crate::wire::route::Route;

/// The related-item union members a merge moves (`RelatedItemsConfiguration` members
/// set to `true`), in the model's order.
pub const MOVABLE_MEMBERS: [&str; 4] = ["comment", "connectCase", "contact", "custom"];

/// A validated StartMergeCases request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartMergeCasesInput {
    /// Domain of both cases.
    pub domain_id: String,
    /// The primary case (path).
    pub case_id: String,
    /// The one secondary case.
    pub secondary_case_id: String,
    /// Field ids whose values to take from the secondary case.
    pub field_ids: Vec<String>,
    /// Related-item union members to move (a subset of [`MOVABLE_MEMBERS`]).
    pub move_members: Vec<&'static str>,
    /// `performedBy`, when given.
    pub performed_by: Option<Performer>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StartMergeCasesBody {
    secondary_case_ids: Option<Vec<String>>,
    fields_configuration: Option<Vec<Obj<FieldsConfigurationRaw>>>,
    related_items_configuration: Option<Obj<RelatedItemsConfigurationRaw>>,
    performed_by: Option<Obj<PerformerRaw>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FieldsConfigurationRaw {
    field_ids: Option<Vec<Obj<FieldIdentifierRaw>>>,
    source_case_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RelatedItemsConfigurationRaw {
    comment: Option<bool>,
    connect_case: Option<bool>,
    contact: Option<bool>,
    custom: Option<bool>,
}

/// Decodes StartMergeCases.
pub fn start_merge_cases(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<StartMergeCasesInput, ApiError> {
    let raw: StartMergeCasesBody = parse_body(body)?;
    let limits = CaseLimits::of(config.release);
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let case_id = label(&mut v, route, "caseId");
    let mut secondary = None;
    if let Some(ids) = v.required("secondaryCaseIds", raw.secondary_case_ids) {
        v.size("secondaryCaseIds", ids.len(), 1, 1);
        for (i, id) in ids.iter().enumerate() {
            let at = index("secondaryCaseIds", i);
            if v.length(&at, id, 1, 500) {
                limits.check_case_id(&mut v, &at, id);
            }
        }
        secondary = ids.into_iter().next();
    }
    let mut field_ids = Vec::new();
    let configs = raw.fields_configuration.unwrap_or_default();
    if configs.len() > 1 {
        v.constraint(
            "fieldsConfiguration",
            "have at most one entry (the secondary case's)",
        );
    }
    for (i, Obj(entry)) in configs.into_iter().enumerate() {
        let path = index("fieldsConfiguration", i);
        let ids = field_identifiers(
            &mut v,
            &join(&path, "fieldIds"),
            entry.field_ids,
            0,
            usize::MAX,
        );
        for (j, id) in ids.iter().enumerate() {
            if ids[..j].contains(id) {
                let at = join(&index(&join(&path, "fieldIds"), j), "id");
                v.constraint(&at, &format!("be listed once ('{id}' is repeated)"));
            }
        }
        field_ids.extend(ids);
        let source_path = join(&path, "sourceCaseId");
        if let Some(source) = v.required(&source_path, entry.source_case_id)
            && v.length(&source_path, &source, 1, 500)
            && secondary.as_ref().is_some_and(|s| *s != source)
        {
            v.constraint(&source_path, "be the secondary case's id");
        }
    }
    let mut move_members = Vec::new();
    if let Some(Obj(items)) = raw.related_items_configuration {
        let chosen = [
            items.comment,
            items.connect_case,
            items.contact,
            items.custom,
        ];
        for (member, on) in MOVABLE_MEMBERS.into_iter().zip(chosen) {
            if on == Some(true) {
                move_members.push(member);
            }
        }
    }
    let performed_by = performer(&mut v, "performedBy", raw.performed_by, config.release);
    v.finish()?;
    Ok(StartMergeCasesInput {
        domain_id,
        case_id,
        secondary_case_id: secondary.unwrap_or_default(),
        field_ids,
        move_members,
        performed_by,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MockRelease;
    use crate::wire::route::resolve_newest as resolve;

    fn config() -> MockConfig {
        MockConfig {
            release: MockRelease::V1_44_5,
            ..MockConfig::default()
        }
    }

    #[test]
    fn reads_the_secondary_case_fields_and_kinds() {
        let route = resolve("POST", "/domains/d/cases/p/merge").expect("route");
        let input = start_merge_cases(
            &route,
            br#"{"secondaryCaseIds":["s"],
                "fieldsConfiguration":[{"fieldIds":[{"id":"summary"}],"sourceCaseId":"s"}],
                "relatedItemsConfiguration":{"contact":true,"comment":false,"custom":true}}"#,
            &config(),
        )
        .expect("valid");
        assert_eq!(input.secondary_case_id, "s");
        assert_eq!(input.field_ids, ["summary"]);
        assert_eq!(input.move_members, ["contact", "custom"]);
    }

    #[test]
    fn refuses_several_secondaries_and_a_foreign_source() {
        let route = resolve("POST", "/domains/d/cases/p/merge").expect("route");
        let err = start_merge_cases(&route, br#"{"secondaryCaseIds":["a","b"]}"#, &config())
            .expect_err("two");
        assert!(
            err.message.contains("'secondaryCaseIds'"),
            "{}",
            err.message
        );
        let err = start_merge_cases(
            &route,
            br#"{"secondaryCaseIds":["s"],"fieldsConfiguration":[{"fieldIds":[{"id":"a"},{"id":"a"}],"sourceCaseId":"x"}]}"#,
            &config(),
        )
        .expect_err("source and repeat");
        assert!(
            err.message
                .contains("'fieldsConfiguration[0].sourceCaseId'")
        );
        assert!(
            err.message
                .contains("'fieldsConfiguration[0].fieldIds[1].id'")
        );
        let err = start_merge_cases(&route, b"{}", &config()).expect_err("required");
        assert!(err.message.contains("'secondaryCaseIds'"));
    }
}
