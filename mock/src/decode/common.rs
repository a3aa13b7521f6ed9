//! Raw shapes and checks shared by several operations: path labels, page size and
//! token members, `UserUnion`, `FieldIdentifier` and `FieldValueUnion`.

use serde::Deserialize;

use super::json::{Obj, parse_body};
use super::validate::{Violations, index, join};
use crate::config::MockConfig;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::wire::query::Query;
use crate::wire::route::Route;

/// The path labels `names` of a request that carries nothing else, each checked as
/// [`label`] checks it; the body must still be a JSON object, and is ignored.
pub fn path_only<const N: usize>(
    route: &Route,
    body: &[u8],
    names: [&str; N],
) -> Result<[String; N], ApiError> {
    let _: serde::de::IgnoredAny = parse_body(body)?;
    let mut v = Violations::new();
    let labels = names.map(|name| label(&mut v, route, name));
    v.finish()?;
    Ok(labels)
}

/// `maxResults` (1..=`max`, default `max`) and `nextToken` of a listing that takes them in
/// its query string.
pub fn query_page(
    v: &mut Violations,
    query: &Query,
    max: i64,
    config: &MockConfig,
) -> (usize, Option<String>) {
    let asked = query_int(v, query, "maxResults");
    let size = max_results(v, asked, max, config);
    (
        size,
        next_token(v, query.first("nextToken").map(str::to_owned)),
    )
}

/// Checks a path label against the model's 1..=500 length and returns it.
pub fn label(v: &mut Violations, route: &Route, name: &str) -> String {
    let value = route.label(name).to_owned();
    v.length(name, &value, 1, 500);
    value
}

/// Checks an optional `maxResults` against `1..=max` and applies the default `max`
/// (every paginated operation here defaults to its maximum); the `max-results-*` faults
/// bend this.
pub fn max_results(v: &mut Violations, value: Option<i64>, max: i64, config: &MockConfig) -> usize {
    max_results_or(v, value, max, max, config)
}

/// Checks an optional `maxResults` against `1..=max` and applies `default` when it is
/// absent (SearchCases at 1.44.5: 1..=100, default 25); the `max-results-*` faults bend
/// this as in [`max_results`] (`max-results-ignored` gives every page `default`).
pub fn max_results_or(
    v: &mut Violations,
    value: Option<i64>,
    default: i64,
    max: i64,
    config: &MockConfig,
) -> usize {
    let faults = &config.faults;
    let size = match value {
        None => default,
        Some(n) if faults.contains(&Fault::MaxResultsOutOfRangeAccepted) => n.clamp(1, max),
        Some(n) => {
            if v.range("maxResults", n, 1, max) {
                n
            } else {
                1
            }
        }
    };
    let size = if faults.contains(&Fault::MaxResultsIgnored) {
        default
    } else {
        size
    };
    let size = if faults.contains(&Fault::MaxResultsOffByOne) {
        size + 1
    } else {
        size
    };
    usize::try_from(size).unwrap_or(1)
}

/// Checks an optional `nextToken` (model: 0..=9000 characters); empty means absent.
pub fn next_token(v: &mut Violations, value: Option<String>) -> Option<String> {
    let token = value?;
    v.length("nextToken", &token, 0, 9000);
    (!token.is_empty()).then_some(token)
}

/// Reads an integer query member, recording a violation for a non-integer.
pub fn query_int(v: &mut Violations, query: &Query, name: &str) -> Option<i64> {
    let text = query.first(name)?;
    match text.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            v.constraint(
                name,
                &format!("be an integer (got '{}')", super::json::truncate(text, 40)),
            );
            None
        }
    }
}

/// The model's `FieldIdentifier` (`{"id": ...}`).
#[derive(Debug, Deserialize)]
pub struct FieldIdentifierRaw {
    id: Option<String>,
}

/// Validates a list of `FieldIdentifier`s of `min..=max` entries at `path`.
pub fn field_identifiers(
    v: &mut Violations,
    path: &str,
    raw: Option<Vec<Obj<FieldIdentifierRaw>>>,
    min: usize,
    max: usize,
) -> Vec<String> {
    let Some(list) = v.required(path, raw) else {
        return Vec::new();
    };
    v.size(path, list.len(), min, max);
    let mut ids = Vec::with_capacity(list.len());
    for (i, Obj(item)) in list.into_iter().enumerate() {
        let id_path = join(&index(path, i), "id");
        if let Some(id) = v.required(&id_path, item.id) {
            v.length(&id_path, &id, 1, 500);
            ids.push(id);
        }
    }
    ids
}

/// A validated `FieldValueUnion`: exactly one kind of value.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    /// `stringValue` (0..=1500 characters).
    String(String),
    /// `doubleValue`.
    Double(f64),
    /// `booleanValue`.
    Boolean(bool),
    /// `emptyValue: {}`.
    Empty,
    /// `userArnValue`.
    UserArn(String),
}

/// The raw members of `FieldValueUnion`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldValueUnionRaw {
    boolean_value: Option<bool>,
    double_value: Option<f64>,
    empty_value: Option<Obj<EmptyRaw>>,
    string_value: Option<String>,
    user_arn_value: Option<String>,
}

/// A structure with no members (`EmptyFieldValue`, `CommentFilter`).
#[derive(Debug, Deserialize)]
pub struct EmptyRaw {}

/// Validates a `FieldValueUnion` at `path` whose `stringValue` may hold up to
/// `max_string` characters (the bound moved from 1500 to 4100 in 1.44.5; see
/// `decode::case_limits`).
pub fn field_value_within(
    v: &mut Violations,
    path: &str,
    raw: FieldValueUnionRaw,
    max_string: usize,
) -> Option<FieldValue> {
    let mut present = Vec::new();
    let mut value = None;
    if let Some(b) = raw.boolean_value {
        present.push("booleanValue");
        value = Some(FieldValue::Boolean(b));
    }
    if let Some(d) = raw.double_value {
        present.push("doubleValue");
        value = Some(FieldValue::Double(d));
    }
    if raw.empty_value.is_some() {
        present.push("emptyValue");
        value = Some(FieldValue::Empty);
    }
    if let Some(s) = raw.string_value {
        v.length(&join(path, "stringValue"), &s, 0, max_string);
        present.push("stringValue");
        value = Some(FieldValue::String(s));
    }
    if let Some(s) = raw.user_arn_value {
        present.push("userArnValue");
        value = Some(FieldValue::UserArn(s));
    }
    let members = [
        "booleanValue",
        "doubleValue",
        "emptyValue",
        "stringValue",
        "userArnValue",
    ];
    if v.union_one(path, &present, &members) {
        value
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_results_defaults_and_bounds() {
        let config = MockConfig::default();
        let mut v = Violations::new();
        assert_eq!(max_results(&mut v, None, 25, &config), 25);
        assert_eq!(max_results(&mut v, Some(7), 25, &config), 7);
        assert!(v.is_empty());
        max_results(&mut v, Some(0), 25, &config);
        max_results(&mut v, Some(26), 25, &config);
        let err = v.finish().expect_err("out of range");
        assert!(err.message.starts_with("2 validation errors"));
    }

    #[test]
    fn max_results_faults() {
        let with = |fault: Fault| MockConfig {
            faults: [fault].into(),
            ..MockConfig::default()
        };
        let mut v = Violations::new();
        let lax = with(Fault::MaxResultsOutOfRangeAccepted);
        assert_eq!(max_results(&mut v, Some(0), 25, &lax), 1);
        assert_eq!(max_results(&mut v, Some(-1), 25, &lax), 1);
        assert_eq!(max_results(&mut v, Some(26), 25, &lax), 25);
        assert!(v.is_empty());
        let ignored = with(Fault::MaxResultsIgnored);
        assert_eq!(max_results(&mut v, Some(2), 25, &ignored), 25);
        let off = with(Fault::MaxResultsOffByOne);
        assert_eq!(max_results(&mut v, Some(2), 25, &off), 3);
        assert_eq!(max_results(&mut v, None, 10, &off), 11);
        assert!(v.is_empty());
        max_results(&mut v, Some(0), 25, &ignored);
        assert!(!v.is_empty(), "max-results-ignored still validates");
    }

    #[test]
    fn empty_next_token_means_first_page() {
        let mut v = Violations::new();
        assert_eq!(next_token(&mut v, Some(String::new())), None);
        assert_eq!(next_token(&mut v, Some("t".into())).as_deref(), Some("t"));
        next_token(&mut v, Some("x".repeat(9001)));
        assert!(!v.is_empty());
    }

    #[test]
    fn field_values_need_exactly_one_member() {
        let raw: FieldValueUnionRaw =
            serde_json::from_str(r#"{"stringValue":"a","booleanValue":true}"#).expect("json");
        let mut v = Violations::new();
        assert_eq!(
            field_value_within(&mut v, "fields[0].value", raw, 1500),
            None
        );
        assert!(!v.is_empty());
        let raw: FieldValueUnionRaw = serde_json::from_str(r#"{"emptyValue":{}}"#).expect("json");
        let mut v = Violations::new();
        assert_eq!(
            field_value_within(&mut v, "value", raw, 1500),
            Some(FieldValue::Empty)
        );
    }
}
