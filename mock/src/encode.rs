//! Response encoding: typed responses and errors to HTTP with rest-json conventions.
//!
//! This layer is the only place that writes status codes, `Content-Type`,
//! `x-amzn-ErrorType` and JSON bodies, so the faults that corrupt the wire form of
//! answers hook in here: error mapping (`500-for-invalid-input`, `validation-422`,
//! `not-found-as-400`, `resource-fields-missing`, `vague-validation-message`), error form
//! (`no-error-type-header`, `plain-text-errors`), headers and status
//! (`wrong-content-type`, `create-returns-201`, `truncated-search-response`) and body
//! members (see [`rewrite_body`]).

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use serde::Serialize;
use serde_json::{Value, json};

use crate::config::MockConfig;
use crate::error::{ApiError, ErrorKind};
use crate::faults::Fault;
use crate::output::Response;
use crate::time::parse_iso8601;

/// The header naming an error's shape.
pub const ERROR_TYPE_HEADER: &str = "x-amzn-ErrorType";

/// Timestamp members of the output shapes (`timestampFormat: iso8601`), rewritten by
/// `epoch-timestamps` and `naive-timestamps`.
const TIMESTAMP_MEMBERS: [&str; 5] = [
    "associationTime",
    "connectedToSystemTime",
    "createdTime",
    "lastModifiedTime",
    "performedTime",
];

/// The faults that rewrite a successful JSON body ([`rewrite_body`]).
const BODY_FAULTS: [Fault; 7] = [
    Fault::FileContentDropped,
    Fault::RequiredMemberMissing,
    Fault::EpochTimestamps,
    Fault::NaiveTimestamps,
    Fault::UppercaseItemType,
    Fault::AuditTypeMissing,
    Fault::UnknownMembersAdded,
];

/// The operation's success status with the response serialized as its output shape.
pub fn success(response: &Response, config: &MockConfig) -> axum::response::Response {
    let body = match response {
        Response::CreateDomain(o) => to_json(o),
        Response::GetDomain(o) => to_json(o),
        Response::ListDomains(o) => to_json(o),
        Response::CreateField(o) => to_json(o),
        Response::ListFields(o) => to_json(o),
        Response::BatchGetField(o) => to_json(o),
        Response::CreateTemplate(o) => to_json(o),
        Response::GetTemplate(o) => to_json(o),
        Response::ListTemplates(o) => to_json(o),
        Response::CreateCase(o) => to_json(o),
        Response::GetCase(o) => to_json(o),
        Response::CreateRelatedItem(o) => to_json(o),
        Response::SearchRelatedItems(o) => to_json(o),
        Response::GetCaseAuditEvents(o) => to_json(o),
        Response::UpdateField(o) | Response::DeleteField(o) => to_json(o),
        Response::BatchPutFieldOptions(o) => to_json(o),
        Response::ListFieldOptions(o) => to_json(o),
        Response::CreateLayout(o) => to_json(o),
        Response::GetLayout(o) => to_json(o),
        Response::ListLayouts(o) => to_json(o),
        Response::UpdateLayout(o) | Response::DeleteLayout(o) => to_json(o),
        Response::DeleteDomain(o) => to_json(o),
        Response::TagResource(o) => to_json(o),
        Response::UntagResource(o) => to_json(o),
        Response::ListTagsForResource(o) => to_json(o),
        Response::GetCaseEventConfiguration(o) => to_json(o),
        Response::PutCaseEventConfiguration(o) => to_json(o),
        Response::UpdateTemplate(o) => to_json(o),
        Response::DeleteTemplate(o) => to_json(o),
        Response::UpdateCase(o) => to_json(o),
        Response::SearchCases(o) => to_json(o),
        Response::ListCasesForContact(o) => to_json(o),
        Response::CreateCaseRule(o) => to_json(o),
        Response::BatchGetCaseRule(o) => to_json(o),
        Response::ListCaseRules(o) => to_json(o),
        Response::UpdateCaseRule(o) | Response::DeleteCaseRule(o) => to_json(o),
        Response::DeleteCase(o) | Response::StartMergeCases(o) => to_json(o),
        Response::BatchUpdateCase(o) => to_json(o),
        Response::GetMergeCasesStatus(o) => to_json(o),
        Response::UpdateRelatedItem(o) => to_json(o),
        Response::DeleteRelatedItem(o) => to_json(o),
        Response::BatchCreateRelatedItem(o) => to_json(o),
        Response::SearchAllRelatedItems(o) => to_json(o),
    };
    let faults = &config.faults;
    let body = match body {
        Ok(bytes) if BODY_FAULTS.iter().any(|f| faults.contains(f)) => {
            serde_json::from_slice(&bytes).and_then(|mut value: Value| {
                rewrite_body(&mut value, faults);
                serde_json::to_vec(&value)
            })
        }
        other => other,
    };
    let bytes = match body {
        Ok(bytes) => bytes,
        Err(e) => {
            return error(
                &ApiError::new(
                    ErrorKind::Internal,
                    format!("Failed to encode the response: {e}"),
                ),
                config,
            );
        }
    };
    let status = if faults.contains(&Fault::CreateReturns201)
        && matches!(response, Response::CreateRelatedItem(_))
    {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    if faults.contains(&Fault::TruncatedSearchResponse)
        && matches!(response, Response::SearchRelatedItems(_))
    {
        return truncated(status, bytes, faults);
    }
    json_response(status, Body::from(bytes), None, faults)
}

/// The error's status, `x-amzn-ErrorType: Shape` and body `{"message": ...}` (plus
/// `resourceId`/`resourceType` for `ResourceNotFoundException`).
pub fn error(err: &ApiError, config: &MockConfig) -> axum::response::Response {
    let faults = &config.faults;
    let err = &misreported(err, faults);
    let mut body = json!({ "message": err.message });
    if let Some((id, kind)) = &err.resource {
        body["resourceId"] = json!(id);
        body["resourceType"] = json!(kind);
    }
    let status = if faults.contains(&Fault::Validation422) && err.kind == ErrorKind::Validation {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::from_u16(err.kind.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    };
    let shape = err.kind.shape_name();
    let bytes = if faults.contains(&Fault::PlainTextErrors) {
        format!("{shape}: {}", err.message).into_bytes()
    } else {
        serde_json::to_vec(&body).unwrap_or_else(|_| b"{}".to_vec())
    };
    let error_type = (!faults.contains(&Fault::NoErrorTypeHeader)).then_some(shape);
    json_response(status, Body::from(bytes), error_type, faults)
}

/// `err` as the error-mapping faults report it; `err` itself without them.
fn misreported(err: &ApiError, faults: &BTreeSet<Fault>) -> ApiError {
    let mut err = err.clone();
    if faults.contains(&Fault::NotFoundAs400) && err.kind == ErrorKind::ResourceNotFound {
        err = ApiError::validation(err.message);
    }
    if faults.contains(&Fault::VagueValidationMessage) && err.kind == ErrorKind::Validation {
        err.message = "Bad Request".to_owned();
    }
    if faults.contains(&Fault::ServerErrorForInvalidInput) && err.kind == ErrorKind::Validation {
        err.kind = ErrorKind::Internal;
    }
    if faults.contains(&Fault::ResourceFieldsMissing) {
        err.resource = None;
    }
    err
}

/// Applies the body faults to a successful response body: File content dropped,
/// `associationTime` removed, upper-case item types and missing `relatedItemType` (search
/// items and audit events), timestamps as epoch seconds or without their zone, and an
/// unknown top-level member.
pub fn rewrite_body(body: &mut Value, faults: &BTreeSet<Fault>) {
    let on = |fault: Fault| faults.contains(&fault);
    if let Some(items) = body.get_mut("relatedItems").and_then(Value::as_array_mut) {
        for item in items.iter_mut().filter_map(Value::as_object_mut) {
            if on(Fault::FileContentDropped)
                && item.get("content").is_some_and(|c| c.get("file").is_some())
            {
                item.insert("content".to_owned(), json!({}));
            }
            if on(Fault::RequiredMemberMissing) {
                item.remove("associationTime");
            }
            if on(Fault::UppercaseItemType) {
                uppercase(item.get_mut("type"));
            }
        }
    }
    if let Some(events) = body.get_mut("auditEvents").and_then(Value::as_array_mut) {
        for event in events.iter_mut().filter_map(Value::as_object_mut) {
            if on(Fault::AuditTypeMissing) {
                event.remove("relatedItemType");
            }
            if on(Fault::UppercaseItemType) {
                uppercase(event.get_mut("relatedItemType"));
            }
        }
    }
    if on(Fault::EpochTimestamps) || on(Fault::NaiveTimestamps) {
        rewrite_timestamps(body, on(Fault::EpochTimestamps));
    }
    if on(Fault::UnknownMembersAdded)
        && let Some(object) = body.as_object_mut()
    {
        object.insert("apiVersion".to_owned(), json!("2022-10-03"));
    }
}

fn uppercase(value: Option<&mut Value>) {
    if let Some(Value::String(text)) = value {
        *text = text.to_ascii_uppercase();
    }
}

/// Every timestamp member below `value`, as epoch seconds (`epoch`) or without its `Z`.
fn rewrite_timestamps(value: &mut Value, epoch: bool) {
    match value {
        Value::Object(object) => {
            for (key, member) in object.iter_mut() {
                if let Value::String(text) = member
                    && TIMESTAMP_MEMBERS.contains(&key.as_str())
                {
                    if !epoch {
                        text.truncate(text.trim_end_matches('Z').len());
                    } else if let Some(millis) = parse_iso8601(text) {
                        *member = json!(millis as f64 / 1000.0);
                    }
                } else {
                    rewrite_timestamps(member, epoch);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_timestamps(v, epoch)),
        _ => {}
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(value)
}

/// `truncated-search-response`: the body, streamed, under a Content-Length 16 bytes
/// longer, so the server gives up mid-response and closes the connection.
fn truncated(
    status: StatusCode,
    bytes: Vec<u8>,
    faults: &BTreeSet<Fault>,
) -> axum::response::Response {
    let declared = bytes.len() + 16;
    let streamed = Body::from_stream(Body::from(bytes).into_data_stream());
    let mut response = json_response(status, streamed, None, faults);
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(declared));
    response
}

fn json_response(
    status: StatusCode,
    body: Body,
    error_type: Option<&'static str>,
    faults: &BTreeSet<Fault>,
) -> axum::response::Response {
    let mut response = axum::response::Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    let content_type = if faults.contains(&Fault::WrongContentType) {
        "text/plain"
    } else {
        "application/json"
    };
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(shape) = error_type {
        headers.insert(ERROR_TYPE_HEADER, HeaderValue::from_static(shape));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::CreateRelatedItemOutput;

    async fn body_json(response: axum::response::Response) -> serde_json::Value {
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .expect("body");
        serde_json::from_slice(&bytes).expect("json")
    }

    #[tokio::test]
    async fn errors_carry_shape_header_and_message() {
        let response = error(&ApiError::not_found("Case", "c1"), &MockConfig::default());
        assert_eq!(response.status(), 404);
        assert_eq!(
            response.headers()[ERROR_TYPE_HEADER],
            "ResourceNotFoundException"
        );
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        let body = body_json(response).await;
        assert_eq!(body["resourceId"], "c1");
        assert_eq!(body["resourceType"], "Case");
        assert!(body["message"].as_str().expect("message").contains("c1"));
    }

    #[tokio::test]
    async fn successes_are_json_without_error_header() {
        let response = success(
            &Response::CreateRelatedItem(CreateRelatedItemOutput {
                related_item_arn: "arn".into(),
                related_item_id: "id".into(),
            }),
            &MockConfig::default(),
        );
        assert_eq!(response.status(), 200);
        assert!(response.headers().get(ERROR_TYPE_HEADER).is_none());
        let body = body_json(response).await;
        assert_eq!(
            body,
            json!({"relatedItemArn": "arn", "relatedItemId": "id"})
        );
    }

    fn faults(list: &[Fault]) -> BTreeSet<Fault> {
        list.iter().copied().collect()
    }

    fn search_body() -> Value {
        json!({
            "relatedItems": [
                {"associationTime": "2024-05-03T12:34:56.789Z", "content": {"file": {"fileArn": "f"}},
                 "relatedItemId": "i1", "tags": {}, "type": "File"},
                {"associationTime": "2024-05-03T12:34:56.789Z",
                 "content": {"contact": {"channel": "VOICE", "connectedToSystemTime": "2024-05-03T12:34:56.789Z", "contactArn": "c"}},
                 "relatedItemId": "i2", "tags": {}, "type": "Contact"}
            ]
        })
    }

    #[test]
    fn body_faults_rewrite_members() {
        let mut body = search_body();
        rewrite_body(&mut body, &faults(&[]));
        assert_eq!(body, search_body());

        let mut body = search_body();
        rewrite_body(
            &mut body,
            &faults(&[
                Fault::FileContentDropped,
                Fault::RequiredMemberMissing,
                Fault::UppercaseItemType,
                Fault::UnknownMembersAdded,
            ]),
        );
        let items = &body["relatedItems"];
        assert_eq!(items[0]["content"], json!({}));
        assert_eq!(items[1]["content"]["contact"]["contactArn"], "c");
        assert!(items[0].get("associationTime").is_none());
        assert_eq!(items[0]["type"], "FILE");
        assert_eq!(items[1]["type"], "CONTACT");
        assert_eq!(body["apiVersion"], "2022-10-03");

        let mut body = search_body();
        rewrite_body(&mut body, &faults(&[Fault::EpochTimestamps]));
        assert_eq!(
            body["relatedItems"][0]["associationTime"],
            json!(1_714_739_696.789)
        );
        assert_eq!(
            body["relatedItems"][1]["content"]["contact"]["connectedToSystemTime"],
            json!(1_714_739_696.789)
        );

        let mut body = search_body();
        rewrite_body(&mut body, &faults(&[Fault::NaiveTimestamps]));
        assert_eq!(
            body["relatedItems"][0]["associationTime"],
            "2024-05-03T12:34:56.789"
        );

        let mut audit = json!({"auditEvents": [
            {"eventId": "e", "fields": [], "performedBy": {"iamPrincipalArn": "p"},
             "performedTime": "2024-05-03T12:34:56.789Z", "relatedItemType": "File", "type": "RelatedItem.Created"}
        ]});
        rewrite_body(&mut audit, &faults(&[Fault::UppercaseItemType]));
        assert_eq!(audit["auditEvents"][0]["relatedItemType"], "FILE");
        rewrite_body(&mut audit, &faults(&[Fault::AuditTypeMissing]));
        assert!(audit["auditEvents"][0].get("relatedItemType").is_none());
    }

    #[tokio::test]
    async fn error_faults_change_status_header_and_body() {
        let with = |list: &[Fault]| MockConfig {
            faults: faults(list),
            ..MockConfig::default()
        };
        let invalid = ApiError::validation("Value at 'maxResults' failed");
        let missing = ApiError::not_found("Case", "c1");

        let r = error(&invalid, &with(&[Fault::ServerErrorForInvalidInput]));
        assert_eq!(r.status(), 500);
        assert_eq!(r.headers()[ERROR_TYPE_HEADER], "InternalServerException");
        let r = error(&invalid, &with(&[Fault::Validation422]));
        assert_eq!(r.status(), 422);
        assert_eq!(r.headers()[ERROR_TYPE_HEADER], "ValidationException");
        let r = error(&invalid, &with(&[Fault::NoErrorTypeHeader]));
        assert!(r.headers().get(ERROR_TYPE_HEADER).is_none());
        let body = body_json(r).await;
        assert!(body.get("__type").is_none());
        let r = error(&invalid, &with(&[Fault::VagueValidationMessage]));
        assert_eq!(body_json(r).await["message"], "Bad Request");

        let r = error(&missing, &with(&[Fault::NotFoundAs400]));
        assert_eq!(r.status(), 400);
        assert_eq!(r.headers()[ERROR_TYPE_HEADER], "ValidationException");
        assert!(body_json(r).await.get("resourceId").is_none());
        let r = error(&missing, &with(&[Fault::ResourceFieldsMissing]));
        assert_eq!(r.status(), 404);
        let body = body_json(r).await;
        assert!(body.get("resourceId").is_none() && body.get("resourceType").is_none());

        let r = error(&invalid, &with(&[Fault::PlainTextErrors]));
        assert_eq!(r.headers()[header::CONTENT_TYPE], "application/json");
        let bytes = axum::body::to_bytes(r.into_body(), 1 << 20)
            .await
            .expect("body");
        assert!(bytes.starts_with(b"ValidationException: "));
        assert!(serde_json::from_slice::<Value>(&bytes).is_err());

        let r = error(&invalid, &with(&[Fault::WrongContentType]));
        assert_eq!(r.headers()[header::CONTENT_TYPE], "text/plain");
    }
}
