//! BatchUpdateCase (1.44.5): `PUT /cases:batchUpdateCase` with the domain in the body.
//!
//! Model constraints: `domainId` (1..=500), `cases` (1..=100 `BatchUpdateCaseIdentifier`s,
//! each a `CaseIdentifierUnion` of `caseId` or `referenceId`), `fields` (required,
//! 0..=220 `FieldValueInput`s, each a `FieldIdentifierUnion` of `id` or `name` and a
//! `FieldValueUnion`), `title` (`CaseTitle`), `status` (`CaseStatus`), `customerId`
//! (`CustomerProfileArn`), `performedBy`, `clientToken` (0..=64). Three of the
//! documentation's whole-request failures need no store and are checked here:
//! duplicate case ids, no update at all, and `fields` naming `title`, `status` or
//! `customerId` (or a field name with `|` or `,`).

use std::collections::HashSet;

use serde::Deserialize;

use super::case_limits::{CASE_ID_PATTERN, CaseLimits, case_id_matches};
use super::common::{FieldValue, FieldValueUnionRaw, field_value_within};
use super::json::{Obj, parse_body};
use super::performer::{Performer, PerformerRaw, performer};
use super::validate::{Violations, index, join, proven};
use crate::config::MockConfig;
use crate::error::ApiError;

/// How a request names a case: the model's `CaseIdentifierUnion`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CaseRef {
    /// `caseId`.
    Id(String),
    /// `referenceId`: unique in the domain, matched without regard to case.
    Reference(String),
}

/// How a request names a field: the model's `FieldIdentifierUnion`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldRef {
    /// `id`.
    Id(String),
    /// `name` (only BatchUpdateCase accepts names, says the union's documentation).
    Name(String),
}

/// A validated BatchUpdateCase request.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchUpdateCaseInput {
    /// Domain of every case.
    pub domain_id: String,
    /// The cases, in request order.
    pub cases: Vec<CaseRef>,
    /// The field values applied to every case, in request order.
    pub fields: Vec<(FieldRef, FieldValue)>,
    /// `title`, applied as the `title` field.
    pub title: Option<String>,
    /// `status`, applied as the `status` field.
    pub status: Option<String>,
    /// `customerId`, applied as the `customer_id` field.
    pub customer_id: Option<String>,
    /// `performedBy`, when given.
    pub performed_by: Option<Performer>,
    /// Idempotency token; empty means none.
    pub client_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BatchUpdateCaseBody {
    domain_id: Option<String>,
    cases: Option<Vec<Obj<CaseEntryRaw>>>,
    fields: Option<Vec<Obj<FieldValueInputRaw>>>,
    performed_by: Option<Obj<PerformerRaw>>,
    title: Option<String>,
    status: Option<String>,
    customer_id: Option<String>,
    client_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CaseEntryRaw {
    case_identifier: Option<Obj<CaseIdentifierRaw>>,
}

/// The raw `CaseIdentifierUnion`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseIdentifierRaw {
    case_id: Option<String>,
    reference_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FieldValueInputRaw {
    field_identifier: Option<Obj<FieldIdentifierUnionRaw>>,
    value: Option<Obj<FieldValueUnionRaw>>,
}

#[derive(Deserialize)]
struct FieldIdentifierUnionRaw {
    id: Option<String>,
    name: Option<String>,
}

/// The fields BatchUpdateCase sets through its own members, never through `fields`.
const TOP_LEVEL_FIELDS: [&str; 3] = ["title", "status", "customer_id"];

/// Validates a `CaseIdentifierUnion` at `path`.
pub fn case_identifier(
    v: &mut Violations,
    path: &str,
    raw: CaseIdentifierRaw,
    limits: CaseLimits,
) -> Option<CaseRef> {
    let mut present = Vec::new();
    if raw.case_id.is_some() {
        present.push("caseId");
    }
    if raw.reference_id.is_some() {
        present.push("referenceId");
    }
    if !v.union_one(path, &present, &["caseId", "referenceId"]) {
        return None;
    }
    if let Some(id) = raw.case_id {
        let at = join(path, "caseId");
        if v.length(&at, &id, 1, 500) {
            limits.check_case_id(v, &at, &id);
        }
        return Some(CaseRef::Id(id));
    }
    let reference = raw.reference_id?;
    let at = join(path, "referenceId");
    if v.length(&at, &reference, 1, 50) {
        v.pattern(
            &at,
            &reference,
            case_id_matches(&reference),
            CASE_ID_PATTERN,
        );
    }
    Some(CaseRef::Reference(reference))
}

/// Decodes BatchUpdateCase.
pub fn batch_update_case(
    body: &[u8],
    config: &MockConfig,
) -> Result<BatchUpdateCaseInput, ApiError> {
    let raw: BatchUpdateCaseBody = parse_body(body)?;
    let limits = CaseLimits::of(config.release);
    let mut v = Violations::new();
    let domain_id = v.required("domainId", raw.domain_id);
    if let Some(d) = &domain_id {
        v.length("domainId", d, 1, 500);
    }
    let mut cases = Vec::new();
    if let Some(list) = v.required("cases", raw.cases) {
        v.size("cases", list.len(), 1, 100);
        let mut seen = HashSet::new();
        for (i, Obj(entry)) in list.into_iter().enumerate() {
            let path = join(&index("cases", i), "caseIdentifier");
            let Some(Obj(id)) = v.required(&path, entry.case_identifier) else {
                continue;
            };
            if let Some(case) = case_identifier(&mut v, &path, id, limits) {
                let key = match &case {
                    CaseRef::Id(id) => CaseRef::Id(id.clone()),
                    CaseRef::Reference(r) => CaseRef::Reference(r.to_ascii_lowercase()),
                };
                if !seen.insert(key) {
                    // "The request contains duplicate case IDs."
                    v.constraint(&path, "name a case only once in the request");
                }
                cases.push(case);
            }
        }
    }
    let mut fields = Vec::new();
    if let Some(list) = v.required("fields", raw.fields) {
        v.size("fields", list.len(), 0, limits.max_fields);
        for (i, Obj(item)) in list.into_iter().enumerate() {
            let path = index("fields", i);
            let id_path = join(&path, "fieldIdentifier");
            let field = v
                .required(&id_path, item.field_identifier)
                .and_then(|Obj(raw)| field_identifier(&mut v, &id_path, raw));
            let value_path = join(&path, "value");
            let value = v.required(&value_path, item.value).and_then(|Obj(raw)| {
                field_value_within(&mut v, &value_path, raw, limits.max_string)
            });
            if let (Some(field), Some(value)) = (field, value) {
                fields.push((field, value));
            }
        }
    }
    if let Some(title) = &raw.title {
        v.length("title", title, 1, 500);
    }
    if let Some(status) = &raw.status
        && v.length("status", status, 1, 100)
    {
        let ok = status
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c.is_whitespace());
        v.pattern("status", status, ok, "[a-zA-Z0-9_\\-\\s]+");
    }
    if let Some(customer) = &raw.customer_id
        && v.length("customerId", customer, 1, 500)
    {
        let ok = customer
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_-:.".contains(c));
        v.pattern("customerId", customer, ok, "[a-zA-Z0-9/_\\-:.]+");
    }
    if let Some(t) = &raw.client_token {
        v.length("clientToken", t, 0, 64);
    }
    let performed_by = performer(&mut v, "performedBy", raw.performed_by, config.release);
    let no_update = raw.title.is_none() && raw.status.is_none() && raw.customer_id.is_none();
    if no_update && fields.is_empty() {
        // "The request doesn't specify any update."
        v.constraint(
            "fields",
            "have at least one entry when title, status and customerId are absent",
        );
    }
    v.finish()?;
    Ok(BatchUpdateCaseInput {
        domain_id: proven(domain_id, "domainId")?,
        cases,
        fields,
        title: raw.title,
        status: raw.status,
        customer_id: raw.customer_id,
        performed_by,
        client_token: raw.client_token.filter(|t| !t.is_empty()),
    })
}

/// Validates a `FieldIdentifierUnion` at `path`, refusing the fields BatchUpdateCase
/// sets through its own members and names with `|` or `,` (its documentation).
fn field_identifier(
    v: &mut Violations,
    path: &str,
    raw: FieldIdentifierUnionRaw,
) -> Option<FieldRef> {
    let mut present = Vec::new();
    if raw.id.is_some() {
        present.push("id");
    }
    if raw.name.is_some() {
        present.push("name");
    }
    if !v.union_one(path, &present, &["id", "name"]) {
        return None;
    }
    let (member, text, field) = match (raw.id, raw.name) {
        (Some(id), _) => ("id", id.clone(), FieldRef::Id(id)),
        (None, Some(name)) => ("name", name.clone(), FieldRef::Name(name)),
        (None, None) => return None,
    };
    let at = join(path, member);
    let fits = if member == "id" {
        v.length(&at, &text, 1, 500)
    } else {
        v.length(&at, &text, 1, 100) && v.name_pattern(&at, &text)
    };
    if fits && member == "name" && (text.contains('|') || text.contains(',')) {
        v.constraint(&at, "not contain '|' or ','");
        return None;
    }
    if fits && TOP_LEVEL_FIELDS.contains(&text.as_str()) {
        v.constraint(
            &at,
            &format!(
                "not name '{text}' (set title, status and customerId through their own members)"
            ),
        );
        return None;
    }
    fits.then_some(field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MockRelease;

    fn config() -> MockConfig {
        MockConfig {
            release: MockRelease::V1_44_5,
            ..MockConfig::default()
        }
    }

    #[test]
    fn reads_cases_fields_and_top_level_members() {
        let input = batch_update_case(
            br#"{"domainId":"d","cases":[{"caseIdentifier":{"caseId":"c1"}},
                {"caseIdentifier":{"referenceId":"00000002"}}],
                "fields":[{"fieldIdentifier":{"name":"Priority"},"value":{"doubleValue":2}}],
                "title":"t","status":"closed","performedBy":{"customEntity":"bot"}}"#,
            &config(),
        )
        .expect("valid");
        assert_eq!(
            input.cases,
            [
                CaseRef::Id("c1".into()),
                CaseRef::Reference("00000002".into())
            ]
        );
        assert_eq!(
            input.fields,
            [(FieldRef::Name("Priority".into()), FieldValue::Double(2.0))]
        );
        assert_eq!(input.status.as_deref(), Some("closed"));
    }

    #[test]
    fn refuses_what_the_documentation_lists() {
        let err = batch_update_case(
            br#"{"domainId":"d","cases":[{"caseIdentifier":{"caseId":"c"}},{"caseIdentifier":{"caseId":"c"}}],"fields":[]}"#,
            &config(),
        )
        .expect_err("duplicate and no update");
        assert!(
            err.message.starts_with("2 validation errors"),
            "{}",
            err.message
        );
        assert!(err.message.contains("'cases[1].caseIdentifier'"));
        assert!(err.message.contains("'fields'"));
        let err = batch_update_case(
            br#"{"domainId":"d","cases":[{"caseIdentifier":{"caseId":"c"}}],
                "fields":[{"fieldIdentifier":{"id":"status"},"value":{"stringValue":"x"}},
                          {"fieldIdentifier":{"name":"a,b"},"value":{"stringValue":"x"}}]}"#,
            &config(),
        )
        .expect_err("top-level field and comma");
        assert!(err.message.contains("'fields[0].fieldIdentifier.id'"));
        assert!(err.message.contains("'fields[1].fieldIdentifier.name'"));
    }

    #[test]
    fn checks_the_model_constraints() {
        let err = batch_update_case(
            br#"{"cases":[],"fields":[],"status":"a;b","customerId":"x y"}"#,
            &config(),
        )
        .expect_err("constraints");
        for member in ["'domainId'", "'cases'", "'status'", "'customerId'"] {
            assert!(err.message.contains(member), "{member}: {}", err.message);
        }
        let err = batch_update_case(
            br#"{"domainId":"d","cases":[{"caseIdentifier":{"caseId":"a","referenceId":"b"}}],"title":"t","fields":[]}"#,
            &config(),
        )
        .expect_err("union");
        assert!(err.message.contains("'cases[0].caseIdentifier'"));
    }
}
