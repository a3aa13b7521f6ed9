//! Named faults: deliberate, realistic bugs the mock can be told to ship, so the
//! conformance harness can be shown to catch each one.
//!
//! Every fault is off by default ([`MockConfig::faults`](crate::MockConfig::faults) is
//! empty) and is one small deviation in one layer, guarded by
//! `config.faults.contains(&Fault::X)`:
//!
//! * decode (`src/decode/`): what is accepted (`max-results-*`, `union-two-members-accepted`,
//!   `type-content-mismatch-accepted`; `pre-file-release` through `src/kinds.rs`);
//! * service (`src/service/`): what is stored, found and paged (filters, isolation,
//!   visibility, ids, audit history, tokens, page boundaries, order);
//! * encode (`src/encode.rs`): the wire form of answers (status codes, headers, error
//!   bodies, timestamps, members);
//! * the pipeline (`src/app.rs`): SigV4 verification (`sigv4-not-verified`).
//!
//! [`catalogue`] lists them with the harness checks (ids from `docs/checks.md`) that must
//! fail when the fault alone is on. A check is listed only when the fault makes it fail
//! by that check's definition on the requests the harness sends; checks that may also
//! fail, depending on timing or the harness's choice of data, are left out.

use std::fmt;
use std::str::FromStr;

/// One fault of the [`catalogue`]: the fault, its kebab-case name, what it does and the
/// harness checks that must fail when it alone is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FaultInfo {
    /// The fault.
    pub fault: Fault,
    /// Its kebab-case name (`--fault NAME`), equal to `fault.to_string()`.
    pub name: &'static str,
    /// What the mock does differently when the fault is on.
    pub description: &'static str,
    /// Ids of the harness checks (`docs/checks.md`) that must fail with this fault alone.
    pub caught_by: &'static [&'static str],
    /// The model release the fault matrix runs it at (`None`: the contract, 1.34.98). A fault
    /// of an operation or member a later release brought runs at that release, since an older
    /// mock does not route the operation it breaks.
    pub release: Option<&'static str>,
}

/// Declares [`Fault`], its names and the catalogue from one table, so a fault cannot
/// exist without a name, a description and its `caught_by` list. The description is
/// also the variant's doc comment.
macro_rules! faults {
    (@release) => { None };
    (@release $release:literal) => { Some($release) };
    ($(
        $variant:ident = $name:literal {
            description: $description:literal,
            caught_by: [$($check:literal),* $(,)?] $(,)?
            $(release: $release:literal $(,)?)?
        }
    )*) => {
        /// A named, deliberate deviation from the faithful behaviour (see the module
        /// documentation and [`catalogue`]). Names are kebab-case (`FromStr`/`Display`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Fault {
            $(
                #[doc = $description]
                #[doc = ""]
                #[doc = concat!("Must be caught by:", $(" `", $check, "`",)* ".")]
                $variant,
            )*
        }

        static CATALOGUE: &[FaultInfo] = &[$(
            FaultInfo {
                fault: Fault::$variant,
                name: $name,
                description: $description,
                caught_by: &[$($check),*],
                release: faults!(@release $($release)?),
            },
        )*];

        impl Fault {
            /// The kebab-case name, e.g. `pre-file-release`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Fault::$variant => $name,)*
                }
            }
        }
    };
}

faults! {
    PreFileRelease = "pre-file-release" {
        description: "Behaves like an implementation from before the 2024-05-03 release while \
            claiming 1.34.98: `File` is an unknown `type` value, `content.file` and \
            `{\"file\":{}}` filters are unknown union members (400 ValidationException). \
            Same mechanism as `MockRelease::V1_34_97` (the accepted kinds in src/kinds.rs); \
            the release mode is faithful to 1.34.97, this fault is that behaviour checked \
            against 1.34.98.",
        caught_by: [
            "acceptance.valid-request-200",
            "rejection.invalid-request-400",
            "rejection.validation-exception",
        ],
    }
    FileContentDropped = "file-content-dropped" {
        description: "File items are accepted and stored, but search results carry \
            `content: {}` for them (the `file` member is lost).",
        caught_by: [
            "response.union-one-member",
            "roundtrip.same-content",
            "roundtrip.type-matches-content",
        ],
    }
    FileFilterIgnored = "file-filter-ignored" {
        description: "A `file` filter matches every item of the case (its kind and its \
            `fileArn` are ignored), so `[{\"file\":{...}}]` returns all items.",
        caught_by: [
            "filters.kind-matches-all",
            "filters.file-by-arn",
            "filters.union",
            "scenario.expectations",
        ],
    }
    CommentFilterIgnored = "comment-filter-ignored" {
        description: "A `comment` filter matches every item of the case, not only comments.",
        caught_by: ["filters.kind-matches-all", "filters.union"],
    }
    ContactChannelFilterIgnored = "contact-channel-filter-ignored" {
        description: "A `contact` filter that names channels matches every item of the case \
            (the filter is dropped as untranslatable). A contact filter without channels \
            works.",
        caught_by: ["filters.contact-by-channel"],
    }
    ContactChannelCriterionIgnored = "contact-channel-criterion-ignored" {
        description: "The `channel` criterion of a `contact` filter is ignored: every contact \
            matches whatever channels the filter names (its kind and `contactArn` still \
            apply). On a case whose contacts all share one channel (the mock puts every \
            contact the harness creates on `VOICE`), only a filter naming a channel none of \
            them is on can tell.",
        caught_by: ["filters.contact-by-channel"],
    }
    ContactArnFilterIgnored = "contact-arn-filter-ignored" {
        description: "The `contactArn` criterion of a `contact` filter is ignored: every \
            contact (on the given channels) matches.",
        caught_by: ["filters.contact-by-arn"],
    }
    FiltersIntersected = "filters-intersected" {
        description: "Several filters are combined with AND instead of OR, so \
            `[{\"file\":{}},{\"comment\":{}}]` matches nothing. One filter works.",
        caught_by: ["filters.union"],
    }
    OtherCaseItemsLeak = "other-case-items-leak" {
        description: "A search also returns the related items of the domain's other cases \
            (after the case's own items), as if the query filtered by domain only.",
        caught_by: [
            "filters.case-isolation",
            "filters.kind-matches-all",
            "stateful.model-agreement",
            "filters.contact-by-arn",
            "filters.contact-by-channel",
            "filters.file-by-arn",
            "filters.union",
        ],
    }
    DelayedVisibility = "delayed-visibility" {
        description: "A new related item shows in searches only 2 s after it was created \
            (an eventually consistent index); `harness run --visibility-wait-secs 3` passes.",
        caught_by: [
            "roundtrip.found-once",
            "filters.contact-by-arn",
            "filters.file-by-arn",
            "filters.kind-matches-all",
            "filters.union",
        ],
    }
    DuplicateIds = "duplicate-ids" {
        description: "Related-item ids are a hash of the case, the type and the content \
            (a content-addressed store), so two items with the same content in one case get \
            the same id and ARN.",
        caught_by: [
            "roundtrip.unique-ids",
            "roundtrip.found-once",
            "pagination.no-duplicates",
            "roundtrip.same-content",
        ],
    }
    PerformedByDropped = "performed-by-dropped" {
        description: "`performedBy` of CreateRelatedItem is not stored: search results lack \
            it and the RelatedItem.Created event has no `performedBy.user`.",
        caught_by: ["roundtrip.same-content", "audit.performed-by"],
    }
    TokenOnLastPage = "token-on-last-page" {
        description: "The last non-empty page of every listing carries a `nextToken`, which \
            leads to an empty page without a token.",
        caught_by: ["pagination.last-page-no-token"],
    }
    PageBoundaryRepeat = "page-boundary-repeat" {
        description: "A page's `nextToken` resumes at the page's last item, so that item is \
            repeated as the first of the next page; at page size 1 the walk never advances.",
        caught_by: ["pagination.no-duplicates", "pagination.terminates"],
    }
    PageBoundarySkip = "page-boundary-skip" {
        description: "A page's `nextToken` resumes one item too far, so the first item of \
            every following page is never returned.",
        caught_by: [
            "pagination.size-independent",
            "pagination.last-page-no-token",
        ],
    }
    MaxResultsIgnored = "max-results-ignored" {
        description: "`maxResults` is validated but ignored: every page has the operation's \
            default size (25 for SearchRelatedItems and GetCaseAuditEvents).",
        caught_by: ["pagination.page-size"],
    }
    MaxResultsOffByOne = "max-results-off-by-one" {
        description: "Pages hold one item more than `maxResults` (or the default) allows.",
        caught_by: [
            "pagination.page-size",
            "response.bounds",
        ],
    }
    MaxResultsOutOfRangeAccepted = "max-results-out-of-range-accepted" {
        description: "`maxResults` outside the model's range (0, -1, 26) is accepted and \
            clamped into it instead of being a 400.",
        caught_by: ["rejection.invalid-request-400", "rejection.validation-exception"],
    }
    UnstableOrder = "unstable-order" {
        description: "Each walk of a listing (a first page without a token) starts one \
            item further on than the previous walk of that listing: the order is rotated, \
            consistently within one walk (the token carries the rotation), so two walks \
            return different orders (for listings of more than two items).",
        caught_by: ["pagination.stable-order", "search-cases.sorted"],
    }
    GarbageTokenAccepted = "garbage-token-accepted" {
        description: "A `nextToken` the mock did not issue for the query (garbage, \
            tampered, another case's) is treated as the first page instead of a 400.",
        caught_by: [
            "pagination.bad-token-rejected",
            "rejection.invalid-request-400",
            "rejection.validation-exception",
        ],
    }
    UnionTwoMembersAccepted = "union-two-members-accepted" {
        description: "CreateRelatedItem accepts a `content` union with several members set \
            and keeps the one `type` names, ignoring the others.",
        caught_by: ["rejection.invalid-request-400", "rejection.validation-exception"],
    }
    TypeContentMismatchAccepted = "type-content-mismatch-accepted" {
        description: "CreateRelatedItem accepts a `type` that names another member than the \
            one set in `content` (the item is stored with the content's type).",
        caught_by: ["rejection.invalid-request-400", "rejection.validation-exception"],
    }
    RequiredMemberMissing = "required-member-missing" {
        description: "Search results lack the required member `associationTime`.",
        caught_by: ["response.required-members", "roundtrip.association-time"],
    }
    EpochTimestamps = "epoch-timestamps" {
        description: "Every timestamp member is sent as epoch seconds (a JSON number, e.g. \
            1714739696.789) instead of the model's iso8601 string.",
        caught_by: ["response.types", "roundtrip.association-time"],
    }
    NaiveTimestamps = "naive-timestamps" {
        description: "Every timestamp member is sent without its time zone \
            (`2024-05-03T12:34:56.789`), which is not an RFC 3339 date-time.",
        caught_by: ["response.date-time", "roundtrip.association-time"],
    }
    UppercaseItemType = "uppercase-item-type" {
        description: "Related-item types are sent in upper case (`FILE`, `CONTACT`, \
            `COMMENT`) in search results (`type`) and audit events (`relatedItemType`).",
        caught_by: [
            "response.enum-values",
            "roundtrip.same-content",
            "roundtrip.type-matches-content",
            "audit.related-item-created",
        ],
    }
    EmptyIamPrincipal = "empty-iam-principal" {
        description: "Audit events name the caller as `performedBy.iamPrincipalArn: \"\"` \
            (the model's minimum length is 1), as an implementation without IAM context would.",
        caught_by: ["response.bounds"],
    }
    UnknownMembersAdded = "unknown-members-added" {
        description: "Every successful response carries an extra top-level member the model \
            does not know (`apiVersion`). Only a SHOULD check catches it.",
        caught_by: ["response.unknown-members"],
    }
    AuditTypeMissing = "audit-type-missing" {
        description: "RelatedItem.Created audit events lack `relatedItemType`.",
        caught_by: ["audit.related-item-created"],
    }
    NoAuditForFile = "no-audit-for-file" {
        description: "Creating a File item records no RelatedItem.Created audit event \
            (comments and contacts still do).",
        caught_by: ["audit.related-item-created"],
    }
    NoCaseCreatedEvent = "no-case-created-event" {
        description: "CreateCase records no Case.Created audit event: a case's history \
            starts with its first related item.",
        caught_by: ["audit.case-created"],
    }
    AuditEventIdPerType = "audit-event-id-per-type" {
        description: "Audit event ids are built from the case id and the event type instead \
            of minted per event, so all RelatedItem.Created events of a case share one id.",
        caught_by: ["audit.unique-event-ids", "pagination.no-duplicates"],
    }
    ServerErrorForInvalidInput = "500-for-invalid-input" {
        description: "Validation failures (bad members, bad tokens, malformed JSON) are \
            answered with 500 InternalServerException instead of 400 ValidationException.",
        caught_by: [
            "protocol.no-5xx-for-client-input",
            "pagination.bad-token-rejected",
            "rejection.invalid-request-400",
            "rejection.validation-exception",
            "not-found.unknown-resource-404",
        ],
    }
    Validation422 = "validation-422" {
        description: "ValidationException travels with status 422 (Unprocessable Entity) \
            instead of the model's 400.",
        caught_by: [
            "protocol.status-modeled",
            "protocol.error-status-matches",
            "pagination.bad-token-rejected",
            "rejection.invalid-request-400",
            "not-found.unknown-resource-404",
        ],
    }
    NoErrorTypeHeader = "no-error-type-header" {
        description: "Errors carry neither `x-amzn-ErrorType` nor `__type`: the body is only \
            `{\"message\": ...}` (plus the resource members of a 404).",
        caught_by: [
            "protocol.error-type-modeled",
            "rejection.validation-exception",
            "not-found.unknown-resource-404",
            "lifecycle.child-of-other-parent",
        ],
    }
    WrongContentType = "wrong-content-type" {
        description: "Every response declares `Content-Type: text/plain` (the JSON body is \
            unchanged).",
        caught_by: ["protocol.json-content-type"],
    }
    PlainTextErrors = "plain-text-errors" {
        description: "Error bodies are plain text (`ValidationException: message`) instead \
            of a JSON object; status, headers and Content-Type are unchanged.",
        caught_by: [
            "protocol.json-body",
            "protocol.error-body-shape",
            "not-found.unknown-resource-404",
        ],
    }
    TruncatedSearchResponse = "truncated-search-response" {
        description: "SearchRelatedItems answers declare a Content-Length 16 bytes longer \
            than the body they send, then the connection closes: the client never gets a \
            complete response.",
        caught_by: ["protocol.transport"],
    }
    CreateReturns201 = "create-returns-201" {
        description: "CreateRelatedItem answers 201 Created (the item is created) instead of \
            the model's responseCode 200.",
        caught_by: [
            "protocol.status-modeled",
            "acceptance.valid-request-200",
            "filters.kind-matches-all",
        ],
    }
    NotFoundAs400 = "not-found-as-400" {
        description: "An unknown domain, case or template is answered with 400 \
            ValidationException instead of 404 ResourceNotFoundException.",
        caught_by: [
            "not-found.unknown-resource-404",
            "lifecycle.child-of-other-parent",
        ],
    }
    ResourceFieldsMissing = "resource-fields-missing" {
        description: "ResourceNotFoundException bodies lack the required `resourceId` and \
            `resourceType` (only `message`).",
        caught_by: ["protocol.error-body-shape", "not-found.unknown-resource-404"],
    }
    VagueValidationMessage = "vague-validation-message" {
        description: "ValidationException messages are always `Bad Request`, naming no \
            member. Only a SHOULD check catches it.",
        caught_by: ["rejection.message-names-member"],
    }
    SigV4NotVerified = "sigv4-not-verified" {
        description: "With SigV4 credentials configured, signatures are not verified: \
            unsigned, wrongly scoped and tampered requests are served. Observable only when \
            the mock has `sigv4` set and the harness signs (`harness run --sign`).",
        caught_by: [
            "auth.unsigned-refused",
            "auth.wrong-scope-refused",
            "auth.tampered-body-refused",
        ],
    }
    DeletedLayoutListed = "deleted-layout-listed" {
        description: "ListLayouts keeps listing deleted layouts (the listing does not check \
            the deletion flag), though DeleteLayout's documentation says deleted layouts are \
            not included in the ListLayouts response.",
        caught_by: ["lifecycle.deleted-unlisted"],
    }
    NewestLayoutUnlisted = "newest-layout-unlisted" {
        description: "ListLayouts leaves out the most recently created layout, as a listing \
            served from an index that lags one write behind would. GetLayout finds it.",
        caught_by: ["lifecycle.created-listed"],
    }
    LayoutGetNotFound = "layout-get-not-found" {
        description: "GetLayout answers 404 ResourceNotFoundException for every layout, \
            deleted or not, though CreateLayout answered with its id.",
        caught_by: [
            "lifecycle.created-readable",
            "lifecycle.deleted-still-readable",
            "acceptance.valid-request-200",
        ],
    }
    LayoutNameTrimmed = "layout-name-trimmed" {
        description: "GetLayout answers the layout's name without its last character (an \
            off-by-one in the read path). Only SHOULD checks catch it.",
        caught_by: ["lifecycle.created-as-sent", "lifecycle.update-visible"],
    }
    LayoutUpdateIgnored = "layout-update-ignored" {
        description: "UpdateLayout validates and answers 200 but stores nothing: GetLayout \
            still answers the old name and content. Only a SHOULD check catches it.",
        caught_by: ["lifecycle.update-visible"],
    }
    LayoutUpdateResetsContent = "layout-update-resets-content" {
        description: "UpdateLayout without `content` replaces the layout's content with an \
            empty top panel (`{\"basic\": {\"topPanel\": {}}}`), as a PUT that rebuilds \
            the whole resource from the request would. Only a SHOULD check catches it.",
        caught_by: ["lifecycle.update-keeps-others"],
    }
    DeletedDomainReadable = "deleted-domain-readable" {
        description: "GetDomain still answers 200 for a domain DeleteDomain deleted (the \
            read path does not check the deletion). Only a SHOULD check catches it: the \
            documentation does not say what a deleted domain's GetDomain answers.",
        caught_by: ["lifecycle.deleted-gone"],
    }
    UntagIgnored = "untag-ignored" {
        description: "UntagResource answers 200 but removes no tag: ListTagsForResource \
            still lists the keys it was asked to remove.",
        caught_by: ["lifecycle.tags-round-trip"],
    }
    CaseOtherDomainReachable = "case-other-domain-reachable" {
        description: "GetCase finds the case by its id in every domain when the domain the \
            path names (which must exist) does not hold it, as a read served from a table \
            keyed by case id alone would: a case of domain A is read through domain B. The \
            case's other operations check the domain.",
        caught_by: ["lifecycle.child-of-other-parent"],
    }
    // The related-item operations and kinds of 1.44.5.
    DeletedRelatedItemFound = "deleted-related-item-found" {
        description: "DeleteRelatedItem answers 200 and records `RelatedItem.Deleted`, but \
            SearchRelatedItems and SearchAllRelatedItems keep finding the item, as a search \
            index the delete never reached would.",
        caught_by: ["roundtrip.deleted-not-found", "lifecycle.deleted-gone"],
        release: "1.44.5",
    }
    CustomUpdateKeepsFields = "custom-update-keeps-fields" {
        description: "UpdateRelatedItem merges a Custom item's new field values into the stored \
            ones, so fields the update left out stay, though `CustomUpdateContent.fields` says \
            \"Fields not included as part of this request will be removed\".",
        caught_by: ["roundtrip.custom-update-replaces"],
        release: "1.44.5",
    }
    CustomFieldsDropped = "custom-fields-dropped" {
        description: "Custom items are stored with their field values, but every answer that \
            shows one (SearchRelatedItems, SearchAllRelatedItems, UpdateRelatedItem) carries \
            `custom: {\"fields\": []}`.",
        caught_by: [
            "roundtrip.same-content",
            "roundtrip.update-visible",
            "roundtrip.search-all-across-cases",
        ],
        release: "1.44.5",
    }
    SlaStatusFrozen = "sla-status-frozen" {
        description: "An SLA's status is the `Active` it was created with and never recomputed: \
            it stays `Active` (without a completion time) when its case's field reaches one of \
            its target values, and the `sla` status filter sees the same frozen status.",
        caught_by: ["roundtrip.sla-status-met", "filters.sla-by-status"],
        release: "1.44.5",
    }
    ConnectCaseFilterIgnored = "connect-case-filter-ignored" {
        description: "The `caseId` criterion of a `connectCase` filter is ignored: every \
            ConnectCase item matches, whichever case it links (the filter's kind still \
            applies), in SearchRelatedItems and SearchAllRelatedItems.",
        caught_by: [
            "filters.connect-case-by-id",
            "roundtrip.search-all-across-cases",
        ],
        release: "1.44.5",
    }
    SlaNameFilterIgnored = "sla-name-filter-ignored" {
        description: "The `name` criterion of an `sla` filter is ignored: every Sla item \
            matches, whatever its name (a `status` criterion still applies), in \
            SearchRelatedItems and SearchAllRelatedItems.",
        caught_by: ["filters.sla-by-name", "roundtrip.search-all-across-cases"],
        release: "1.44.5",
    }
    CustomFilterIgnored = "custom-filter-ignored" {
        description: "The field conditions of a `custom` filter are ignored: every Custom item \
            matches (the filter's kind still applies), in SearchRelatedItems and \
            SearchAllRelatedItems.",
        caught_by: [
            "filters.custom-by-field",
            "roundtrip.search-all-across-cases",
        ],
        release: "1.44.5",
    }
    FileItemDeletable = "file-item-deletable" {
        description: "DeleteRelatedItem deletes File items too, though its documentation says \
            it \"cannot be used on a FILE type related attachment\" (DeleteAttachedFile \
            does that).",
        caught_by: ["roundtrip.delete-file-refused"],
        release: "1.44.5",
    }
    BatchCreatedOnce = "batch-created-once" {
        description: "BatchCreateRelatedItem creates the comment in the first case only, and \
            answers every other case's success entry with that first item's id, as a loop \
            that reuses its first result would.",
        caught_by: ["roundtrip.batch-created-found"],
        release: "1.44.5",
    }
    SearchAllSortsIgnored = "search-all-sorts-ignored" {
        description: "SearchAllRelatedItems ignores `sorts`: results always come oldest first \
            (the mock's default order), whatever order the request asks for. Only the orders \
            other than association time ascending show it.",
        caught_by: ["roundtrip.search-all-sorted"],
        release: "1.44.5",
    }
    ItemChangesNotAudited = "item-changes-not-audited" {
        description: "UpdateRelatedItem and DeleteRelatedItem record no audit event: the \
            case's history has no `RelatedItem.Updated` or `RelatedItem.Deleted`, though \
            `AuditEventType` has both. Only SHOULD checks catch it.",
        caught_by: ["audit.related-item-updated", "audit.related-item-deleted"],
        release: "1.44.5",
    }
    RelatedItemOtherCaseReachable = "related-item-other-case-reachable" {
        description: "UpdateRelatedItem and DeleteRelatedItem find the item by its id among \
            every case of the domain when the case the path names (which must exist) does not \
            hold it, as a store keyed by item id alone would: an item of case A is updated and \
            deleted through case B.",
        caught_by: ["lifecycle.child-of-other-parent"],
        release: "1.44.5",
    }
    // ---- 1.44.5 case-level behaviour: SearchCases, BatchUpdateCase, DeleteCase, merges ----
    OrAllAsAndAll = "or-all-as-and-all" {
        description: "SearchCases applies every `orAll` filter as `andAll` (a case must match \
            all of its filters, not one), as a translation to a query language that maps both \
            lists to the same boolean clause would.",
        caught_by: ["search-cases.matches-model"],
        release: "1.44.5",
    }
    TagFilterIgnored = "tag-filter-ignored" {
        description: "SearchCases ignores `tag` filters: a `tag` filter matches every case, \
            whatever its tags.",
        caught_by: ["search-cases.matches-model"],
        release: "1.44.5",
    }
    DescSortIgnored = "desc-sort-ignored" {
        description: "SearchCases sorts every `Desc` sort ascending (the `sortOrder` is \
            dropped); which cases match is unchanged.",
        caught_by: ["search-cases.sorted"],
        release: "1.44.5",
    }
    DeletedCaseFound = "deleted-case-found" {
        description: "SearchCases still finds a case DeleteCase deleted (its search document \
            is not removed); GetCase and the case's other operations answer 404 as they \
            should.",
        caught_by: ["cases.deleted-gone", "lifecycle.deleted-gone"],
        release: "1.44.5",
    }
    BatchUpdateIgnored = "batch-update-ignored" {
        description: "BatchUpdateCase validates the request and lists every existing case in \
            `successfulCases`, but changes nothing: GetCase answers the old values.",
        caught_by: ["cases.batch-update-applied"],
        release: "1.44.5",
    }
    BatchUpdateFailureUnreported = "batch-update-failure-unreported" {
        description: "BatchUpdateCase leaves a case id that names no case out of its answer: \
            it is neither in `successfulCases` nor in `failedCases` (`CASE_NOT_FOUND`).",
        caught_by: ["cases.batch-update-failures-reported"],
        release: "1.44.5",
    }
    MergeItemsNotMoved = "merge-items-not-moved" {
        description: "A merge finishes (the secondary case is closed, both cases record it) \
            but moves no related item: the selected kinds stay on the secondary case.",
        caught_by: ["cases.merge-items-moved"],
        release: "1.44.5",
    }
    MergeNotAudited = "merge-not-audited" {
        description: "A merge finishes and moves what it should, but records no `Case.Merged` \
            event on either case.",
        caught_by: ["cases.merge-audited"],
        release: "1.44.5",
    }
    MergeConflictsIgnored = "merge-conflicts-ignored" {
        description: "UpdateCase, CreateRelatedItem, UpdateRelatedItem and DeleteRelatedItem \
            on the secondary case of a running merge are served instead of answered 409 \
            `ConflictException`; DeleteCase of either case of the merge is still refused, so \
            the merge itself finishes as it should.",
        caught_by: ["cases.merge-running-conflict"],
        release: "1.44.5",
    }
    CaseRuleUpdateDropped = "case-rule-update-dropped" {
        description: "UpdateCaseRule validates the request and answers 200 but stores \
            nothing: BatchGetCaseRule still answers the rule's old name and description. \
            Only a SHOULD check catches it.",
        caught_by: ["lifecycle.update-visible"],
        release: "1.44.5",
    }
}

/// Every fault, in declaration order, with its name, description and the harness checks
/// that must fail when it alone is on.
pub fn catalogue() -> &'static [FaultInfo] {
    CATALOGUE
}

impl Fault {
    /// This fault's catalogue entry.
    pub fn info(self) -> &'static FaultInfo {
        CATALOGUE
            .iter()
            .find(|info| info.fault == self)
            .unwrap_or(&CATALOGUE[0])
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Fault {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CATALOGUE
            .iter()
            .find(|info| info.name == s)
            .map(|info| info.fault)
            .ok_or_else(|| {
                ParseError::new(format!(
                    "unknown fault '{s}' (known: {})",
                    CATALOGUE
                        .iter()
                        .map(|i| i.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })
    }
}

/// A name that is not a known fault or a supported release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    message: String,
}

impl ParseError {
    pub(crate) fn new(message: String) -> Self {
        Self { message }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every check id of `docs/checks.md` (harness/src/checks/catalogue.rs) at the time
    /// of writing; a `caught_by` entry outside it is a typo.
    const CHECK_IDS: &[&str] = &[
        "protocol.transport",
        "protocol.status-modeled",
        "protocol.json-content-type",
        "protocol.json-body",
        "protocol.error-type-modeled",
        "protocol.error-status-matches",
        "protocol.error-body-shape",
        "protocol.no-5xx-for-client-input",
        "acceptance.valid-request-200",
        "rejection.invalid-request-400",
        "rejection.validation-exception",
        "rejection.message-names-member",
        "not-found.unknown-resource-404",
        "response.required-members",
        "response.enum-values",
        "response.union-one-member",
        "response.bounds",
        "response.date-time",
        "response.types",
        "response.unknown-members",
        "roundtrip.found-once",
        "roundtrip.same-content",
        "roundtrip.type-matches-content",
        "roundtrip.unique-ids",
        "roundtrip.association-time",
        "filters.file-by-arn",
        "filters.kind-matches-all",
        "filters.contact-by-arn",
        "filters.contact-by-channel",
        "filters.union",
        "filters.case-isolation",
        "audit.case-created",
        "audit.related-item-created",
        "audit.unique-event-ids",
        "audit.performed-by",
        // The related-item operations and kinds of 1.44.5.
        "roundtrip.update-visible",
        "roundtrip.custom-update-replaces",
        "roundtrip.deleted-not-found",
        "roundtrip.delete-file-refused",
        "roundtrip.batch-created-found",
        "roundtrip.search-all-across-cases",
        "roundtrip.search-all-sorted",
        "roundtrip.sla-status-met",
        "filters.sla-by-name",
        "filters.sla-by-status",
        "filters.connect-case-by-id",
        "filters.custom-by-field",
        "audit.related-item-updated",
        "audit.related-item-deleted",
        "auth.unsigned-refused",
        "auth.wrong-scope-refused",
        "auth.tampered-body-refused",
        "pagination.page-size",
        "pagination.terminates",
        "pagination.no-duplicates",
        "pagination.size-independent",
        "pagination.last-page-no-token",
        "pagination.bad-token-rejected",
        "pagination.stable-order",
        "lifecycle.created-readable",
        "lifecycle.created-as-sent",
        "lifecycle.created-listed",
        "lifecycle.update-visible",
        "lifecycle.update-keeps-others",
        "lifecycle.deleted-unlisted",
        "lifecycle.deleted-still-readable",
        "lifecycle.deleted-gone",
        "lifecycle.tags-round-trip",
        "lifecycle.child-of-other-parent",
        "search-cases.matches-model",
        "search-cases.sorted",
        "cases.batch-update-applied",
        "cases.batch-update-failures-reported",
        "cases.deleted-gone",
        "cases.merge-items-moved",
        "cases.merge-audited",
        "cases.merge-running-conflict",
        "stateful.model-agreement",
        "scenario.expectations",
    ];

    #[test]
    fn names_round_trip_and_are_kebab_case() {
        for info in catalogue() {
            assert_eq!(info.fault.name(), info.name);
            assert_eq!(info.fault.to_string(), info.name);
            assert_eq!(info.name.parse::<Fault>(), Ok(info.fault));
            assert_eq!(info.fault.info(), info);
            assert!(
                info.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                info.name
            );
        }
        let names: BTreeSet<_> = catalogue().iter().map(|i| i.name).collect();
        assert_eq!(names.len(), catalogue().len(), "names are unique");
        let err = "no-such-fault".parse::<Fault>().expect_err("unknown");
        assert!(err.to_string().contains("pre-file-release"), "{err}");
    }

    #[test]
    fn every_fault_is_caught_by_known_checks() {
        assert!(catalogue().len() >= 24);
        for info in catalogue() {
            assert!(
                !info.caught_by.is_empty(),
                "{} is caught by nothing",
                info.name
            );
            assert!(!info.description.is_empty());
            for check in info.caught_by {
                assert!(
                    CHECK_IDS.contains(check),
                    "{}: unknown check {check}",
                    info.name
                );
            }
        }
    }

    #[test]
    fn faults_cover_every_check_family() {
        let families: BTreeSet<&str> = catalogue()
            .iter()
            .flat_map(|i| i.caught_by.iter())
            .filter_map(|c| c.split('.').next())
            .collect();
        for family in [
            "protocol",
            "acceptance",
            "rejection",
            "not-found",
            "response",
            "roundtrip",
            "filters",
            "audit",
            "pagination",
            "auth",
        ] {
            assert!(families.contains(family), "no fault for {family}");
        }
    }
}
