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
    pub user: Option<UserUnion>,
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

/// `CaseIdentifier` of a batch answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseIdentifier {
    /// `caseId`.
    pub case_id: String,
    /// `referenceId`, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
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
