//! Typed inputs of BatchPutFieldOptions and ListFieldOptions.

use serde::Deserialize;

use super::common::{label, query_page};
use super::json::{Obj, parse_body};
use super::validate::{Violations, index, join};
use crate::config::MockConfig;
use crate::error::ApiError;
use crate::wire::query::Query;
use crate::wire::route::Route;

/// The model's `FieldOption`: all three members are required.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldOption {
    /// `name` (1..=100, pattern `^.*[\S]$`).
    pub name: String,
    /// `value` (1..=100, pattern `^.*[\S]$`), the option's key within its field.
    pub value: String,
    /// `active`: whether the option is displayed.
    pub active: bool,
}

/// A validated BatchPutFieldOptions request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchPutFieldOptionsInput {
    /// Domain of the field.
    pub domain_id: String,
    /// The (SingleSelect) field whose options are put.
    pub field_id: String,
    /// The options, in request order (0..=50).
    pub options: Vec<FieldOption>,
}

#[derive(Deserialize)]
struct BatchPutFieldOptionsBody {
    options: Option<Vec<Obj<FieldOptionRaw>>>,
}

#[derive(Deserialize)]
struct FieldOptionRaw {
    active: Option<bool>,
    name: Option<String>,
    value: Option<String>,
}

/// Decodes BatchPutFieldOptions: `options` is required (0..=50 entries), each entry needs
/// `active`, `name` and `value`, names and values are 1..=100 characters matching
/// `^.*[\S]$`.
pub fn batch_put_field_options(
    route: &Route,
    body: &[u8],
) -> Result<BatchPutFieldOptionsInput, ApiError> {
    let raw: BatchPutFieldOptionsBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let field_id = label(&mut v, route, "fieldId");
    let mut options = Vec::new();
    if let Some(list) = v.required("options", raw.options) {
        v.size("options", list.len(), 0, 50);
        for (i, Obj(item)) in list.into_iter().enumerate() {
            let path = index("options", i);
            let active = v.required(&join(&path, "active"), item.active);
            let name = checked_text(&mut v, &join(&path, "name"), item.name);
            let value = checked_text(&mut v, &join(&path, "value"), item.value);
            if let (Some(active), Some(name), Some(value)) = (active, name, value) {
                options.push(FieldOption {
                    name,
                    value,
                    active,
                });
            }
        }
    }
    v.finish()?;
    Ok(BatchPutFieldOptionsInput {
        domain_id,
        field_id,
        options,
    })
}

/// A required `FieldOptionName` / `FieldOptionValue`: 1..=100 characters, `^.*[\S]$`.
fn checked_text(v: &mut Violations, path: &str, value: Option<String>) -> Option<String> {
    let text = v.required(path, value)?;
    let ok = v.length(path, &text, 1, 100) && v.name_pattern(path, &text);
    ok.then_some(text)
}

/// The documented form of an option value (`FieldOptionValue`'s documentation: "must be
/// alphanumeric with hyphens and underscores"), checked per option by the service.
pub fn documented_value_form(value: &str) -> bool {
    !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// A validated ListFieldOptions request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListFieldOptionsInput {
    /// Domain of the field.
    pub domain_id: String,
    /// The field whose options are listed.
    pub field_id: String,
    /// Page size, 1..=100 (default 100).
    pub max_results: usize,
    /// Continuation token.
    pub next_token: Option<String>,
    /// Option values to keep (`values`, 0..=1 entries of 0..=100 characters; empty: all).
    pub values: Vec<String>,
}

/// Decodes ListFieldOptions (query string `maxResults`, `nextToken`, repeated `values`).
pub fn list_field_options(
    route: &Route,
    query: &Query,
    body: &[u8],
    config: &MockConfig,
) -> Result<ListFieldOptionsInput, ApiError> {
    let _: serde::de::IgnoredAny = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let field_id = label(&mut v, route, "fieldId");
    let (max_results, next_token) = query_page(&mut v, query, 100, config);
    let values: Vec<String> = query.all("values").into_iter().map(str::to_owned).collect();
    v.size("values", values.len(), 0, 1);
    for (i, value) in values.iter().enumerate() {
        v.length(&index("values", i), value, 0, 100);
    }
    v.finish()?;
    Ok(ListFieldOptionsInput {
        domain_id,
        field_id,
        max_results,
        next_token,
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::route::resolve_newest as resolve;

    fn put_route() -> Route {
        resolve("PUT", "/domains/d/fields/f/options").expect("route")
    }

    #[test]
    fn batch_put_needs_the_options_list_and_every_member() {
        let ok = batch_put_field_options(
            &put_route(),
            br#"{"options":[{"name":"Gold","value":"gold","active":true}]}"#,
        )
        .expect("valid");
        assert_eq!(
            ok.options,
            [FieldOption {
                name: "Gold".into(),
                value: "gold".into(),
                active: true
            }]
        );
        let empty = batch_put_field_options(&put_route(), br#"{"options":[]}"#).expect("empty");
        assert!(empty.options.is_empty());
        let err = batch_put_field_options(&put_route(), b"{}").expect_err("missing");
        assert!(err.message.contains("'options'"), "{}", err.message);
        let err =
            batch_put_field_options(&put_route(), br#"{"options":[{}]}"#).expect_err("members");
        assert!(
            err.message.starts_with("3 validation errors"),
            "{}",
            err.message
        );
        for member in ["options[0].active", "options[0].name", "options[0].value"] {
            assert!(err.message.contains(member), "{member}: {}", err.message);
        }
    }

    #[test]
    fn batch_put_checks_lengths_patterns_and_size() {
        let long = "v".repeat(101);
        let body = format!(r#"{{"options":[{{"name":"n","value":"{long}","active":false}}]}}"#);
        let err = batch_put_field_options(&put_route(), body.as_bytes()).expect_err("long");
        assert!(
            err.message.contains("'options[0].value'"),
            "{}",
            err.message
        );
        let err = batch_put_field_options(
            &put_route(),
            br#"{"options":[{"name":"n ","value":"v","active":false}]}"#,
        )
        .expect_err("pattern");
        assert!(err.message.contains("'options[0].name'"), "{}", err.message);
        let many: Vec<String> = (0..51)
            .map(|i| format!(r#"{{"name":"n{i}","value":"v{i}","active":true}}"#))
            .collect();
        let body = format!(r#"{{"options":[{}]}}"#, many.join(","));
        let err = batch_put_field_options(&put_route(), body.as_bytes()).expect_err("size");
        assert!(err.message.contains("'options'"), "{}", err.message);
        let err = batch_put_field_options(
            &put_route(),
            br#"{"options":[{"name":"n","value":"v","active":"yes"}]}"#,
        )
        .expect_err("type");
        assert!(
            err.message.contains("'options[0].active'"),
            "{}",
            err.message
        );
    }

    #[test]
    fn documented_value_form_is_alphanumeric_hyphen_underscore() {
        for ok in ["gold", "Tier-1", "a_b", "42"] {
            assert!(documented_value_form(ok), "{ok}");
        }
        for bad in ["two words", "a.b", "x/y", ""] {
            assert!(!documented_value_form(bad), "{bad}");
        }
    }

    #[test]
    fn list_field_options_reads_values_and_bounds() {
        let route = resolve("POST", "/domains/d/fields/f/options-list").expect("route");
        let config = MockConfig::default();
        let q = Query::parse(Some("values=gold&maxResults=2")).expect("query");
        let ok = list_field_options(&route, &q, b"", &config).expect("valid");
        assert_eq!(ok.values, ["gold"]);
        assert_eq!(ok.max_results, 2);
        assert_eq!(ok.field_id, "f");
        let q = Query::parse(None).expect("query");
        assert_eq!(
            list_field_options(&route, &q, b"", &config)
                .expect("defaults")
                .max_results,
            100
        );
        let q = Query::parse(Some("values=a&values=b")).expect("query");
        let err = list_field_options(&route, &q, b"", &config).expect_err("two values");
        assert!(err.message.contains("'values'"), "{}", err.message);
        let q = Query::parse(Some(&format!("values={}", "x".repeat(101)))).expect("query");
        let err = list_field_options(&route, &q, b"", &config).expect_err("long value");
        assert!(err.message.contains("'values[0]'"), "{}", err.message);
        let q = Query::parse(Some("maxResults=101")).expect("query");
        let err = list_field_options(&route, &q, b"", &config).expect_err("range");
        assert!(err.message.contains("'maxResults'"), "{}", err.message);
    }
}
