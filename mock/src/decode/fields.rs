//! Typed inputs of CreateField, ListFields, BatchGetField, UpdateField and DeleteField.

use serde::Deserialize;

use super::common::{FieldIdentifierRaw, field_identifiers, label, path_only, query_page};
use super::json::{Obj, parse_body};
use super::validate::{Violations, proven};
use super::validate::{join, name_pattern_text};
use crate::config::{MockConfig, MockRelease};
use crate::error::ApiError;
use crate::wire::query::Query;
use crate::wire::route::Route;

/// The model's `FieldType` enum.
pub const FIELD_TYPES: [&str; 7] = [
    "Text",
    "Number",
    "Boolean",
    "DateTime",
    "SingleSelect",
    "Url",
    "User",
];

/// A validated CreateField request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateFieldInput {
    /// Domain the field belongs to.
    pub domain_id: String,
    /// Field name (1..=100, pattern `^.*[\S]$`).
    pub name: String,
    /// One of [`FIELD_TYPES`].
    pub field_type: String,
    /// Optional description (0..=255).
    pub description: Option<String>,
    /// `attributes.text.isMultiline` (1.44.5), when given.
    pub text_multiline: Option<bool>,
}

#[derive(Deserialize)]
struct CreateFieldBody {
    name: Option<String>,
    #[serde(rename = "type")]
    field_type: Option<String>,
    description: Option<String>,
    attributes: Option<Obj<FieldAttributesRaw>>,
}

/// The model's `FieldAttributes` union (1.44.5), one member `text`.
#[derive(Deserialize)]
struct FieldAttributesRaw {
    text: Option<Obj<TextAttributesRaw>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TextAttributesRaw {
    is_multiline: Option<bool>,
}

/// Validates `attributes` (`FieldAttributes`: exactly one member, `text`, whose
/// `isMultiline` is required) and returns `isMultiline`. The member is 1.44.5's: at
/// older releases it is unknown and ignored, as every unknown member is.
fn attributes(
    v: &mut Violations,
    raw: Option<Obj<FieldAttributesRaw>>,
    release: MockRelease,
) -> Option<bool> {
    if release < MockRelease::V1_44_5 {
        return None;
    }
    let Obj(raw) = raw?;
    let present: Vec<&str> = raw.text.iter().map(|_| "text").collect();
    if !v.union_one("attributes", &present, &["text"]) {
        return None;
    }
    let Obj(text) = raw.text?;
    v.required("attributes.text.isMultiline", text.is_multiline)
}

/// `TextAttributes` are "Field attributes for Text field type": on a field of another
/// type they are a 400 naming `attributes.text`.
pub fn check_text_attributes(v: &mut Violations, field_type: &str, text_multiline: Option<bool>) {
    if text_multiline.is_some() && field_type != "Text" {
        v.constraint(
            &join("attributes", "text"),
            &format!("be set on Text fields only (the field is {field_type})"),
        );
    }
}

/// Decodes CreateField.
pub fn create_field(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<CreateFieldInput, ApiError> {
    let raw: CreateFieldBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let name = v.required("name", raw.name);
    if let Some(name) = &name
        && v.length("name", name, 1, 100)
    {
        v.name_pattern_as("name", name, name_pattern_text(config.release));
    }
    let field_type = v.required("type", raw.field_type);
    if let Some(t) = &field_type {
        v.enumeration("type", t, &FIELD_TYPES);
    }
    let text_multiline = attributes(&mut v, raw.attributes, config.release);
    if let Some(t) = &field_type {
        check_text_attributes(&mut v, t, text_multiline);
    }
    if let Some(d) = &raw.description {
        v.length("description", d, 0, 255);
    }
    v.finish()?;
    Ok(CreateFieldInput {
        domain_id,
        name: proven(name, "name")?,
        field_type: proven(field_type, "type")?,
        description: raw.description,
        text_multiline,
    })
}

/// A validated ListFields request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListFieldsInput {
    /// Domain whose fields are listed.
    pub domain_id: String,
    /// Page size, 1..=100 (default 100).
    pub max_results: usize,
    /// Continuation token.
    pub next_token: Option<String>,
}

/// Decodes ListFields (query string `maxResults`, `nextToken`).
pub fn list_fields(
    route: &Route,
    query: &Query,
    body: &[u8],
    config: &MockConfig,
) -> Result<ListFieldsInput, ApiError> {
    let _: serde::de::IgnoredAny = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let (max_results, next_token) = query_page(&mut v, query, 100, config);
    v.finish()?;
    Ok(ListFieldsInput {
        domain_id,
        max_results,
        next_token,
    })
}

/// A validated BatchGetField request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchGetFieldInput {
    /// Domain to read from.
    pub domain_id: String,
    /// Field ids (1..=50).
    pub field_ids: Vec<String>,
}

#[derive(Deserialize)]
struct BatchGetFieldBody {
    fields: Option<Vec<Obj<FieldIdentifierRaw>>>,
}

/// Decodes BatchGetField.
pub fn batch_get_field(route: &Route, body: &[u8]) -> Result<BatchGetFieldInput, ApiError> {
    let raw: BatchGetFieldBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let field_ids = field_identifiers(&mut v, "fields", raw.fields, 1, 50);
    v.finish()?;
    Ok(BatchGetFieldInput {
        domain_id,
        field_ids,
    })
}

/// A validated UpdateField request (`PUT /domains/{domainId}/fields/{fieldId}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateFieldInput {
    /// Domain of the field.
    pub domain_id: String,
    /// The field to update.
    pub field_id: String,
    /// New name, when given (1..=100, pattern `^.*[\S]$`).
    pub name: Option<String>,
    /// New description, when given (0..=255).
    pub description: Option<String>,
    /// New `attributes.text.isMultiline` (1.44.5), when given.
    pub text_multiline: Option<bool>,
}

#[derive(Deserialize)]
struct UpdateFieldBody {
    name: Option<String>,
    description: Option<String>,
    attributes: Option<Obj<FieldAttributesRaw>>,
}

/// Decodes UpdateField: both body members are optional (`UpdateFieldRequest` requires
/// only the path labels).
pub fn update_field(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<UpdateFieldInput, ApiError> {
    let raw: UpdateFieldBody = parse_body(body)?;
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let field_id = label(&mut v, route, "fieldId");
    if let Some(name) = &raw.name
        && v.length("name", name, 1, 100)
    {
        v.name_pattern_as("name", name, name_pattern_text(config.release));
    }
    let text_multiline = attributes(&mut v, raw.attributes, config.release);
    if let Some(d) = &raw.description {
        v.length("description", d, 0, 255);
    }
    v.finish()?;
    Ok(UpdateFieldInput {
        domain_id,
        field_id,
        name: raw.name,
        description: raw.description,
        text_multiline,
    })
}

/// A validated DeleteField request (path only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteFieldInput {
    /// Domain of the field.
    pub domain_id: String,
    /// The field to delete.
    pub field_id: String,
}

/// Decodes DeleteField (`DELETE /domains/{domainId}/fields/{fieldId}`; a body, if any,
/// must still be a JSON object and is ignored).
pub fn delete_field(route: &Route, body: &[u8]) -> Result<DeleteFieldInput, ApiError> {
    let [domain_id, field_id] = path_only(route, body, ["domainId", "fieldId"])?;
    Ok(DeleteFieldInput {
        domain_id,
        field_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::route::resolve_newest as resolve;

    fn create_field(route: &Route, body: &[u8]) -> Result<CreateFieldInput, ApiError> {
        super::create_field(route, body, &MockConfig::default())
    }

    fn update_field(route: &Route, body: &[u8]) -> Result<UpdateFieldInput, ApiError> {
        super::update_field(route, body, &MockConfig::default())
    }

    #[test]
    fn text_attributes_exist_from_1_44_5() {
        let new = MockConfig {
            release: MockRelease::V1_44_5,
            ..MockConfig::default()
        };
        let route = resolve("POST", "/domains/d/fields").expect("route");
        let body = br#"{"name":"n","type":"Text","attributes":{"text":{"isMultiline":true}}}"#;
        let ok = super::create_field(&route, body, &new).expect("1.44.5");
        assert_eq!(ok.text_multiline, Some(true));
        let old = create_field(&route, body).expect("1.34.98 ignores the unknown member");
        assert_eq!(old.text_multiline, None);
        for (body, needle) in [
            (
                &br#"{"name":"n","type":"Text","attributes":{}}"#[..],
                "'attributes'",
            ),
            (
                br#"{"name":"n","type":"Text","attributes":{"text":{}}}"#,
                "'attributes.text.isMultiline'",
            ),
            (
                br#"{"name":"n","type":"Number","attributes":{"text":{"isMultiline":false}}}"#,
                "'attributes.text'",
            ),
        ] {
            let err = super::create_field(&route, body, &new).expect_err("invalid");
            assert!(err.message.contains(needle), "{}", err.message);
            create_field(&route, body).expect("ignored at 1.34.98");
        }
        let route = resolve("PUT", "/domains/d/fields/f").expect("route");
        let ok = super::update_field(
            &route,
            br#"{"attributes":{"text":{"isMultiline":false}}}"#,
            &new,
        )
        .expect("update");
        assert_eq!(ok.text_multiline, Some(false));
        let err = super::create_field(
            &resolve("POST", "/domains/d/fields").expect("route"),
            br#"{"name":"n ","type":"Text"}"#,
            &new,
        )
        .expect_err("pattern");
        assert!(err.message.contains("pattern: .*[\\S]"), "{}", err.message);
    }

    #[test]
    fn create_field_checks_type_and_description() {
        let route = resolve("POST", "/domains/d/fields").expect("route");
        let ok = create_field(&route, br#"{"name":"n","type":"Text"}"#).expect("valid");
        assert_eq!(ok.field_type, "Text");
        let err = create_field(&route, br#"{"name":"n","type":"Blob"}"#).expect_err("enum");
        assert!(err.message.contains("'type'"));
        let long = format!(
            r#"{{"name":"n","type":"Text","description":"{}"}}"#,
            "d".repeat(256)
        );
        assert!(create_field(&route, long.as_bytes()).is_err());
    }

    #[test]
    fn batch_get_field_bounds_the_list() {
        let route = resolve("POST", "/domains/d/fields-batch").expect("route");
        assert!(batch_get_field(&route, br#"{"fields":[]}"#).is_err());
        let ok = batch_get_field(&route, br#"{"fields":[{"id":"title"}]}"#).expect("valid");
        assert_eq!(ok.field_ids, ["title"]);
        let err = batch_get_field(&route, br#"{"fields":[{}]}"#).expect_err("id");
        assert!(err.message.contains("'fields[0].id'"));
    }

    #[test]
    fn update_field_members_are_optional_but_checked() {
        let route = resolve("PUT", "/domains/d/fields/f").expect("route");
        let none = update_field(&route, b"").expect("no members");
        assert_eq!(
            (none.field_id.as_str(), none.name, none.description),
            ("f", None, None)
        );
        let ok = update_field(&route, br#"{"name":"n2","description":""}"#).expect("valid");
        assert_eq!(ok.name.as_deref(), Some("n2"));
        assert_eq!(ok.description.as_deref(), Some(""));
        let err = update_field(&route, br#"{"name":"trailing "}"#).expect_err("pattern");
        assert!(err.message.contains("'name'"), "{}", err.message);
        let err = update_field(&route, br#"{"name":""}"#).expect_err("empty");
        assert!(err.message.contains("'name'"), "{}", err.message);
        let long = format!(r#"{{"description":"{}"}}"#, "d".repeat(256));
        let err = update_field(&route, long.as_bytes()).expect_err("long");
        assert!(err.message.contains("'description'"), "{}", err.message);
        let err = update_field(&route, br#"{"name":7}"#).expect_err("type");
        assert!(err.message.contains("'name'"), "{}", err.message);
    }

    #[test]
    fn delete_field_checks_the_labels() {
        let route = resolve("DELETE", "/domains/d/fields/f").expect("route");
        assert_eq!(delete_field(&route, b"").expect("valid").field_id, "f");
        let long = format!("/domains/d/fields/{}", "f".repeat(501));
        let route = resolve("DELETE", &long).expect("route");
        let err = delete_field(&route, b"").expect_err("long id");
        assert!(err.message.contains("'fieldId'"), "{}", err.message);
        let route = resolve("DELETE", "/domains/d/fields/f").expect("route");
        assert!(delete_field(&route, b"[]").is_err());
    }
}
