//! The catalogue: every named check the harness can report, with its severity and the model
//! shape or documentation sentence it rests on. Reports, baselines and `--only` speak in
//! these ids; `docs/checks.md` is generated from this list, and [`CheckId`], the name code
//! uses for a check, is generated beside it, so a call site cannot name a check the
//! catalogue lacks.

use super::{Check, Family, Severity};

use Family::*;
use Severity::*;

/// Declares the catalogue: one entry per check, giving the [`CheckId`] variant code names it
/// by and the [`Check`] reports describe it with, in report order.
macro_rules! catalogue {
    ($( $name:ident {
        id: $id:literal,
        family: $family:ident,
        severity: $severity:ident,
        title: $title:literal,
        rests_on: $rests_on:literal
        $(, needs: [$($needs:literal),* $(,)?])? $(,)?
    } ),* $(,)?) => {
        /// A check as code names it: one variant per catalogue entry, in catalogue order
        /// (`CATALOGUE[id as usize]` is its entry).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum CheckId {
            $( #[doc = $title] $name, )*
        }

        impl CheckId {
            /// Every check id, in catalogue order.
            pub const ALL: &[CheckId] = &[ $( CheckId::$name, )* ];
        }

        /// Every check, grouped by family in report order.
        pub const CATALOGUE: &[Check] = &[
            $( Check {
                id: $id,
                family: $family,
                severity: $severity,
                title: $title,
                rests_on: $rests_on,
                needs: &[$($($needs),*)?],
            }, )*
        ];
    };
}

catalogue! {
    // ---- protocol -------------------------------------------------------------------------
    ProtocolTransport {
        id: "protocol.transport",
        family: Protocol,
        severity: Must,
        title: "The exchange completes: a full HTTP response within the timeout and body cap",
        rests_on: "rest-json protocol (metadata.protocol): every request gets one HTTP response",
    },
    ProtocolStatusModeled {
        id: "protocol.status-modeled",
        family: Protocol,
        severity: Must,
        title: "The status code is the operation's responseCode or that of one of its modeled errors",
        rests_on: "operations.<Op>.http.responseCode and errors[].error.httpStatusCode",
    },
    ProtocolJsonContentType {
        id: "protocol.json-content-type",
        family: Protocol,
        severity: Must,
        title: "A response with a body declares Content-Type application/json",
        rests_on: "metadata.protocol = rest-json (JSON bodies)",
    },
    ProtocolJsonBody {
        id: "protocol.json-body",
        family: Protocol,
        severity: Must,
        title: "The response body is one well-formed JSON object",
        rests_on: "metadata.protocol = rest-json (JSON bodies)",
    },
    ProtocolErrorTypeModeled {
        id: "protocol.error-type-modeled",
        family: Protocol,
        severity: Must,
        title: "An error names a modeled error of the operation in x-amzn-ErrorType (or __type/code)",
        rests_on: "operations.<Op>.errors (a 403 may also be one of AWS's common auth errors); rest-json errors name their shape in x-amzn-ErrorType",
    },
    ProtocolErrorStatusMatches {
        id: "protocol.error-status-matches",
        family: Protocol,
        severity: Must,
        title: "An error travels with its shape's httpStatusCode",
        rests_on: "shapes.<Error>.error.httpStatusCode",
    },
    ProtocolErrorBodyShape {
        id: "protocol.error-body-shape",
        family: Protocol,
        severity: Must,
        title: "An error body matches its error shape (message; resourceId/resourceType for 404)",
        rests_on: "shapes.<Error>.members / required",
    },
    ProtocolNo5xxForClientInput {
        id: "protocol.no-5xx-for-client-input",
        family: Protocol,
        severity: Must,
        title: "Client input, valid or not, never yields a 5xx",
        rests_on: "shapes.ValidationException.error.senderFault = true: bad input is the sender's fault",
    },
    // ---- acceptance, rejection, not-found ---------------------------------------------------
    AcceptanceValidRequest200 {
        id: "acceptance.valid-request-200",
        family: Acceptance,
        severity: Must,
        title: "A request that satisfies the model gets the operation's success status",
        rests_on: "operations.<Op>.http.responseCode",
    },
    RejectionInvalidRequest400 {
        id: "rejection.invalid-request-400",
        family: Rejection,
        severity: Must,
        title: "A request that breaks a model constraint gets 400",
        rests_on: "shapes.ValidationException (httpStatusCode 400): \"The request isn't valid\"",
    },
    RejectionValidationException {
        id: "rejection.validation-exception",
        family: Rejection,
        severity: Must,
        title: "A rejected request is answered with ValidationException (a body that is not JSON: ValidationException or SerializationException)",
        rests_on: "operations.<Op>.errors includes ValidationException; a body that does not deserialize is refused by AWS's rest-json front end with 400 SerializationException before the operation validates it (Smithy server frameworks: RuntimeError::Serialization)",
    },
    RejectionMessageNamesMember {
        id: "rejection.message-names-member",
        family: Rejection,
        severity: Should,
        title: "The ValidationException message names the member that broke the rule",
        rests_on: "inferred: AWS validation messages name the offending member",
    },
    NotFoundUnknownResource404 {
        id: "not-found.unknown-resource-404",
        family: NotFound,
        severity: Must,
        title: "An unknown domain or case gets 404 ResourceNotFoundException with resourceId and resourceType",
        rests_on: "shapes.ResourceNotFoundException (httpStatusCode 404, required resourceId, resourceType)",
    },
    // ---- response schema --------------------------------------------------------------------
    ResponseRequiredMembers {
        id: "response.required-members",
        family: Response,
        severity: Must,
        title: "Every required response member is present",
        rests_on: "shapes.<Output>.required (e.g. SearchRelatedItemsResponseItem: relatedItemId, type, associationTime, content)",
    },
    ResponseEnumValues {
        id: "response.enum-values",
        family: Response,
        severity: Must,
        title: "Enumerated members carry a modeled value (RelatedItemType: Contact, Comment, File)",
        rests_on: "shapes.RelatedItemType.enum, shapes.AuditEventType.enum, ...",
    },
    ResponseUnionOneMember {
        id: "response.union-one-member",
        family: Response,
        severity: Must,
        title: "A union (content, field values) has exactly one member set",
        rests_on: "shapes.RelatedItemContent.union = true",
    },
    ResponseBounds {
        id: "response.bounds",
        family: Response,
        severity: Must,
        title: "Lengths, list sizes and numeric values stay inside the model's min/max",
        rests_on: "shapes.<Shape>.min / max (e.g. SearchRelatedItemsResponseRelatedItemsList max 25)",
    },
    ResponseDateTime {
        id: "response.date-time",
        family: Response,
        severity: Must,
        title: "iso8601 timestamps are RFC 3339 date-time strings",
        rests_on: "shapes.AssociationTime.timestampFormat = iso8601 (and AuditEventDateTime, ...)",
    },
    ResponseTypes {
        id: "response.types",
        family: Response,
        severity: Must,
        title: "Every member has its modeled JSON type (and pattern)",
        rests_on: "shapes.<Shape>.type / pattern",
    },
    ResponseUnknownMembers {
        id: "response.unknown-members",
        family: Response,
        severity: Should,
        title: "The response carries no member the model does not know",
        rests_on: "inferred: members outside this release's model (strict schema variant)",
    },
    // ---- round trip -------------------------------------------------------------------------
    RoundtripFoundOnce {
        id: "roundtrip.found-once",
        family: RoundTrip,
        severity: Must,
        title: "Each created related item is found exactly once in its case's search",
        rests_on: "SearchRelatedItems: \"Searches for related items that are associated with a case\"",
    },
    RoundtripSameContent {
        id: "roundtrip.same-content",
        family: RoundTrip,
        severity: Must,
        title: "A found item has the created type, content (fileArn, comment, contactArn; in 1.44.5 the SLA's name and type, the linked caseId, the custom field values) and performedBy",
        rests_on: "CreateRelatedItemRequest.content/type/performedBy vs SearchRelatedItemsResponseItem",
    },
    RoundtripTypeMatchesContent {
        id: "roundtrip.type-matches-content",
        family: RoundTrip,
        severity: Must,
        title: "A search result's type names the member its content carries",
        rests_on: "RelatedItemType (Contact, Comment, File; Sla, ConnectCase, Custom in 1.44.5) vs RelatedItemContent (contact, comment, file; sla, connectCase, custom)",
    },
    RoundtripUniqueIds {
        id: "roundtrip.unique-ids",
        family: RoundTrip,
        severity: Must,
        title: "Every created related item gets its own relatedItemId and relatedItemArn",
        rests_on: "CreateRelatedItemResponse.relatedItemId: \"The unique identifier of the related item\"",
    },
    RoundtripAssociationTime {
        id: "roundtrip.association-time",
        family: RoundTrip,
        severity: Should,
        title: "associationTime lies inside the creating request's window (allowing clock skew)",
        rests_on: "inferred: AssociationTime \"Time at which a related item was associated with a case\"",
    },
    // The related-item operations of 1.44.5 (engine/suites/related_ops.rs).
    RoundtripUpdateVisible {
        id: "roundtrip.update-visible",
        family: RoundTrip,
        severity: Must,
        title: "UpdateRelatedItem's answer and a later search of the case carry the content the update sent (a comment's body, a custom item's field values)",
        rests_on: "UpdateRelatedItem: \"Updates the content of a related item associated with a case\"; UpdateRelatedItemResponse.content: \"Represents the content of the updated related item\"",        needs: ["UpdateRelatedItem"],

    },
    RoundtripCustomUpdateReplaces {
        id: "roundtrip.custom-update-replaces",
        family: RoundTrip,
        severity: Must,
        title: "After a Custom update, the item holds no field the update left out",
        rests_on: "CustomUpdateContent.fields: \"All existing and new fields, and their associated values should be included. Fields not included as part of this request will be removed.\"",        needs: ["UpdateRelatedItem", "CustomUpdateContent"],

    },
    RoundtripDeletedNotFound {
        id: "roundtrip.deleted-not-found",
        family: RoundTrip,
        severity: Must,
        title: "A deleted related item is found by neither SearchRelatedItems nor SearchAllRelatedItems",
        rests_on: "DeleteRelatedItem: \"Deletes the related item resource under a case.\"",        needs: ["DeleteRelatedItem"],

    },
    RoundtripDeleteFileRefused {
        id: "roundtrip.delete-file-refused",
        family: RoundTrip,
        severity: Must,
        title: "DeleteRelatedItem on a File item is refused (4xx) and the item is still found",
        rests_on: "DeleteRelatedItem: \"This API cannot be used on a FILE type related attachment. To delete this type of file, use the DeleteAttachedFile API\"",        needs: ["DeleteRelatedItem"],

    },
    RoundtripBatchCreatedFound {
        id: "roundtrip.batch-created-found",
        family: RoundTrip,
        severity: Must,
        title: "BatchCreateRelatedItem answers one success per case sent, and each case's search finds the comment once, as sent",
        rests_on: "BatchCreateRelatedItem: \"Creates a comment and associates it with multiple cases in a single request\"; BatchCreateRelatedItemRequest.content: \"The same content is applied to every case in the request\"",        needs: ["BatchCreateRelatedItem"],

    },
    RoundtripSearchAllAcrossCases {
        id: "roundtrip.search-all-across-cases",
        family: RoundTrip,
        severity: Must,
        title: "SearchAllRelatedItems with a value filter finds the matching items of every case, each with its caseId and content",
        rests_on: "SearchAllRelatedItems: \"Searches for related items across all cases within a domain\"; SearchAllRelatedItemsResponseItem.caseId",        needs: ["SearchAllRelatedItems"],

    },
    RoundtripSearchAllSorted {
        id: "roundtrip.search-all-sorted",
        family: RoundTrip,
        severity: Must,
        title: "SearchAllRelatedItems returns results in the order its sorts claim, the first term first",
        rests_on: "SearchAllRelatedItemsRequest.sorts: \"Supports sorting by association time or case ID. The sorts work in the order specified: first sort term takes precedence over subsequent terms.\"",        needs: ["SearchAllRelatedItems"],

    },
    RoundtripSlaStatusMet {
        id: "roundtrip.sla-status-met",
        family: RoundTrip,
        severity: Must,
        title: "An SLA is Active before its case's field reaches a target value, Met (with a completionTime) once it does before the target time",
        rests_on: "SlaInputConfiguration.targetFieldValues: \"The SLA is considered met if any one of these target field values matches the actual field value.\"; SlaStatus (Active, Overdue, Met, NotMet)",        needs: ["SlaInputConfiguration"],

    },
    // ---- filters ----------------------------------------------------------------------------
    FiltersFileByArn {
        id: "filters.file-by-arn",
        family: Filters,
        severity: Must,
        title: "A file filter with fileArn returns exactly the File items with that fileArn",
        rests_on: "FileFilter.fileArn (2024-05-03 release)",        needs: ["FileFilter"],

    },
    FiltersKindMatchesAll {
        id: "filters.kind-matches-all",
        family: Filters,
        severity: Must,
        title: "An empty filter of a kind ({\"file\":{}}, {\"comment\":{}}, {\"contact\":{}}; {\"sla\":{}}, {\"connectCase\":{}}, {\"custom\":{}} in 1.44.5) returns all items of that kind",
        rests_on: "RelatedItemTypeFilter: \"A filter for related items of type File/Comment/Contact\" (and SLA, ConnectCase, Custom in 1.44.5)",
    },
    FiltersContactByArn {
        id: "filters.contact-by-arn",
        family: Filters,
        severity: Must,
        title: "A contact filter with contactArn returns exactly the matching Contact items",
        rests_on: "ContactFilter.contactArn",
    },
    FiltersContactByChannel {
        id: "filters.contact-by-channel",
        family: Filters,
        severity: Must,
        title: "A contact filter with channels returns exactly the Contact items on those channels",
        rests_on: "ContactFilter.channel: \"A list of channels to filter on\"",
    },
    FiltersUnion {
        id: "filters.union",
        family: Filters,
        severity: Must,
        title: "Several filters return the union of what each returns",
        rests_on: "SearchRelatedItemsRequest.filters: \"The list of types of related items and their parameters to use for filtering\"",
    },
    // Filters by the members of the related-item kinds 1.44.5 brought.
    FiltersSlaByName {
        id: "filters.sla-by-name",
        family: Filters,
        severity: Must,
        title: "An sla filter with name returns exactly the Sla items of that name",
        rests_on: "SlaFilter: \"A filter for related items of type SLA\"; SlaFilter.name: \"Name of an SLA\" (1.44.5)",        needs: ["SlaFilter"],

    },
    FiltersSlaByStatus {
        id: "filters.sla-by-status",
        family: Filters,
        severity: Must,
        title: "An sla filter with status returns exactly the Sla items with that status (Active, Met; none Overdue)",
        rests_on: "SlaFilter.status: \"Status of an SLA\" (SlaStatus: Active, Overdue, Met, NotMet) (1.44.5)",        needs: ["SlaFilter"],

    },
    FiltersConnectCaseById {
        id: "filters.connect-case-by-id",
        family: Filters,
        severity: Must,
        title: "A connectCase filter with caseId returns exactly the ConnectCase items linking that case",
        rests_on: "ConnectCaseFilter: \"A filter for related items of type ConnectCase\"; ConnectCaseFilter.caseId (1.44.5)",        needs: ["ConnectCaseFilter"],

    },
    FiltersCustomByField {
        id: "filters.custom-by-field",
        family: Filters,
        severity: Must,
        title: "A custom filter on a field (equalTo, greaterThan) returns exactly the Custom items whose field value satisfies it",
        rests_on: "CustomFilter.fields: \"Filter conditions for custom fields\"; CustomFieldsFilter: \"A filter for fields in Custom type related items\" (1.44.5)",        needs: ["CustomFilter"],

    },
    FiltersCaseIsolation {
        id: "filters.case-isolation",
        family: Filters,
        severity: Must,
        title: "Nothing from another case ever appears in a case's search",
        rests_on: "SearchRelatedItems: related items \"associated with a case\" (caseId in the URI)",
    },
    // ---- audit ------------------------------------------------------------------------------
    AuditCaseCreated {
        id: "audit.case-created",
        family: Audit,
        severity: Must,
        title: "A case's audit history holds its Case.Created event",
        rests_on: "AuditEventType enum Case.Created; GetCaseAuditEvents: \"the audit history about a specific case\"",
    },
    AuditRelatedItemCreated {
        id: "audit.related-item-created",
        family: Audit,
        severity: Must,
        title: "Each created related item yields one RelatedItem.Created event with its relatedItemType (File included)",
        rests_on: "seed note: GetCaseAuditEvents Changes (response) {'auditEvents': {'relatedItemType': {'File'}}}",
    },
    AuditUniqueEventIds {
        id: "audit.unique-event-ids",
        family: Audit,
        severity: Must,
        title: "Audit event ids are unique",
        rests_on: "AuditEvent.eventId: \"Unique identifier of a case audit history event\"",
    },
    AuditPerformedBy {
        id: "audit.performed-by",
        family: Audit,
        severity: Should,
        title: "A RelatedItem.Created event names the user given as performedBy",
        rests_on: "AuditEventPerformedBy.user; CreateRelatedItemRequest.performedBy",
    },
    // The audit events of the related-item operations of 1.44.5.
    AuditRelatedItemUpdated {
        id: "audit.related-item-updated",
        family: Audit,
        severity: Should,
        title: "Each UpdateRelatedItem yields one RelatedItem.Updated event with its relatedItemType",
        rests_on: "inferred: AuditEventType enum RelatedItem.Updated (1.44.5); the documentation does not say which operation records it",        needs: ["UpdateRelatedItem"],

    },
    AuditRelatedItemDeleted {
        id: "audit.related-item-deleted",
        family: Audit,
        severity: Should,
        title: "Each DeleteRelatedItem yields one RelatedItem.Deleted event with its relatedItemType",
        rests_on: "inferred: AuditEventType enum RelatedItem.Deleted (1.44.5); the documentation does not say which operation records it",        needs: ["DeleteRelatedItem"],

    },
    // ---- auth -------------------------------------------------------------------------------
    AuthUnsignedRefused {
        id: "auth.unsigned-refused",
        family: Auth,
        severity: Should,
        title: "An unsigned request is refused with 403",
        rests_on: "metadata.signatureVersion = v4; AccessDeniedException (403). MUST with --expect-auth",
    },
    AuthWrongScopeRefused {
        id: "auth.wrong-scope-refused",
        family: Auth,
        severity: Should,
        title: "A request signed for another region or service is refused with 403",
        rests_on: "metadata.signingName = cases. MUST with --expect-auth",
    },
    AuthTamperedBodyRefused {
        id: "auth.tampered-body-refused",
        family: Auth,
        severity: Should,
        title: "A request whose body changed after signing is refused with 403",
        rests_on: "SigV4 signs the payload hash. MUST with --expect-auth",
    },
    // ---- pagination -------------------------------------------------------------------------
    PaginationPageSize {
        id: "pagination.page-size",
        family: Pagination,
        severity: Must,
        title: "No page is longer than maxResults (25 when not given)",
        rests_on: "maxResults: \"The maximum number of results to return per page\"; list max 25",
    },
    PaginationTerminates {
        id: "pagination.terminates",
        family: Pagination,
        severity: Must,
        title: "A walk ends within its page bound; a repeated token is a cycle",
        rests_on: "nextToken: \"This is null if there are no more results to return\"",
    },
    PaginationNoDuplicates {
        id: "pagination.no-duplicates",
        family: Pagination,
        severity: Must,
        title: "No item appears twice across the pages of one walk",
        rests_on: "nextToken: \"the next set of results\"",
    },
    PaginationSizeIndependent {
        id: "pagination.size-independent",
        family: Pagination,
        severity: Must,
        title: "Walks at page size 1 and 25 yield the same set of items",
        rests_on: "maxResults bounds a page, not the result set",
    },
    PaginationLastPageNoToken {
        id: "pagination.last-page-no-token",
        family: Pagination,
        severity: Must,
        title: "The last page carries no nextToken",
        rests_on: "nextToken: \"This is null if there are no more results to return\"",
    },
    PaginationBadTokenRejected {
        id: "pagination.bad-token-rejected",
        family: Pagination,
        severity: Should,
        title: "A garbage or foreign nextToken gets 400",
        rests_on: "inferred: tokens are opaque and bound to their query",
    },
    PaginationStableOrder {
        id: "pagination.stable-order",
        family: Pagination,
        severity: Should,
        title: "Two walks with no writes between them give the same order",
        rests_on: "inferred: pagination over an unchanged set is deterministic",
    },
    // ---- lifecycle --------------------------------------------------------------------------
    LifecycleCreatedReadable {
        id: "lifecycle.created-readable",
        family: Lifecycle,
        severity: Must,
        title: "A resource a producer answered by id is found by the operations that read it",
        rests_on: "a producer's output names the resource it made by id and ARN (CreateField: 'fieldId: The unique identifier of a field'); its readers take that id as a path label",
    },
    LifecycleCreatedAsSent {
        id: "lifecycle.created-as-sent",
        family: Lifecycle,
        severity: Should,
        title: "What a create sent is what a read of the resource answers, member by member",
        rests_on: "inferred: members of the same name in a producer's input and a reader's output describe the same attribute",
    },
    LifecycleCreatedListed {
        id: "lifecycle.created-listed",
        family: Lifecycle,
        severity: Should,
        title: "A created resource is among the items of every listing of its kind",
        rests_on: "the listings' documentation ('Lists all fields in a Cases domain', 'Lists all layouts in the given cases domain', ...)",
    },
    LifecycleUpdateVisible {
        id: "lifecycle.update-visible",
        family: Lifecycle,
        severity: Should,
        title: "What an update sent is what a later read answers",
        rests_on: "inferred: an update operation ('Updates the properties of an existing field') changes the members it is sent",
    },
    LifecycleUpdateKeepsOthers {
        id: "lifecycle.update-keeps-others",
        family: Lifecycle,
        severity: Should,
        title: "Members an update did not send keep their values",
        rests_on: "UpdateTemplate: 'If a null value is provided for a given attribute, that attribute is ignored and its current value is preserved' (inferred for the other updates)",
    },
    LifecycleDeletedUnlisted {
        id: "lifecycle.deleted-unlisted",
        family: Lifecycle,
        severity: Must,
        title: "A deleted resource is no longer listed, where its delete operation's documentation says so",
        rests_on: "DeleteField: 'Deleted fields are not included in the ListFields response'; DeleteLayout, DeleteTemplate: the same of ListLayouts, ListTemplates",
    },
    LifecycleDeletedStillReadable {
        id: "lifecycle.deleted-still-readable",
        family: Lifecycle,
        severity: Must,
        title: "A deleted resource can still be read, where its delete operation's documentation says so",
        rests_on: "DeleteLayout: 'You can still retrieve the layout by calling GetLayout'; DeleteTemplate: 'You can still retrieve the template by calling GetTemplate'",
    },
    LifecycleDeletedGone {
        id: "lifecycle.deleted-gone",
        family: Lifecycle,
        severity: Should,
        title: "Elsewhere, a deleted resource is not found on direct access (404) and no longer listed",
        rests_on: "inferred (use after delete); DeleteCase: 'After a successful deletion, you cannot: Retrieve related items, Access audit history, Perform any operations that require the CaseID'",
    },
    LifecycleTagsRoundTrip {
        id: "lifecycle.tags-round-trip",
        family: Lifecycle,
        severity: Must,
        title: "A tag added to a resource is listed for it, and gone once untagged",
        rests_on: "TagResource: 'Adds tags to a resource'; ListTagsForResource: 'Lists tags for a resource'; UntagResource: 'Untags a resource'",
    },
    LifecycleChildOfOtherParent {
        id: "lifecycle.child-of-other-parent",
        family: Lifecycle,
        severity: Must,
        title: "A resource addressed through another parent of its kind is not found there (404 ResourceNotFoundException; a batch read lists it among its errors) and is left unchanged",
        rests_on: "a resource lives in the parents its URI names, outermost first (/domains/{domainId}/cases/{caseId}/related-items/{relatedItemId}): GetCase: 'Returns information about a specific case if it exists'; ListFieldOptions: 'Lists all of the field options for a field identifier in the domain'; DeleteRelatedItem: 'Deletes the related item resource under a case' (1.44.5); ResourceNotFoundException: 'We couldn't find the requested resource. Check that your resources exists'; FieldError.id: 'The field identifier that caused the error' (CaseRuleError.id: 'The case rule identifier that caused the error', 1.44.5)",
    },
    // ---- search-cases and cases (1.44.5 case-level behaviour) ------------------------------
    SearchCasesMatchesModel {
        id: "search-cases.matches-model",
        family: SearchCases,
        severity: Must,
        title: "A SearchCases filter tree (field comparisons, not, andAll, orAll, tag) returns exactly the cases a model of the domain's cases selects",
        rests_on: "SearchCases: 'Searches for cases within their associated Cases domain'; CaseFilter members field ('A list of fields to filter on'), not, tag ('A list of tags to filter on'), andAll ('Provides \"and all\" filtering'), orAll ('Provides \"or all\" filtering'); FieldFilter members equalTo, contains, greaterThan, greaterThanOrEqualTo, lessThan, lessThanOrEqualTo",
    },
    SearchCasesSorted {
        id: "search-cases.sorted",
        family: SearchCases,
        severity: Must,
        title: "SearchCases answers its cases in the order its sorts ask (each sort's field, Asc or Desc, the first sort most significant)",
        rests_on: "SearchCasesRequest.sorts: 'A list of sorts where each sort specifies a field and their sort order to be applied to the results'; Sort.sortOrder (Order: Asc, Desc)",
    },
    CasesBatchUpdateApplied {
        id: "cases.batch-update-applied",
        family: Cases,
        severity: Must,
        title: "Each case BatchUpdateCase lists in successfulCases shows the update on GetCase, though another case of the batch failed",
        rests_on: "BatchUpdateCase: 'Updates fields on multiple cases in a single request', 'Each case is processed independently. If some cases fail, the remaining cases are still updated'; successfulCases: 'The list of cases that were successfully updated'",        needs: ["BatchUpdateCase"],

    },
    CasesBatchUpdateFailuresReported {
        id: "cases.batch-update-failures-reported",
        family: Cases,
        severity: Must,
        title: "A case id of a BatchUpdateCase that names no case is in failedCases with errorCode CASE_NOT_FOUND, not in successfulCases",
        rests_on: "BatchUpdateCase: 'To determine whether individual cases failed, inspect the failedCases array'; failedCases: 'CASE_NOT_FOUND - No case exists with the specified case ID'",        needs: ["BatchUpdateCase"],

    },
    CasesDeletedGone {
        id: "cases.deleted-gone",
        family: Cases,
        severity: Must,
        title: "A case DeleteCase deleted is no longer found by SearchCases, GetCase (404) or its related items' search (404)",
        rests_on: "DeleteCase: 'permanently deletes a case and all its associated resources from the cases data store. After a successful deletion, you cannot: Retrieve related items, Access audit history, Perform any operations that require the CaseID'",        needs: ["DeleteCase"],

    },
    CasesMergeItemsMoved {
        id: "cases.merge-items-moved",
        family: Cases,
        severity: Must,
        title: "A merge finishes (GetMergeCasesStatus of the secondary case: COMPLETED, naming the primary) and the secondary's related items of a selected type are on the primary with their ids, no longer on the secondary",
        rests_on: "StartMergeCases: 'When the merge finishes, the selected field values and related items from the secondary case are on the primary case'; GetMergeCasesStatus: 'For a case that was merged into another case as the secondary case, it returns COMPLETED'; RelatedItemsConfiguration: 'Moved related items keep their related item ID'",        needs: ["StartMergeCases", "GetMergeCasesStatus"],

    },
    CasesMergeAudited {
        id: "cases.merge-audited",
        family: Cases,
        severity: Must,
        title: "After a merge, the audit history of both the primary and the secondary case holds a Case.Merged event",
        rests_on: "StartMergeCases: 'Both cases record the merge in their audit history'; AuditEvent.type: 'Case.Merged summarizes a merge on each of the two cases that took part in it'",        needs: ["StartMergeCases"],

    },
    CasesMergeRunningConflict {
        id: "cases.merge-running-conflict",
        family: Cases,
        severity: Must,
        title: "While a merge runs (GetMergeCasesStatus of the secondary case: IN_PROGRESS before the request and after its answer), StartMergeCases of the same cases again, UpdateCase, CreateRelatedItem, UpdateRelatedItem and DeleteRelatedItem on the secondary case, and DeleteCase of either case, answer 409 ConflictException",
        rests_on: "StartMergeCases: 'The request fails with a ConflictException if either case is already part of a merge that is running, or was previously merged into another case as the secondary case.'; UpdateCase, CreateRelatedItem, UpdateRelatedItem, DeleteRelatedItem: 'If the case is the secondary case of a merge that is running, the request fails with a ConflictException.'; DeleteCase: 'You can't delete a case while it's part of a merge that is running, as either the primary or the secondary case. The request fails with a ConflictException.'",        needs: ["StartMergeCases"],

    },
    // ---- stateful and scenarios -------------------------------------------------------------
    StatefulModelAgreement {
        id: "stateful.model-agreement",
        family: Stateful,
        severity: Must,
        title: "Interleaved creates, searches and audit reads agree with a model of the case",
        rests_on: "the round-trip, filter and audit rules above, applied after every step",
    },
    ScenarioExpectations {
        id: "scenario.expectations",
        family: Scenario,
        severity: Must,
        title: "A declarative scenario's responses match its expectations",
        rests_on: "cases/*.json (each scenario cites its own source)",
    },
    // ---- parity ---------------------------------------------------------------------------
    ParityStatus {
        id: "parity.status",
        family: Parity,
        severity: Must,
        title: "A recorded request gets the status the reference target's recording has",
        rests_on: "the recording of a reference target (harness record; cases/parity/<release>/): two implementations of one contract answer one request alike",
    },
    ParityErrorType {
        id: "parity.error-type",
        family: Parity,
        severity: Must,
        title: "A recorded request that got an error (on either side) gets the recording's error type",
        rests_on: "the recording of a reference target; operations.<Op>.errors: the error a client branches on",
    },
    ParityBody {
        id: "parity.body",
        family: Parity,
        severity: Should,
        title: "The bound headers and body match the recording's once redacted (ids, ARNs, tokens, times as placeholders; declared members ignored)",
        rests_on: "the recording of a reference target; output shapes leave values (messages, defaults) the model does not fix",
    },
    ParityOrder {
        id: "parity.order",
        family: Parity,
        severity: Should,
        title: "Lists come in the recording's order when their members agree",
        rests_on: "the recording of a reference target; list shapes are ordered, though most operations do not document the order",
    },
}
