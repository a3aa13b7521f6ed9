//! Typed inputs of CreateRelatedItem and SearchRelatedItems: the `content` union, the
//! filter union and their checks against the accepted related-item types. The members
//! of the kinds 1.44.5 added are validated in `related_kinds`, the release's deltas on
//! old members in `related_deltas`.

use serde::Deserialize;

use super::common::{EmptyRaw, label, max_results, next_token};
use super::json::{Obj, parse_body};
use super::performer::{Performer, PerformerRaw, performer};
use super::related_deltas::{case_id_label, comment_body_max};
use super::related_kinds::{
    CaseIdRaw, CustomFieldsRaw, CustomFilterRaw, SlaFilterRaw, SlaInput, SlaInputContentRaw,
    connect_case_filter, connect_case_input, custom_fields, custom_filter, sla_filter, sla_input,
};
use super::search_cases::CaseFilter;
use super::validate::{Violations, index, join, proven};
use crate::config::MockConfig;
use crate::decode::common::FieldValue;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::kinds::{Kinds, RelatedItemType};
use crate::wire::route::Route;

/// The model's `CommentBodyTextType` enum.
pub const COMMENT_CONTENT_TYPES: [&str; 1] = ["Text/Plain"];

/// Validated content of a new related item (one member of `RelatedItemInputContent`).
#[derive(Clone, Debug, PartialEq)]
pub enum RelatedItemInput {
    /// `content.comment`.
    Comment {
        /// Comment text (1..=3000; 1..=15000 from 1.44.5).
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
    /// `content.sla.slaInputConfiguration` (1.44.5).
    Sla(SlaInput),
    /// `content.connectCase` (1.44.5): another case of the domain.
    ConnectCase {
        /// The related case's id.
        case_id: String,
    },
    /// `content.custom` (1.44.5): values of the domain's fields.
    Custom {
        /// `(field id, value)` pairs in request order.
        fields: Vec<(String, FieldValue)>,
    },
}

impl RelatedItemInput {
    /// The related-item type this content belongs to.
    pub fn kind(&self) -> RelatedItemType {
        match self {
            Self::Comment { .. } => RelatedItemType::Comment,
            Self::Contact { .. } => RelatedItemType::Contact,
            Self::File { .. } => RelatedItemType::File,
            Self::Sla(_) => RelatedItemType::Sla,
            Self::ConnectCase { .. } => RelatedItemType::ConnectCase,
            Self::Custom { .. } => RelatedItemType::Custom,
        }
    }
}

/// A validated CreateRelatedItem request.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateRelatedItemInput {
    /// Domain of the case.
    pub domain_id: String,
    /// Case the item is attached to.
    pub case_id: String,
    /// The item's content; its kind equals the request's `type`.
    pub content: RelatedItemInput,
    /// `performedBy`, when given.
    pub performed_by: Option<Performer>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateRelatedItemBody {
    #[serde(rename = "type")]
    item_type: Option<String>,
    content: Option<Obj<InputContentRaw>>,
    performed_by: Option<Obj<PerformerRaw>>,
}

/// The raw `RelatedItemInputContent` union (every member of the newest model; a member
/// of a kind the release lacks is ignored as unknown).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InputContentRaw {
    comment: Option<Obj<CommentRaw>>,
    contact: Option<Obj<ContactRaw>>,
    file: Option<Obj<FileRaw>>,
    sla: Option<Obj<SlaInputContentRaw>>,
    connect_case: Option<Obj<CaseIdRaw>>,
    custom: Option<Obj<CustomFieldsRaw>>,
}

impl InputContentRaw {
    /// Which members are set, per type.
    fn presence(&self) -> [(RelatedItemType, bool); 6] {
        [
            (RelatedItemType::Contact, self.contact.is_some()),
            (RelatedItemType::Comment, self.comment.is_some()),
            (RelatedItemType::File, self.file.is_some()),
            (RelatedItemType::Sla, self.sla.is_some()),
            (RelatedItemType::ConnectCase, self.connect_case.is_some()),
            (RelatedItemType::Custom, self.custom.is_some()),
        ]
    }
}

/// The raw `CommentContent` (also `CommentUpdateContent`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommentRaw {
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
    let case_id = case_id_label(&mut v, route, config);
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
        input_content(&mut v, "content", c, kinds, config)
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
    let performed_by = performer(&mut v, "performedBy", raw.performed_by, config.release);
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
    let named_is_set = raw
        .presence()
        .iter()
        .any(|(t, here)| *here && Some(*t) == item_type);
    if !named_is_set {
        return raw;
    }
    let keep = |t: RelatedItemType| item_type == Some(t);
    InputContentRaw {
        comment: raw.comment.filter(|_| keep(RelatedItemType::Comment)),
        contact: raw.contact.filter(|_| keep(RelatedItemType::Contact)),
        file: raw.file.filter(|_| keep(RelatedItemType::File)),
        sla: raw.sla.filter(|_| keep(RelatedItemType::Sla)),
        connect_case: raw
            .connect_case
            .filter(|_| keep(RelatedItemType::ConnectCase)),
        custom: raw.custom.filter(|_| keep(RelatedItemType::Custom)),
    }
}

/// The one member set in a related-item union at `path` (`content`, a search filter),
/// counting only members of types this release accepts (a member of another type is an
/// unknown member: ignored), or `None` when not exactly one is left (the violation is
/// recorded).
pub fn one_kind(
    v: &mut Violations,
    path: &str,
    kinds: Kinds,
    presence: [(RelatedItemType, bool); 6],
) -> Option<RelatedItemType> {
    let set: Vec<RelatedItemType> = presence
        .into_iter()
        .filter(|(t, here)| *here && kinds.accepts(*t))
        .map(|(t, _)| t)
        .collect();
    let names: Vec<&str> = set.iter().map(|t| t.member_name()).collect();
    if v.union_one(path, &names, &kinds.member_names()) {
        set.first().copied()
    } else {
        None
    }
}

/// Validates a comment's `body` and `contentType` at `path` (`content.comment`).
pub fn comment(
    v: &mut Violations,
    path: &str,
    c: CommentRaw,
    config: &MockConfig,
) -> Option<RelatedItemInput> {
    let body_path = join(path, "body");
    let body = v.required(&body_path, c.body);
    if let Some(b) = &body {
        v.length(&body_path, b, 1, comment_body_max(config));
    }
    let type_path = join(path, "contentType");
    let content_type = v.required(&type_path, c.content_type);
    if let Some(t) = &content_type {
        v.enumeration(&type_path, t, &COMMENT_CONTENT_TYPES);
    }
    Some(RelatedItemInput::Comment {
        body: body?,
        content_type: content_type?,
    })
}

/// Validates a `RelatedItemInputContent` at `path`.
pub fn input_content(
    v: &mut Violations,
    path: &str,
    raw: InputContentRaw,
    kinds: Kinds,
    config: &MockConfig,
) -> Option<RelatedItemInput> {
    let kind = one_kind(v, path, kinds, raw.presence())?;
    let at = join(path, kind.member_name());
    match kind {
        RelatedItemType::Comment => comment(v, &at, raw.comment?.0, config),
        RelatedItemType::Contact => {
            let c = raw.contact?.0;
            let arn_path = join(&at, "contactArn");
            let contact_arn = v.required(&arn_path, c.contact_arn)?;
            v.length(&arn_path, &contact_arn, 1, 500);
            Some(RelatedItemInput::Contact { contact_arn })
        }
        RelatedItemType::File => {
            let f = raw.file?.0;
            let arn_path = join(&at, "fileArn");
            let file_arn = v.required(&arn_path, f.file_arn)?;
            v.length(&arn_path, &file_arn, 1, 500);
            Some(RelatedItemInput::File { file_arn })
        }
        RelatedItemType::Sla => sla_input(v, &at, raw.sla?.0).map(RelatedItemInput::Sla),
        RelatedItemType::ConnectCase => connect_case_input(v, &at, raw.connect_case?.0, config)
            .map(|case_id| RelatedItemInput::ConnectCase { case_id }),
        RelatedItemType::Custom => {
            custom_fields(v, &at, raw.custom?.0).map(|fields| RelatedItemInput::Custom { fields })
        }
    }
}

/// One validated search filter (one member of `RelatedItemTypeFilter`). Empty
/// criteria match every item of the filter's type.
#[derive(Clone, Debug, PartialEq)]
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
    /// `sla: {name?, status?}` (1.44.5) — SLAs with that exact name and current status.
    Sla {
        /// Exact SLA name, when given.
        name: Option<String>,
        /// `SlaStatus` the SLA must have at the time of the search, when given.
        status: Option<String>,
    },
    /// `connectCase: {caseId?}` (1.44.5) — related cases, optionally that one.
    ConnectCase {
        /// Exact related case id, when given.
        case_id: Option<String>,
    },
    /// `custom: {fields?}` (1.44.5) — custom items whose fields match the tree.
    Custom {
        /// The `CustomFieldsFilter`, when given.
        fields: Option<CaseFilter>,
    },
}

/// A validated SearchRelatedItems request.
#[derive(Clone, Debug, PartialEq)]
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

/// The raw `RelatedItemTypeFilter` union.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterRaw {
    comment: Option<Obj<EmptyRaw>>,
    contact: Option<Obj<ContactFilterRaw>>,
    file: Option<Obj<FileFilterRaw>>,
    sla: Option<Obj<SlaFilterRaw>>,
    connect_case: Option<Obj<CaseIdRaw>>,
    custom: Option<Obj<CustomFilterRaw>>,
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
    let mut v = Violations::new();
    let domain_id = label(&mut v, route, "domainId");
    let case_id = case_id_label(&mut v, route, config);
    let filters = filter_list(&mut v, raw.filters, config);
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

/// Validates a `filters` list (0..=10 `RelatedItemTypeFilter`s), as SearchRelatedItems
/// and SearchAllRelatedItems take it.
pub fn filter_list(
    v: &mut Violations,
    raw: Option<Vec<Obj<FilterRaw>>>,
    config: &MockConfig,
) -> Vec<RelatedItemFilter> {
    let kinds = Kinds::of(config);
    let mut filters = Vec::new();
    if let Some(list) = raw {
        v.size("filters", list.len(), 0, 10);
        for (i, Obj(f)) in list.into_iter().enumerate() {
            if let Some(filter) = filter(v, &index("filters", i), f, kinds, config) {
                filters.push(filter);
            }
        }
    }
    filters
}

fn filter(
    v: &mut Violations,
    path: &str,
    raw: FilterRaw,
    kinds: Kinds,
    config: &MockConfig,
) -> Option<RelatedItemFilter> {
    let presence = [
        (RelatedItemType::Contact, raw.contact.is_some()),
        (RelatedItemType::Comment, raw.comment.is_some()),
        (RelatedItemType::File, raw.file.is_some()),
        (RelatedItemType::Sla, raw.sla.is_some()),
        (RelatedItemType::ConnectCase, raw.connect_case.is_some()),
        (RelatedItemType::Custom, raw.custom.is_some()),
    ];
    let kind = one_kind(v, path, kinds, presence)?;
    let at = join(path, kind.member_name());
    match kind {
        RelatedItemType::Comment => Some(RelatedItemFilter::Comment),
        RelatedItemType::Contact => {
            let c = raw.contact?.0;
            if let Some(arn) = &c.contact_arn {
                v.length(&join(&at, "contactArn"), arn, 1, 500);
            }
            let channels = c.channel.unwrap_or_default();
            let channel_path = join(&at, "channel");
            v.size(&channel_path, channels.len(), 0, 3);
            for (i, ch) in channels.iter().enumerate() {
                v.length(&index(&channel_path, i), ch, 1, 100);
            }
            Some(RelatedItemFilter::Contact {
                contact_arn: c.contact_arn,
                channels,
            })
        }
        RelatedItemType::File => {
            let f = raw.file?.0;
            if let Some(arn) = &f.file_arn {
                v.length(&join(&at, "fileArn"), arn, 1, 500);
            }
            Some(RelatedItemFilter::File {
                file_arn: f.file_arn,
            })
        }
        RelatedItemType::Sla => Some(sla_filter(v, &at, raw.sla?.0)),
        RelatedItemType::ConnectCase => {
            Some(connect_case_filter(v, &at, raw.connect_case?.0, config))
        }
        RelatedItemType::Custom => custom_filter(v, &at, raw.custom?.0),
    }
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
        assert_eq!(
            comment.performed_by,
            Some(crate::decode::performer::Performer::UserArn("arn:u".into()))
        );
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
