//! Response encoding: typed responses and errors to HTTP with rest-json conventions.
//!
//! This layer is the only place that writes status codes, `Content-Type`,
//! `x-amzn-ErrorType` and JSON bodies; a fault that corrupts the wire form of answers
//! would hook in here.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use serde::Serialize;
use serde_json::json;

use crate::error::{ApiError, ErrorKind};
use crate::output::Response;

/// The header naming an error's shape.
pub const ERROR_TYPE_HEADER: &str = "x-amzn-ErrorType";

/// A 200 with the response serialized as the operation's output shape.
pub fn success(response: &Response) -> axum::response::Response {
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
    };
    match body {
        Ok(bytes) => json_response(StatusCode::OK, bytes, None),
        Err(e) => error(&ApiError::new(
            ErrorKind::Internal,
            format!("Failed to encode the response: {e}"),
        )),
    }
}

/// The error's status, `x-amzn-ErrorType: Shape` and body `{"message": ...}` (plus
/// `resourceId`/`resourceType` for `ResourceNotFoundException`).
pub fn error(err: &ApiError) -> axum::response::Response {
    let mut body = json!({ "message": err.message });
    if let Some((id, kind)) = &err.resource {
        body["resourceId"] = json!(id);
        body["resourceType"] = json!(kind);
    }
    let status =
        StatusCode::from_u16(err.kind.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let bytes = serde_json::to_vec(&body).unwrap_or_else(|_| b"{}".to_vec());
    json_response(status, bytes, Some(err.kind.shape_name()))
}

fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(value)
}

fn json_response(
    status: StatusCode,
    body: Vec<u8>,
    error_type: Option<&'static str>,
) -> axum::response::Response {
    let mut response = axum::response::Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
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
        let response = error(&ApiError::not_found("Case", "c1"));
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
        let response = success(&Response::CreateRelatedItem(CreateRelatedItemOutput {
            related_item_arn: "arn".into(),
            related_item_id: "id".into(),
        }));
        assert_eq!(response.status(), 200);
        assert!(response.headers().get(ERROR_TYPE_HEADER).is_none());
        let body = body_json(response).await;
        assert_eq!(
            body,
            json!({"relatedItemArn": "arn", "relatedItemId": "id"})
        );
    }
}
