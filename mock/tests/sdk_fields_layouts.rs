//! UpdateField, DeleteField, BatchPutFieldOptions, ListFieldOptions and the layout
//! operations driven by the official AWS SDK for Rust: every answer is parsed by the SDK's
//! own deserializers (including the `LayoutContent` and `Section` unions and the
//! paginators), and errors map to the SDK's modeled variants.

use std::collections::HashSet;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::config::{Credentials, Region};
use aws_sdk_connectcases::operation::batch_put_field_options::BatchPutFieldOptionsError;
use aws_sdk_connectcases::operation::create_layout::CreateLayoutError;
use aws_sdk_connectcases::operation::delete_field::DeleteFieldError;
use aws_sdk_connectcases::operation::delete_layout::DeleteLayoutError;
use aws_sdk_connectcases::operation::get_layout::GetLayoutError;
use aws_sdk_connectcases::operation::update_field::UpdateFieldError;
use aws_sdk_connectcases::operation::update_layout::UpdateLayoutError;
use aws_sdk_connectcases::types::{
    BasicLayout, FieldGroup, FieldIdentifier, FieldItem, FieldNamespace, FieldOption, FieldType,
    LayoutConfiguration, LayoutContent, LayoutSections, Section,
};
use cases_mock::{MockConfig, MockServer};

async fn client(server: &MockServer) -> Client {
    let conf = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDMOCKTEST",
            "mock/secret/key/for/tests",
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

async fn domain(client: &Client) -> String {
    client
        .create_domain()
        .name("sdk fields and layouts")
        .send()
        .await
        .expect("CreateDomain")
        .domain_id()
        .to_owned()
}

async fn field(client: &Client, domain: &str, name: &str, kind: FieldType) -> String {
    client
        .create_field()
        .domain_id(domain)
        .name(name)
        .r#type(kind)
        .description(format!("{name} description"))
        .send()
        .await
        .expect("CreateField")
        .field_id()
        .to_owned()
}

fn option(name: &str, value: &str, active: bool) -> FieldOption {
    FieldOption::builder()
        .name(name)
        .value(value)
        .active(active)
        .build()
        .expect("option")
}

fn group(name: &str, ids: &[&str]) -> LayoutSections {
    let items = ids
        .iter()
        .map(|id| FieldItem::builder().id(*id).build().expect("item"))
        .collect();
    let group = FieldGroup::builder()
        .name(name)
        .set_fields(Some(items))
        .build()
        .expect("group");
    LayoutSections::builder()
        .sections(Section::FieldGroup(group))
        .build()
}

fn layout(top: &[&str], more: &[&str]) -> LayoutContent {
    LayoutContent::Basic(
        BasicLayout::builder()
            .top_panel(group("Top", top))
            .more_info(group("More", more))
            .build(),
    )
}

/// The field ids of a layout as the SDK parsed them: (top panel, more info).
fn layout_ids(content: &LayoutContent) -> (Vec<String>, Vec<String>) {
    let basic = content.as_basic().expect("basic");
    let ids = |panel: Option<&LayoutSections>| -> Vec<String> {
        panel
            .map(|p| {
                p.sections()
                    .iter()
                    .flat_map(|s| s.as_field_group().expect("fieldGroup").fields())
                    .map(|f| f.id().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    (ids(basic.top_panel()), ids(basic.more_info()))
}

#[tokio::test]
async fn fields_and_options_through_the_sdk() {
    let server = cases_mock::spawn(MockConfig::default())
        .await
        .expect("spawn");
    let client = client(&server).await;
    let d = domain(&client).await;
    let tier = field(&client, &d, "tier", FieldType::SingleSelect).await;
    let other = field(&client, &d, "other", FieldType::Text).await;

    // UpdateField: the name changes, the rest stays.
    client
        .update_field()
        .domain_id(&d)
        .field_id(&tier)
        .name("service tier")
        .send()
        .await
        .expect("UpdateField");
    let got = client
        .batch_get_field()
        .domain_id(&d)
        .fields(FieldIdentifier::builder().id(&tier).build().expect("id"))
        .send()
        .await
        .expect("BatchGetField");
    let f = &got.fields()[0];
    assert_eq!(f.name(), "service tier");
    assert_eq!(f.description(), Some("tier description"));
    assert_eq!(f.r#type(), &FieldType::SingleSelect);
    assert_eq!(f.namespace(), &FieldNamespace::Custom);
    assert!(!f.deleted());
    assert!(f.last_modified_time() >= f.created_time());

    let err = client
        .update_field()
        .domain_id(&d)
        .field_id(&other)
        .name("service tier")
        .send()
        .await
        .expect_err("name taken");
    assert!(
        matches!(
            err.into_service_error(),
            UpdateFieldError::ConflictException(_)
        ),
        "expected ConflictException"
    );
    let err = client
        .update_field()
        .domain_id(&d)
        .field_id("no-such-field")
        .description("x")
        .send()
        .await
        .expect_err("unknown field");
    match err.into_service_error() {
        UpdateFieldError::ResourceNotFoundException(e) => {
            assert_eq!(e.resource_id(), "no-such-field");
            assert_eq!(e.resource_type(), "Field");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }

    // BatchPutFieldOptions, then ListFieldOptions with the SDK paginator.
    let options: Vec<FieldOption> = (0..12)
        .map(|i| option(&format!("Tier {i}"), &format!("tier-{i}"), i != 3))
        .collect();
    let put = client
        .batch_put_field_options()
        .domain_id(&d)
        .field_id(&tier)
        .set_options(Some(options.clone()))
        .send()
        .await
        .expect("BatchPutFieldOptions");
    assert!(put.errors().is_empty(), "{:?}", put.errors());
    let put = client
        .batch_put_field_options()
        .domain_id(&d)
        .field_id(&tier)
        .options(option("Bad", "not ok", true))
        .send()
        .await
        .expect("BatchPutFieldOptions with a bad value");
    assert_eq!(put.errors().len(), 1);
    assert_eq!(put.errors()[0].value(), "not ok");
    assert!(!put.errors()[0].error_code().is_empty());

    for size in [1, 5, 100] {
        let mut pages = client
            .list_field_options()
            .domain_id(&d)
            .field_id(&tier)
            .into_paginator()
            .page_size(size)
            .send();
        let mut seen = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.expect("page");
            assert!(page.options().len() <= size as usize);
            seen.extend(page.options().iter().cloned());
        }
        assert_eq!(seen, options, "page size {size}");
    }
    let one = client
        .list_field_options()
        .domain_id(&d)
        .field_id(&tier)
        .values("tier-3")
        .send()
        .await
        .expect("ListFieldOptions by value");
    assert_eq!(one.options(), [option("Tier 3", "tier-3", false)]);
    assert!(one.next_token().is_none());

    let err = client
        .batch_put_field_options()
        .domain_id(&d)
        .field_id(&other)
        .options(option("A", "a", true))
        .send()
        .await
        .expect_err("not SingleSelect");
    match err.into_service_error() {
        BatchPutFieldOptionsError::ValidationException(e) => {
            assert!(e.message().contains("fieldId"), "{e:?}");
        }
        other => panic!("expected ValidationException, got {other:?}"),
    }

    // DeleteField: gone from ListFields, still in BatchGetField.
    client
        .delete_field()
        .domain_id(&d)
        .field_id(&other)
        .send()
        .await
        .expect("DeleteField");
    let listed = client
        .list_fields()
        .domain_id(&d)
        .send()
        .await
        .expect("ListFields");
    assert!(listed.fields().iter().all(|f| f.field_id() != other));
    assert!(listed.fields().iter().any(|f| f.field_id() == tier));
    let got = client
        .batch_get_field()
        .domain_id(&d)
        .fields(FieldIdentifier::builder().id(&other).build().expect("id"))
        .send()
        .await
        .expect("BatchGetField of a deleted field");
    assert!(got.fields()[0].deleted());
    let err = client
        .delete_field()
        .domain_id(&d)
        .field_id("title")
        .send()
        .await
        .expect_err("system field");
    assert!(
        matches!(
            err.into_service_error(),
            DeleteFieldError::ValidationException(_)
        ),
        "expected ValidationException"
    );
}

#[tokio::test]
async fn layouts_through_the_sdk() {
    let server = cases_mock::spawn(MockConfig::default())
        .await
        .expect("spawn");
    let client = client(&server).await;
    let d = domain(&client).await;
    let custom = field(&client, &d, "priority", FieldType::Number).await;

    let created = client
        .create_layout()
        .domain_id(&d)
        .name("Agent view")
        .content(layout(&["summary", &custom], &["case_reason"]))
        .send()
        .await
        .expect("CreateLayout");
    let id = created.layout_id().to_owned();
    assert!(
        created
            .layout_arn()
            .ends_with(&format!(":domain/{d}/layout/{id}"))
    );
    let got = client
        .get_layout()
        .domain_id(&d)
        .layout_id(&id)
        .send()
        .await
        .expect("GetLayout");
    assert_eq!(got.name(), "Agent view");
    assert_eq!(got.layout_arn(), created.layout_arn());
    assert!(!got.deleted());
    assert!(got.created_time().is_some());
    assert_eq!(got.created_time(), got.last_modified_time());
    let content = got.content().expect("content");
    assert_eq!(
        layout_ids(content),
        (
            vec!["summary".to_owned(), custom.clone()],
            vec!["case_reason".to_owned()]
        )
    );
    let top = content.as_basic().expect("basic").top_panel().expect("top");
    assert_eq!(
        top.sections()[0].as_field_group().expect("group").name(),
        Some("Top")
    );

    // UpdateLayout: the name alone, then the content alone.
    client
        .update_layout()
        .domain_id(&d)
        .layout_id(&id)
        .name("Supervisor view")
        .send()
        .await
        .expect("UpdateLayout name");
    client
        .update_layout()
        .domain_id(&d)
        .layout_id(&id)
        .content(layout(&["customer_id"], &[]))
        .send()
        .await
        .expect("UpdateLayout content");
    let got = client
        .get_layout()
        .domain_id(&d)
        .layout_id(&id)
        .send()
        .await
        .expect("GetLayout after update");
    assert_eq!(got.name(), "Supervisor view");
    assert_eq!(
        layout_ids(got.content().expect("content")),
        (vec!["customer_id".to_owned()], vec![])
    );

    // ListLayouts with the SDK paginator.
    let mut expected = vec![id.clone()];
    for i in 0..6 {
        let l = client
            .create_layout()
            .domain_id(&d)
            .name(format!("layout {i}"))
            .content(LayoutContent::Basic(BasicLayout::builder().build()))
            .send()
            .await
            .expect("CreateLayout");
        expected.push(l.layout_id().to_owned());
    }
    for size in [1, 4, 100] {
        let mut pages = client
            .list_layouts()
            .domain_id(&d)
            .into_paginator()
            .page_size(size)
            .send();
        let mut seen = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.expect("page");
            assert!(page.layouts().len() <= size as usize);
            seen.extend(page.layouts().iter().map(|l| l.layout_id().to_owned()));
        }
        assert_eq!(seen, expected, "page size {size}");
        assert_eq!(seen.iter().collect::<HashSet<_>>().len(), seen.len());
    }

    // Errors the SDK maps to its modeled variants.
    let err = client
        .create_layout()
        .domain_id(&d)
        .name("layout 0")
        .content(LayoutContent::Basic(BasicLayout::builder().build()))
        .send()
        .await
        .expect_err("name taken");
    assert!(
        matches!(
            err.into_service_error(),
            CreateLayoutError::ConflictException(_)
        ),
        "expected ConflictException"
    );
    let err = client
        .create_layout()
        .domain_id(&d)
        .name("with title")
        .content(layout(&["title"], &[]))
        .send()
        .await
        .expect_err("title");
    match err.into_service_error() {
        CreateLayoutError::ValidationException(e) => {
            assert!(e.message().contains("content.basic.topPanel"), "{e:?}");
        }
        other => panic!("expected ValidationException, got {other:?}"),
    }
    let err = client
        .update_layout()
        .domain_id(&d)
        .layout_id(&id)
        .content(layout(&["no-such-field"], &[]))
        .send()
        .await
        .expect_err("unknown field");
    assert!(
        matches!(
            err.into_service_error(),
            UpdateLayoutError::ValidationException(_)
        ),
        "expected ValidationException"
    );
    let err = client
        .get_layout()
        .domain_id(&d)
        .layout_id("no-such-layout")
        .send()
        .await
        .expect_err("unknown layout");
    match err.into_service_error() {
        GetLayoutError::ResourceNotFoundException(e) => {
            assert_eq!(e.resource_id(), "no-such-layout");
            assert_eq!(e.resource_type(), "Layout");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }

    // DeleteLayout: refused while a template uses it, then gone from the listing.
    client
        .create_template()
        .domain_id(&d)
        .name("uses it")
        .layout_configuration(LayoutConfiguration::builder().default_layout(&id).build())
        .send()
        .await
        .expect("CreateTemplate");
    let err = client
        .delete_layout()
        .domain_id(&d)
        .layout_id(&id)
        .send()
        .await
        .expect_err("in use");
    assert!(
        matches!(
            err.into_service_error(),
            DeleteLayoutError::ConflictException(_)
        ),
        "expected ConflictException"
    );
    let victim = expected[1].clone();
    client
        .delete_layout()
        .domain_id(&d)
        .layout_id(&victim)
        .send()
        .await
        .expect("DeleteLayout");
    let listed = client
        .list_layouts()
        .domain_id(&d)
        .send()
        .await
        .expect("ListLayouts");
    assert_eq!(listed.layouts().len(), 6);
    assert!(listed.layouts().iter().all(|l| l.layout_id() != victim));
    let got = client
        .get_layout()
        .domain_id(&d)
        .layout_id(&victim)
        .send()
        .await
        .expect("GetLayout of a deleted layout");
    assert!(got.deleted());
}
