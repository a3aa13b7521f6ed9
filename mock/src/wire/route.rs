//! Maps a method and raw path to one of the implemented operations, following the
//! model's `requestUri`s exactly: CreateRelatedItem's is `.../related-items/` with a
//! trailing slash (what boto3 sends); the slash-less form that smithy-generated SDKs
//! send is accepted too. Every other path must match its `requestUri` exactly.

use super::percent;
use crate::config::MockRelease;
use crate::error::{ApiError, ErrorKind};

/// An operation the mock implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `POST /domains`
    CreateDomain,
    /// `POST /domains/{domainId}`
    GetDomain,
    /// `POST /domains-list`
    ListDomains,
    /// `POST /domains/{domainId}/fields`
    CreateField,
    /// `POST /domains/{domainId}/fields-list`
    ListFields,
    /// `POST /domains/{domainId}/fields-batch`
    BatchGetField,
    /// `POST /domains/{domainId}/templates`
    CreateTemplate,
    /// `POST /domains/{domainId}/templates/{templateId}`
    GetTemplate,
    /// `POST /domains/{domainId}/templates-list`
    ListTemplates,
    /// `POST /domains/{domainId}/cases`
    CreateCase,
    /// `POST /domains/{domainId}/cases/{caseId}`
    GetCase,
    /// `POST /domains/{domainId}/cases/{caseId}/related-items/`
    CreateRelatedItem,
    /// `POST /domains/{domainId}/cases/{caseId}/related-items-search`
    SearchRelatedItems,
    /// `POST /domains/{domainId}/cases/{caseId}/audit-history`
    GetCaseAuditEvents,
    /// `PUT /domains/{domainId}/fields/{fieldId}`
    UpdateField,
    /// `DELETE /domains/{domainId}/fields/{fieldId}`
    DeleteField,
    /// `PUT /domains/{domainId}/fields/{fieldId}/options`
    BatchPutFieldOptions,
    /// `POST /domains/{domainId}/fields/{fieldId}/options-list`
    ListFieldOptions,
    /// `POST /domains/{domainId}/layouts`
    CreateLayout,
    /// `POST /domains/{domainId}/layouts/{layoutId}`
    GetLayout,
    /// `POST /domains/{domainId}/layouts-list`
    ListLayouts,
    /// `PUT /domains/{domainId}/layouts/{layoutId}`
    UpdateLayout,
    /// `DELETE /domains/{domainId}/layouts/{layoutId}`
    DeleteLayout,
    /// `DELETE /domains/{domainId}`
    DeleteDomain,
    /// `POST /tags/{arn}`
    TagResource,
    /// `DELETE /tags/{arn}`
    UntagResource,
    /// `GET /tags/{arn}`
    ListTagsForResource,
    /// `POST /domains/{domainId}/case-event-configuration`
    GetCaseEventConfiguration,
    /// `PUT /domains/{domainId}/case-event-configuration`
    PutCaseEventConfiguration,
    /// `PUT /domains/{domainId}/templates/{templateId}`
    UpdateTemplate,
    /// `DELETE /domains/{domainId}/templates/{templateId}`
    DeleteTemplate,
    /// `PUT /domains/{domainId}/cases/{caseId}`
    UpdateCase,
    /// `POST /domains/{domainId}/cases-search`
    SearchCases,
    /// `POST /domains/{domainId}/list-cases-for-contact`
    ListCasesForContact,
    /// `POST /domains/{domainId}/case-rules` (1.44.5)
    CreateCaseRule,
    /// `POST /domains/{domainId}/rules-batch` (1.44.5)
    BatchGetCaseRule,
    /// `POST /domains/{domainId}/rules-list/` (1.44.5; also without the slash)
    ListCaseRules,
    /// `PUT /domains/{domainId}/case-rules/{caseRuleId}` (1.44.5)
    UpdateCaseRule,
    /// `DELETE /domains/{domainId}/case-rules/{caseRuleId}` (1.44.5)
    DeleteCaseRule,
    /// `DELETE /domains/{domainId}/cases/{caseId}` (1.44.5)
    DeleteCase,
    /// `PUT /cases:batchUpdateCase` (1.44.5)
    BatchUpdateCase,
    /// `POST /domains/{domainId}/cases/{caseId}/merge` (1.44.5)
    StartMergeCases,
    /// `POST /domains/{domainId}/cases/{caseId}/merge-status` (1.44.5)
    GetMergeCasesStatus,
    /// `PUT /domains/{domainId}/cases/{caseId}/related-items/{relatedItemId}` (1.44.5)
    UpdateRelatedItem,
    /// `DELETE /domains/{domainId}/cases/{caseId}/related-items/{relatedItemId}` (1.44.5)
    DeleteRelatedItem,
    /// `POST /cases:batchCreateRelatedItem` (1.44.5)
    BatchCreateRelatedItem,
    /// `POST /domains/{domainId}/related-items-search` (1.44.5)
    SearchAllRelatedItems,
}

impl Operation {
    /// The release whose model first has this operation: before it, the operation is
    /// unknown (its route answers as a path no release binds). Every operation of
    /// 1.34.97 is also in 1.34.98, so the two older releases share one set.
    pub fn introduced_in(self) -> MockRelease {
        match self {
            // Case rules (case field conditions) came with 1.44.5.
            Self::CreateCaseRule
            | Self::BatchGetCaseRule
            | Self::ListCaseRules
            | Self::UpdateCaseRule
            | Self::DeleteCaseRule => MockRelease::V1_44_5,
            // Case deletion, batch updates and merges came with 1.44.5.
            Self::DeleteCase
            | Self::BatchUpdateCase
            | Self::StartMergeCases
            | Self::GetMergeCasesStatus => MockRelease::V1_44_5,
            // Related-item update, delete, batch creation and domain-wide search too.
            Self::UpdateRelatedItem
            | Self::DeleteRelatedItem
            | Self::BatchCreateRelatedItem
            | Self::SearchAllRelatedItems => MockRelease::V1_44_5,
            _ => MockRelease::V1_34_97,
        }
    }

    /// Whether `release`'s model has this operation.
    pub fn exists_in(self, release: MockRelease) -> bool {
        self.introduced_in() <= release
    }
}

/// One segment of a request URI pattern.
enum Seg {
    Lit(&'static str),
    Label(&'static str),
}

use Seg::{Label, Lit};

/// The HTTP methods the model binds operations to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    fn parse(method: &str) -> Option<Self> {
        match method {
            "GET" => Some(Self::Get),
            "POST" => Some(Self::Post),
            "PUT" => Some(Self::Put),
            "DELETE" => Some(Self::Delete),
            _ => None,
        }
    }
}

use Method::Post;
use Method::{Delete, Put};

/// The routing table: each operation's method and `requestUri`, as the model binds them.
const ROUTES: &[(Operation, Method, &[Seg])] = &[
    (Operation::CreateDomain, Post, &[Lit("domains")]),
    (Operation::ListDomains, Post, &[Lit("domains-list")]),
    (
        Operation::GetDomain,
        Post,
        &[Lit("domains"), Label("domainId")],
    ),
    (
        Operation::CreateField,
        Post,
        &[Lit("domains"), Label("domainId"), Lit("fields")],
    ),
    (
        Operation::ListFields,
        Post,
        &[Lit("domains"), Label("domainId"), Lit("fields-list")],
    ),
    (
        Operation::BatchGetField,
        Post,
        &[Lit("domains"), Label("domainId"), Lit("fields-batch")],
    ),
    (
        Operation::CreateTemplate,
        Post,
        &[Lit("domains"), Label("domainId"), Lit("templates")],
    ),
    (
        Operation::GetTemplate,
        Post,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("templates"),
            Label("templateId"),
        ],
    ),
    (
        Operation::ListTemplates,
        Post,
        &[Lit("domains"), Label("domainId"), Lit("templates-list")],
    ),
    (
        Operation::CreateCase,
        Post,
        &[Lit("domains"), Label("domainId"), Lit("cases")],
    ),
    (
        Operation::GetCase,
        Post,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("cases"),
            Label("caseId"),
        ],
    ),
    (
        Operation::CreateRelatedItem,
        Post,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("cases"),
            Label("caseId"),
            Lit("related-items"),
            Lit(""),
        ],
    ),
    // The same operation without the trailing slash: smithy-generated SDKs (the official
    // AWS SDK for Rust among them) drop it, and the real service accepts them.
    (
        Operation::CreateRelatedItem,
        Post,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("cases"),
            Label("caseId"),
            Lit("related-items"),
        ],
    ),
    (
        Operation::SearchRelatedItems,
        Post,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("cases"),
            Label("caseId"),
            Lit("related-items-search"),
        ],
    ),
    (
        Operation::GetCaseAuditEvents,
        Post,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("cases"),
            Label("caseId"),
            Lit("audit-history"),
        ],
    ),
    (
        Operation::UpdateField,
        Put,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("fields"),
            Label("fieldId"),
        ],
    ),
    (
        Operation::DeleteField,
        Delete,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("fields"),
            Label("fieldId"),
        ],
    ),
    (
        Operation::BatchPutFieldOptions,
        Put,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("fields"),
            Label("fieldId"),
            Lit("options"),
        ],
    ),
    (
        Operation::ListFieldOptions,
        Post,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("fields"),
            Label("fieldId"),
            Lit("options-list"),
        ],
    ),
    (
        Operation::CreateLayout,
        Post,
        &[Lit("domains"), Label("domainId"), Lit("layouts")],
    ),
    (
        Operation::GetLayout,
        Post,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("layouts"),
            Label("layoutId"),
        ],
    ),
    (
        Operation::ListLayouts,
        Post,
        &[Lit("domains"), Label("domainId"), Lit("layouts-list")],
    ),
    (
        Operation::UpdateLayout,
        Put,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("layouts"),
            Label("layoutId"),
        ],
    ),
    (
        Operation::DeleteLayout,
        Delete,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("layouts"),
            Label("layoutId"),
        ],
    ),
    (
        Operation::DeleteDomain,
        Method::Delete,
        &[Lit("domains"), Label("domainId")],
    ),
    (Operation::TagResource, Post, &[Lit("tags"), Label("arn")]),
    (
        Operation::UntagResource,
        Method::Delete,
        &[Lit("tags"), Label("arn")],
    ),
    (
        Operation::ListTagsForResource,
        Method::Get,
        &[Lit("tags"), Label("arn")],
    ),
    (
        Operation::GetCaseEventConfiguration,
        Post,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("case-event-configuration"),
        ],
    ),
    (
        Operation::PutCaseEventConfiguration,
        Method::Put,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("case-event-configuration"),
        ],
    ),
    (
        Operation::UpdateTemplate,
        Method::Put,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("templates"),
            Label("templateId"),
        ],
    ),
    (
        Operation::DeleteTemplate,
        Method::Delete,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("templates"),
            Label("templateId"),
        ],
    ),
    (
        Operation::UpdateCase,
        Method::Put,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("cases"),
            Label("caseId"),
        ],
    ),
    (
        Operation::SearchCases,
        Post,
        &[Lit("domains"), Label("domainId"), Lit("cases-search")],
    ),
    (
        Operation::ListCasesForContact,
        Post,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("list-cases-for-contact"),
        ],
    ),
    (
        Operation::CreateCaseRule,
        Post,
        &[Lit("domains"), Label("domainId"), Lit("case-rules")],
    ),
    (
        Operation::BatchGetCaseRule,
        Post,
        &[Lit("domains"), Label("domainId"), Lit("rules-batch")],
    ),
    (
        Operation::ListCaseRules,
        Post,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("rules-list"),
            Lit(""),
        ],
    ),
    // The same operation without the trailing slash, which smithy-generated SDKs drop
    // (as for CreateRelatedItem).
    (
        Operation::ListCaseRules,
        Post,
        &[Lit("domains"), Label("domainId"), Lit("rules-list")],
    ),
    (
        Operation::UpdateCaseRule,
        Put,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("case-rules"),
            Label("caseRuleId"),
        ],
    ),
    (
        Operation::DeleteCaseRule,
        Delete,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("case-rules"),
            Label("caseRuleId"),
        ],
    ),
    (
        Operation::DeleteCase,
        Method::Delete,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("cases"),
            Label("caseId"),
        ],
    ),
    // The colon is part of the model's literal segment (`/cases:batchUpdateCase`);
    // botocore sends it unescaped.
    (
        Operation::BatchUpdateCase,
        Method::Put,
        &[Lit("cases:batchUpdateCase")],
    ),
    (
        Operation::StartMergeCases,
        Post,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("cases"),
            Label("caseId"),
            Lit("merge"),
        ],
    ),
    (
        Operation::GetMergeCasesStatus,
        Post,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("cases"),
            Label("caseId"),
            Lit("merge-status"),
        ],
    ),
    (
        Operation::UpdateRelatedItem,
        Put,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("cases"),
            Label("caseId"),
            Lit("related-items"),
            Label("relatedItemId"),
        ],
    ),
    (
        Operation::DeleteRelatedItem,
        Delete,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("cases"),
            Label("caseId"),
            Lit("related-items"),
            Label("relatedItemId"),
        ],
    ),
    // The colon is part of the model's literal segment (`/cases:batchCreateRelatedItem`).
    (
        Operation::BatchCreateRelatedItem,
        Post,
        &[Lit("cases:batchCreateRelatedItem")],
    ),
    (
        Operation::SearchAllRelatedItems,
        Post,
        &[
            Lit("domains"),
            Label("domainId"),
            Lit("related-items-search"),
        ],
    ),
];

/// The operation a request names, with its percent-decoded path labels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// The matched operation.
    pub operation: Operation,
    /// `(label name, decoded value)` pairs in path order.
    pub labels: Vec<(&'static str, String)>,
}

impl Route {
    /// The decoded value of label `name` (empty if the pattern has no such label).
    pub fn label(&self, name: &str) -> &str {
        self.labels
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
}

/// Resolves `method` and the raw (still percent-encoded) `path` among the operations of
/// `release`. No match (or an operation `release` lacks) is a 404
/// `UnknownOperationException`; a label that does not decode is a 400.
pub fn resolve(method: &str, path: &str, release: MockRelease) -> Result<Route, ApiError> {
    let unknown = || {
        ApiError::new(
            ErrorKind::UnknownOperation,
            format!("No operation matches {method} {path}"),
        )
    };
    let Some(method) = Method::parse(method) else {
        return Err(unknown());
    };
    let Some(rest) = path.strip_prefix('/') else {
        return Err(unknown());
    };
    let segments: Vec<&str> = rest.split('/').collect();
    for (operation, bound, pattern) in ROUTES {
        if *bound != method || !operation.exists_in(release) {
            continue;
        }
        if let Some(raw_labels) = match_pattern(pattern, &segments) {
            let mut labels = Vec::with_capacity(raw_labels.len());
            for (name, raw) in raw_labels {
                let value = percent::decode(raw).ok_or_else(|| {
                    ApiError::validation(format!(
                        "1 validation error detected: Value at '{name}' failed to satisfy \
                         constraint: Member must be valid percent-encoded UTF-8"
                    ))
                })?;
                labels.push((name, value));
            }
            return Ok(Route {
                operation: *operation,
                labels,
            });
        }
    }
    Err(unknown())
}

/// [`resolve`] among the operations of the newest release: for unit tests of decoders,
/// which do not depend on the release gate.
#[cfg(test)]
pub fn resolve_newest(method: &str, path: &str) -> Result<Route, ApiError> {
    resolve(method, path, MockRelease::V1_44_5)
}

fn match_pattern<'a>(
    pattern: &[Seg],
    segments: &[&'a str],
) -> Option<Vec<(&'static str, &'a str)>> {
    if pattern.len() != segments.len() {
        return None;
    }
    let mut labels = Vec::new();
    for (seg, actual) in pattern.iter().zip(segments) {
        match seg {
            Lit(lit) if lit == actual => {}
            Label(name) if !actual.is_empty() => labels.push((*name, *actual)),
            _ => return None,
        }
    }
    Some(labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_every_operation() {
        let cases = [
            ("/domains", Operation::CreateDomain),
            ("/domains-list", Operation::ListDomains),
            ("/domains/d", Operation::GetDomain),
            ("/domains/d/fields", Operation::CreateField),
            ("/domains/d/fields-list", Operation::ListFields),
            ("/domains/d/fields-batch", Operation::BatchGetField),
            ("/domains/d/templates", Operation::CreateTemplate),
            ("/domains/d/templates/t", Operation::GetTemplate),
            ("/domains/d/templates-list", Operation::ListTemplates),
            ("/domains/d/cases", Operation::CreateCase),
            ("/domains/d/cases/c", Operation::GetCase),
            (
                "/domains/d/cases/c/related-items/",
                Operation::CreateRelatedItem,
            ),
            (
                "/domains/d/cases/c/related-items-search",
                Operation::SearchRelatedItems,
            ),
            (
                "/domains/d/cases/c/audit-history",
                Operation::GetCaseAuditEvents,
            ),
        ];
        for (path, op) in cases {
            assert_eq!(
                resolve_newest("POST", path).expect(path).operation,
                op,
                "{path}"
            );
        }
    }

    #[test]
    fn decodes_labels() {
        let route =
            resolve_newest("POST", "/domains/a%20b/cases/c%2Fd/related-items/").expect("route");
        assert_eq!(route.label("domainId"), "a b");
        assert_eq!(route.label("caseId"), "c/d");
    }

    #[test]
    fn create_related_item_accepts_both_slash_forms_and_nothing_else() {
        for path in [
            "/domains/d/cases/c/related-items/",
            "/domains/d/cases/c/related-items",
        ] {
            assert_eq!(
                resolve_newest("POST", path).expect(path).operation,
                Operation::CreateRelatedItem
            );
        }
        for path in [
            "/domains/d/cases/c/related-items//",
            "/domains/d/cases/c/related-items-search/",
        ] {
            let err = resolve_newest("POST", path).expect_err(path);
            assert_eq!(err.kind, ErrorKind::UnknownOperation);
        }
    }

    #[test]
    fn unknown_methods_paths_and_empty_labels_are_unknown_operations() {
        for (method, path) in [
            ("GET", "/domains"),
            ("POST", "/nope"),
            ("POST", "/domains//cases"),
            ("POST", "domains"),
            ("DELETE", "/domains/d/cases"),
            ("PATCH", "/domains/d"),
            ("GET", "/tags/"),
            ("PUT", "/tags/a"),
            ("GET", "/domains/d/case-event-configuration"),
        ] {
            let err = resolve_newest(method, path).expect_err(path);
            assert_eq!(err.kind, ErrorKind::UnknownOperation, "{method} {path}");
        }
    }

    #[test]
    fn resolves_field_and_layout_operations_by_method() {
        let cases = [
            ("PUT", "/domains/d/fields/f", Operation::UpdateField),
            ("DELETE", "/domains/d/fields/f", Operation::DeleteField),
            (
                "PUT",
                "/domains/d/fields/f/options",
                Operation::BatchPutFieldOptions,
            ),
            (
                "POST",
                "/domains/d/fields/f/options-list",
                Operation::ListFieldOptions,
            ),
            ("POST", "/domains/d/layouts", Operation::CreateLayout),
            ("POST", "/domains/d/layouts/l", Operation::GetLayout),
            ("POST", "/domains/d/layouts-list", Operation::ListLayouts),
            ("PUT", "/domains/d/layouts/l", Operation::UpdateLayout),
            ("DELETE", "/domains/d/layouts/l", Operation::DeleteLayout),
        ];
        for (method, path, op) in cases {
            let route = resolve_newest(method, path).expect(path);
            assert_eq!(route.operation, op, "{method} {path}");
        }
        assert_eq!(
            resolve_newest("DELETE", "/domains/d/fields/f%2Fg")
                .expect("route")
                .label("fieldId"),
            "f/g"
        );
        for (method, path) in [
            ("POST", "/domains/d/fields/f"),
            ("GET", "/domains/d/fields/f"),
            ("POST", "/domains/d/fields/f/options"),
            ("PUT", "/domains/d/fields/f/options-list"),
            ("GET", "/domains/d/layouts/l"),
            ("DELETE", "/domains/d/layouts"),
            ("PUT", "/domains/d/layouts-list"),
        ] {
            let err = resolve_newest(method, path).expect_err(path);
            assert_eq!(err.kind, ErrorKind::UnknownOperation, "{method} {path}");
        }
    }

    #[test]
    fn resolves_the_operations_bound_to_other_methods() {
        let cases = [
            ("DELETE", "/domains/d", Operation::DeleteDomain),
            ("POST", "/tags/a", Operation::TagResource),
            ("DELETE", "/tags/a", Operation::UntagResource),
            ("GET", "/tags/a", Operation::ListTagsForResource),
            (
                "POST",
                "/domains/d/case-event-configuration",
                Operation::GetCaseEventConfiguration,
            ),
            (
                "PUT",
                "/domains/d/case-event-configuration",
                Operation::PutCaseEventConfiguration,
            ),
        ];
        for (method, path, op) in cases {
            let route = resolve_newest(method, path).expect(path);
            assert_eq!(route.operation, op, "{method} {path}");
        }
    }

    #[test]
    fn the_arn_label_is_one_percent_decoded_segment() {
        let route = resolve_newest(
            "GET",
            "/tags/arn%3Aaws%3Acases%3Aus-east-1%3A123456789012%3Adomain%2Fd%2Fcase%2Fc",
        )
        .expect("route");
        assert_eq!(
            route.label("arn"),
            "arn:aws:cases:us-east-1:123456789012:domain/d/case/c"
        );
        // A raw `/` splits the label: the model's `{arn}` is not greedy.
        let err = resolve_newest("GET", "/tags/arn:aws:cases:r:a:domain/d").expect_err("raw slash");
        assert_eq!(err.kind, ErrorKind::UnknownOperation);
    }

    #[test]
    fn resolves_template_and_case_operations_by_method() {
        let cases = [
            ("PUT", "/domains/d/templates/t", Operation::UpdateTemplate),
            (
                "DELETE",
                "/domains/d/templates/t",
                Operation::DeleteTemplate,
            ),
            ("POST", "/domains/d/templates/t", Operation::GetTemplate),
            ("PUT", "/domains/d/cases/c", Operation::UpdateCase),
            ("POST", "/domains/d/cases/c", Operation::GetCase),
            ("POST", "/domains/d/cases-search", Operation::SearchCases),
            (
                "POST",
                "/domains/d/list-cases-for-contact",
                Operation::ListCasesForContact,
            ),
        ];
        for (method, path, op) in cases {
            assert_eq!(
                resolve_newest(method, path).expect(path).operation,
                op,
                "{method} {path}"
            );
        }
        for (method, path) in [
            ("GET", "/domains/d/templates/t"),
            ("PUT", "/domains/d/cases-search"),
            ("POST", "/domains/d/cases-search/"),
            ("GET", "/domains/d/list-cases-for-contact"),
        ] {
            let err = resolve_newest(method, path).expect_err(path);
            assert_eq!(err.kind, ErrorKind::UnknownOperation, "{method} {path}");
        }
    }

    #[test]
    fn undecodable_label_is_a_validation_error() {
        let err = resolve_newest("POST", "/domains/%ff").expect_err("bad utf-8");
        assert_eq!(err.kind, ErrorKind::Validation);
        assert!(err.message.contains("domainId"));
    }

    #[test]
    fn case_rule_operations_resolve_at_1_44_5_only() {
        let cases = [
            ("POST", "/domains/d/case-rules", Operation::CreateCaseRule),
            (
                "POST",
                "/domains/d/rules-batch",
                Operation::BatchGetCaseRule,
            ),
            ("POST", "/domains/d/rules-list/", Operation::ListCaseRules),
            ("POST", "/domains/d/rules-list", Operation::ListCaseRules),
            ("PUT", "/domains/d/case-rules/r", Operation::UpdateCaseRule),
            (
                "DELETE",
                "/domains/d/case-rules/r",
                Operation::DeleteCaseRule,
            ),
        ];
        for (method, path, op) in cases {
            let route = resolve(method, path, MockRelease::V1_44_5).expect(path);
            assert_eq!(route.operation, op, "{method} {path}");
            assert_eq!(op.introduced_in(), MockRelease::V1_44_5);
            for old in [MockRelease::V1_34_97, MockRelease::V1_34_98] {
                let err = resolve(method, path, old).expect_err(path);
                assert_eq!(
                    err.kind,
                    ErrorKind::UnknownOperation,
                    "{old} {method} {path}"
                );
            }
        }
        assert_eq!(
            resolve_newest("PUT", "/domains/d/case-rules/a%2Fb")
                .expect("route")
                .label("caseRuleId"),
            "a/b"
        );
        for (method, path) in [
            ("POST", "/domains/d/case-rules/r"),
            ("GET", "/domains/d/case-rules"),
            ("POST", "/domains/d/rules-list//"),
            ("PUT", "/domains/d/rules-batch"),
        ] {
            let err = resolve_newest(method, path).expect_err(path);
            assert_eq!(err.kind, ErrorKind::UnknownOperation, "{method} {path}");
        }
    }

    #[test]
    fn case_operations_of_1_44_5_exist_from_that_release_only() {
        let cases = [
            ("DELETE", "/domains/d/cases/c", Operation::DeleteCase),
            ("PUT", "/cases:batchUpdateCase", Operation::BatchUpdateCase),
            (
                "POST",
                "/domains/d/cases/c/merge",
                Operation::StartMergeCases,
            ),
            (
                "POST",
                "/domains/d/cases/c/merge-status",
                Operation::GetMergeCasesStatus,
            ),
        ];
        for (method, path, op) in cases {
            let route = resolve(method, path, MockRelease::V1_44_5).expect(path);
            assert_eq!(route.operation, op, "{method} {path}");
            assert_eq!(op.introduced_in(), MockRelease::V1_44_5);
            for old in [MockRelease::V1_34_97, MockRelease::V1_34_98] {
                let err = resolve(method, path, old).expect_err(path);
                assert_eq!(
                    err.kind,
                    ErrorKind::UnknownOperation,
                    "{method} {path} at {old}"
                );
            }
        }
        for (method, path) in [
            ("POST", "/cases:batchUpdateCase"),
            ("PUT", "/cases"),
            ("GET", "/domains/d/cases/c/merge"),
        ] {
            let err = resolve_newest(method, path).expect_err(path);
            assert_eq!(err.kind, ErrorKind::UnknownOperation, "{method} {path}");
        }
    }

    #[test]
    fn related_item_operations_of_1_44_5_exist_only_there() {
        let cases = [
            (
                "PUT",
                "/domains/d/cases/c/related-items/i",
                Operation::UpdateRelatedItem,
            ),
            (
                "DELETE",
                "/domains/d/cases/c/related-items/i",
                Operation::DeleteRelatedItem,
            ),
            (
                "POST",
                "/cases:batchCreateRelatedItem",
                Operation::BatchCreateRelatedItem,
            ),
            (
                "POST",
                "/domains/d/related-items-search",
                Operation::SearchAllRelatedItems,
            ),
        ];
        for (method, path, op) in cases {
            let route = resolve_newest(method, path).expect(path);
            assert_eq!(route.operation, op, "{method} {path}");
            assert_eq!(op.introduced_in(), MockRelease::V1_44_5);
            for old in [MockRelease::V1_34_97, MockRelease::V1_34_98] {
                let err = resolve(method, path, old).expect_err(path);
                assert_eq!(
                    err.kind,
                    ErrorKind::UnknownOperation,
                    "{old} {method} {path}"
                );
            }
        }
        assert_eq!(
            resolve_newest("PUT", "/domains/d/cases/c/related-items/a%2Fb")
                .expect("route")
                .label("relatedItemId"),
            "a/b"
        );
        for (method, path) in [
            ("POST", "/domains/d/cases/c/related-items/i"),
            ("PUT", "/domains/d/cases/c/related-items/"),
            ("POST", "/cases"),
            ("GET", "/domains/d/related-items-search"),
        ] {
            let err = resolve_newest(method, path).expect_err(path);
            assert_eq!(err.kind, ErrorKind::UnknownOperation, "{method} {path}");
        }
    }

    #[test]
    fn the_readme_table_is_the_routing_table() {
        let readme = include_str!("../../README.md");
        let table = readme
            .split("| Operation | Request | Since | Rules |")
            .nth(1)
            .expect("the README has the table of operations");
        let mut listed = std::collections::BTreeMap::new();
        for row in table.lines().skip(2).take_while(|l| l.starts_with('|')) {
            let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
            let name = cells[0].trim_matches('*').to_string();
            let request = cells[1].split('`').nth(1).expect("a request in backticks");
            let (method, uri) = request.split_once(' ').expect("method and path");
            let path = uri.split('?').next().expect("a path");
            listed.insert(
                name,
                (method.to_string(), path.to_string(), cells[2].to_string()),
            );
        }
        let mut routed = std::collections::BTreeMap::new();
        for (operation, method, pattern) in ROUTES {
            let path: String = pattern
                .iter()
                .map(|seg| match seg {
                    Lit(lit) => format!("/{lit}"),
                    Label(label) => format!("/{{{label}}}"),
                })
                .collect();
            routed
                .entry(format!("{operation:?}"))
                .or_insert_with(Vec::new)
                .push((
                    format!("{method:?}").to_uppercase(),
                    path,
                    operation.introduced_in(),
                ));
        }
        assert_eq!(
            listed.keys().collect::<Vec<_>>(),
            routed.keys().collect::<Vec<_>>(),
            "the README lists other operations than the routing table"
        );
        for (name, (method, path, since)) in &listed {
            let routes = &routed[name];
            assert!(
                routes.iter().any(|(m, p, _)| m == method && p == path),
                "{name}: the README says {method} {path}, the routes {routes:?}"
            );
            assert_eq!(since, &routes[0].2.to_string(), "{name}: release");
        }
    }
}
