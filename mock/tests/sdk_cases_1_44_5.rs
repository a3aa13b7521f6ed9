//! The case operations of 1.44.5 that the official AWS SDK for Rust
//! (`aws-sdk-connectcases` 1.134.0) has, against a mock at `--release 1.44.5`:
//! DeleteCase (its only new case operation; BatchUpdateCase and the merge operations
//! came later) and CreateCase's new `tags` and `performedBy.customEntity`, each parsed
//! by the SDK's own deserializers, and modeled errors mapped to its variants.

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::config::{Credentials, Region};
use aws_sdk_connectcases::operation::delete_case::DeleteCaseError;
use aws_sdk_connectcases::operation::get_case::GetCaseError;
use aws_sdk_connectcases::types::{
    AuditEventType, FieldIdentifier, FieldValue, FieldValueUnion, UserUnion,
};
use cases_mock::{MockConfig, MockRelease, MockServer};

const CUSTOMER: &str = "arn:aws:profile:us-east-1:123456789012:domains/p/profiles/x";

async fn start() -> (MockServer, Client) {
    let server = cases_mock::spawn(MockConfig {
        release: MockRelease::V1_44_5,
        ..MockConfig::default()
    })
    .await
    .expect("mock");
    let conf = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "tests"))
        .endpoint_url(server.url())
        .retry_config(RetryConfig::disabled())
        .load()
        .await;
    (server, Client::new(&conf))
}

fn text(id: &str, s: &str) -> FieldValue {
    FieldValue::builder()
        .id(id)
        .value(FieldValueUnion::StringValue(s.to_owned()))
        .build()
        .expect("field value")
}

/// A domain and a template without required fields.
async fn domain(client: &Client) -> (String, String) {
    let domain = client
        .create_domain()
        .name("sdk 1.44.5 cases")
        .send()
        .await
        .expect("CreateDomain")
        .domain_id()
        .to_owned();
    let template = client
        .create_template()
        .domain_id(&domain)
        .name("t")
        .send()
        .await
        .expect("CreateTemplate")
        .template_id()
        .to_owned();
    (domain, template)
}

#[tokio::test]
async fn sdk_creates_a_tagged_case_by_a_custom_entity_and_deletes_it() {
    let (server, client) = start().await;
    let (domain, template) = domain(&client).await;
    let created = client
        .create_case()
        .domain_id(&domain)
        .template_id(&template)
        .fields(text("title", "sdk case"))
        .fields(text("customer_id", CUSTOMER))
        .tags("team", "blue")
        .tags("tier", "gold")
        .performed_by(UserUnion::CustomEntity("sdk-bot".into()))
        .send()
        .await
        .expect("CreateCase with tags");
    let case = created.case_id().to_owned();
    let tags = client
        .list_tags_for_resource()
        .arn(created.case_arn())
        .send()
        .await
        .expect("ListTagsForResource");
    let tags = tags.tags().expect("tags");
    assert_eq!(tags.get("team").and_then(|v| v.as_deref()), Some("blue"));
    assert_eq!(tags.get("tier").and_then(|v| v.as_deref()), Some("gold"));
    let got = client
        .get_case()
        .domain_id(&domain)
        .case_id(&case)
        .fields(FieldIdentifier::builder().id("title").build().expect("id"))
        .send()
        .await
        .expect("GetCase");
    assert_eq!(got.tags().map(|t| t.len()), Some(2));
    let audit = client
        .get_case_audit_events()
        .domain_id(&domain)
        .case_id(&case)
        .send()
        .await
        .expect("GetCaseAuditEvents");
    let created_event = audit.audit_events()[0].as_ref().expect("event");
    assert_eq!(created_event.r#type(), &AuditEventType::CaseCreated);
    let user = created_event
        .performed_by()
        .and_then(|p| p.user())
        .expect("performedBy.user");
    assert_eq!(user.as_custom_entity().map(String::as_str), Ok("sdk-bot"));

    client
        .delete_case()
        .domain_id(&domain)
        .case_id(&case)
        .send()
        .await
        .expect("DeleteCase");
    let err = client
        .get_case()
        .domain_id(&domain)
        .case_id(&case)
        .fields(FieldIdentifier::builder().id("title").build().expect("id"))
        .send()
        .await
        .expect_err("deleted");
    assert!(
        matches!(
            err.as_service_error(),
            Some(GetCaseError::ResourceNotFoundException(_))
        ),
        "{err:?}"
    );
    let searched = client
        .search_cases()
        .domain_id(&domain)
        .send()
        .await
        .expect("SearchCases");
    assert!(searched.cases().is_empty());
    server.shutdown().await;
}

#[tokio::test]
async fn sdk_delete_case_errors_are_modeled() {
    let (server, client) = start().await;
    let (domain, _) = domain(&client).await;
    let err = client
        .delete_case()
        .domain_id(&domain)
        .case_id("no-such-case")
        .send()
        .await
        .expect_err("unknown case");
    match err.as_service_error() {
        Some(DeleteCaseError::ResourceNotFoundException(e)) => {
            assert_eq!(e.resource_id(), "no-such-case");
            assert_eq!(e.resource_type(), "Case");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    // A space is outside the 1.44.5 `CaseId` pattern.
    let err = client
        .delete_case()
        .domain_id(&domain)
        .case_id("a b")
        .send()
        .await
        .expect_err("pattern");
    assert!(
        matches!(
            err.as_service_error(),
            Some(DeleteCaseError::ValidationException(_))
        ),
        "{err:?}"
    );
    server.shutdown().await;
}
