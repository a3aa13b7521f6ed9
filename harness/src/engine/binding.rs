//! Request binding: a wire envelope (`{"uri", "query", "headers", "body"}`, see
//! `schemas/README.md`) becomes an HTTP request, following the operation's model binding.

use http::Method;
use serde_json::Value;

use crate::client::{WireRequest, encode_path_label};
use crate::model::{Operation, UriSegment};

/// The text form of a located value: strings as is, numbers and booleans in JSON notation.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Binds `envelope` to `op`: labels percent-encoded into the path, query and header members
/// serialised, the body as JSON (or `raw_body` verbatim, for malformed-JSON cases).
///
/// A label missing from the envelope binds as an empty string, so a request missing a URI
/// member still goes out and the target's answer can be judged.
pub fn bind(op: &Operation, envelope: &Value, raw_body: Option<&[u8]>) -> WireRequest {
    let mut path = String::new();
    for segment in op.http.segments().expect("checked when the model loaded") {
        match segment {
            UriSegment::Literal(text) => path.push_str(&text),
            UriSegment::Label { name, greedy } => {
                let value = envelope["uri"]
                    .get(&name)
                    .map(scalar_text)
                    .unwrap_or_default();
                if greedy {
                    let pieces: Vec<String> = value.split('/').map(encode_path_label).collect();
                    path.push_str(&pieces.join("/"));
                } else {
                    path.push_str(&encode_path_label(&value));
                }
            }
        }
    }
    let method = Method::from_bytes(op.http.method.as_bytes()).unwrap_or(Method::POST);
    let mut request = WireRequest::new(op.name.clone(), method, path);
    if let Some(query) = envelope.get("query").and_then(Value::as_object) {
        for (key, value) in query {
            match value {
                Value::Array(items) => {
                    for item in items {
                        request = request.with_query(key.clone(), scalar_text(item));
                    }
                }
                other => request = request.with_query(key.clone(), scalar_text(other)),
            }
        }
    }
    if let Some(headers) = envelope.get("headers").and_then(Value::as_object) {
        for (name, value) in headers {
            let text = match value {
                Value::Array(items) => items.iter().map(scalar_text).collect::<Vec<_>>().join(","),
                other => scalar_text(other),
            };
            request = request.with_header(name.clone(), text);
        }
    }
    match (raw_body, envelope.get("body")) {
        (Some(raw), _) => request.with_body(raw.to_vec()),
        (None, Some(body)) => request.with_json(body),
        (None, None) => request,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Release, ServiceModel};
    use serde_json::json;

    #[test]
    fn binds_labels_query_and_body() {
        let model = ServiceModel::load(Release::CONTRACT).unwrap();
        let op = model.operation("CreateRelatedItem").unwrap();
        let req = bind(
            op,
            &json!({"uri": {"domainId": "d 1", "caseId": "a/b"}, "body": {"type": "File"}}),
            None,
        );
        assert_eq!(req.method, Method::POST);
        assert_eq!(req.path, "/domains/d%201/cases/a%2Fb/related-items/");
        assert_eq!(req.body.as_deref(), Some(br#"{"type":"File"}"#.as_slice()));

        let op = model.operation("ListDomains").unwrap();
        let req = bind(
            op,
            &json!({"query": {"maxResults": 5, "nextToken": "t"}}),
            None,
        );
        assert_eq!(req.path, "/domains-list");
        assert_eq!(
            req.query,
            [
                ("maxResults".to_string(), "5".to_string()),
                ("nextToken".to_string(), "t".to_string())
            ]
        );
        assert!(req.body.is_none());

        let op = model.operation("GetCase").unwrap();
        let req = bind(
            op,
            &json!({"uri": {"domainId": "d", "caseId": "c"}, "body": {"fields": []}}),
            Some(b"{oops"),
        );
        assert_eq!(req.body.as_deref(), Some(b"{oops".as_slice()));
    }
}
