//! DeleteCase and GetMergeCasesStatus (1.44.5): requests that carry only their path
//! labels, `domainId` and `caseId` (the `CaseId` pattern is checked for every route
//! with a `caseId` label, see `decode::decode`).

use super::common::path_only;
use crate::error::ApiError;
use crate::wire::route::Route;

/// A case named by its domain and id: DeleteCase's and GetMergeCasesStatus's input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CasePathInput {
    /// Domain of the case.
    pub domain_id: String,
    /// The case.
    pub case_id: String,
}

/// Decodes a request whose only members are the `domainId` and `caseId` labels (the
/// body, if any, must be a JSON object and is ignored, as for GetDomain).
pub fn case_path(route: &Route, body: &[u8]) -> Result<CasePathInput, ApiError> {
    let [domain_id, case_id] = path_only(route, body, ["domainId", "caseId"])?;
    Ok(CasePathInput { domain_id, case_id })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::route::resolve_newest as resolve;

    #[test]
    fn reads_both_labels_and_refuses_a_non_object_body() {
        let route = resolve("DELETE", "/domains/d/cases/c").expect("route");
        let input = case_path(&route, b"").expect("empty body");
        assert_eq!(
            (input.domain_id.as_str(), input.case_id.as_str()),
            ("d", "c")
        );
        assert!(case_path(&route, b"[]").is_err());
    }
}
