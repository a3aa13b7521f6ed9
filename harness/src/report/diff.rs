//! Diffs of expected vs actual JSON, in the one canonical form every report shows.
//!
//! # Canonical form
//!
//! Objects get their keys sorted (recursively) and the value is pretty-printed with two-space
//! indents, so two documents differ in text only where they differ in content.
//!
//! # Redaction rule
//!
//! Values a conforming target legitimately chooses differently on every call would make every
//! diff noisy (and every replay differ), so before diffing, the value of any object key in
//! [`REDACTED_ID_KEYS`] becomes `"<id>"`, in [`REDACTED_TIME_KEYS`] `"<time>"` and in
//! [`REDACTED_TOKEN_KEYS`] `"<token>"`, wherever the key occurs and whatever the value's type
//! (`null` and absent members are kept as they are, so a missing id still shows). Nothing
//! else is touched. When redaction would hide the whole difference (e.g. a check about
//! duplicate ids), the unredacted documents are diffed instead and the diff says so.

use serde_json::{Map, Value};
use similar::TextDiff;

/// Keys whose values are server-chosen identifiers: shown as `"<id>"` in diffs.
pub const REDACTED_ID_KEYS: &[&str] = &[
    "relatedItemId",
    "relatedItemArn",
    "eventId",
    "caseId",
    "caseArn",
    "domainId",
    "domainArn",
    "templateId",
    "templateArn",
    "layoutId",
    "layoutArn",
    "fieldArn",
];

/// Keys whose values are server-chosen times: shown as `"<time>"` in diffs.
pub const REDACTED_TIME_KEYS: &[&str] = &[
    "associationTime",
    "performedTime",
    "createdTime",
    "lastModifiedTime",
];

/// Keys whose values are opaque pagination tokens: shown as `"<token>"` in diffs.
pub const REDACTED_TOKEN_KEYS: &[&str] = &["nextToken"];

/// `value` with every object's keys sorted, recursively: the one canonical form, which
/// recordings write too.
pub use crate::engine::parity::recording::canonical;

/// `value` with the redaction rule of this module applied (see the module docs).
pub fn redact(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, child)| {
                    let placeholder = if child.is_null() {
                        None
                    } else if REDACTED_ID_KEYS.contains(&key.as_str()) {
                        Some("<id>")
                    } else if REDACTED_TIME_KEYS.contains(&key.as_str()) {
                        Some("<time>")
                    } else if REDACTED_TOKEN_KEYS.contains(&key.as_str()) {
                        Some("<token>")
                    } else {
                        None
                    };
                    let child = match placeholder {
                        Some(p) => Value::String(p.to_string()),
                        None => redact(child),
                    };
                    (key.clone(), child)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact).collect()),
        other => other.clone(),
    }
}

/// The canonical pretty text of `value`, ending in a newline.
pub fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(&canonical(value)).unwrap_or_default();
    text.push('\n');
    text
}

/// A unified diff (`--- expected`, `+++ actual`, three lines of context) of two texts; empty
/// when they are equal.
pub fn text_diff(old_label: &str, new_label: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_label, new_label)
        .to_string()
}

/// The unified diff of canonical, redacted `expected` vs `actual` (see the module docs);
/// empty when they are equal even unredacted.
pub fn json_diff(expected: &Value, actual: &Value) -> String {
    labelled_json_diff("expected", "actual", expected, actual)
}

/// As [`json_diff`] with other labels (`recorded` / `replayed`).
pub fn labelled_json_diff(old_label: &str, new_label: &str, old: &Value, new: &Value) -> String {
    let redacted = text_diff(
        old_label,
        new_label,
        &pretty(&redact(old)),
        &pretty(&redact(new)),
    );
    if !redacted.is_empty() {
        return redacted;
    }
    let raw = text_diff(old_label, new_label, &pretty(old), &pretty(new));
    if raw.is_empty() {
        raw
    } else {
        format!("# ids, times and tokens shown unredacted: they are the difference\n{raw}")
    }
}

/// A JSON view of a response for diffs: status, error type, content type and body (parsed
/// when it is JSON, else text). Headers that change on every call are left out.
pub fn response_view(
    status: Option<u16>,
    headers: &[(String, String)],
    body: Option<&str>,
    transport_error: Option<&str>,
) -> Value {
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| Value::String(v.clone()))
            .unwrap_or(Value::Null)
    };
    let body = match body {
        None => Value::Null,
        Some(text) if text.trim().is_empty() => Value::Null,
        Some(text) => {
            serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
        }
    };
    let mut view = Map::new();
    view.insert("status".into(), status.map_or(Value::Null, Value::from));
    view.insert("errorType".into(), header("x-amzn-errortype"));
    view.insert("contentType".into(), header("content-type"));
    view.insert("body".into(), body);
    if let Some(error) = transport_error {
        view.insert("transportError".into(), Value::String(error.to_string()));
    }
    Value::Object(view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_sorts_keys_recursively() {
        let v = json!({"b": 1, "a": {"d": [{"z": 1, "y": 2}], "c": null}});
        assert_eq!(
            serde_json::to_string(&canonical(&v)).unwrap(),
            r#"{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}"#
        );
    }

    #[test]
    fn ids_and_times_are_redacted_but_absence_is_kept() {
        let v = json!({"relatedItems": [{"relatedItemId": "abc", "associationTime": "2024-05-03T00:00:00Z", "type": "File"}], "eventId": null});
        assert_eq!(
            redact(&v),
            json!({"relatedItems": [{"relatedItemId": "<id>", "associationTime": "<time>", "type": "File"}], "eventId": null})
        );
    }

    #[test]
    fn diff_shows_a_dropped_member_and_not_differing_ids() {
        let expected = json!({"relatedItemId": "one", "associationTime": "2024-05-03T00:00:00Z", "type": "File"});
        let actual = json!({"relatedItemId": "two", "type": "File"});
        let diff = json_diff(&expected, &actual);
        assert!(diff.starts_with("--- expected\n+++ actual\n"), "{diff}");
        assert!(
            diff.contains("-  \"associationTime\": \"<time>\","),
            "{diff}"
        );
        assert!(!diff.contains("one") && !diff.contains("two"), "{diff}");
    }

    #[test]
    fn diff_falls_back_to_raw_values_when_redaction_hides_everything() {
        let diff = json_diff(
            &json!({"relatedItemId": "a"}),
            &json!({"relatedItemId": "b"}),
        );
        assert!(
            diff.starts_with("# ids, times and tokens shown unredacted"),
            "{diff}"
        );
        assert!(diff.contains("-  \"relatedItemId\": \"a\""), "{diff}");
        assert_eq!(json_diff(&json!({"a": 1}), &json!({"a": 1})), "");
    }

    #[test]
    fn response_views_parse_json_bodies_and_keep_text() {
        let headers = vec![
            (
                "X-Amzn-ErrorType".to_string(),
                "ValidationException".to_string(),
            ),
            ("date".to_string(), "now".to_string()),
        ];
        let view = response_view(Some(400), &headers, Some(r#"{"message":"x"}"#), None);
        assert_eq!(
            view,
            json!({"status": 400, "errorType": "ValidationException", "contentType": null, "body": {"message": "x"}})
        );
        let text = response_view(Some(502), &[], Some("<html>"), None);
        assert_eq!(text["body"], "<html>");
    }
}
