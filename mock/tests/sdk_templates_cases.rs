//! UpdateTemplate, DeleteTemplate, UpdateCase, SearchCases and ListCasesForContact
//! driven by the official AWS SDK for Rust: the SDK serializes each request (PUT and
//! DELETE included), parses each answer with its own deserializers (a `{}` body, search
//! results, `Case.Updated` audit fields with old and new values) and maps errors to its
//! modeled variants; with SigV4 verification on, its signatures pass on every new route.

use std::collections::HashSet;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::config::{Credentials, Region};
use aws_sdk_connectcases::operation::delete_template::DeleteTemplateError;
use aws_sdk_connectcases::operation::list_cases_for_contact::ListCasesForContactError;
use aws_sdk_connectcases::operation::search_cases::SearchCasesError;
use aws_sdk_connectcases::operation::update_case::UpdateCaseError;
use aws_sdk_connectcases::operation::update_template::UpdateTemplateError;
use aws_sdk_connectcases::types::{
    AuditEventFieldValueUnion, AuditEventType, CaseFilter, Contact, EmptyFieldValue, FieldFilter,
    FieldIdentifier, FieldType, FieldValue, FieldValueUnion, LayoutConfiguration, Order,
    RelatedItemInputContent, RelatedItemType, RequiredField, Sort, TemplateStatus, UserUnion,
};
use cases_mock::{MockConfig, MockServer, SigV4Credentials};

const REGION: &str = "us-east-1";
const KEY_ID: &str = "AKIDMOCKTEST";
const SECRET: &str = "mock/secret/key/for/tests";
const CUSTOMER: &str = "arn:aws:profile:us-east-1:123456789012:domains/p/profiles/x";
const USER: &str = "arn:aws:connect:us-east-1:123456789012:instance/i/agent/sdk-user";
const CONTACT: &str = "arn:aws:connect:us-east-1:123456789012:instance/i/contact/sdk-1";

async fn client(server: &MockServer) -> Client {
    let conf = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new(
            KEY_ID,
            SECRET,
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

fn value(id: &str, value: FieldValueUnion) -> FieldValue {
    FieldValue::builder()
        .id(id)
        .value(value)
        .build()
        .expect("field value")
}

fn text(id: &str, s: &str) -> FieldValue {
    value(id, FieldValueUnion::StringValue(s.to_owned()))
}

fn number(id: &str, n: f64) -> FieldValue {
    value(id, FieldValueUnion::DoubleValue(n))
}

fn field_id(id: &str) -> FieldIdentifier {
    FieldIdentifier::builder().id(id).build().expect("id")
}

fn required(id: &str) -> RequiredField {
    RequiredField::builder()
        .field_id(id)
        .build()
        .expect("required")
}

struct Domain {
    domain: String,
    priority: String,
    urgent: String,
    owner: String,
    template: String,
}

/// A domain with Number, Boolean and User fields and a template requiring `priority`.
async fn domain(client: &Client) -> Domain {
    let domain = client
        .create_domain()
        .name("sdk templates and cases")
        .send()
        .await
        .expect("CreateDomain")
        .domain_id()
        .to_owned();
    let mut ids = Vec::new();
    for (name, kind) in [
        ("priority", FieldType::Number),
        ("urgent", FieldType::Boolean),
        ("owner", FieldType::User),
    ] {
        let field = client
            .create_field()
            .domain_id(&domain)
            .name(name)
            .r#type(kind)
            .send()
            .await
            .expect("CreateField");
        ids.push(field.field_id().to_owned());
    }
    let template = client
        .create_template()
        .domain_id(&domain)
        .name("sdk template")
        .required_fields(required(&ids[0]))
        .send()
        .await
        .expect("CreateTemplate")
        .template_id()
        .to_owned();
    Domain {
        domain,
        priority: ids[0].clone(),
        urgent: ids[1].clone(),
        owner: ids[2].clone(),
        template,
    }
}

async fn create_case(client: &Client, d: &Domain, title: &str, priority: f64) -> String {
    client
        .create_case()
        .domain_id(&d.domain)
        .template_id(&d.template)
        .fields(text("title", title))
        .fields(text("customer_id", CUSTOMER))
        .fields(number(&d.priority, priority))
        .send()
        .await
        .expect("CreateCase")
        .case_id()
        .to_owned()
}

#[tokio::test]
async fn sdk_updates_and_deletes_templates() {
    let server = cases_mock::spawn(MockConfig::default())
        .await
        .expect("spawn");
    let client = client(&server).await;
    let d = domain(&client).await;

    client
        .update_template()
        .domain_id(&d.domain)
        .template_id(&d.template)
        .name("renamed by the sdk")
        .description("new description")
        .layout_configuration(
            LayoutConfiguration::builder()
                .default_layout("layout-1")
                .build(),
        )
        .required_fields(required("title"))
        .status(TemplateStatus::Inactive)
        .send()
        .await
        .expect("UpdateTemplate");
    let got = client
        .get_template()
        .domain_id(&d.domain)
        .template_id(&d.template)
        .send()
        .await
        .expect("GetTemplate");
    assert_eq!(got.name(), "renamed by the sdk");
    assert_eq!(got.description(), Some("new description"));
    assert_eq!(
        got.layout_configuration().and_then(|l| l.default_layout()),
        Some("layout-1")
    );
    let required: Vec<&str> = got.required_fields().iter().map(|f| f.field_id()).collect();
    assert_eq!(required, ["title"]);
    assert_eq!(got.status(), &TemplateStatus::Inactive);
    assert!(!got.deleted());
    assert!(got.last_modified_time() >= got.created_time());

    // Only the status: the rest stays.
    client
        .update_template()
        .domain_id(&d.domain)
        .template_id(&d.template)
        .status(TemplateStatus::Active)
        .send()
        .await
        .expect("UpdateTemplate status");
    let got = client
        .get_template()
        .domain_id(&d.domain)
        .template_id(&d.template)
        .send()
        .await
        .expect("GetTemplate");
    assert_eq!(got.status(), &TemplateStatus::Active);
    assert_eq!(got.name(), "renamed by the sdk");

    let other = client
        .create_template()
        .domain_id(&d.domain)
        .name("other")
        .send()
        .await
        .expect("CreateTemplate")
        .template_id()
        .to_owned();
    let err = client
        .update_template()
        .domain_id(&d.domain)
        .template_id(&other)
        .name("renamed by the sdk")
        .send()
        .await
        .expect_err("name taken");
    match err.into_service_error() {
        UpdateTemplateError::ConflictException(e) => {
            assert!(e.message().contains("renamed by the sdk"), "{e:?}")
        }
        other => panic!("expected ConflictException, got {other:?}"),
    }
    let err = client
        .update_template()
        .domain_id(&d.domain)
        .template_id(&other)
        .send()
        .await
        .expect_err("nothing to update");
    match err.into_service_error() {
        UpdateTemplateError::ValidationException(e) => {
            assert!(e.message().contains("name"), "{e:?}")
        }
        other => panic!("expected ValidationException, got {other:?}"),
    }

    client
        .delete_template()
        .domain_id(&d.domain)
        .template_id(&other)
        .send()
        .await
        .expect("DeleteTemplate");
    let got = client
        .get_template()
        .domain_id(&d.domain)
        .template_id(&other)
        .send()
        .await
        .expect("GetTemplate of a deleted template");
    assert!(got.deleted());
    let listed = client
        .list_templates()
        .domain_id(&d.domain)
        .send()
        .await
        .expect("ListTemplates");
    let ids: Vec<&str> = listed.templates().iter().map(|t| t.template_id()).collect();
    assert_eq!(ids, [d.template.as_str()]);
    let err = client
        .update_template()
        .domain_id(&d.domain)
        .template_id(&other)
        .description("x")
        .send()
        .await
        .expect_err("deleted");
    assert!(
        matches!(
            err.into_service_error(),
            UpdateTemplateError::ValidationException(_)
        ),
        "a deleted template cannot be updated"
    );
    let err = client
        .delete_template()
        .domain_id(&d.domain)
        .template_id("no-such-template")
        .send()
        .await
        .expect_err("unknown");
    match err.into_service_error() {
        DeleteTemplateError::ResourceNotFoundException(e) => {
            assert_eq!(e.resource_id(), "no-such-template");
            assert_eq!(e.resource_type(), "Template");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
}

#[tokio::test]
async fn sdk_updates_a_case_and_reads_the_audit_event() {
    let server = cases_mock::spawn(MockConfig::default())
        .await
        .expect("spawn");
    let client = client(&server).await;
    let d = domain(&client).await;
    let case = create_case(&client, &d, "before", 1.0).await;
    client
        .update_case()
        .domain_id(&d.domain)
        .case_id(&case)
        .fields(text("title", "after"))
        .fields(number(&d.priority, 3.5))
        .fields(value(&d.urgent, FieldValueUnion::BooleanValue(true)))
        .fields(value(&d.owner, FieldValueUnion::UserArnValue(USER.into())))
        .fields(value(
            "summary",
            FieldValueUnion::EmptyValue(EmptyFieldValue::builder().build()),
        ))
        .performed_by(UserUnion::UserArn(USER.into()))
        .send()
        .await
        .expect("UpdateCase");

    let got = client
        .get_case()
        .domain_id(&d.domain)
        .case_id(&case)
        .fields(field_id("title"))
        .fields(field_id(&d.priority))
        .fields(field_id(&d.urgent))
        .fields(field_id(&d.owner))
        .fields(field_id("summary"))
        .fields(field_id("customer_id"))
        .send()
        .await
        .expect("GetCase");
    let values: Vec<(&str, Option<&FieldValueUnion>)> =
        got.fields().iter().map(|f| (f.id(), f.value())).collect();
    assert_eq!(
        values,
        [
            ("title", Some(&FieldValueUnion::StringValue("after".into()))),
            (
                d.priority.as_str(),
                Some(&FieldValueUnion::DoubleValue(3.5))
            ),
            (
                d.urgent.as_str(),
                Some(&FieldValueUnion::BooleanValue(true))
            ),
            (
                d.owner.as_str(),
                Some(&FieldValueUnion::UserArnValue(USER.into()))
            ),
            (
                "summary",
                Some(&FieldValueUnion::EmptyValue(
                    EmptyFieldValue::builder().build()
                ))
            ),
            (
                "customer_id",
                Some(&FieldValueUnion::StringValue(CUSTOMER.into()))
            ),
        ]
    );

    let events = client
        .get_case_audit_events()
        .domain_id(&d.domain)
        .case_id(&case)
        .send()
        .await
        .expect("GetCaseAuditEvents");
    let updated = events
        .audit_events()
        .iter()
        .flatten()
        .find(|e| e.r#type() == &AuditEventType::CaseUpdated)
        .expect("a Case.Updated event");
    let by = updated.performed_by().expect("performedBy");
    assert_eq!(by.user(), Some(&UserUnion::UserArn(USER.into())));
    let field = |id: &str| {
        updated
            .fields()
            .iter()
            .flatten()
            .find(|f| f.event_field_id() == id)
            .unwrap_or_else(|| panic!("{id} in {:?}", updated.fields()))
    };
    let title = field("title");
    assert_eq!(
        title.old_value(),
        Some(&AuditEventFieldValueUnion::StringValue("before".into()))
    );
    assert_eq!(
        title.new_value(),
        Some(&AuditEventFieldValueUnion::StringValue("after".into()))
    );
    let priority = field(&d.priority);
    assert_eq!(
        priority.old_value(),
        Some(&AuditEventFieldValueUnion::DoubleValue(1.0))
    );
    assert_eq!(
        priority.new_value(),
        Some(&AuditEventFieldValueUnion::DoubleValue(3.5))
    );
    assert_eq!(field(&d.urgent).old_value(), None);
    assert_eq!(
        field(&d.urgent).new_value(),
        Some(&AuditEventFieldValueUnion::BooleanValue(true))
    );
    assert_eq!(
        field(&d.owner).new_value(),
        Some(&AuditEventFieldValueUnion::UserArnValue(USER.into()))
    );
    assert!(matches!(
        field("summary").new_value(),
        Some(AuditEventFieldValueUnion::EmptyValue(_))
    ));

    let err = client
        .update_case()
        .domain_id(&d.domain)
        .case_id(&case)
        .fields(text(&d.priority, "not a number"))
        .send()
        .await
        .expect_err("wrong kind");
    match err.into_service_error() {
        UpdateCaseError::ValidationException(e) => {
            assert!(e.message().contains("fields[0].value"), "{e:?}")
        }
        other => panic!("expected ValidationException, got {other:?}"),
    }
    let err = client
        .update_case()
        .domain_id(&d.domain)
        .case_id("no-such-case")
        .fields(text("title", "x"))
        .send()
        .await
        .expect_err("unknown case");
    match err.into_service_error() {
        UpdateCaseError::ResourceNotFoundException(e) => {
            assert_eq!(e.resource_id(), "no-such-case");
            assert_eq!(e.resource_type(), "Case");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
}

#[tokio::test]
async fn sdk_searches_cases_and_lists_cases_for_a_contact() {
    let server = cases_mock::spawn(MockConfig::default())
        .await
        .expect("spawn");
    let client = client(&server).await;
    let d = domain(&client).await;
    let mut cases = Vec::new();
    for i in 0..7 {
        let title = if i % 2 == 0 { "Printer" } else { "Network" };
        cases.push(create_case(&client, &d, &format!("{title} {i}"), i as f64).await);
    }

    // Paginator at page size 2, a nested filter, two sorts and returned fields:
    // Printer cases (0, 2, 4, 6) that are not priority < 2, i.e. 2, 4, 6, by priority desc.
    let filter = CaseFilter::AndAll(vec![
        CaseFilter::Field(FieldFilter::Contains(text("title", "printer"))),
        CaseFilter::Not(Box::new(CaseFilter::Field(FieldFilter::LessThan(number(
            &d.priority,
            2.0,
        ))))),
    ]);
    let pages: Vec<_> = client
        .search_cases()
        .domain_id(&d.domain)
        .filter(filter.clone())
        .sorts(
            Sort::builder()
                .field_id(&d.priority)
                .sort_order(Order::Descending)
                .build()
                .expect("sort"),
        )
        .sorts(
            Sort::builder()
                .field_id("title")
                .sort_order(Order::Ascending)
                .build()
                .expect("sort"),
        )
        .fields(field_id("title"))
        .fields(field_id(&d.priority))
        .max_results(2)
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("SearchCases pages");
    assert_eq!(pages.len(), 2);
    assert!(pages[1].next_token().is_none());
    let found: Vec<_> = pages.iter().flat_map(|p| p.cases()).flatten().collect();
    let ids: Vec<&str> = found.iter().map(|c| c.case_id()).collect();
    assert_eq!(ids, [&cases[6], &cases[4], &cases[2]]);
    for (c, i) in found.iter().zip([6, 4, 2]) {
        assert_eq!(c.template_id(), d.template);
        let values: Vec<(&str, Option<&FieldValueUnion>)> =
            c.fields().iter().map(|f| (f.id(), f.value())).collect();
        assert_eq!(
            values,
            [
                (
                    "title",
                    Some(&FieldValueUnion::StringValue(format!("Printer {i}")))
                ),
                (
                    d.priority.as_str(),
                    Some(&FieldValueUnion::DoubleValue(i as f64))
                ),
            ]
        );
    }

    // orAll of equalTo, greaterThanOrEqualTo and lessThanOrEqualTo; searchTerm; all
    // comparisons parse.
    let any = CaseFilter::OrAll(vec![
        CaseFilter::Field(FieldFilter::EqualTo(text("title", "Network 1"))),
        CaseFilter::Field(FieldFilter::GreaterThanOrEqualTo(number(&d.priority, 6.0))),
        CaseFilter::Field(FieldFilter::LessThanOrEqualTo(number(&d.priority, 0.0))),
        CaseFilter::Field(FieldFilter::GreaterThan(number(&d.priority, 100.0))),
    ]);
    let out = client
        .search_cases()
        .domain_id(&d.domain)
        .filter(any)
        .send()
        .await
        .expect("SearchCases orAll");
    let ids: HashSet<&str> = out.cases().iter().flatten().map(|c| c.case_id()).collect();
    let want: HashSet<&str> = [&cases[0], &cases[1], &cases[6]]
        .into_iter()
        .map(String::as_str)
        .collect();
    assert_eq!(ids, want);
    let out = client
        .search_cases()
        .domain_id(&d.domain)
        .search_term("NETWORK")
        .send()
        .await
        .expect("SearchCases searchTerm");
    let found: Vec<_> = out.cases().iter().flatten().collect();
    let ids: Vec<&str> = found.iter().map(|c| c.case_id()).collect();
    assert_eq!(ids, [&cases[1], &cases[3], &cases[5]]);
    assert!(found[0].fields().is_empty());

    let err = client
        .search_cases()
        .domain_id(&d.domain)
        .filter(CaseFilter::Field(FieldFilter::EqualTo(text(
            "no-such-field",
            "x",
        ))))
        .send()
        .await
        .expect_err("unknown field");
    match err.into_service_error() {
        SearchCasesError::ValidationException(e) => {
            assert!(e.message().contains("filter.field.equalTo.id"), "{e:?}")
        }
        other => panic!("expected ValidationException, got {other:?}"),
    }

    // ListCasesForContact: cases 1 and 5 have the contact.
    for i in [1, 5] {
        client
            .create_related_item()
            .domain_id(&d.domain)
            .case_id(&cases[i])
            .r#type(RelatedItemType::Contact)
            .content(RelatedItemInputContent::Contact(
                Contact::builder()
                    .contact_arn(CONTACT)
                    .build()
                    .expect("contact"),
            ))
            .send()
            .await
            .expect("CreateRelatedItem");
    }
    let pages: Vec<_> = client
        .list_cases_for_contact()
        .domain_id(&d.domain)
        .contact_arn(CONTACT)
        .max_results(1)
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("ListCasesForContact pages");
    let listed: Vec<(&str, &str)> = pages
        .iter()
        .flat_map(|p| p.cases())
        .map(|c| (c.case_id(), c.template_id()))
        .collect();
    assert_eq!(
        listed,
        [
            (cases[1].as_str(), d.template.as_str()),
            (cases[5].as_str(), d.template.as_str())
        ]
    );
    let err = client
        .list_cases_for_contact()
        .domain_id("no-such-domain")
        .contact_arn(CONTACT)
        .send()
        .await
        .expect_err("unknown domain");
    match err.into_service_error() {
        ListCasesForContactError::ResourceNotFoundException(e) => {
            assert_eq!(e.resource_type(), "Domain");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
}

#[tokio::test]
async fn sdk_signatures_pass_on_put_and_delete_routes() {
    let config = MockConfig {
        sigv4: Some(SigV4Credentials {
            access_key_id: KEY_ID.into(),
            secret_access_key: SECRET.into(),
        }),
        ..MockConfig::default()
    };
    let server = cases_mock::spawn(config).await.expect("spawn");
    let client = client(&server).await;
    let d = domain(&client).await;
    let case = create_case(&client, &d, "signed", 1.0).await;
    client
        .update_case()
        .domain_id(&d.domain)
        .case_id(&case)
        .fields(text("title", "signed update"))
        .send()
        .await
        .expect("UpdateCase signed");
    client
        .update_template()
        .domain_id(&d.domain)
        .template_id(&d.template)
        .description("signed")
        .send()
        .await
        .expect("UpdateTemplate signed");
    let out = client
        .search_cases()
        .domain_id(&d.domain)
        .search_term("signed")
        .send()
        .await
        .expect("SearchCases signed");
    assert_eq!(out.cases().len(), 1);
    client
        .list_cases_for_contact()
        .domain_id(&d.domain)
        .contact_arn(CONTACT)
        .send()
        .await
        .expect("ListCasesForContact signed");
    client
        .delete_template()
        .domain_id(&d.domain)
        .template_id(&d.template)
        .send()
        .await
        .expect("DeleteTemplate signed");
}
