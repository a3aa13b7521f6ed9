//! Typed inputs of UpdateRelatedItem and DeleteRelatedItem (1.44.5): the item's path
//! and, for an update, the `RelatedItemUpdateContent` union (`comment` or `custom`).

use serde::Deserialize;

use super::common::{FieldValue, label};
use super::json::{Obj, parse_body};
use super::performer::{Performer, PerformerRaw, performer};
use super::related_deltas::case_id_label;
use super::related_items::{CommentRaw, RelatedItemInput, comment};
use super::related_kinds::{CustomFieldsRaw, custom_fields};
use super::validate::{Violations, join, proven};
use crate::config::MockConfig;
use crate::error::ApiError;
use crate::wire::route::Route;

/// The new content of an updated item: one member of `RelatedItemUpdateContent`.
#[derive(Clone, Debug, PartialEq)]
pub enum RelatedItemUpdate {
    /// `comment` (`CommentUpdateContent`): the comment's new body.
    Comment {
        /// New text (1..=15000).
        body: String,
        /// `Text/Plain`.
        content_type: String,
    },
    /// `custom` (`CustomUpdateContent`): the item's complete new field list.
    Custom {
        /// `(field id, value)` pairs (1..=50) replacing every field the item had.
        fields: Vec<(String, FieldValue)>,
    },
}

/// A validated UpdateRelatedItem request.
#[derive(Clone, Debug, PartialEq)]
pub struct UpdateRelatedItemInput {
    /// Domain of the case.
    pub domain_id: String,
    /// Case of the item.
    pub case_id: String,
    /// The item updated.
    pub related_item_id: String,
    /// Its new content.
    pub content: RelatedItemUpdate,
    /// `performedBy`, when given: becomes the item's `lastUpdatedUser`.
    pub performed_by: Option<Performer>,
}

/// A validated DeleteRelatedItem request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteRelatedItemInput {
    /// Domain of the case.
    pub domain_id: String,
    /// Case of the item.
    pub case_id: String,
    /// The item deleted.
    pub related_item_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpdateBody {
    content: Option<Obj<UpdateContentRaw>>,
    performed_by: Option<Obj<PerformerRaw>>,
}

#[derive(Deserialize)]
struct UpdateContentRaw {
    comment: Option<Obj<CommentRaw>>,
    custom: Option<Obj<CustomFieldsRaw>>,
}

/// Decodes UpdateRelatedItem.
pub fn update_related_item(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<UpdateRelatedItemInput, ApiError> {
    let raw: UpdateBody = parse_body(body)?;
    let mut v = Violations::new();
    let (domain_id, case_id, related_item_id) = item_path(&mut v, route, config);
    let content = v
        .required("content", raw.content)
        .and_then(|Obj(c)| update_content(&mut v, c, config));
    let performed_by = performer(&mut v, "performedBy", raw.performed_by, config.release);
    v.finish()?;
    Ok(UpdateRelatedItemInput {
        domain_id,
        case_id,
        related_item_id,
        content: proven(content, "content")?,
        performed_by,
    })
}

fn update_content(
    v: &mut Violations,
    raw: UpdateContentRaw,
    config: &MockConfig,
) -> Option<RelatedItemUpdate> {
    let present: Vec<&str> = [
        ("comment", raw.comment.is_some()),
        ("custom", raw.custom.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, here)| here.then_some(name))
    .collect();
    if !v.union_one("content", &present, &["comment", "custom"]) {
        return None;
    }
    if let Some(Obj(c)) = raw.comment {
        return match comment(v, "content.comment", c, config)? {
            RelatedItemInput::Comment { body, content_type } => {
                Some(RelatedItemUpdate::Comment { body, content_type })
            }
            _ => None,
        };
    }
    let Obj(c) = raw.custom?;
    custom_fields(v, &join("content", "custom"), c)
        .map(|fields| RelatedItemUpdate::Custom { fields })
}

/// Decodes DeleteRelatedItem (no body members; a body must still be a JSON object).
pub fn delete_related_item(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<DeleteRelatedItemInput, ApiError> {
    let _: serde::de::IgnoredAny = parse_body(body)?;
    let mut v = Violations::new();
    let (domain_id, case_id, related_item_id) = item_path(&mut v, route, config);
    v.finish()?;
    Ok(DeleteRelatedItemInput {
        domain_id,
        case_id,
        related_item_id,
    })
}

fn item_path(v: &mut Violations, route: &Route, config: &MockConfig) -> (String, String, String) {
    (
        label(v, route, "domainId"),
        case_id_label(v, route, config),
        label(v, route, "relatedItemId"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MockRelease;
    use crate::wire::route::resolve_newest;

    fn config() -> MockConfig {
        MockConfig {
            release: MockRelease::V1_44_5,
            ..MockConfig::default()
        }
    }

    fn update(body: &str) -> Result<UpdateRelatedItemInput, ApiError> {
        let route = resolve_newest("PUT", "/domains/d/cases/c/related-items/i").expect("route");
        update_related_item(&route, body.as_bytes(), &config())
    }

    #[test]
    fn update_takes_a_comment_or_custom_fields() {
        let input = update(r#"{"content":{"comment":{"body":"new","contentType":"Text/Plain"}},"performedBy":{"customEntity":"bot"}}"#)
            .expect("comment");
        assert_eq!(input.related_item_id, "i");
        assert_eq!(
            input.performed_by,
            Some(Performer::CustomEntity("bot".into()))
        );
        let input = update(
            r#"{"content":{"custom":{"fields":[{"id":"f","value":{"booleanValue":true}}]}}}"#,
        )
        .expect("custom");
        assert_eq!(
            input.content,
            RelatedItemUpdate::Custom {
                fields: vec![("f".into(), FieldValue::Boolean(true))]
            }
        );
        let long = format!(
            r#"{{"content":{{"comment":{{"body":"{}","contentType":"Text/Plain"}}}}}}"#,
            "a".repeat(15_000)
        );
        update(&long).expect("15000 characters fit");
    }

    #[test]
    fn update_rejects_other_members_and_missing_content() {
        let err = update(r#"{"content":{"file":{"fileArn":"f"}}}"#).expect_err("file");
        assert!(
            err.message.contains("[comment, custom] (found: none)"),
            "{}",
            err.message
        );
        let err = update("{}").expect_err("no content");
        assert!(
            err.message.contains("Value null at 'content'"),
            "{}",
            err.message
        );
        let err = update(r#"{"content":{"custom":{"fields":[]}}}"#).expect_err("empty fields");
        assert!(
            err.message.contains("content.custom.fields"),
            "{}",
            err.message
        );
    }

    #[test]
    fn delete_reads_the_path() {
        let route =
            resolve_newest("DELETE", "/domains/d/cases/c%20x/related-items/i").expect("route");
        let err = delete_related_item(&route, b"", &config()).expect_err("pattern");
        assert!(err.message.contains("'caseId'"), "{}", err.message);
        let route = resolve_newest("DELETE", "/domains/d/cases/c/related-items/i").expect("route");
        assert_eq!(
            delete_related_item(&route, b"", &config())
                .expect("ok")
                .related_item_id,
            "i"
        );
    }
}
