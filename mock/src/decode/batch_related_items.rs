//! Typed input of BatchCreateRelatedItem (1.44.5): one content for up to 100 cases of a
//! domain, each named by `caseId` or `referenceId` (`CaseIdentifierUnion`).

use std::collections::HashSet;

use serde::Deserialize;

use super::json::{Obj, parse_body};
use super::performer::{Performer, PerformerRaw, performer};
use super::related_deltas::check_case_id;
use super::related_items::{InputContentRaw, RelatedItemInput, input_content};
use super::validate::{Violations, index, join, proven};
use crate::config::MockConfig;
use crate::error::ApiError;
use crate::kinds::{Kinds, RelatedItemType};

/// The model's `ReferenceId` pattern.
pub const REFERENCE_ID_PATTERN: &str = "[A-Za-z0-9\\-._/:#=+-]*";

/// How a request names one case (`CaseIdentifierUnion`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseRef {
    /// `caseId`.
    CaseId(String),
    /// `referenceId` (unique in a domain, ignoring case).
    ReferenceId(String),
}

/// A validated BatchCreateRelatedItem request.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchCreateRelatedItemInput {
    /// `domainId` (a body member here, not a path label).
    pub domain_id: String,
    /// The content, always a comment ("This operation supports only the Comment related
    /// item type").
    pub content: RelatedItemInput,
    /// The cases, in request order (1..=100, no identifier twice).
    pub cases: Vec<CaseRef>,
    /// `performedBy`, when given.
    pub performed_by: Option<Performer>,
    /// `clientToken` (0..=64), when given and not empty.
    pub client_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BatchBody {
    domain_id: Option<String>,
    content: Option<Obj<InputContentRaw>>,
    cases: Option<Vec<Obj<IdentifierRaw>>>,
    performed_by: Option<Obj<PerformerRaw>>,
    client_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IdentifierRaw {
    case_identifier: Option<Obj<CaseIdentifierRaw>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CaseIdentifierRaw {
    case_id: Option<String>,
    reference_id: Option<String>,
}

/// Decodes BatchCreateRelatedItem. Content other than a comment is a 400 naming
/// `content` (the operation's documentation: the entire request fails when "The
/// content isn't comment content"), as is a case named twice ("The request contains
/// duplicate case IDs").
pub fn batch_create_related_item(
    body: &[u8],
    config: &MockConfig,
) -> Result<BatchCreateRelatedItemInput, ApiError> {
    let raw: BatchBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = v.required("domainId", raw.domain_id);
    if let Some(d) = &domain_id {
        v.length("domainId", d, 1, 500);
    }
    let content = v
        .required("content", raw.content)
        .and_then(|Obj(c)| input_content(&mut v, "content", c, Kinds::of(config), config));
    if let Some(c) = &content
        && c.kind() != RelatedItemType::Comment
    {
        v.constraint(
            "content",
            &format!(
                "be comment content (BatchCreateRelatedItem supports only Comment; found '{}')",
                c.kind().member_name()
            ),
        );
    }
    let mut cases = Vec::new();
    if let Some(list) = v.required("cases", raw.cases) {
        v.size("cases", list.len(), 1, 100);
        let mut seen = HashSet::new();
        for (i, Obj(item)) in list.into_iter().enumerate() {
            let at = join(&index("cases", i), "caseIdentifier");
            if let Some(case) = case_ref(&mut v, &at, item, config) {
                let key = match &case {
                    CaseRef::CaseId(id) => format!("id:{id}"),
                    CaseRef::ReferenceId(r) => format!("ref:{}", r.to_lowercase()),
                };
                if !seen.insert(key) {
                    v.constraint(&at, "name each case once (the request repeats this case)");
                }
                cases.push(case);
            }
        }
    }
    let performed_by = performer(&mut v, "performedBy", raw.performed_by, config.release);
    if let Some(t) = &raw.client_token {
        v.length("clientToken", t, 0, 64);
    }
    v.finish()?;
    Ok(BatchCreateRelatedItemInput {
        domain_id: proven(domain_id, "domainId")?,
        content: proven(content, "content")?,
        cases,
        performed_by,
        client_token: raw.client_token.filter(|t| !t.is_empty()),
    })
}

fn case_ref(
    v: &mut Violations,
    at: &str,
    raw: IdentifierRaw,
    config: &MockConfig,
) -> Option<CaseRef> {
    let Obj(ident) = v.required(at, raw.case_identifier)?;
    let present: Vec<&str> = [
        ("caseId", ident.case_id.is_some()),
        ("referenceId", ident.reference_id.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, here)| here.then_some(name))
    .collect();
    if !v.union_one(at, &present, &["caseId", "referenceId"]) {
        return None;
    }
    if let Some(id) = ident.case_id {
        check_case_id(v, &join(at, "caseId"), &id, config);
        return Some(CaseRef::CaseId(id));
    }
    let reference = ident.reference_id?;
    let path = join(at, "referenceId");
    if v.length(&path, &reference, 1, 50) {
        let fits = reference.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '/' | ':' | '#' | '=' | '+')
        });
        v.pattern(&path, &reference, fits, REFERENCE_ID_PATTERN);
    }
    Some(CaseRef::ReferenceId(reference))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MockRelease;

    fn decode(body: &str) -> Result<BatchCreateRelatedItemInput, ApiError> {
        let config = MockConfig {
            release: MockRelease::V1_44_5,
            ..MockConfig::default()
        };
        batch_create_related_item(body.as_bytes(), &config)
    }

    const COMMENT: &str = r#""content":{"comment":{"body":"b","contentType":"Text/Plain"}}"#;

    #[test]
    fn reads_cases_by_id_and_reference() {
        let input = decode(&format!(
            r#"{{"domainId":"d",{COMMENT},"cases":[{{"caseIdentifier":{{"caseId":"c1"}}}},{{"caseIdentifier":{{"referenceId":"00000002"}}}}],"clientToken":"t"}}"#
        ))
        .expect("valid");
        assert_eq!(
            input.cases,
            [
                CaseRef::CaseId("c1".into()),
                CaseRef::ReferenceId("00000002".into())
            ]
        );
        assert_eq!(input.client_token.as_deref(), Some("t"));
    }

    #[test]
    fn refuses_other_content_duplicates_and_bad_identifiers() {
        let err = decode(r#"{"domainId":"d","content":{"file":{"fileArn":"f"}},"cases":[{"caseIdentifier":{"caseId":"c"}}]}"#)
            .expect_err("file");
        assert!(
            err.message.contains("be comment content"),
            "{}",
            err.message
        );
        let err = decode(&format!(
            r#"{{"domainId":"d",{COMMENT},"cases":[{{"caseIdentifier":{{"caseId":"c"}}}},{{"caseIdentifier":{{"caseId":"c"}}}}]}}"#
        ))
        .expect_err("duplicate");
        assert!(
            err.message.contains("'cases[1].caseIdentifier'"),
            "{}",
            err.message
        );
        let err =
            decode(&format!(r#"{{"domainId":"d",{COMMENT},"cases":[]}}"#)).expect_err("empty");
        assert!(err.message.contains("'cases'"), "{}", err.message);
        let err = decode(&format!(
            r#"{{"domainId":"d",{COMMENT},"cases":[{{"caseIdentifier":{{"caseId":"c","referenceId":"r"}}}}]}}"#
        ))
        .expect_err("two members");
        assert!(
            err.message.contains("found: caseId, referenceId"),
            "{}",
            err.message
        );
        let err = decode(&format!(
            r#"{{{COMMENT},"cases":[{{"caseIdentifier":{{"referenceId":"a b"}}}}]}}"#
        ))
        .expect_err("no domain, bad reference");
        assert!(
            err.message.starts_with("2 validation errors"),
            "{}",
            err.message
        );
    }
}
