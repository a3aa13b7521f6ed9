//! Typed responses, one structure per model output shape, serialized with the model's
//! member names. Timestamps are [`Timestamp`]s so the encoder decides their text form.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use crate::time::{Millis, format_iso8601};

/// An instant that serializes as ISO 8601 (`timestampFormat: iso8601`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timestamp(pub Millis);

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format_iso8601(self.0))
    }
}

/// The model's `Tags` map (what TagResource gave the resource; `{}` when untagged).
pub type Tags = BTreeMap<String, String>;

/// The model's `UserUnion`: exactly one member.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum UserUnion {
    /// `userArn`.
    #[serde(rename = "userArn")]
    UserArn(String),
    /// `customEntity` (1.44.5).
    #[serde(rename = "customEntity")]
    CustomEntity(String),
}

/// `CreateDomainResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateDomainOutput {
    /// `domainArn`.
    pub domain_arn: String,
    /// `domainId`.
    pub domain_id: String,
    /// `domainStatus` (`Active`: the mock creates domains instantly).
    pub domain_status: &'static str,
}

/// `GetDomainResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetDomainOutput {
    /// `createdTime`.
    pub created_time: Timestamp,
    /// `domainArn`.
    pub domain_arn: String,
    /// `domainId`.
    pub domain_id: String,
    /// `domainStatus`.
    pub domain_status: &'static str,
    /// `name`.
    pub name: String,
    /// `tags`.
    pub tags: Tags,
}

/// `DomainSummary`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainSummary {
    /// `domainArn`.
    pub domain_arn: String,
    /// `domainId`.
    pub domain_id: String,
    /// `name`.
    pub name: String,
}

/// `ListDomainsResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListDomainsOutput {
    /// `domains`.
    pub domains: Vec<DomainSummary>,
    /// `nextToken`, absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `CreateFieldResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateFieldOutput {
    /// `fieldArn`.
    pub field_arn: String,
    /// `fieldId`.
    pub field_id: String,
}

/// `FieldSummary`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldSummary {
    /// `fieldArn`.
    pub field_arn: String,
    /// `fieldId`.
    pub field_id: String,
    /// `name`.
    pub name: String,
    /// `namespace`.
    pub namespace: &'static str,
    /// `type`.
    #[serde(rename = "type")]
    pub field_type: String,
    /// `attributes` (1.44.5), when the field has some.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<FieldAttributes>,
}

/// `ListFieldsResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListFieldsOutput {
    /// `fields`.
    pub fields: Vec<FieldSummary>,
    /// `nextToken`, absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `GetFieldResponse` (an element of BatchGetField's `fields`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetFieldOutput {
    /// `createdTime`.
    pub created_time: Timestamp,
    /// `deleted`.
    pub deleted: bool,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `fieldArn`.
    pub field_arn: String,
    /// `fieldId`.
    pub field_id: String,
    /// `lastModifiedTime`.
    pub last_modified_time: Timestamp,
    /// `name`.
    pub name: String,
    /// `namespace`.
    pub namespace: &'static str,
    /// `tags`.
    pub tags: Tags,
    /// `type`.
    #[serde(rename = "type")]
    pub field_type: String,
    /// `attributes` (1.44.5), when the field has some.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<FieldAttributes>,
}

/// `FieldError`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    /// `errorCode`.
    pub error_code: String,
    /// `id`.
    pub id: String,
    /// `message`.
    pub message: String,
}

/// `BatchGetFieldResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchGetFieldOutput {
    /// `errors`.
    pub errors: Vec<FieldError>,
    /// `fields`.
    pub fields: Vec<GetFieldOutput>,
}

/// `CreateTemplateResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTemplateOutput {
    /// `templateArn`.
    pub template_arn: String,
    /// `templateId`.
    pub template_id: String,
}

/// `LayoutConfiguration`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayoutConfiguration {
    /// `defaultLayout`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_layout: Option<String>,
}

/// `RequiredField`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequiredField {
    /// `fieldId`.
    pub field_id: String,
}

/// `GetTemplateResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetTemplateOutput {
    /// `createdTime`.
    pub created_time: Timestamp,
    /// `deleted`.
    pub deleted: bool,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `lastModifiedTime`.
    pub last_modified_time: Timestamp,
    /// `layoutConfiguration`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout_configuration: Option<LayoutConfiguration>,
    /// `name`.
    pub name: String,
    /// `requiredFields`.
    pub required_fields: Vec<RequiredField>,
    /// `status`.
    pub status: String,
    /// `tags`.
    pub tags: Tags,
    /// `templateArn`.
    pub template_arn: String,
    /// `templateId`.
    pub template_id: String,
    /// `rules` (1.44.5 only: `None` at older releases, whose model lacks the member).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<TemplateRuleOut>>,
    /// `tagPropagationConfigurations` (1.44.5 only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_propagation_configurations: Option<Vec<TagPropagationOut>>,
}

/// `TemplateSummary`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateSummary {
    /// `name`.
    pub name: String,
    /// `status`.
    pub status: String,
    /// `templateArn`.
    pub template_arn: String,
    /// `templateId`.
    pub template_id: String,
    /// `tagPropagationConfigurations` (1.44.5 only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_propagation_configurations: Option<Vec<TagPropagationOut>>,
}

/// `ListTemplatesResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTemplatesOutput {
    /// `nextToken`, absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// `templates`.
    pub templates: Vec<TemplateSummary>,
}

/// `CreateCaseResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateCaseOutput {
    /// `caseArn`.
    pub case_arn: String,
    /// `caseId`.
    pub case_id: String,
}

/// `FieldValueUnion` / `AuditEventFieldValueUnion`: exactly one member.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum FieldValueUnion {
    /// `booleanValue`.
    #[serde(rename = "booleanValue")]
    Boolean(bool),
    /// `doubleValue`.
    #[serde(rename = "doubleValue")]
    Double(f64),
    /// `emptyValue: {}`.
    #[serde(rename = "emptyValue")]
    Empty(EmptyValue),
    /// `stringValue`.
    #[serde(rename = "stringValue")]
    String(String),
    /// `userArnValue`.
    #[serde(rename = "userArnValue")]
    UserArn(String),
}

/// `EmptyFieldValue`: serializes as `{}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EmptyValue {}

/// `FieldValue`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldValue {
    /// `id`.
    pub id: String,
    /// `value`.
    pub value: FieldValueUnion,
}

/// `GetCaseResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetCaseOutput {
    /// `fields`.
    pub fields: Vec<FieldValue>,
    /// `tags`.
    pub tags: Tags,
    /// `templateId`.
    pub template_id: String,
}

/// `CreateRelatedItemResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateRelatedItemOutput {
    /// `relatedItemArn`.
    pub related_item_arn: String,
    /// `relatedItemId`.
    pub related_item_id: String,
}

/// `CommentContent`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommentContent {
    /// `body`.
    pub body: String,
    /// `contentType`.
    pub content_type: String,
}

/// `ContactContent`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactContent {
    /// `channel`.
    pub channel: String,
    /// `connectedToSystemTime`.
    pub connected_to_system_time: Timestamp,
    /// `contactArn`.
    pub contact_arn: String,
}

/// `FileContent`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileContent {
    /// `fileArn`.
    pub file_arn: String,
}

/// `RelatedItemContent`: exactly one member.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RelatedItemContent {
    /// `comment`.
    Comment(CommentContent),
    /// `contact`.
    Contact(ContactContent),
    /// `file`.
    File(FileContent),
    /// `sla` (1.44.5).
    Sla(SlaContent),
    /// `connectCase` (1.44.5).
    ConnectCase(ConnectCaseContent),
    /// `custom` (1.44.5).
    Custom(CustomContent),
}

/// `SlaContent`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaContent {
    /// `slaConfiguration`.
    pub sla_configuration: SlaConfiguration,
}

/// `SlaConfiguration`: the SLA as put, with its status and times.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaConfiguration {
    /// `name`.
    pub name: String,
    /// `type`.
    #[serde(rename = "type")]
    pub sla_type: String,
    /// `status` (`SlaStatus`).
    pub status: &'static str,
    /// `fieldId`, when the SLA has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_id: Option<String>,
    /// `targetFieldValues`, when the SLA has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_field_values: Option<Vec<FieldValueUnion>>,
    /// `targetTime`.
    pub target_time: Timestamp,
    /// `completionTime`, once completed (`Met` or `NotMet`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion_time: Option<Timestamp>,
}

/// `ConnectCaseContent`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectCaseContent {
    /// `caseId`.
    pub case_id: String,
}

/// `CustomContent`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomContent {
    /// `fields`.
    pub fields: Vec<FieldValue>,
}

/// `SearchRelatedItemsResponseItem`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchRelatedItemsResponseItem {
    /// `associationTime`.
    pub association_time: Timestamp,
    /// `content`.
    pub content: RelatedItemContent,
    /// `performedBy`, when the item was created with one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub performed_by: Option<UserUnion>,
    /// `relatedItemId`.
    pub related_item_id: String,
    /// `tags`.
    pub tags: Tags,
    /// `type`.
    #[serde(rename = "type")]
    pub item_type: &'static str,
}

/// `SearchRelatedItemsResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchRelatedItemsOutput {
    /// `nextToken`, absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// `relatedItems`.
    pub related_items: Vec<SearchRelatedItemsResponseItem>,
}

/// `AuditEventField`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEventField {
    /// `eventFieldId`.
    pub event_field_id: String,
    /// `newValue`.
    pub new_value: FieldValueUnion,
    /// `oldValue`, for `Case.Updated` when the field had a value before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_value: Option<FieldValueUnion>,
}

/// `AuditEventPerformedBy`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEventPerformedBy {
    /// `iamPrincipalArn`.
    pub iam_principal_arn: String,
    /// `user`, when the request named one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<AuditUser>,
}

/// `AuditEvent`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEvent {
    /// `eventId`.
    pub event_id: String,
    /// `fields`.
    pub fields: Vec<AuditEventField>,
    /// `performedBy`.
    pub performed_by: AuditEventPerformedBy,
    /// `performedTime`.
    pub performed_time: Timestamp,
    /// `relatedItemType`, for `RelatedItem.Created`, `.Updated` and `.Deleted`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_item_type: Option<&'static str>,
    /// `type`.
    #[serde(rename = "type")]
    pub event_type: &'static str,
    /// `mergeMetadata` (1.44.5), on the events a merge produced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merge_metadata: Option<AuditMergeMetadata>,
}

/// `GetCaseAuditEventsResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetCaseAuditEventsOutput {
    /// `auditEvents`.
    pub audit_events: Vec<AuditEvent>,
    /// `nextToken`, absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// An output shape without members (`UpdateFieldResponse`, `DeleteFieldResponse`,
/// `UpdateLayoutResponse`, `DeleteLayoutResponse`, `DeleteDomainResponse`,
/// `PutCaseEventConfigurationResponse`, `UpdateTemplateResponse`, `DeleteTemplateResponse`,
/// `UpdateCaseResponse`) or an operation without one (TagResource, UntagResource):
/// serializes as `{}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EmptyOutput {}

/// `FieldOptionError`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldOptionError {
    /// `errorCode`.
    pub error_code: String,
    /// `message`.
    pub message: String,
    /// `value`: the option value that caused the error.
    pub value: String,
}

/// `BatchPutFieldOptionsResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchPutFieldOptionsOutput {
    /// `errors` (empty when every option was applied).
    pub errors: Vec<FieldOptionError>,
}

/// `FieldOption`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldOptionOut {
    /// `active`.
    pub active: bool,
    /// `name`.
    pub name: String,
    /// `value`.
    pub value: String,
}

/// `ListFieldOptionsResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListFieldOptionsOutput {
    /// `nextToken`, absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// `options`.
    pub options: Vec<FieldOptionOut>,
}

/// `CreateLayoutResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateLayoutOutput {
    /// `layoutArn`.
    pub layout_arn: String,
    /// `layoutId`.
    pub layout_id: String,
}

/// `FieldItem`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldItem {
    /// `id`.
    pub id: String,
}

/// `ListTagsForResourceResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTagsForResourceOutput {
    /// `tags`.
    pub tags: Tags,
}

/// `CaseEventIncludedData`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseEventIncludedData {
    /// `fields`.
    pub fields: Vec<FieldIdentifier>,
    /// `autoIncludeFields` (1.44.5), when put.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_include_fields: Option<String>,
}

/// `FieldIdentifier`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldIdentifier {
    /// `id`.
    pub id: String,
}

/// `FieldGroup`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldGroup {
    /// `fields`.
    pub fields: Vec<FieldItem>,
    /// `name`, when the layout was given one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `Section` (a union whose one member is `fieldGroup`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Section {
    /// `fieldGroup`.
    pub field_group: FieldGroup,
}

/// `LayoutSections`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayoutSections {
    /// `sections`, when the layout was given them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sections: Option<Vec<Section>>,
}

/// `BasicLayout`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BasicLayout {
    /// `moreInfo`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more_info: Option<LayoutSections>,
    /// `topPanel`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_panel: Option<LayoutSections>,
}

/// `LayoutContent` (a union whose one member is `basic`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayoutContent {
    /// `basic`.
    pub basic: BasicLayout,
}

/// `GetLayoutResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetLayoutOutput {
    /// `content`.
    pub content: LayoutContent,
    /// `createdTime`.
    pub created_time: Timestamp,
    /// `deleted`.
    pub deleted: bool,
    /// `lastModifiedTime`.
    pub last_modified_time: Timestamp,
    /// `layoutArn`.
    pub layout_arn: String,
    /// `layoutId`.
    pub layout_id: String,
    /// `name`.
    pub name: String,
    /// `tags`.
    pub tags: Tags,
}

/// `LayoutSummary`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayoutSummary {
    /// `layoutArn`.
    pub layout_arn: String,
    /// `layoutId`.
    pub layout_id: String,
    /// `name`.
    pub name: String,
}

/// `ListLayoutsResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListLayoutsOutput {
    /// `layouts`.
    pub layouts: Vec<LayoutSummary>,
    /// `nextToken`, absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `SearchCasesResponseItem`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchCasesResponseItem {
    /// `caseId`.
    pub case_id: String,
    /// `fields`: the requested fields the case has.
    pub fields: Vec<FieldValue>,
    /// `tags`.
    pub tags: Tags,
    /// `templateId`.
    pub template_id: String,
}

/// `SearchCasesResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchCasesOutput {
    /// `cases`.
    pub cases: Vec<SearchCasesResponseItem>,
    /// `nextToken`, absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// `totalCount` (1.44.5): the cases matching the search on all pages; absent before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_count: Option<usize>,
}

/// `RelatedItemEventIncludedData`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RelatedItemEventIncludedData {
    /// `includeContent`.
    pub include_content: bool,
}

/// `EventIncludedData`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventIncludedData {
    /// `caseData`, when it was put.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_data: Option<CaseEventIncludedData>,
    /// `relatedItemData`, when it was put.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_item_data: Option<RelatedItemEventIncludedData>,
}

/// `EventBridgeConfiguration`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventBridgeConfiguration {
    /// `enabled`.
    pub enabled: bool,
    /// `includedData`, when it was put.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub included_data: Option<EventIncludedData>,
}

/// `GetCaseEventConfigurationResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetCaseEventConfigurationOutput {
    /// `eventBridge`.
    pub event_bridge: EventBridgeConfiguration,
}

/// `CaseSummary`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseSummary {
    /// `caseId`.
    pub case_id: String,
    /// `templateId`.
    pub template_id: String,
}

/// `ListCasesForContactResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListCasesForContactOutput {
    /// `cases`.
    pub cases: Vec<CaseSummary>,
    /// `nextToken`, absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `FieldAttributes` (1.44.5): a union whose one member is `text`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FieldAttributes {
    /// `text`.
    Text(TextAttributes),
}

/// `TextAttributes`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TextAttributes {
    /// `isMultiline`.
    pub is_multiline: bool,
}

/// `TemplateRule` (1.44.5).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateRuleOut {
    /// `caseRuleId`.
    pub case_rule_id: String,
    /// `fieldId`, when the association names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_id: Option<String>,
}

/// `TagPropagationConfiguration` (1.44.5).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TagPropagationOut {
    /// `resourceType`.
    pub resource_type: String,
    /// `tagMap`.
    pub tag_map: Tags,
}

/// `CreateCaseRuleResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateCaseRuleOutput {
    /// `caseRuleArn`.
    pub case_rule_arn: String,
    /// `caseRuleId`.
    pub case_rule_id: String,
}

/// `CaseRuleDetails`: a union, one member.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CaseRuleDetails {
    /// `required` (`RequiredCaseRule`).
    Required(ConditionalRule),
    /// `hidden` (`HiddenCaseRule`).
    Hidden(ConditionalRule),
    /// `fieldOptions` (`FieldOptionsCaseRule`).
    FieldOptions(FieldOptionsCaseRule),
}

/// `RequiredCaseRule` and `HiddenCaseRule`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionalRule {
    /// `conditions`.
    pub conditions: Vec<BooleanCondition>,
    /// `defaultValue`.
    pub default_value: bool,
}

/// `BooleanCondition`: a union, one member.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum BooleanCondition {
    /// `equalTo`.
    EqualTo(BooleanOperands),
    /// `notEqualTo`.
    NotEqualTo(BooleanOperands),
    /// `andAll`.
    AndAll(CompoundCondition),
    /// `orAll`.
    OrAll(CompoundCondition),
}

/// `CompoundCondition`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompoundCondition {
    /// `conditions`.
    pub conditions: Vec<BooleanCondition>,
}

/// `BooleanOperands`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BooleanOperands {
    /// `operandOne`.
    pub operand_one: OperandOne,
    /// `operandTwo`.
    pub operand_two: OperandTwo,
    /// `result`.
    pub result: bool,
}

/// `OperandOne`: a union whose one member is `fieldId`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum OperandOne {
    /// `fieldId`.
    FieldId(String),
}

/// `OperandTwo`: a union, one member (named as the model names it).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum OperandTwo {
    /// `stringValue`.
    #[serde(rename = "stringValue")]
    String(String),
    /// `booleanValue`.
    #[serde(rename = "booleanValue")]
    Boolean(bool),
    /// `doubleValue`.
    #[serde(rename = "doubleValue")]
    Double(f64),
    /// `emptyValue`.
    #[serde(rename = "emptyValue")]
    Empty(EmptyValue),
}

/// `FieldOptionsCaseRule`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldOptionsCaseRule {
    /// `childFieldId`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_field_id: Option<String>,
    /// `parentChildFieldOptionsMappings`.
    pub parent_child_field_options_mappings: Vec<ParentChildFieldOptionsMapping>,
    /// `parentFieldId`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_field_id: Option<String>,
}

/// `ParentChildFieldOptionsMapping`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParentChildFieldOptionsMapping {
    /// `childFieldOptionValues`.
    pub child_field_option_values: Vec<String>,
    /// `parentFieldOptionValue`.
    pub parent_field_option_value: String,
}

/// `GetCaseRuleResponse` (an element of BatchGetCaseRule's `caseRules`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetCaseRuleOutput {
    /// `caseRuleArn`.
    pub case_rule_arn: String,
    /// `caseRuleId`.
    pub case_rule_id: String,
    /// `createdTime`.
    pub created_time: Timestamp,
    /// `deleted`.
    pub deleted: bool,
    /// `description`, when the rule has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `lastModifiedTime`.
    pub last_modified_time: Timestamp,
    /// `name`.
    pub name: String,
    /// `rule`.
    pub rule: CaseRuleDetails,
    /// `tags`.
    pub tags: Tags,
}

/// `CaseRuleError`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseRuleError {
    /// `errorCode`.
    pub error_code: String,
    /// `id`.
    pub id: String,
    /// `message`.
    pub message: String,
}

/// `BatchGetCaseRuleResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchGetCaseRuleOutput {
    /// `caseRules`.
    pub case_rules: Vec<GetCaseRuleOutput>,
    /// `errors`.
    pub errors: Vec<CaseRuleError>,
    /// `unprocessedCaseRules`: always `[]` (the mock processes every id it is given).
    pub unprocessed_case_rules: Vec<String>,
}

/// `CaseRuleSummary`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseRuleSummary {
    /// `caseRuleArn`.
    pub case_rule_arn: String,
    /// `caseRuleId`.
    pub case_rule_id: String,
    /// `description`, when the rule has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `name`.
    pub name: String,
    /// `ruleType`.
    pub rule_type: &'static str,
}

/// `ListCaseRulesResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListCaseRulesOutput {
    /// `caseRules`.
    pub case_rules: Vec<CaseRuleSummary>,
    /// `nextToken`, absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `AuditEventPerformedBy.user`: the model's `UserUnion` as an audit event carries it,
/// with `customEntity` from 1.44.5 (only events of requests that named one have it).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum AuditUser {
    /// `userArn`.
    #[serde(rename = "userArn")]
    UserArn(String),
    /// `customEntity`.
    #[serde(rename = "customEntity")]
    CustomEntity(String),
}

/// `AuditMergeMetadata` (1.44.5).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditMergeMetadata {
    /// `mergeEventId`.
    pub merge_event_id: String,
    /// `primaryCaseId`.
    pub primary_case_id: String,
    /// `secondaryCaseId`.
    pub secondary_case_id: String,
}

/// `CaseIdentifier`: how BatchUpdateCase names a case in its answer (never with
/// `referenceNumber`: "`BatchUpdateCase` ... [doesn't] return this value").
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseIdentifier {
    /// `caseId`, when known (a `caseId` naming no case is echoed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_id: Option<String>,
    /// `referenceId`, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
}

/// `BatchUpdateCaseSuccessEntry`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchUpdateCaseSuccessEntry {
    /// `caseIdentifier`.
    pub case_identifier: CaseIdentifier,
}

/// `BatchUpdateCaseErrorEntry`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchUpdateCaseErrorEntry {
    /// `caseIdentifier`.
    pub case_identifier: CaseIdentifier,
    /// `errorCode` (`CASE_NOT_FOUND`, `VALIDATION_ERROR`, `CONFLICT`, ...).
    pub error_code: &'static str,
    /// `errorMessage`.
    pub error_message: String,
}

/// `BatchUpdateCaseResponse`: both lists always present (both are required).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchUpdateCaseOutput {
    /// `successfulCases`.
    pub successful_cases: Vec<BatchUpdateCaseSuccessEntry>,
    /// `failedCases`.
    pub failed_cases: Vec<BatchUpdateCaseErrorEntry>,
}

/// `GetMergeCasesStatusResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetMergeCasesStatusOutput {
    /// `status`: `IN_PROGRESS` or `COMPLETED`.
    pub status: &'static str,
    /// `primaryCaseId`.
    pub primary_case_id: String,
    /// `secondaryCaseIds`.
    pub secondary_case_ids: Vec<String>,
}

/// `UpdateRelatedItemResponse`: the item as it is after the update.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateRelatedItemOutput {
    /// `associationTime`.
    pub association_time: Timestamp,
    /// `content`.
    pub content: RelatedItemContent,
    /// `createdBy`, when the item was created with a `performedBy`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<UserUnion>,
    /// `lastUpdatedUser`, when this update had a `performedBy`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_updated_user: Option<UserUnion>,
    /// `relatedItemArn`.
    pub related_item_arn: String,
    /// `relatedItemId`.
    pub related_item_id: String,
    /// `tags`.
    pub tags: Tags,
    /// `type`.
    #[serde(rename = "type")]
    pub item_type: &'static str,
}

/// `BatchCreateRelatedItemSuccessEntry`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchCreateRelatedItemSuccessEntry {
    /// `caseIdentifier`.
    pub case_identifier: CaseIdentifier,
    /// `relatedItemArn`.
    pub related_item_arn: String,
    /// `relatedItemId`.
    pub related_item_id: String,
}

/// `BatchCreateRelatedItemErrorEntry`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchCreateRelatedItemErrorEntry {
    /// `caseIdentifier`.
    pub case_identifier: CaseIdentifier,
    /// `errorCode`.
    pub error_code: String,
    /// `errorMessage`.
    pub error_message: String,
}

/// `BatchCreateRelatedItemResponse`: both lists always present (both required).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchCreateRelatedItemOutput {
    /// `failedItems`.
    pub failed_items: Vec<BatchCreateRelatedItemErrorEntry>,
    /// `successfulItems`.
    pub successful_items: Vec<BatchCreateRelatedItemSuccessEntry>,
}

/// `SearchAllRelatedItemsResponseItem`: a search result with its case.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchAllRelatedItemsResponseItem {
    /// `associationTime`.
    pub association_time: Timestamp,
    /// `caseId`.
    pub case_id: String,
    /// `content`.
    pub content: RelatedItemContent,
    /// `performedBy`, when the item was created with one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub performed_by: Option<UserUnion>,
    /// `relatedItemId`.
    pub related_item_id: String,
    /// `tags`.
    pub tags: Tags,
    /// `type`.
    #[serde(rename = "type")]
    pub item_type: &'static str,
}

/// `SearchAllRelatedItemsResponse`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchAllRelatedItemsOutput {
    /// `nextToken`, absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// `relatedItems`.
    pub related_items: Vec<SearchAllRelatedItemsResponseItem>,
}

/// The response of any implemented operation.
#[derive(Clone, Debug, PartialEq)]
pub enum Response {
    /// CreateDomain.
    CreateDomain(CreateDomainOutput),
    /// GetDomain.
    GetDomain(GetDomainOutput),
    /// ListDomains.
    ListDomains(ListDomainsOutput),
    /// CreateField.
    CreateField(CreateFieldOutput),
    /// ListFields.
    ListFields(ListFieldsOutput),
    /// BatchGetField.
    BatchGetField(BatchGetFieldOutput),
    /// CreateTemplate.
    CreateTemplate(CreateTemplateOutput),
    /// GetTemplate.
    GetTemplate(GetTemplateOutput),
    /// ListTemplates.
    ListTemplates(ListTemplatesOutput),
    /// CreateCase.
    CreateCase(CreateCaseOutput),
    /// GetCase.
    GetCase(GetCaseOutput),
    /// CreateRelatedItem.
    CreateRelatedItem(CreateRelatedItemOutput),
    /// SearchRelatedItems.
    SearchRelatedItems(SearchRelatedItemsOutput),
    /// GetCaseAuditEvents.
    GetCaseAuditEvents(GetCaseAuditEventsOutput),
    /// UpdateField.
    UpdateField(EmptyOutput),
    /// DeleteField.
    DeleteField(EmptyOutput),
    /// BatchPutFieldOptions.
    BatchPutFieldOptions(BatchPutFieldOptionsOutput),
    /// ListFieldOptions.
    ListFieldOptions(ListFieldOptionsOutput),
    /// CreateLayout.
    CreateLayout(CreateLayoutOutput),
    /// GetLayout.
    GetLayout(GetLayoutOutput),
    /// ListLayouts.
    ListLayouts(ListLayoutsOutput),
    /// UpdateLayout.
    UpdateLayout(EmptyOutput),
    /// DeleteLayout.
    DeleteLayout(EmptyOutput),
    /// DeleteDomain.
    DeleteDomain(EmptyOutput),
    /// TagResource.
    TagResource(EmptyOutput),
    /// UntagResource.
    UntagResource(EmptyOutput),
    /// ListTagsForResource.
    ListTagsForResource(ListTagsForResourceOutput),
    /// GetCaseEventConfiguration.
    GetCaseEventConfiguration(GetCaseEventConfigurationOutput),
    /// PutCaseEventConfiguration.
    PutCaseEventConfiguration(EmptyOutput),
    /// UpdateTemplate.
    UpdateTemplate(EmptyOutput),
    /// DeleteTemplate.
    DeleteTemplate(EmptyOutput),
    /// UpdateCase.
    UpdateCase(EmptyOutput),
    /// SearchCases.
    SearchCases(SearchCasesOutput),
    /// ListCasesForContact.
    ListCasesForContact(ListCasesForContactOutput),
    /// CreateCaseRule (1.44.5).
    CreateCaseRule(CreateCaseRuleOutput),
    /// BatchGetCaseRule (1.44.5).
    BatchGetCaseRule(BatchGetCaseRuleOutput),
    /// ListCaseRules (1.44.5).
    ListCaseRules(ListCaseRulesOutput),
    /// UpdateCaseRule (1.44.5).
    UpdateCaseRule(EmptyOutput),
    /// DeleteCaseRule (1.44.5).
    DeleteCaseRule(EmptyOutput),
    /// DeleteCase.
    DeleteCase(EmptyOutput),
    /// BatchUpdateCase.
    BatchUpdateCase(BatchUpdateCaseOutput),
    /// StartMergeCases.
    StartMergeCases(EmptyOutput),
    /// GetMergeCasesStatus.
    GetMergeCasesStatus(GetMergeCasesStatusOutput),
    /// UpdateRelatedItem.
    UpdateRelatedItem(UpdateRelatedItemOutput),
    /// DeleteRelatedItem (`DeleteRelatedItemResponse` has no members).
    DeleteRelatedItem(EmptyOutput),
    /// BatchCreateRelatedItem.
    BatchCreateRelatedItem(BatchCreateRelatedItemOutput),
    /// SearchAllRelatedItems.
    SearchAllRelatedItems(SearchAllRelatedItemsOutput),
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unions_serialize_as_one_member_objects() {
        let content = RelatedItemContent::File(FileContent {
            file_arn: "arn:f".into(),
        });
        assert_eq!(
            serde_json::to_value(&content).expect("json"),
            json!({"file": {"fileArn": "arn:f"}})
        );
        let empty = FieldValueUnion::Empty(EmptyValue {});
        assert_eq!(
            serde_json::to_value(&empty).expect("json"),
            json!({"emptyValue": {}})
        );
    }

    #[test]
    fn timestamps_are_iso8601() {
        let contact = ContactContent {
            channel: "VOICE".into(),
            connected_to_system_time: Timestamp(1_714_739_696_789),
            contact_arn: "arn:c".into(),
        };
        let value = serde_json::to_value(&contact).expect("json");
        assert_eq!(value["connectedToSystemTime"], "2024-05-03T12:34:56.789Z");
    }

    #[test]
    fn layouts_serialize_with_model_member_names() {
        let content = LayoutContent {
            basic: BasicLayout {
                more_info: None,
                top_panel: Some(LayoutSections {
                    sections: Some(vec![Section {
                        field_group: FieldGroup {
                            fields: vec![FieldItem { id: "f".into() }],
                            name: None,
                        },
                    }]),
                }),
            },
        };
        assert_eq!(
            serde_json::to_value(&content).expect("json"),
            json!({"basic": {"topPanel": {"sections": [{"fieldGroup": {"fields": [{"id": "f"}]}}]}}})
        );
    }

    #[test]
    fn event_configuration_omits_what_was_not_put() {
        let bare = GetCaseEventConfigurationOutput {
            event_bridge: EventBridgeConfiguration {
                enabled: false,
                included_data: None,
            },
        };
        assert_eq!(
            serde_json::to_value(&bare).expect("json"),
            json!({"eventBridge": {"enabled": false}})
        );
        let full = EventBridgeConfiguration {
            enabled: true,
            included_data: Some(EventIncludedData {
                case_data: Some(CaseEventIncludedData {
                    auto_include_fields: None,
                    fields: vec![FieldIdentifier { id: "title".into() }],
                }),
                related_item_data: Some(RelatedItemEventIncludedData {
                    include_content: true,
                }),
            }),
        };
        assert_eq!(
            serde_json::to_value(&full).expect("json"),
            json!({"enabled": true, "includedData": {
                "caseData": {"fields": [{"id": "title"}]},
                "relatedItemData": {"includeContent": true}}})
        );
        assert_eq!(
            serde_json::to_value(EmptyOutput {}).expect("json"),
            json!({})
        );
    }

    #[test]
    fn absent_next_token_is_omitted() {
        let out = SearchRelatedItemsOutput {
            next_token: None,
            related_items: vec![],
        };
        assert_eq!(
            serde_json::to_value(&out).expect("json"),
            json!({"relatedItems": []})
        );
    }
}
