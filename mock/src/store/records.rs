//! The records the store keeps: domains with their fields, templates and cases, and
//! each case's related items and audit history, all in creation order.

use std::collections::HashMap;

use super::case_rules::CaseRules;
use crate::decode::common::FieldValue;
use crate::decode::event_configuration::EventBridgeConfiguration;
use crate::decode::field_options::FieldOption;
use crate::decode::layouts::BasicLayout;
use crate::decode::performer::Performer;
use crate::decode::template_rules::{TagPropagation, TemplateRule};
use crate::error::ApiError;
use crate::kinds::RelatedItemType;
use crate::time::Millis;

/// A Cases domain.
#[derive(Debug)]
pub struct Domain {
    /// Domain id.
    pub id: String,
    /// Domain ARN.
    pub arn: String,
    /// Domain name.
    pub name: String,
    /// Creation time.
    pub created: Millis,
    /// Fields, system fields first, then custom ones in creation order.
    pub fields: Vec<Field>,
    field_index: HashMap<String, usize>,
    /// Templates in creation order.
    pub templates: Vec<Template>,
    template_index: HashMap<String, usize>,
    cases: HashMap<String, Case>,
    /// Case ids in creation order, deleted ones included (tombstones no lookup finds, so
    /// positions in the case listings, and the tokens that carry them, stay put).
    case_order: Vec<String>,
    /// CreateCase idempotency: client token to case id.
    pub client_tokens: HashMap<String, String>,
    /// Layouts in creation order (deleted ones included, flagged).
    pub layouts: Vec<Layout>,
    layout_index: HashMap<String, usize>,
    /// Deleted by DeleteDomain: an empty tombstone kept so listing positions stay put.
    pub deleted: bool,
    /// The case event configuration last put (`None`: never put).
    pub event_configuration: Option<EventBridgeConfiguration>,
    /// Case rules (1.44.5), deleted ones included.
    pub case_rules: CaseRules,
    /// How many cases DeleteCase removed, so reference numbers stay unique.
    pub deleted_cases: usize,
    /// Cases DeleteCase removed that SearchCases still finds: kept only under the
    /// `deleted-case-found` fault (a search index the delete does not reach).
    pub search_ghosts: Vec<Case>,
    /// BatchCreateRelatedItem idempotency: client token to what the first request was
    /// and answered.
    pub batch_related_item_tokens: HashMap<String, BatchRecord>,
}

/// The first BatchCreateRelatedItem request made with a client token: a fingerprint of
/// its parameters and its answer, replayed for a retry with the same parameters.
#[derive(Clone, Debug)]
pub struct BatchRecord {
    /// The request's parameters, canonically written.
    pub fingerprint: String,
    /// What happened for each case, in request order.
    pub outcomes: Vec<BatchOutcome>,
}

/// The outcome of a BatchCreateRelatedItem for one case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BatchOutcome {
    /// The item was created.
    Created {
        /// The case's id.
        case_id: String,
        /// The case's reference id.
        reference_id: String,
        /// The new item's id.
        related_item_id: String,
        /// The new item's ARN.
        related_item_arn: String,
    },
    /// The case got no item.
    Failed {
        /// The case id as requested.
        case_id: String,
        /// `errorCode` (e.g. `CASE_NOT_FOUND`).
        error_code: &'static str,
        /// `errorMessage`.
        error_message: String,
    },
}

impl Domain {
    /// An empty domain.
    pub fn new(id: String, arn: String, name: String, created: Millis) -> Self {
        Self {
            id,
            arn,
            name,
            created,
            fields: Vec::new(),
            field_index: HashMap::new(),
            templates: Vec::new(),
            template_index: HashMap::new(),
            cases: HashMap::new(),
            case_order: Vec::new(),
            client_tokens: HashMap::new(),
            layouts: Vec::new(),
            layout_index: HashMap::new(),
            deleted: false,
            event_configuration: None,
            case_rules: CaseRules::default(),
            deleted_cases: 0,
            search_ghosts: Vec::new(),
            batch_related_item_tokens: HashMap::new(),
        }
    }

    /// The field `id`, if it exists.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.field_index.get(id).and_then(|&i| self.fields.get(i))
    }

    /// Adds a field (its id must be fresh).
    pub fn insert_field(&mut self, field: Field) {
        self.field_index.insert(field.id.clone(), self.fields.len());
        self.fields.push(field);
    }

    /// The template `id`, or a 404 naming it.
    pub fn template(&self, id: &str) -> Result<&Template, ApiError> {
        self.template_index
            .get(id)
            .and_then(|&i| self.templates.get(i))
            .ok_or_else(|| ApiError::not_found("Template", id))
    }

    /// Adds a template (its id must be fresh).
    pub fn insert_template(&mut self, template: Template) {
        self.template_index
            .insert(template.id.clone(), self.templates.len());
        self.templates.push(template);
    }

    /// The case `id`, or a 404 naming it.
    pub fn case(&self, id: &str) -> Result<&Case, ApiError> {
        self.cases
            .get(id)
            .ok_or_else(|| ApiError::not_found("Case", id))
    }

    /// The case `id` for update, or a 404 naming it.
    pub fn case_mut(&mut self, id: &str) -> Result<&mut Case, ApiError> {
        self.cases
            .get_mut(id)
            .ok_or_else(|| ApiError::not_found("Case", id))
    }

    /// Adds a case (its id must be fresh).
    pub fn insert_case(&mut self, case: Case) {
        self.case_order.push(case.id.clone());
        self.cases.insert(case.id.clone(), case);
    }

    /// The domain's cases in creation order (oldest first).
    pub fn cases_in_order(&self) -> impl Iterator<Item = &Case> {
        self.case_slots().flatten()
    }

    /// Every case the domain ever had, in creation order, `None` for a deleted one: the
    /// positions of the case listings.
    pub fn case_slots(&self) -> impl Iterator<Item = Option<&Case>> {
        self.case_order.iter().map(|id| self.cases.get(id))
    }

    /// The template `id` for update, or a 404 naming it.
    pub fn template_mut(&mut self, id: &str) -> Result<&mut Template, ApiError> {
        match self.template_index.get(id) {
            Some(&i) => self
                .templates
                .get_mut(i)
                .ok_or_else(|| ApiError::not_found("Template", id)),
            None => Err(ApiError::not_found("Template", id)),
        }
    }

    /// The domain's cases, in no particular order.
    pub fn cases(&self) -> impl Iterator<Item = &Case> {
        self.cases.values()
    }

    /// How many cases the domain has.
    pub fn case_count(&self) -> usize {
        self.cases.len()
    }

    /// The field `id` for update, if it exists.
    pub fn field_mut(&mut self, id: &str) -> Option<&mut Field> {
        self.field_index
            .get(id)
            .copied()
            .and_then(|i| self.fields.get_mut(i))
    }

    /// The field `id`, deleted or not, or a 404 naming it.
    pub fn existing_field(&self, id: &str) -> Result<&Field, ApiError> {
        self.field(id)
            .ok_or_else(|| ApiError::not_found("Field", id))
    }

    /// The layout `id` (deleted layouts included), or a 404 naming it.
    pub fn layout(&self, id: &str) -> Result<&Layout, ApiError> {
        self.layout_index
            .get(id)
            .and_then(|&i| self.layouts.get(i))
            .ok_or_else(|| ApiError::not_found("Layout", id))
    }

    /// The layout `id` for update, or a 404 naming it.
    pub fn layout_mut(&mut self, id: &str) -> Result<&mut Layout, ApiError> {
        match self.layout_index.get(id).copied() {
            Some(i) => self
                .layouts
                .get_mut(i)
                .ok_or_else(|| ApiError::not_found("Layout", id)),
            None => Err(ApiError::not_found("Layout", id)),
        }
    }

    /// Adds a layout (its id must be fresh).
    pub fn insert_layout(&mut self, layout: Layout) {
        self.layout_index
            .insert(layout.id.clone(), self.layouts.len());
        self.layouts.push(layout);
    }
}

impl Domain {
    /// Removes the case `id` (DeleteCase) and returns it, or a 404 naming it.
    pub fn remove_case(&mut self, id: &str) -> Result<Case, ApiError> {
        let case = self
            .cases
            .remove(id)
            .ok_or_else(|| ApiError::not_found("Case", id))?;
        // Its id stays in `case_order` as a tombstone (case ids are never reused).
        self.deleted_cases += 1;
        Ok(case)
    }

    /// The reference number of the next case: one more than the number of cases ever
    /// created in the domain (deleted ones included), eight digits.
    pub fn next_reference_number(&self) -> String {
        format!("{:08}", self.case_count() + self.deleted_cases + 1)
    }

    /// The case whose `reference_number` is `reference`, compared without regard to
    /// case (the model's `ReferenceId`: "uniqueness isn't case sensitive").
    pub fn case_by_reference(&self, reference: &str) -> Option<&Case> {
        self.cases_in_order().find(|c| {
            c.fields.iter().any(|(id, v)| {
                id == "reference_number"
                    && matches!(v, FieldValue::String(s) if s.eq_ignore_ascii_case(reference))
            })
        })
    }
}

/// A case layout.
#[derive(Clone, Debug)]
pub struct Layout {
    /// Layout id.
    pub id: String,
    /// Layout ARN.
    pub arn: String,
    /// Layout name.
    pub name: String,
    /// `content.basic` as last put (deleted fields are hidden when read, not removed).
    pub content: BasicLayout,
    /// Creation time.
    pub created: Millis,
    /// Time of the last successful UpdateLayout (the creation time before).
    pub last_modified: Millis,
    /// Whether DeleteLayout removed it (it stays readable by GetLayout).
    pub deleted: bool,
}

/// Whether a field comes with the domain or was created by a client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Namespace {
    /// Created with the domain (`title`, `status`, ...).
    System,
    /// Created by CreateField.
    Custom,
}

impl Namespace {
    /// The model's `FieldNamespace` value.
    pub fn wire_name(self) -> &'static str {
        match self {
            Self::System => "System",
            Self::Custom => "Custom",
        }
    }
}

/// A case field definition.
#[derive(Clone, Debug)]
pub struct Field {
    /// Field id (equal to the name for system fields).
    pub id: String,
    /// Field ARN.
    pub arn: String,
    /// Field name.
    pub name: String,
    /// The model's `FieldType` value.
    pub field_type: String,
    /// System or custom.
    pub namespace: Namespace,
    /// Optional description.
    pub description: Option<String>,
    /// Creation time.
    pub created: Millis,
    /// Time of the last successful UpdateField (the creation time before).
    pub last_modified: Millis,
    /// Whether DeleteField removed it (it stays readable by BatchGetField).
    pub deleted: bool,
    /// Options of a SingleSelect field, in the order their values were first put.
    pub options: Vec<FieldOption>,
    /// `attributes.text.isMultiline` (1.44.5), when the field has text attributes.
    pub text_multiline: Option<bool>,
}

/// A case template.
#[derive(Clone, Debug)]
pub struct Template {
    /// Template id.
    pub id: String,
    /// Template ARN.
    pub arn: String,
    /// Template name.
    pub name: String,
    /// Optional description.
    pub description: Option<String>,
    /// Whether `layoutConfiguration` was given.
    pub has_layout_configuration: bool,
    /// `layoutConfiguration.defaultLayout`.
    pub default_layout: Option<String>,
    /// Field ids a case must set.
    pub required_fields: Vec<String>,
    /// `Active` or `Inactive`.
    pub status: String,
    /// Creation time.
    pub created: Millis,
    /// Time of the last UpdateTemplate or DeleteTemplate (the creation time before).
    pub last_modified: Millis,
    /// Whether DeleteTemplate deleted it (it stays readable by GetTemplate).
    pub deleted: bool,
    /// `rules` (1.44.5): `(caseRuleId, fieldId)` associations in request order.
    pub rules: Vec<TemplateRule>,
    /// `tagPropagationConfigurations` (1.44.5), 0..=1 entries.
    pub tag_propagation: Vec<TagPropagation>,
}

/// A case.
#[derive(Debug)]
pub struct Case {
    /// Case id.
    pub id: String,
    /// Case ARN.
    pub arn: String,
    /// Template the case was created from.
    pub template_id: String,
    /// Field values: the request's, then the ones the service fills in.
    pub fields: Vec<(String, FieldValue)>,
    /// Related items in creation order (the documented search order).
    pub related_items: Vec<RelatedItem>,
    /// Audit events in the order they happened.
    pub audit_events: Vec<AuditEvent>,
}

/// Stored content of a related item, with what the service derived for contacts.
#[derive(Clone, Debug, PartialEq)]
pub enum StoredContent {
    /// A comment.
    Comment {
        /// Comment text.
        body: String,
        /// `Text/Plain`.
        content_type: String,
    },
    /// A contact.
    Contact {
        /// Contact ARN.
        contact_arn: String,
        /// Channel derived from the contact.
        channel: String,
        /// When the contact reached the system (the association time here).
        connected_to_system_time: Millis,
    },
    /// A file.
    File {
        /// File ARN.
        file_arn: String,
    },
    /// An SLA (1.44.5); its status is derived from the case when read.
    Sla(StoredSla),
    /// Another case of the domain (1.44.5).
    ConnectCase {
        /// The related case's id.
        case_id: String,
    },
    /// Field values (1.44.5), replaced whole by UpdateRelatedItem.
    Custom {
        /// `(field id, value)` pairs in the order last put.
        fields: Vec<(String, FieldValue)>,
    },
}

/// What an SLA item keeps: its configuration and the instant it is due.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredSla {
    /// `name`.
    pub name: String,
    /// `type` (`CaseField`).
    pub sla_type: String,
    /// `fieldId`, when given.
    pub field_id: Option<String>,
    /// `targetFieldValues` (empty when not given).
    pub target_field_values: Vec<FieldValue>,
    /// `targetTime`: the association time plus `targetSlaMinutes`.
    pub target_time: Millis,
}

impl StoredContent {
    /// The related-item type of this content.
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

/// An item related to a case.
#[derive(Clone, Debug)]
pub struct RelatedItem {
    /// Related item id.
    pub id: String,
    /// Its content.
    pub content: StoredContent,
    /// When it was associated with the case.
    pub association_time: Millis,
    /// `performedBy` of the creating request, when given (the item's `createdBy`).
    pub performed_by: Option<Performer>,
    /// `performedBy` of the last UpdateRelatedItem, when it had one (`lastUpdatedUser`).
    pub last_updated_by: Option<Performer>,
    /// Deleted by DeleteRelatedItem: a tombstone no search or lookup finds, kept so that
    /// positions in the case's listing (and the tokens that carry them) stay put.
    pub deleted: bool,
    /// Its place in the order the instance created related items in (a merge moves it
    /// with its `seq`): after the association time, the tie-breaker of
    /// SearchAllRelatedItems' order, so an item created later never sorts before one
    /// already there.
    pub seq: u64,
}

/// The model's `AuditEventType` values the mock produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditEventType {
    /// `Case.Created`.
    CaseCreated,
    /// `RelatedItem.Created`.
    RelatedItemCreated,
    /// `Case.Updated`.
    CaseUpdated,
    /// `Case.Merged` (1.44.5): a merge, summarized on each of its two cases.
    CaseMerged,
    /// `RelatedItem.Updated` (1.44.5).
    RelatedItemUpdated,
    /// `RelatedItem.Deleted` (1.44.5).
    RelatedItemDeleted,
}

impl AuditEventType {
    /// The wire value.
    pub fn wire_name(self) -> &'static str {
        match self {
            Self::CaseCreated => "Case.Created",
            Self::RelatedItemCreated => "RelatedItem.Created",
            Self::CaseUpdated => "Case.Updated",
            Self::CaseMerged => "Case.Merged",
            Self::RelatedItemUpdated => "RelatedItem.Updated",
            Self::RelatedItemDeleted => "RelatedItem.Deleted",
        }
    }
}

/// One entry of a case's audit history.
#[derive(Clone, Debug)]
pub struct AuditEvent {
    /// Event id.
    pub id: String,
    /// Event type.
    pub event_type: AuditEventType,
    /// For `RelatedItem.Created`, the item's type.
    pub related_item_type: Option<RelatedItemType>,
    /// When it happened.
    pub performed_time: Millis,
    /// `(eventFieldId, newValue)` pairs.
    pub fields: Vec<(String, FieldValue)>,
    /// `(eventFieldId, oldValue)` pairs, for `Case.Updated`: the previous value of each
    /// field in `fields` that had one.
    pub old_values: Vec<(String, FieldValue)>,
    /// IAM principal that made the request.
    pub iam_principal_arn: String,
    /// `performedBy.userArn` of the request, when given.
    pub user_arn: Option<String>,
    /// What 1.44.5 added to audit events (empty for everything older).
    pub extra: AuditExtra,
}

/// The members 1.44.5 added to an audit event: `performedBy.user.customEntity` and
/// `mergeMetadata`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditExtra {
    /// `performedBy.customEntity` of the request, when it named one instead of a user.
    pub custom_entity: Option<String>,
    /// For events a merge produced: the merge.
    pub merge: Option<MergeMetadata>,
}

/// The model's `AuditMergeMetadata`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeMetadata {
    /// `mergeEventId`: the same on every event of one merge, on both cases.
    pub merge_event_id: String,
    /// `primaryCaseId`.
    pub primary_case_id: String,
    /// `secondaryCaseId`.
    pub secondary_case_id: String,
}
