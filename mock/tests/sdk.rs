//! The mock driven by the official AWS SDK for Rust: every response is parsed by the
//! SDK's own deserializers, errors map to the SDK's modeled variants, and with SigV4
//! verification on, the SDK's signatures (made by its own signing stack) are accepted
//! while wrong credentials, regions or services get a 403.

use std::collections::HashSet;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::config::{Credentials, Region};
use aws_sdk_connectcases::error::ProvideErrorMetadata as _;
use aws_sdk_connectcases::operation::create_related_item::CreateRelatedItemError;
use aws_sdk_connectcases::operation::get_case::GetCaseError;
use aws_sdk_connectcases::operation::search_related_items::SearchRelatedItemsError;
use aws_sdk_connectcases::types::{
    AuditEventType, CommentBodyTextType, CommentContent, CommentFilter, Contact, ContactFilter,
    FieldIdentifier, FieldType, FieldValue, FieldValueUnion, FileContent, FileFilter,
    RelatedItemInputContent, RelatedItemType, RelatedItemTypeFilter, RequiredField, UserUnion,
};
use cases_mock::{MockConfig, MockServer, SigV4Credentials};

const REGION: &str = "us-east-1";
const KEY_ID: &str = "AKIDMOCKTEST";
const SECRET: &str = "mock/secret/key/for/tests";
const USER: &str = "arn:aws:connect:us-east-1:123456789012:instance/i/agent/sdk-user";

async fn client(server: &MockServer, key_id: &str, secret: &str, region: &str) -> Client {
    let conf = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .credentials_provider(Credentials::new(
            key_id,
            secret,
            None,
            None,
            "cases-mock-tests",
        ))
        .endpoint_url(server.url())
        .retry_config(RetryConfig::disabled())
        .load()
        .await;
    Client::new(&conf)
}

fn contact_arn(n: usize) -> String {
    format!("arn:aws:connect:us-east-1:123456789012:instance/i/contact/{n:08x}")
}

fn file_arn(n: usize) -> String {
    format!("arn:aws:connect:us-east-1:123456789012:instance/i/file/{n:08x}")
}

struct Case {
    domain: String,
    case: String,
}

/// CreateDomain, CreateField, ListFields, BatchGetField, CreateTemplate, GetTemplate,
/// ListTemplates, CreateCase and GetCase through the SDK.
async fn set_up(client: &Client) -> Case {
    let domain = client
        .create_domain()
        .name("sdk domain")
        .send()
        .await
        .expect("CreateDomain");
    let domain_id = domain.domain_id().to_owned();
    assert!(
        domain
            .domain_arn()
            .ends_with(&format!(":domain/{domain_id}"))
    );
    let got = client
        .get_domain()
        .domain_id(&domain_id)
        .send()
        .await
        .expect("GetDomain");
    assert_eq!(got.name(), "sdk domain");
    let listed = client
        .list_domains()
        .max_results(10)
        .send()
        .await
        .expect("ListDomains");
    assert!(listed.domains().iter().any(|d| d.domain_id() == domain_id));

    let priority = client
        .create_field()
        .domain_id(&domain_id)
        .name("priority")
        .r#type(FieldType::Number)
        .description("how urgent")
        .send()
        .await
        .expect("CreateField");
    let fields = client
        .list_fields()
        .domain_id(&domain_id)
        .send()
        .await
        .expect("ListFields");
    for system in ["title", "status", "customer_id"] {
        assert!(
            fields
                .fields()
                .iter()
                .any(|f| f.field_id() == system && f.name() == system),
            "{system}"
        );
    }
    let batch = client
        .batch_get_field()
        .domain_id(&domain_id)
        .fields(FieldIdentifier::builder().id("title").build().expect("id"))
        .fields(
            FieldIdentifier::builder()
                .id(priority.field_id())
                .build()
                .expect("id"),
        )
        .fields(
            FieldIdentifier::builder()
                .id("missing")
                .build()
                .expect("id"),
        )
        .send()
        .await
        .expect("BatchGetField");
    assert_eq!(batch.fields().len(), 2);
    assert_eq!(batch.fields()[1].description(), Some("how urgent"));
    assert_eq!(batch.errors().len(), 1);

    let template = client
        .create_template()
        .domain_id(&domain_id)
        .name("sdk template")
        .required_fields(
            RequiredField::builder()
                .field_id(priority.field_id())
                .build()
                .expect("field"),
        )
        .send()
        .await
        .expect("CreateTemplate");
    let got = client
        .get_template()
        .domain_id(&domain_id)
        .template_id(template.template_id())
        .send()
        .await
        .expect("GetTemplate");
    assert_eq!(got.required_fields().len(), 1);
    let templates = client
        .list_templates()
        .domain_id(&domain_id)
        .send()
        .await
        .expect("ListTemplates");
    assert_eq!(templates.templates().len(), 1);

    let field = |id: &str, value: FieldValueUnion| {
        FieldValue::builder()
            .id(id)
            .value(value)
            .build()
            .expect("field")
    };
    let case = client
        .create_case()
        .domain_id(&domain_id)
        .template_id(template.template_id())
        .fields(field(
            "title",
            FieldValueUnion::StringValue("SDK case".into()),
        ))
        .fields(field(
            "customer_id",
            FieldValueUnion::StringValue("arn:aws:profile:customer".into()),
        ))
        .fields(field(
            priority.field_id(),
            FieldValueUnion::DoubleValue(2.0),
        ))
        .performed_by(UserUnion::UserArn(USER.into()))
        .send()
        .await
        .expect("CreateCase");
    let got = client
        .get_case()
        .domain_id(&domain_id)
        .case_id(case.case_id())
        .fields(FieldIdentifier::builder().id("title").build().expect("id"))
        .fields(FieldIdentifier::builder().id("status").build().expect("id"))
        .send()
        .await
        .expect("GetCase");
    assert_eq!(got.template_id(), template.template_id());
    assert_eq!(
        got.fields()[0]
            .value()
            .and_then(|v| v.as_string_value().ok())
            .map(String::as_str),
        Some("SDK case")
    );
    Case {
        domain: domain_id,
        case: case.case_id().to_owned(),
    }
}

async fn create(
    client: &Client,
    c: &Case,
    content: RelatedItemInputContent,
    kind: RelatedItemType,
) -> String {
    client
        .create_related_item()
        .domain_id(&c.domain)
        .case_id(&c.case)
        .r#type(kind)
        .content(content)
        .performed_by(UserUnion::UserArn(USER.into()))
        .send()
        .await
        .expect("CreateRelatedItem")
        .related_item_id()
        .to_owned()
}

fn contact(n: usize) -> RelatedItemInputContent {
    RelatedItemInputContent::Contact(
        Contact::builder()
            .contact_arn(contact_arn(n))
            .build()
            .expect("contact"),
    )
}

fn comment(text: &str) -> RelatedItemInputContent {
    RelatedItemInputContent::Comment(
        CommentContent::builder()
            .body(text)
            .content_type(CommentBodyTextType::Plaintext)
            .build()
            .expect("comment"),
    )
}

fn file(n: usize) -> RelatedItemInputContent {
    RelatedItemInputContent::File(
        FileContent::builder()
            .file_arn(file_arn(n))
            .build()
            .expect("file"),
    )
}

/// Ids returned by one search (first page only; every test search fits one page).
async fn search_ids(client: &Client, c: &Case, filters: Vec<RelatedItemTypeFilter>) -> Vec<String> {
    let out = client
        .search_related_items()
        .domain_id(&c.domain)
        .case_id(&c.case)
        .set_filters(Some(filters))
        .send()
        .await
        .expect("SearchRelatedItems");
    assert!(out.next_token().is_none());
    assert!(out.related_items().iter().all(Option::is_some));
    out.related_items()
        .iter()
        .flatten()
        .map(|i| i.related_item_id().to_owned())
        .collect()
}

#[tokio::test]
async fn full_flow_through_the_sdk() {
    let server = cases_mock::spawn(MockConfig::default())
        .await
        .expect("spawn");
    let client = client(&server, KEY_ID, SECRET, REGION).await;
    let c = set_up(&client).await;

    let voice = create(&client, &c, contact(1), RelatedItemType::Contact).await;
    let note = create(&client, &c, comment("first note"), RelatedItemType::Comment).await;
    let doc = create(&client, &c, file(1), RelatedItemType::File).await;
    let chat_content = RelatedItemInputContent::Contact(
        Contact::builder()
            .contact_arn("arn:aws:connect:us-east-1:123456789012:instance/i/contact/chat-7")
            .build()
            .expect("contact"),
    );
    let chat = create(&client, &c, chat_content, RelatedItemType::Contact).await;
    let doc2 = create(&client, &c, file(2), RelatedItemType::File).await;

    // Everything, in creation order, with the response union parsed by the SDK.
    let out = client
        .search_related_items()
        .domain_id(&c.domain)
        .case_id(&c.case)
        .send()
        .await
        .expect("search");
    assert!(
        out.related_items().iter().all(Option::is_some),
        "no null list entries"
    );
    let items: Vec<_> = out.related_items().iter().flatten().collect();
    let got: Vec<&str> = items.iter().map(|i| i.related_item_id()).collect();
    assert_eq!(got, [voice.as_str(), &note, &doc, &chat, &doc2]);
    let voice_item = items[0]
        .content()
        .and_then(|c| c.as_contact().ok())
        .expect("contact content");
    assert_eq!(voice_item.channel(), "VOICE");
    assert_eq!(voice_item.contact_arn(), contact_arn(1));
    assert!(voice_item.connected_to_system_time().secs() > 1_700_000_000);
    let note_item = items[1]
        .content()
        .and_then(|c| c.as_comment().ok())
        .expect("comment content");
    assert_eq!(note_item.body(), "first note");
    assert_eq!(note_item.content_type(), &CommentBodyTextType::Plaintext);
    let file_item = items[2]
        .content()
        .and_then(|c| c.as_file().ok())
        .expect("file content");
    assert_eq!(file_item.file_arn(), file_arn(1));
    assert_eq!(items[2].r#type(), &RelatedItemType::File);
    assert_eq!(
        items[3]
            .content()
            .and_then(|c| c.as_contact().ok())
            .map(|c| c.channel()),
        Some("CHAT")
    );
    for item in &items {
        assert!(item.association_time().secs() > 1_700_000_000);
        assert_eq!(
            item.performed_by()
                .and_then(|p| p.as_user_arn().ok())
                .map(String::as_str),
            Some(USER)
        );
    }

    // Every filter kind.
    let comment_filter = RelatedItemTypeFilter::Comment(CommentFilter::builder().build());
    let any_contact = RelatedItemTypeFilter::Contact(ContactFilter::builder().build());
    let any_file = RelatedItemTypeFilter::File(FileFilter::builder().build());
    assert_eq!(
        search_ids(&client, &c, vec![comment_filter.clone()]).await,
        [note.as_str()]
    );
    assert_eq!(
        search_ids(&client, &c, vec![any_contact]).await,
        [voice.as_str(), chat.as_str()]
    );
    let by_arn = RelatedItemTypeFilter::Contact(
        ContactFilter::builder().contact_arn(contact_arn(1)).build(),
    );
    assert_eq!(
        search_ids(&client, &c, vec![by_arn]).await,
        [voice.as_str()]
    );
    let by_channel =
        RelatedItemTypeFilter::Contact(ContactFilter::builder().channel("CHAT").build());
    assert_eq!(
        search_ids(&client, &c, vec![by_channel]).await,
        [chat.as_str()]
    );
    assert_eq!(
        search_ids(&client, &c, vec![any_file.clone()]).await,
        [doc.as_str(), doc2.as_str()]
    );
    let by_file = RelatedItemTypeFilter::File(FileFilter::builder().file_arn(file_arn(2)).build());
    assert_eq!(
        search_ids(&client, &c, vec![by_file]).await,
        [doc2.as_str()]
    );
    assert_eq!(
        search_ids(&client, &c, vec![comment_filter, any_file]).await,
        [note.as_str(), doc.as_str(), doc2.as_str()]
    );

    // Enough items for several pages, then the SDK paginator at sizes 1, 2 and 25.
    let mut expected = vec![voice, note, doc, chat, doc2];
    for n in 0..25 {
        let (content, kind) = match n % 3 {
            0 => (comment(&format!("note {n}")), RelatedItemType::Comment),
            1 => (contact(100 + n), RelatedItemType::Contact),
            _ => (file(100 + n), RelatedItemType::File),
        };
        expected.push(create(&client, &c, content, kind).await);
    }
    assert_eq!(expected.iter().collect::<HashSet<_>>().len(), 30);
    for size in [1, 2, 25] {
        let mut pages = client
            .search_related_items()
            .domain_id(&c.domain)
            .case_id(&c.case)
            .into_paginator()
            .page_size(size)
            .send();
        let mut seen = Vec::new();
        let mut page_count = 0;
        while let Some(page) = pages.next().await {
            let page = page.expect("page");
            page_count += 1;
            assert!(page.related_items().len() <= size as usize);
            seen.extend(
                page.related_items()
                    .iter()
                    .flatten()
                    .map(|i| i.related_item_id().to_owned()),
            );
        }
        assert_eq!(seen, expected, "page size {size}");
        assert_eq!(
            page_count,
            30usize.div_ceil(size as usize),
            "page size {size}"
        );
    }
    let flattened: Vec<_> = client
        .search_related_items()
        .domain_id(&c.domain)
        .case_id(&c.case)
        .into_paginator()
        .page_size(7)
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("items");
    assert_eq!(flattened.len(), 30);

    // Audit events, paged by hand with nextToken.
    let mut events = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = client
            .get_case_audit_events()
            .domain_id(&c.domain)
            .case_id(&c.case)
            .max_results(4)
            .set_next_token(token.clone())
            .send()
            .await
            .expect("GetCaseAuditEvents");
        assert!(page.audit_events().len() <= 4);
        assert!(page.audit_events().iter().all(Option::is_some));
        events.extend(page.audit_events().iter().flatten().cloned());
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(events.len(), 31);
    assert_eq!(events[0].r#type(), &AuditEventType::CaseCreated);
    let title = events[0]
        .fields()
        .iter()
        .flatten()
        .find(|f| f.event_field_id() == "title")
        .and_then(|f| f.new_value())
        .and_then(|v| v.as_string_value().ok())
        .cloned();
    assert_eq!(title.as_deref(), Some("SDK case"));
    let kinds: Vec<_> = events[1..6]
        .iter()
        .map(|e| e.related_item_type().cloned())
        .collect();
    assert_eq!(
        kinds,
        [
            Some(RelatedItemType::Contact),
            Some(RelatedItemType::Comment),
            Some(RelatedItemType::File),
            Some(RelatedItemType::Contact),
            Some(RelatedItemType::File)
        ]
    );
    for event in &events[1..] {
        assert_eq!(event.r#type(), &AuditEventType::RelatedItemCreated);
        let by = event.performed_by().expect("performedBy");
        assert!(
            by.iam_principal_arn()
                .starts_with("arn:aws:iam::123456789012:")
        );
        assert_eq!(
            by.user()
                .and_then(|u| u.as_user_arn().ok())
                .map(String::as_str),
            Some(USER)
        );
        assert!(event.performed_time().secs() > 1_700_000_000);
    }
    server.shutdown().await;
}

#[tokio::test]
async fn sdk_sees_modeled_errors() {
    let server = cases_mock::spawn(MockConfig::default())
        .await
        .expect("spawn");
    let client = client(&server, KEY_ID, SECRET, REGION).await;
    let c = set_up(&client).await;

    let err = client
        .get_case()
        .domain_id(&c.domain)
        .case_id("no-such-case")
        .fields(FieldIdentifier::builder().id("title").build().expect("id"))
        .send()
        .await
        .expect_err("unknown case");
    match err.into_service_error() {
        GetCaseError::ResourceNotFoundException(e) => {
            assert_eq!(e.resource_id(), "no-such-case");
            assert_eq!(e.resource_type(), "Case");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }

    let err = client
        .create_related_item()
        .domain_id(&c.domain)
        .case_id(&c.case)
        .r#type(RelatedItemType::File)
        .content(RelatedItemInputContent::File(
            FileContent::builder()
                .file_arn("a".repeat(501))
                .build()
                .expect("file"),
        ))
        .send()
        .await
        .expect_err("too long");
    match err.into_service_error() {
        CreateRelatedItemError::ValidationException(e) => {
            assert!(e.message().contains("content.file.fileArn"), "{e:?}");
        }
        other => panic!("expected ValidationException, got {other:?}"),
    }

    // `type` that does not match `content`.
    let err = client
        .create_related_item()
        .domain_id(&c.domain)
        .case_id(&c.case)
        .r#type(RelatedItemType::Comment)
        .content(file(9))
        .send()
        .await
        .expect_err("mismatch");
    assert!(matches!(
        err.into_service_error(),
        CreateRelatedItemError::ValidationException(_)
    ));

    let err = client
        .search_related_items()
        .domain_id(&c.domain)
        .case_id(&c.case)
        .max_results(26)
        .send()
        .await
        .expect_err("maxResults");
    assert!(matches!(
        err.into_service_error(),
        SearchRelatedItemsError::ValidationException(_)
    ));

    let err = client
        .search_related_items()
        .domain_id(&c.domain)
        .case_id(&c.case)
        .next_token("forged")
        .send()
        .await
        .expect_err("token");
    assert!(matches!(
        err.into_service_error(),
        SearchRelatedItemsError::ValidationException(_)
    ));
    server.shutdown().await;
}

#[tokio::test]
async fn sigv4_verification_accepts_the_sdk_and_rejects_bad_signers() {
    let config = MockConfig {
        sigv4: Some(SigV4Credentials {
            access_key_id: KEY_ID.into(),
            secret_access_key: SECRET.into(),
        }),
        ..MockConfig::default()
    };
    let server = cases_mock::spawn(config).await.expect("spawn");
    let good = client(&server, KEY_ID, SECRET, REGION).await;
    // A full set-up and search under verification: POST bodies, path labels, and
    // ListDomains/ListFields/ListTemplates with query strings all pass.
    let c = set_up(&good).await;
    create(&good, &c, file(1), RelatedItemType::File).await;
    let page = good
        .list_domains()
        .max_results(1)
        .send()
        .await
        .expect("ListDomains with a query string");
    assert_eq!(page.domains().len(), 1);
    assert_eq!(search_ids(&good, &c, vec![]).await.len(), 1);

    let wrong_secret = client(&server, KEY_ID, "not-the-secret", REGION).await;
    let err = wrong_secret
        .list_domains()
        .send()
        .await
        .expect_err("wrong secret");
    let status = err.raw_response().map(|r| r.status().as_u16());
    assert_eq!(status, Some(403));
    assert_eq!(err.code(), Some("InvalidSignatureException"));

    let wrong_key = client(&server, "AKIDUNKNOWN", SECRET, REGION).await;
    let err = wrong_key
        .search_related_items()
        .domain_id(&c.domain)
        .case_id(&c.case)
        .send()
        .await
        .expect_err("unknown key");
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(403));
    assert!(matches!(
        err.into_service_error(),
        SearchRelatedItemsError::AccessDeniedException(_)
    ));

    let wrong_region = client(&server, KEY_ID, SECRET, "eu-west-1").await;
    let err = wrong_region
        .list_domains()
        .send()
        .await
        .expect_err("wrong region");
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(403));
    assert_eq!(err.code(), Some("InvalidSignatureException"));
    assert!(err.message().unwrap_or_default().contains("region"));
    server.shutdown().await;
}
