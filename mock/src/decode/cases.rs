//! Typed inputs of CreateCase, GetCase and UpdateCase.

use std::collections::BTreeMap;

use super::case_limits::{CaseLimits, FieldValueRaw};
use super::case_tags::case_tags;
use super::common::{FieldIdentifierRaw, FieldValue, field_identifiers, label, next_token};
use super::json::{Obj, parse_body};
use super::performer::{Performer, PerformerRaw, performer};
use super::validate::{Violations, proven};
use crate::config::MockConfig;
use crate::error::ApiError;
use crate::wire::route::Route;

/// A validated CreateCase request.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateCaseInput {
    /// Domain of the new case.
    pub domain_id: String,
    /// Template the case uses.
    pub template_id: String,
    /// `(field id, value)` pairs in request order (0..=100, 0..=220 from 1.44.5).
    pub fields: Vec<(String, FieldValue)>,
    /// Idempotency token (0..=64); empty means none.
    pub client_token: Option<String>,
    /// `performedBy` (`customEntity` from 1.44.5), when given.
    pub performed_by: Option<Performer>,
    /// `tags` (1.44.5; always empty before, where the member is unknown).
    pub tags: BTreeMap<String, String>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateCaseBody {
    template_id: Option<String>,
    fields: Option<Vec<Obj<FieldValueRaw>>>,
    client_token: Option<String>,
    performed_by: Option<Obj<PerformerRaw>>,
    tags: Option<BTreeMap<String, String>>,
}

/// Decodes CreateCase with the bounds and members of `config.release`.
pub fn create_case(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<CreateCaseInput, ApiError> {
    let raw: CreateCaseBody = parse_body(body)?;
    let limits = CaseLimits::of(config.release);
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let template_id = v.required("templateId", raw.template_id);
    if let Some(t) = &template_id {
        v.length("templateId", t, 1, 500);
    }
    let fields = limits.case_fields(&mut v, raw.fields);
    if let Some(t) = &raw.client_token {
        v.length("clientToken", t, 0, 64);
    }
    let performed_by = performer(&mut v, "performedBy", raw.performed_by, config.release);
    let tags = case_tags(&mut v, raw.tags, config.release);
    v.finish()?;
    Ok(CreateCaseInput {
        domain_id,
        template_id: proven(template_id, "templateId")?,
        fields,
        client_token: raw.client_token.filter(|t| !t.is_empty()),
        performed_by,
        tags,
    })
}

/// A validated GetCase request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetCaseInput {
    /// Domain of the case.
    pub domain_id: String,
    /// The case to read.
    pub case_id: String,
    /// Field ids to return (1..=100).
    pub field_ids: Vec<String>,
    /// Continuation token (GetCase never issues one, so any is foreign).
    pub next_token: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct GetCaseBody {
    fields: Option<Vec<Obj<FieldIdentifierRaw>>>,
    next_token: Option<String>,
}

/// Decodes GetCase.
pub fn get_case(route: &Route, body: &[u8]) -> Result<GetCaseInput, ApiError> {
    let raw: GetCaseBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let case_id = label(&mut v, route, "caseId");
    let field_ids = field_identifiers(&mut v, "fields", raw.fields, 1, 100);
    let next_token = next_token(&mut v, raw.next_token);
    v.finish()?;
    Ok(GetCaseInput {
        domain_id,
        case_id,
        field_ids,
        next_token,
    })
}

/// A validated UpdateCase request.
#[derive(Clone, Debug, PartialEq)]
pub struct UpdateCaseInput {
    /// Domain of the case.
    pub domain_id: String,
    /// The case to update.
    pub case_id: String,
    /// `(field id, value)` pairs in request order (0..=100, 0..=220 from 1.44.5).
    pub fields: Vec<(String, FieldValue)>,
    /// `performedBy` (`customEntity` from 1.44.5), when given.
    pub performed_by: Option<Performer>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpdateCaseBody {
    fields: Option<Vec<Obj<FieldValueRaw>>>,
    performed_by: Option<Obj<PerformerRaw>>,
}

/// Decodes UpdateCase: `fields` is required (the model's `UpdateCaseRequest.required`)
/// and each entry is a `FieldValue` exactly as in CreateCase, with the bounds of
/// `config.release`.
pub fn update_case(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<UpdateCaseInput, ApiError> {
    let raw: UpdateCaseBody = parse_body(body)?;
    let limits = CaseLimits::of(config.release);
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let case_id = label(&mut v, route, "caseId");
    let fields = limits.case_fields(&mut v, raw.fields);
    let performed_by = performer(&mut v, "performedBy", raw.performed_by, config.release);
    v.finish()?;
    Ok(UpdateCaseInput {
        domain_id,
        case_id,
        fields,
        performed_by,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MockRelease;
    use crate::wire::route::resolve_newest as resolve;

    fn old() -> MockConfig {
        at(MockRelease::V1_34_98)
    }

    fn at(release: MockRelease) -> MockConfig {
        MockConfig {
            release,
            ..MockConfig::default()
        }
    }

    #[test]
    fn create_case_reads_fields() {
        let route = resolve("POST", "/domains/d/cases").expect("route");
        let input = create_case(
            &route,
            br#"{"templateId":"t","fields":[{"id":"title","value":{"stringValue":"x"}}],"clientToken":""}"#,
            &old(),
        )
        .expect("valid");
        assert_eq!(
            input.fields,
            [("title".to_owned(), FieldValue::String("x".into()))]
        );
        assert_eq!(input.client_token, None);
    }

    #[test]
    fn create_case_names_bad_members() {
        let route = resolve("POST", "/domains/d/cases").expect("route");
        let err = create_case(&route, br#"{"fields":[]}"#, &old()).expect_err("template");
        assert!(err.message.contains("'templateId'"));
        let err = create_case(
            &route,
            br#"{"templateId":"t","fields":[{"id":"a","value":{}}]}"#,
            &old(),
        )
        .expect_err("empty union");
        assert!(err.message.contains("'fields[0].value'"), "{}", err.message);
        let long = format!(
            r#"{{"templateId":"t","fields":[{{"id":"a","value":{{"stringValue":"{}"}}}}]}}"#,
            "s".repeat(1501)
        );
        let err = create_case(&route, long.as_bytes(), &old()).expect_err("long");
        assert!(err.message.contains("'fields[0].value.stringValue'"));
    }

    #[test]
    fn get_case_needs_fields() {
        let route = resolve("POST", "/domains/d/cases/c").expect("route");
        let err = get_case(&route, b"{}").expect_err("fields");
        assert!(err.message.contains("'fields'"));
        let ok = get_case(&route, br#"{"fields":[{"id":"title"}]}"#).expect("valid");
        assert_eq!(ok.case_id, "c");
    }

    #[test]
    fn update_case_needs_fields_and_checks_each() {
        let route = resolve("PUT", "/domains/d/cases/c").expect("route");
        let err = update_case(&route, b"{}", &old()).expect_err("fields");
        assert!(err.message.contains("'fields'"), "{}", err.message);
        let ok = update_case(
            &route,
            br#"{"fields":[{"id":"a","value":{"doubleValue":2.5}},{"id":"b","value":{"userArnValue":"u"}}],
                "performedBy":{"userArn":"arn:u"}}"#,
            &old(),
        )
        .expect("valid");
        assert_eq!(ok.case_id, "c");
        assert_eq!(
            ok.fields,
            [
                ("a".to_owned(), FieldValue::Double(2.5)),
                ("b".to_owned(), FieldValue::UserArn("u".into()))
            ]
        );
        assert_eq!(ok.performed_by, Some(Performer::UserArn("arn:u".into())));
        assert!(update_case(&route, br#"{"fields":[]}"#, &old()).is_ok());
        let err = update_case(
            &route,
            br#"{"fields":[{"id":"a","value":{"booleanValue":true,"emptyValue":{}}},{"value":{"emptyValue":{}}}]}"#,
            &old(),
        )
        .expect_err("bad members");
        assert!(
            err.message.starts_with("2 validation errors"),
            "{}",
            err.message
        );
        assert!(err.message.contains("'fields[0].value'"));
        assert!(err.message.contains("'fields[1].id'"));
        let err =
            update_case(&route, br#"{"fields":[],"performedBy":{}}"#, &old()).expect_err("user");
        assert!(err.message.contains("'performedBy'"), "{}", err.message);
    }

    #[test]
    fn case_bounds_and_members_follow_the_release() {
        let route = resolve("POST", "/domains/d/cases").expect("route");
        let many: Vec<String> = (0..150)
            .map(|i| format!(r#"{{"id":"f{i}","value":{{"emptyValue":{{}}}}}}"#))
            .collect();
        let body = format!(r#"{{"templateId":"t","fields":[{}]}}"#, many.join(","));
        let err = create_case(&route, body.as_bytes(), &old()).expect_err("100 max");
        assert!(err.message.contains("'fields'"), "{}", err.message);
        let ok = create_case(&route, body.as_bytes(), &at(MockRelease::V1_44_5)).expect("220");
        assert_eq!(ok.fields.len(), 150);
        let long = format!(
            r#"{{"templateId":"t","fields":[{{"id":"a","value":{{"stringValue":"{}"}}}}],
                "tags":{{"team":"blue"}},"performedBy":{{"customEntity":"bot"}}}}"#,
            "s".repeat(4100)
        );
        let ok = create_case(&route, long.as_bytes(), &at(MockRelease::V1_44_5)).expect("new");
        assert_eq!(ok.tags.get("team").map(String::as_str), Some("blue"));
        assert_eq!(ok.performed_by, Some(Performer::CustomEntity("bot".into())));
        let err = create_case(&route, long.as_bytes(), &old()).expect_err("old");
        assert!(
            err.message.starts_with("2 validation errors"),
            "{}",
            err.message
        );
        assert!(err.message.contains("'fields[0].value.stringValue'"));
        assert!(err.message.contains("'performedBy'"));
    }
}
