//! Typed input of GetCaseAuditEvents.

use serde::Deserialize;

use super::common::{label, max_results, next_token};
use super::json::parse_body;
use super::validate::Violations;
use crate::config::MockConfig;
use crate::error::ApiError;
use crate::wire::route::Route;

/// A validated GetCaseAuditEvents request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetCaseAuditEventsInput {
    /// Domain of the case.
    pub domain_id: String,
    /// Case whose history is read.
    pub case_id: String,
    /// Page size, 1..=25 (default 25).
    pub max_results: usize,
    /// Continuation token.
    pub next_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    max_results: Option<i64>,
    next_token: Option<String>,
}

/// Decodes GetCaseAuditEvents.
pub fn get_case_audit_events(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<GetCaseAuditEventsInput, ApiError> {
    let raw: Body = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let case_id = label(&mut v, route, "caseId");
    let max_results = max_results(&mut v, raw.max_results, 25, config);
    let next_token = next_token(&mut v, raw.next_token);
    v.finish()?;
    Ok(GetCaseAuditEventsInput {
        domain_id,
        case_id,
        max_results,
        next_token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::route::resolve_newest as resolve;

    #[test]
    fn bounds_max_results() {
        let route = resolve("POST", "/domains/d/cases/c/audit-history").expect("route");
        assert_eq!(
            get_case_audit_events(&route, b"", &MockConfig::default())
                .expect("empty")
                .max_results,
            25
        );
        assert!(
            get_case_audit_events(&route, br#"{"maxResults":26}"#, &MockConfig::default()).is_err()
        );
        assert!(
            get_case_audit_events(&route, br#"{"maxResults":2.5}"#, &MockConfig::default())
                .is_err()
        );
    }
}
