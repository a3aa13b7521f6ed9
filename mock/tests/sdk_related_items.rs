//! The 1.44.5 related items through the official AWS SDK for Rust (aws-sdk-connectcases
//! 1.134.0, whose model has UpdateRelatedItem, DeleteRelatedItem and
//! SearchAllRelatedItems but not BatchCreateRelatedItem): the new kinds created and
//! searched, each operation's answer parsed by the SDK's deserializers, and one modeled
//! error of each operation mapped to the SDK's variant.

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::config::{Credentials, Region};
use aws_sdk_connectcases::operation::create_related_item::CreateRelatedItemError;
use aws_sdk_connectcases::operation::delete_related_item::DeleteRelatedItemError;
use aws_sdk_connectcases::operation::search_all_related_items::SearchAllRelatedItemsError;
use aws_sdk_connectcases::operation::update_related_item::UpdateRelatedItemError;
use aws_sdk_connectcases::types::{
    AuditEventType, CommentBodyTextType, CommentContent, CommentUpdateContent, ConnectCaseFilter,
    ConnectCaseInputContent, CustomFieldsFilter, CustomFilter, CustomInputContent,
    CustomUpdateContent, FieldFilter, FieldType, FieldValue, FieldValueUnion, FileContent, Order,
    RelatedItemContent, RelatedItemInputContent, RelatedItemType, RelatedItemTypeFilter,
    RelatedItemUpdateContent, SearchAllRelatedItemsSort, SearchAllRelatedItemsSortProperty,
    SlaFilter, SlaInputConfiguration, SlaInputContent, SlaStatus, SlaType, UserUnion,
};
use cases_mock::{MockConfig, MockRelease, MockServer};

const USER: &str = "arn:aws:connect:us-east-1:123456789012:instance/i/agent/sdk-user";

async fn start() -> (MockServer, Client) {
    let server = cases_mock::spawn(MockConfig {
        release: MockRelease::V1_44_5,
        ..MockConfig::default()
    })
    .await
    .expect("mock");
    let conf = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "secret", None, None, "tests"))
        .endpoint_url(server.url())
        .retry_config(RetryConfig::disabled())
        .load()
        .await;
    (server, Client::new(&conf))
}

struct Domain {
    id: String,
    template: String,
    text_field: String,
}

async fn domain(client: &Client) -> Domain {
    let id = client
        .create_domain()
        .name("sdk related items")
        .send()
        .await
        .expect("CreateDomain")
        .domain_id()
        .to_owned();
    let text_field = client
        .create_field()
        .domain_id(&id)
        .name("order number")
        .r#type(FieldType::Text)
        .send()
        .await
        .expect("CreateField")
        .field_id()
        .to_owned();
    let template = client
        .create_template()
        .domain_id(&id)
        .name("t")
        .send()
        .await
        .expect("CreateTemplate")
        .template_id()
        .to_owned();
    Domain {
        id,
        template,
        text_field,
    }
}

fn value(id: &str, v: &str) -> FieldValue {
    FieldValue::builder()
        .id(id)
        .value(FieldValueUnion::StringValue(v.to_owned()))
        .build()
        .expect("field value")
}

async fn case(client: &Client, d: &Domain) -> String {
    client
        .create_case()
        .domain_id(&d.id)
        .template_id(&d.template)
        .fields(value("title", "sdk case"))
        .fields(value("customer_id", "customer"))
        .send()
        .await
        .expect("CreateCase")
        .case_id()
        .to_owned()
}

async fn create(
    client: &Client,
    d: &Domain,
    case: &str,
    kind: RelatedItemType,
    content: RelatedItemInputContent,
) -> String {
    client
        .create_related_item()
        .domain_id(&d.id)
        .case_id(case)
        .r#type(kind)
        .content(content)
        .performed_by(UserUnion::CustomEntity("sdk-bot".into()))
        .send()
        .await
        .expect("CreateRelatedItem")
        .related_item_id()
        .to_owned()
}

fn comment(body: &str) -> RelatedItemInputContent {
    RelatedItemInputContent::Comment(
        CommentContent::builder()
            .body(body)
            .content_type(CommentBodyTextType::Plaintext)
            .build()
            .expect("comment"),
    )
}

#[tokio::test]
async fn new_kinds_are_created_searched_and_audited_through_the_sdk() {
    let (server, client) = start().await;
    let d = domain(&client).await;
    let case_a = case(&client, &d).await;
    let case_b = case(&client, &d).await;
    let sla = create(
        &client,
        &d,
        &case_a,
        RelatedItemType::Sla,
        RelatedItemInputContent::Sla(SlaInputContent::SlaInputConfiguration(
            SlaInputConfiguration::builder()
                .name("close it")
                .r#type(SlaType::CaseField)
                .field_id("status")
                .target_field_values(FieldValueUnion::StringValue("closed".into()))
                .target_sla_minutes(30)
                .build()
                .expect("sla"),
        )),
    )
    .await;
    let linked = create(
        &client,
        &d,
        &case_a,
        RelatedItemType::ConnectCase,
        RelatedItemInputContent::ConnectCase(
            ConnectCaseInputContent::builder()
                .case_id(&case_b)
                .build()
                .expect("connect case"),
        ),
    )
    .await;
    let custom = create(
        &client,
        &d,
        &case_a,
        RelatedItemType::Custom,
        RelatedItemInputContent::Custom(
            CustomInputContent::builder()
                .fields(value(&d.text_field, "A-17"))
                .build()
                .expect("custom"),
        ),
    )
    .await;

    let found = client
        .search_related_items()
        .domain_id(&d.id)
        .case_id(&case_a)
        .send()
        .await
        .expect("SearchRelatedItems");
    let items: Vec<_> = found.related_items().iter().flatten().collect();
    assert_eq!(items.len(), 3);
    let Some(RelatedItemContent::Sla(content)) = items[0].content() else {
        panic!("sla content: {:?}", items[0].content());
    };
    let config = content.sla_configuration().expect("slaConfiguration");
    assert_eq!(config.name(), "close it");
    assert_eq!(config.status(), &SlaStatus::Active);
    assert_eq!(config.field_id(), Some("status"));
    assert!(config.target_time() > items[0].association_time());
    assert!(config.completion_time().is_none());
    assert_eq!(
        items[0].performed_by(),
        Some(&UserUnion::CustomEntity("sdk-bot".into()))
    );
    let Some(RelatedItemContent::ConnectCase(connected)) = items[1].content() else {
        panic!("connectCase content");
    };
    assert_eq!(connected.case_id(), case_b);
    let Some(RelatedItemContent::Custom(fields)) = items[2].content() else {
        panic!("custom content");
    };
    assert_eq!(fields.fields(), [value(&d.text_field, "A-17")]);

    let filtered = |filter: RelatedItemTypeFilter| {
        let client = client.clone();
        let (domain, case) = (d.id.clone(), case_a.clone());
        async move {
            client
                .search_related_items()
                .domain_id(domain)
                .case_id(case)
                .filters(filter)
                .send()
                .await
                .expect("filtered search")
                .related_items()
                .iter()
                .flatten()
                .map(|i| i.related_item_id().to_owned())
                .collect::<Vec<_>>()
        }
    };
    let active = SlaFilter::builder().status(SlaStatus::Active).build();
    assert_eq!(
        filtered(RelatedItemTypeFilter::Sla(active)).await,
        [sla.as_str()]
    );
    let by_case = ConnectCaseFilter::builder().case_id(&case_b).build();
    assert_eq!(
        filtered(RelatedItemTypeFilter::ConnectCase(by_case)).await,
        [linked]
    );
    let by_field = CustomFilter::builder()
        .fields(CustomFieldsFilter::Field(FieldFilter::Contains(value(
            &d.text_field,
            "a-1",
        ))))
        .build();
    assert_eq!(
        filtered(RelatedItemTypeFilter::Custom(by_field)).await,
        [custom]
    );

    let events = client
        .get_case_audit_events()
        .domain_id(&d.id)
        .case_id(&case_a)
        .send()
        .await
        .expect("GetCaseAuditEvents");
    let audit: Vec<_> = events.audit_events().iter().flatten().collect();
    let created: Vec<_> = audit
        .iter()
        .filter(|e| e.r#type() == &AuditEventType::RelatedItemCreated)
        .filter_map(|e| e.related_item_type().cloned())
        .collect();
    assert_eq!(
        created,
        [
            RelatedItemType::Sla,
            RelatedItemType::ConnectCase,
            RelatedItemType::Custom
        ]
    );
    let user = audit[1].performed_by().and_then(|p| p.user()).cloned();
    assert_eq!(user, Some(UserUnion::CustomEntity("sdk-bot".into())));

    let err = client
        .create_related_item()
        .domain_id(&d.id)
        .case_id(&case_a)
        .r#type(RelatedItemType::ConnectCase)
        .content(RelatedItemInputContent::ConnectCase(
            ConnectCaseInputContent::builder()
                .case_id("no-such-case")
                .build()
                .expect("content"),
        ))
        .send()
        .await
        .expect_err("unknown related case");
    let CreateRelatedItemError::ResourceNotFoundException(e) = err.into_service_error() else {
        panic!("ResourceNotFoundException expected");
    };
    assert_eq!(
        (e.resource_id(), e.resource_type()),
        ("no-such-case", "Case")
    );
    server.shutdown().await;
}

#[tokio::test]
async fn update_and_delete_related_items_through_the_sdk() {
    let (server, client) = start().await;
    let d = domain(&client).await;
    let c = case(&client, &d).await;
    let note = create(&client, &d, &c, RelatedItemType::Comment, comment("first")).await;
    let custom = create(
        &client,
        &d,
        &c,
        RelatedItemType::Custom,
        RelatedItemInputContent::Custom(
            CustomInputContent::builder()
                .fields(value(&d.text_field, "A-1"))
                .build()
                .expect("custom"),
        ),
    )
    .await;
    let file = create(
        &client,
        &d,
        &c,
        RelatedItemType::File,
        RelatedItemInputContent::File(
            FileContent::builder()
                .file_arn("arn:aws:connect:us-east-1:123456789012:instance/i/file/f1")
                .build()
                .expect("file"),
        ),
    )
    .await;

    let updated = client
        .update_related_item()
        .domain_id(&d.id)
        .case_id(&c)
        .related_item_id(&note)
        .content(RelatedItemUpdateContent::Comment(
            CommentUpdateContent::builder()
                .body("second")
                .content_type(CommentBodyTextType::Plaintext)
                .build()
                .expect("update"),
        ))
        .performed_by(UserUnion::UserArn(USER.into()))
        .send()
        .await
        .expect("UpdateRelatedItem");
    assert_eq!(updated.related_item_id(), note);
    assert_eq!(updated.r#type(), &RelatedItemType::Comment);
    let Some(RelatedItemContent::Comment(body)) = updated.content() else {
        panic!("comment content");
    };
    assert_eq!(body.body(), "second");
    assert_eq!(
        updated.created_by(),
        Some(&UserUnion::CustomEntity("sdk-bot".into()))
    );
    assert_eq!(
        updated.last_updated_user(),
        Some(&UserUnion::UserArn(USER.into()))
    );
    let updated = client
        .update_related_item()
        .domain_id(&d.id)
        .case_id(&c)
        .related_item_id(&custom)
        .content(RelatedItemUpdateContent::Custom(
            CustomUpdateContent::builder()
                .fields(value(&d.text_field, "B-2"))
                .build()
                .expect("update"),
        ))
        .send()
        .await
        .expect("UpdateRelatedItem custom");
    let Some(RelatedItemContent::Custom(fields)) = updated.content() else {
        panic!("custom content");
    };
    assert_eq!(fields.fields(), [value(&d.text_field, "B-2")]);
    let err = client
        .update_related_item()
        .domain_id(&d.id)
        .case_id(&c)
        .related_item_id("missing")
        .content(RelatedItemUpdateContent::Custom(
            CustomUpdateContent::builder()
                .fields(value(&d.text_field, "x"))
                .build()
                .expect("update"),
        ))
        .send()
        .await
        .expect_err("unknown item");
    assert!(matches!(
        err.into_service_error(),
        UpdateRelatedItemError::ResourceNotFoundException(_)
    ));

    client
        .delete_related_item()
        .domain_id(&d.id)
        .case_id(&c)
        .related_item_id(&note)
        .send()
        .await
        .expect("DeleteRelatedItem");
    let err = client
        .delete_related_item()
        .domain_id(&d.id)
        .case_id(&c)
        .related_item_id(&file)
        .send()
        .await
        .expect_err("files cannot be deleted");
    assert!(matches!(
        err.into_service_error(),
        DeleteRelatedItemError::ValidationException(_)
    ));
    let left: Vec<String> = client
        .search_related_items()
        .domain_id(&d.id)
        .case_id(&c)
        .send()
        .await
        .expect("search")
        .related_items()
        .iter()
        .flatten()
        .map(|i| i.related_item_id().to_owned())
        .collect();
    assert_eq!(left, [custom, file]);
    let events = client
        .get_case_audit_events()
        .domain_id(&d.id)
        .case_id(&c)
        .send()
        .await
        .expect("audit");
    let types: Vec<&AuditEventType> = events
        .audit_events()
        .iter()
        .flatten()
        .map(|e| e.r#type())
        .collect();
    assert!(
        types.contains(&&AuditEventType::RelatedItemUpdated),
        "{types:?}"
    );
    assert_eq!(types.last(), Some(&&AuditEventType::RelatedItemDeleted));
    server.shutdown().await;
}

#[tokio::test]
async fn search_all_related_items_pages_and_sorts_through_the_sdk() {
    let (server, client) = start().await;
    let d = domain(&client).await;
    let cases = [case(&client, &d).await, case(&client, &d).await];
    for n in 0..7 {
        create(
            &client,
            &d,
            &cases[n % 2],
            RelatedItemType::Comment,
            comment(&format!("note {n}")),
        )
        .await;
    }
    let walked: Vec<_> = client
        .search_all_related_items()
        .domain_id(&d.id)
        .sorts(
            SearchAllRelatedItemsSort::builder()
                .sort_property(SearchAllRelatedItemsSortProperty::CaseId)
                .sort_order(Order::Descending)
                .build()
                .expect("sort"),
        )
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("items");
    let walked: Vec<_> = walked.into_iter().flatten().collect();
    assert_eq!(walked.len(), 7);
    let case_ids: Vec<&str> = walked.iter().map(|i| i.case_id()).collect();
    let mut expected = case_ids.clone();
    expected.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(case_ids, expected);
    assert!(
        walked
            .iter()
            .all(|i| i.r#type() == &RelatedItemType::Comment)
    );

    let err = client
        .search_all_related_items()
        .domain_id("no-such-domain")
        .send()
        .await
        .expect_err("unknown domain");
    assert!(matches!(
        err.into_service_error(),
        SearchAllRelatedItemsError::ResourceNotFoundException(_)
    ));
    server.shutdown().await;
}
