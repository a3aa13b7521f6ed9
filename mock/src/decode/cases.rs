//! Typed inputs of CreateCase, GetCase and UpdateCase.

use serde::Deserialize;

use super::common::{
    FieldIdentifierRaw, FieldValue, FieldValueUnionRaw, UserUnionRaw, field_identifiers,
    field_value, label, next_token, user_union,
};
use super::json::{Obj, parse_body};
use super::validate::{Violations, index, join, proven};
use crate::error::ApiError;
use crate::wire::route::Route;

/// A validated CreateCase request.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateCaseInput {
    /// Domain of the new case.
    pub domain_id: String,
    /// Template the case uses.
    pub template_id: String,
    /// `(field id, value)` pairs in request order (0..=100).
    pub fields: Vec<(String, FieldValue)>,
    /// Idempotency token (0..=64); empty means none.
    pub client_token: Option<String>,
    /// `performedBy.userArn`, when given.
    pub performed_by: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateCaseBody {
    template_id: Option<String>,
    fields: Option<Vec<Obj<FieldValueRaw>>>,
    client_token: Option<String>,
    performed_by: Option<Obj<UserUnionRaw>>,
}

#[derive(Deserialize)]
struct FieldValueRaw {
    id: Option<String>,
    value: Option<Obj<FieldValueUnionRaw>>,
}

/// Decodes CreateCase.
pub fn create_case(route: &Route, body: &[u8]) -> Result<CreateCaseInput, ApiError> {
    let raw: CreateCaseBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let template_id = v.required("templateId", raw.template_id);
    if let Some(t) = &template_id {
        v.length("templateId", t, 1, 500);
    }
    let mut fields = Vec::new();
    if let Some(list) = v.required("fields", raw.fields) {
        v.size("fields", list.len(), 0, 100);
        for (i, Obj(item)) in list.into_iter().enumerate() {
            let path = index("fields", i);
            let id = v.required(&join(&path, "id"), item.id);
            if let Some(id) = &id {
                v.length(&join(&path, "id"), id, 1, 500);
            }
            let value_path = join(&path, "value");
            let value = v
                .required(&value_path, item.value)
                .and_then(|Obj(raw)| field_value(&mut v, &value_path, raw));
            if let (Some(id), Some(value)) = (id, value) {
                fields.push((id, value));
            }
        }
    }
    if let Some(t) = &raw.client_token {
        v.length("clientToken", t, 0, 64);
    }
    let performed_by = user_union(&mut v, "performedBy", raw.performed_by);
    v.finish()?;
    Ok(CreateCaseInput {
        domain_id,
        template_id: proven(template_id, "templateId")?,
        fields,
        client_token: raw.client_token.filter(|t| !t.is_empty()),
        performed_by,
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

#[derive(Deserialize)]
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
    /// `(field id, value)` pairs in request order (0..=100).
    pub fields: Vec<(String, FieldValue)>,
    /// `performedBy.userArn`, when given.
    pub performed_by: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpdateCaseBody {
    fields: Option<Vec<Obj<FieldValueRaw>>>,
    performed_by: Option<Obj<UserUnionRaw>>,
}

/// Decodes UpdateCase: `fields` is required (the model's `UpdateCaseRequest.required`)
/// and each entry is a `FieldValue` exactly as in CreateCase.
pub fn update_case(route: &Route, body: &[u8]) -> Result<UpdateCaseInput, ApiError> {
    let raw: UpdateCaseBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let case_id = label(&mut v, route, "caseId");
    let mut fields = Vec::new();
    if let Some(list) = v.required("fields", raw.fields) {
        v.size("fields", list.len(), 0, 100);
        for (i, Obj(item)) in list.into_iter().enumerate() {
            let path = index("fields", i);
            let id = v.required(&join(&path, "id"), item.id);
            if let Some(id) = &id {
                v.length(&join(&path, "id"), id, 1, 500);
            }
            let value_path = join(&path, "value");
            let value = v
                .required(&value_path, item.value)
                .and_then(|Obj(raw)| field_value(&mut v, &value_path, raw));
            if let (Some(id), Some(value)) = (id, value) {
                fields.push((id, value));
            }
        }
    }
    let performed_by = user_union(&mut v, "performedBy", raw.performed_by);
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
    use crate::wire::route::resolve_newest as resolve;

    #[test]
    fn create_case_reads_fields() {
        let route = resolve("POST", "/domains/d/cases").expect("route");
        let input = create_case(
            &route,
            br#"{"templateId":"t","fields":[{"id":"title","value":{"stringValue":"x"}}],"clientToken":""}"#,
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
        let err = create_case(&route, br#"{"fields":[]}"#).expect_err("template");
        assert!(err.message.contains("'templateId'"));
        let err = create_case(
            &route,
            br#"{"templateId":"t","fields":[{"id":"a","value":{}}]}"#,
        )
        .expect_err("empty union");
        assert!(err.message.contains("'fields[0].value'"), "{}", err.message);
        let long = format!(
            r#"{{"templateId":"t","fields":[{{"id":"a","value":{{"stringValue":"{}"}}}}]}}"#,
            "s".repeat(1501)
        );
        let err = create_case(&route, long.as_bytes()).expect_err("long");
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
        let err = update_case(&route, b"{}").expect_err("fields");
        assert!(err.message.contains("'fields'"), "{}", err.message);
        let ok = update_case(
            &route,
            br#"{"fields":[{"id":"a","value":{"doubleValue":2.5}},{"id":"b","value":{"userArnValue":"u"}}],
                "performedBy":{"userArn":"arn:u"}}"#,
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
        assert_eq!(ok.performed_by.as_deref(), Some("arn:u"));
        assert!(update_case(&route, br#"{"fields":[]}"#).is_ok());
        let err = update_case(
            &route,
            br#"{"fields":[{"id":"a","value":{"booleanValue":true,"emptyValue":{}}},{"value":{"emptyValue":{}}}]}"#,
        )
        .expect_err("bad members");
        assert!(
            err.message.starts_with("2 validation errors"),
            "{}",
            err.message
        );
        assert!(err.message.contains("'fields[0].value'"));
        assert!(err.message.contains("'fields[1].id'"));
        let err = update_case(&route, br#"{"fields":[],"performedBy":{}}"#).expect_err("user");
        assert!(err.message.contains("'performedBy'"), "{}", err.message);
    }
}
