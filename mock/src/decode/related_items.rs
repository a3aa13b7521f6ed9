//! Typed inputs of CreateRelatedItem and SearchRelatedItems: the `content` union, the
//! filter union and their checks against the accepted related-item types.

use serde::Deserialize;

use super::common::{EmptyRaw, UserUnionRaw, label, max_results, next_token, user_union};
use super::json::{Obj, parse_body};
use super::validate::{Violations, index, join, proven};
use crate::config::MockConfig;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::kinds::{Kinds, RelatedItemType};
use crate::wire::route::Route;

/// The model's `CommentBodyTextType` enum.
pub const COMMENT_CONTENT_TYPES: [&str; 1] = ["Text/Plain"];

/// Validated content of a new related item (one member of `RelatedItemInputContent`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RelatedItemInput {
    /// `content.comment`.
    Comment {
        /// Comment text (1..=3000).
        body: String,
        /// `Text/Plain`.
        content_type: String,
    },
    /// `content.contact`.
    Contact {
        /// Contact ARN (1..=500).
        contact_arn: String,
    },
    /// `content.file`.
    File {
        /// File ARN (1..=500).
        file_arn: String,
    },
}

impl RelatedItemInput {
    /// The related-item type this content belongs to.
    pub fn kind(&self) -> RelatedItemType {
        match self {
            Self::Comment { .. } => RelatedItemType::Comment,
            Self::Contact { .. } => RelatedItemType::Contact,
            Self::File { .. } => RelatedItemType::File,
        }
    }
}

/// A validated CreateRelatedItem request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateRelatedItemInput {
    /// Domain of the case.
    pub domain_id: String,
    /// Case the item is attached to.
    pub case_id: String,
    /// The item's content; its kind equals the request's `type`.
    pub content: RelatedItemInput,
    /// `performedBy.userArn`, when given.
    pub performed_by: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateRelatedItemBody {
    #[serde(rename = "type")]
    item_type: Option<String>,
    content: Option<Obj<InputContentRaw>>,
    performed_by: Option<Obj<UserUnionRaw>>,
}

#[derive(Deserialize)]
struct InputContentRaw {
    comment: Option<Obj<CommentRaw>>,
    contact: Option<Obj<ContactRaw>>,
    file: Option<Obj<FileRaw>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CommentRaw {
    body: Option<String>,
    content_type: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ContactRaw {
    contact_arn: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileRaw {
    file_arn: Option<String>,
}

/// Decodes CreateRelatedItem.
pub fn create_related_item(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<CreateRelatedItemInput, ApiError> {
    let raw: CreateRelatedItemBody = parse_body(body)?;
    let kinds = Kinds::of(config);
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let case_id = label(&mut v, route, "caseId");
    let item_type = v.required("type", raw.item_type).and_then(|t| {
        v.enumeration("type", &t, &kinds.wire_names())
            .then(|| kinds.type_named(&t))
            .flatten()
    });
    let content = v.required("content", raw.content).and_then(|Obj(c)| {
        let c = if config.faults.contains(&Fault::UnionTwoMembersAccepted) {
            only_member_of(c, item_type)
        } else {
            c
        };
        input_content(&mut v, c, kinds)
    });
    if let (Some(t), Some(c)) = (item_type, &content)
        && t != c.kind()
        && !config.faults.contains(&Fault::TypeContentMismatchAccepted)
    {
        v.constraint(
            "type",
            &format!(
                "match the member set in 'content' (type is '{}' but content has '{}')",
                t.wire_name(),
                c.kind().member_name()
            ),
        );
    }
    let performed_by = user_union(&mut v, "performedBy", raw.performed_by);
    v.finish()?;
    Ok(CreateRelatedItemInput {
        domain_id,
        case_id,
        content: proven(content, "content")?,
        performed_by,
    })
}

/// `union-two-members-accepted`: when `type` names a member that is set, the other
/// members are dropped unseen.
fn only_member_of(raw: InputContentRaw, item_type: Option<RelatedItemType>) -> InputContentRaw {
    let named_is_set = match item_type {
        Some(RelatedItemType::Comment) => raw.comment.is_some(),
        Some(RelatedItemType::Contact) => raw.contact.is_some(),
        Some(RelatedItemType::File) => raw.file.is_some(),
        None => false,
    };
    if !named_is_set {
        return raw;
    }
    InputContentRaw {
        comment: raw
            .comment
            .filter(|_| item_type == Some(RelatedItemType::Comment)),
        contact: raw
            .contact
            .filter(|_| item_type == Some(RelatedItemType::Contact)),
        file: raw
            .file
            .filter(|_| item_type == Some(RelatedItemType::File)),
    }
}

/// The members of a related-item union at `path` (`content`, a search filter), each kept only
/// if this release accepts its type (a member of another type is an unknown member: ignored),
/// or `None` when not exactly one is left (the violation is recorded).
fn one_kind<Comment, Contact, File>(
    v: &mut Violations,
    path: &str,
    kinds: Kinds,
    comment: Option<Comment>,
    contact: Option<Contact>,
    file: Option<File>,
) -> Option<(Option<Comment>, Option<Contact>, Option<File>)> {
    let comment = comment.filter(|_| kinds.accepts(RelatedItemType::Comment));
    let contact = contact.filter(|_| kinds.accepts(RelatedItemType::Contact));
    let file = file.filter(|_| kinds.accepts(RelatedItemType::File));
    let present: Vec<&str> = [
        ("contact", contact.is_some()),
        ("comment", comment.is_some()),
        ("file", file.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, here)| here.then_some(name))
    .collect();
    v.union_one(path, &present, &kinds.member_names())
        .then_some((comment, contact, file))
}

fn input_content(
    v: &mut Violations,
    raw: InputContentRaw,
    kinds: Kinds,
) -> Option<RelatedItemInput> {
    let (comment, contact, file) =
        one_kind(v, "content", kinds, raw.comment, raw.contact, raw.file)?;
    if let Some(Obj(c)) = comment {
        let body = v.required("content.comment.body", c.body);
        if let Some(b) = &body {
            v.length("content.comment.body", b, 1, 3000);
        }
        let content_type = v.required("content.comment.contentType", c.content_type);
        if let Some(t) = &content_type {
            v.enumeration("content.comment.contentType", t, &COMMENT_CONTENT_TYPES);
        }
        return Some(RelatedItemInput::Comment {
            body: body?,
            content_type: content_type?,
        });
    }
    if let Some(Obj(c)) = contact {
        let contact_arn = v.required("content.contact.contactArn", c.contact_arn)?;
        v.length("content.contact.contactArn", &contact_arn, 1, 500);
        return Some(RelatedItemInput::Contact { contact_arn });
    }
    let Obj(f) = file?;
    let file_arn = v.required("content.file.fileArn", f.file_arn)?;
    v.length("content.file.fileArn", &file_arn, 1, 500);
    Some(RelatedItemInput::File { file_arn })
}

/// One validated search filter (one member of `RelatedItemTypeFilter`). Empty
/// criteria match every item of the filter's type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RelatedItemFilter {
    /// `comment: {}` — every comment.
    Comment,
    /// `contact: {contactArn?, channel?}` — contacts matching all given criteria.
    Contact {
        /// Exact contact ARN, when given.
        contact_arn: Option<String>,
        /// Allowed channels (0..=3); empty means any.
        channels: Vec<String>,
    },
    /// `file: {fileArn?}` — files, optionally with this exact ARN.
    File {
        /// Exact file ARN, when given.
        file_arn: Option<String>,
    },
}

/// A validated SearchRelatedItems request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchRelatedItemsInput {
    /// Domain of the case.
    pub domain_id: String,
    /// Case whose items are searched.
    pub case_id: String,
    /// Filters (0..=10); an item matching any filter is returned; none means all.
    pub filters: Vec<RelatedItemFilter>,
    /// Page size, 1..=25 (default 25).
    pub max_results: usize,
    /// Continuation token.
    pub next_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SearchBody {
    filters: Option<Vec<Obj<FilterRaw>>>,
    max_results: Option<i64>,
    next_token: Option<String>,
}

#[derive(Deserialize)]
struct FilterRaw {
    comment: Option<Obj<EmptyRaw>>,
    contact: Option<Obj<ContactFilterRaw>>,
    file: Option<Obj<FileFilterRaw>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ContactFilterRaw {
    channel: Option<Vec<String>>,
    contact_arn: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileFilterRaw {
    file_arn: Option<String>,
}

/// Decodes SearchRelatedItems.
pub fn search_related_items(
    route: &Route,
    body: &[u8],
    config: &MockConfig,
) -> Result<SearchRelatedItemsInput, ApiError> {
    let raw: SearchBody = parse_body(body)?;
    let kinds = Kinds::of(config);
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let case_id = label(&mut v, route, "caseId");
    let mut filters = Vec::new();
    if let Some(list) = raw.filters {
        v.size("filters", list.len(), 0, 10);
        for (i, Obj(f)) in list.into_iter().enumerate() {
            if let Some(filter) = filter(&mut v, &index("filters", i), f, kinds) {
                filters.push(filter);
            }
        }
    }
    let max_results = max_results(&mut v, raw.max_results, 25, config);
    let next_token = next_token(&mut v, raw.next_token);
    v.finish()?;
    Ok(SearchRelatedItemsInput {
        domain_id,
        case_id,
        filters,
        max_results,
        next_token,
    })
}

fn filter(
    v: &mut Violations,
    path: &str,
    raw: FilterRaw,
    kinds: Kinds,
) -> Option<RelatedItemFilter> {
    let (comment, contact, file) = one_kind(v, path, kinds, raw.comment, raw.contact, raw.file)?;
    if comment.is_some() {
        return Some(RelatedItemFilter::Comment);
    }
    if let Some(Obj(c)) = contact {
        let contact_path = join(path, "contact");
        if let Some(arn) = &c.contact_arn {
            v.length(&join(&contact_path, "contactArn"), arn, 1, 500);
        }
        let channels = c.channel.unwrap_or_default();
        let channel_path = join(&contact_path, "channel");
        v.size(&channel_path, channels.len(), 0, 3);
        for (i, ch) in channels.iter().enumerate() {
            v.length(&index(&channel_path, i), ch, 1, 100);
        }
        return Some(RelatedItemFilter::Contact {
            contact_arn: c.contact_arn,
            channels,
        });
    }
    let Obj(f) = file?;
    if let Some(arn) = &f.file_arn {
        v.length(&join(path, "file.fileArn"), arn, 1, 500);
    }
    Some(RelatedItemFilter::File {
        file_arn: f.file_arn,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::route::resolve_newest as resolve;

    fn create_with(body: &str, config: &MockConfig) -> Result<CreateRelatedItemInput, ApiError> {
        let route = resolve("POST", "/domains/d/cases/c/related-items/").expect("route");
        create_related_item(&route, body.as_bytes(), config)
    }

    fn create(body: &str) -> Result<CreateRelatedItemInput, ApiError> {
        create_with(body, &MockConfig::default())
    }

    fn search_with(body: &str, config: &MockConfig) -> Result<SearchRelatedItemsInput, ApiError> {
        let route = resolve("POST", "/domains/d/cases/c/related-items-search").expect("route");
        search_related_items(&route, body.as_bytes(), config)
    }

    fn search(body: &str) -> Result<SearchRelatedItemsInput, ApiError> {
        search_with(body, &MockConfig::default())
    }

    fn with_fault(fault: Fault) -> MockConfig {
        MockConfig {
            faults: [fault].into(),
            ..MockConfig::default()
        }
    }

    #[test]
    fn release_1_34_97_knows_no_file() {
        let old = MockConfig {
            release: crate::config::MockRelease::V1_34_97,
            ..MockConfig::default()
        };
        let err = create_with(
            r#"{"type":"File","content":{"file":{"fileArn":"a"}}}"#,
            &old,
        )
        .expect_err("File is unknown");
        assert!(
            err.message.contains("Value 'File' at 'type'"),
            "{}",
            err.message
        );
        assert!(
            err.message.contains("[Contact, Comment]"),
            "{}",
            err.message
        );
        assert!(err.message.contains("at 'content'"), "{}", err.message);
        let err = create_with(
            r#"{"type":"Comment","content":{"file":{"fileArn":"a"}}}"#,
            &old,
        )
        .expect_err("file is an unknown member");
        assert!(
            err.message.contains("[contact, comment] (found: none)"),
            "{}",
            err.message
        );
        let err = search_with(r#"{"filters":[{"file":{}}]}"#, &old).expect_err("file filter");
        assert!(err.message.contains("'filters[0]'"), "{}", err.message);
        create_with(
            r#"{"type":"Contact","content":{"contact":{"contactArn":"c"}}}"#,
            &old,
        )
        .expect("contacts are known");
        let pre = with_fault(Fault::PreFileRelease);
        assert_eq!(
            create_with(
                r#"{"type":"File","content":{"file":{"fileArn":"a"}}}"#,
                &pre
            ),
            create_with(
                r#"{"type":"File","content":{"file":{"fileArn":"a"}}}"#,
                &old
            )
        );
    }

    #[test]
    fn union_and_tag_faults_accept_what_the_model_forbids() {
        let two = r#"{"type":"File","content":{"file":{"fileArn":"a"},"comment":{"body":"b","contentType":"Text/Plain"}}}"#;
        assert!(create(two).is_err());
        let input = create_with(two, &with_fault(Fault::UnionTwoMembersAccepted)).expect("two");
        assert_eq!(
            input.content,
            RelatedItemInput::File {
                file_arn: "a".into()
            }
        );
        let neither = r#"{"type":"Contact","content":{"file":{"fileArn":"a"},"comment":{"body":"b","contentType":"Text/Plain"}}}"#;
        assert!(create_with(neither, &with_fault(Fault::UnionTwoMembersAccepted)).is_err());
        let mismatch = r#"{"type":"Comment","content":{"file":{"fileArn":"a"}}}"#;
        let input = create_with(mismatch, &with_fault(Fault::TypeContentMismatchAccepted))
            .expect("mismatch");
        assert_eq!(input.content.kind(), RelatedItemType::File);
    }

    #[test]
    fn accepts_each_content_kind() {
        let file =
            create(r#"{"type":"File","content":{"file":{"fileArn":"arn:f"}}}"#).expect("file");
        assert_eq!(
            file.content,
            RelatedItemInput::File {
                file_arn: "arn:f".into()
            }
        );
        let comment = create(r#"{"type":"Comment","content":{"comment":{"body":"b","contentType":"Text/Plain"}},"performedBy":{"userArn":"arn:u"}}"#)
            .expect("comment");
        assert_eq!(comment.performed_by.as_deref(), Some("arn:u"));
        create(r#"{"type":"Contact","content":{"contact":{"contactArn":"arn:c"}}}"#)
            .expect("contact");
    }

    #[test]
    fn rejects_bad_unions_and_mismatched_types() {
        let err = create(r#"{"type":"File","content":{}}"#).expect_err("empty union");
        assert!(err.message.contains("'content'"));
        let err = create(r#"{"type":"File","content":{"file":{"fileArn":"a"},"comment":{"body":"b","contentType":"Text/Plain"}}}"#)
            .expect_err("two members");
        assert!(
            err.message.contains("found: comment, file"),
            "{}",
            err.message
        );
        let err = create(r#"{"type":"Comment","content":{"file":{"fileArn":"a"}}}"#)
            .expect_err("mismatch");
        assert!(err.message.contains("'type'"));
        let err = create(r#"{"type":"Sla","content":{"file":{"fileArn":"a"}}}"#).expect_err("enum");
        assert!(err.message.contains("[Contact, Comment, File]"));
        let long = format!(
            r#"{{"type":"File","content":{{"file":{{"fileArn":"{}"}}}}}}"#,
            "a".repeat(501)
        );
        let err = create(&long).expect_err("long arn");
        assert!(err.message.contains(
            "Value at 'content.file.fileArn' failed to satisfy constraint: Member must have length less than or equal to 500"
        ));
        let err = create(
            r#"{"type":"Comment","content":{"comment":{"body":"b","contentType":"text/html"}}}"#,
        )
        .expect_err("content type");
        assert!(err.message.contains("'content.comment.contentType'"));
    }

    #[test]
    fn search_reads_filters() {
        let input = search(
            r#"{"filters":[{"comment":{}},{"contact":{"channel":["VOICE"],"contactArn":"a"}},{"file":{}}],"maxResults":5}"#,
        )
        .expect("valid");
        assert_eq!(input.filters.len(), 3);
        assert_eq!(input.max_results, 5);
        assert_eq!(search("{}").expect("empty").max_results, 25);
    }

    #[test]
    fn search_bounds_are_checked() {
        let eleven = format!(r#"{{"filters":[{}]}}"#, [r#"{"comment":{}}"#; 11].join(","));
        assert!(
            search(&eleven)
                .expect_err("11 filters")
                .message
                .contains("'filters'")
        );
        let err = search(r#"{"filters":[{"contact":{"channel":["A","B","C","D"]}}]}"#)
            .expect_err("4 channels");
        assert!(err.message.contains("'filters[0].contact.channel'"));
        let err = search(r#"{"filters":[{}]}"#).expect_err("empty filter union");
        assert!(err.message.contains("'filters[0]'"));
        assert!(search(r#"{"maxResults":0}"#).is_err());
        assert!(search(r#"{"maxResults":26}"#).is_err());
        let err = search(r#"{"maxResults":"5"}"#).expect_err("string");
        assert!(err.message.contains("'maxResults'"));
    }
}
