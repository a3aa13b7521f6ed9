//! Helpers shared by the raw-HTTP integration tests: calling the router in-process with
//! `tower::ServiceExt::oneshot` (no socket) and building a domain with a case.

#![allow(dead_code)] // each test binary uses a different subset

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use serde_json::{Value, json};
use tower::ServiceExt as _;

/// A response: status, headers and the body parsed as JSON (`Null` if not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The `x-amzn-ErrorType` header, or "".
    pub fn error_type(&self) -> &str {
        self.headers
            .get("x-amzn-ErrorType")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The body's `message`, or "".
    pub fn message(&self) -> &str {
        self.body["message"].as_str().unwrap_or("")
    }

    /// Asserts a 400 ValidationException whose message names `member`.
    #[track_caller]
    pub fn assert_validation(&self, member: &str) {
        assert_eq!(self.status, StatusCode::BAD_REQUEST, "{self:?}");
        assert_eq!(self.error_type(), "ValidationException", "{self:?}");
        assert!(
            self.message().contains(member),
            "message should name {member}: {}",
            self.message()
        );
        self.assert_json_content_type();
    }

    /// Asserts a 404 ResourceNotFoundException naming `resource_type` `id`.
    #[track_caller]
    pub fn assert_not_found(&self, resource_type: &str, id: &str) {
        assert_eq!(self.status, StatusCode::NOT_FOUND, "{self:?}");
        assert_eq!(self.error_type(), "ResourceNotFoundException", "{self:?}");
        assert_eq!(self.body["resourceType"], resource_type, "{self:?}");
        assert_eq!(self.body["resourceId"], id, "{self:?}");
        assert!(!self.message().is_empty());
    }

    /// Asserts a 200.
    #[track_caller]
    pub fn assert_ok(&self) -> &Value {
        assert_eq!(self.status, StatusCode::OK, "{self:?}");
        self.assert_json_content_type();
        &self.body
    }

    #[track_caller]
    pub fn assert_json_content_type(&self) {
        assert_eq!(
            self.headers
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/json"),
            "{self:?}"
        );
    }
}

/// A fresh mock router with the default configuration.
pub fn mock() -> Router {
    cases_mock::router(cases_mock::MockConfig::default())
}

/// Sends `method path` with a raw body.
pub async fn send_raw(router: &Router, method: &str, path: &str, body: impl Into<Body>) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json")
        .body(body.into())
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
    }
}

/// Sends `POST path` with a JSON body.
pub async fn post(router: &Router, path: &str, body: Value) -> Reply {
    send_raw(router, "POST", path, body.to_string()).await
}

/// Ids of a domain with a template and a case.
#[derive(Clone, Debug)]
pub struct Fixture {
    pub domain: String,
    pub template: String,
    pub case: String,
}

impl Fixture {
    /// `/domains/{d}/cases/{c}` + `suffix`.
    pub fn case_path(&self, suffix: &str) -> String {
        format!("/domains/{}/cases/{}{suffix}", self.domain, self.case)
    }

    /// CreateRelatedItem's path (with its trailing slash).
    pub fn items_path(&self) -> String {
        self.case_path("/related-items/")
    }

    /// SearchRelatedItems' path.
    pub fn search_path(&self) -> String {
        self.case_path("/related-items-search")
    }

    /// GetCaseAuditEvents' path.
    pub fn audit_path(&self) -> String {
        self.case_path("/audit-history")
    }
}

/// Creates a domain, a template without required fields and a case.
pub async fn fixture(router: &Router) -> Fixture {
    let domain = post(router, "/domains", json!({"name": "fixture"})).await;
    let domain = domain.assert_ok()["domainId"]
        .as_str()
        .expect("domainId")
        .to_owned();
    let template = post(
        router,
        &format!("/domains/{domain}/templates"),
        json!({"name": "fixture template"}),
    )
    .await;
    let template = template.assert_ok()["templateId"]
        .as_str()
        .expect("templateId")
        .to_owned();
    let case = post(
        router,
        &format!("/domains/{domain}/cases"),
        json!({
            "templateId": template,
            "fields": [
                {"id": "title", "value": {"stringValue": "A case"}},
                {"id": "customer_id", "value": {"stringValue": "arn:aws:profile:us-east-1:123456789012:domains/p/profiles/x"}}
            ]
        }),
    )
    .await;
    let case = case.assert_ok()["caseId"]
        .as_str()
        .expect("caseId")
        .to_owned();
    Fixture {
        domain,
        template,
        case,
    }
}

/// A related item body of the given kind.
pub fn item_body(kind: &str, n: usize) -> Value {
    match kind {
        "Comment" => {
            json!({"type": "Comment", "content": {"comment": {"body": format!("comment {n}"), "contentType": "Text/Plain"}}})
        }
        "Contact" => {
            json!({"type": "Contact", "content": {"contact": {"contactArn": format!("arn:aws:connect:us-east-1:123456789012:instance/i/contact/{n:08x}")}}})
        }
        _ => {
            json!({"type": "File", "content": {"file": {"fileArn": format!("arn:aws:connect:us-east-1:123456789012:instance/i/file/{n:08x}")}}})
        }
    }
}
