//! DeleteDomain, TagResource, UntagResource, ListTagsForResource and
//! Get/PutCaseEventConfiguration driven by the official AWS SDK for Rust: its own label
//! encoding of the ARN (`:` and `/` quoted), its repeated `tagKeys` query, its DELETE, GET
//! and PUT requests, and its deserializers for every answer, modeled errors included;
//! with SigV4 verification on, its signatures over those paths and methods pass.

use std::collections::HashMap;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::config::{Credentials, Region};
use aws_sdk_connectcases::operation::delete_domain::DeleteDomainError;
use aws_sdk_connectcases::operation::get_case_event_configuration::GetCaseEventConfigurationError;
use aws_sdk_connectcases::operation::get_domain::GetDomainError;
use aws_sdk_connectcases::operation::list_tags_for_resource::ListTagsForResourceError;
use aws_sdk_connectcases::operation::put_case_event_configuration::PutCaseEventConfigurationError;
use aws_sdk_connectcases::operation::tag_resource::TagResourceError;
use aws_sdk_connectcases::operation::untag_resource::UntagResourceError;
use aws_sdk_connectcases::types::{
    CaseEventIncludedData, EventBridgeConfiguration, EventIncludedData, FieldIdentifier,
    FieldValue, FieldValueUnion, RelatedItemEventIncludedData,
};
use cases_mock::{MockConfig, MockServer, SigV4Credentials};

const KEY_ID: &str = "AKIDMOCKTEST";
const SECRET: &str = "mock/secret/key/for/tests";

async fn client(server: &MockServer) -> Client {
    let conf = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(KEY_ID, SECRET, None, None, "tests"))
        .endpoint_url(server.url())
        .retry_config(RetryConfig::disabled())
        .load()
        .await;
    Client::new(&conf)
}

/// A `Tags` map as this SDK types it: its newer model marks the map sparse, so values
/// are `Option`s (1.34.98's is not sparse, and the mock sends no nulls).
fn tags(pairs: &[(&str, &str)]) -> HashMap<String, Option<String>> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Some((*v).to_owned())))
        .collect()
}

struct Made {
    domain_id: String,
    domain_arn: String,
    case_arn: String,
}

async fn make(client: &Client) -> Made {
    let domain = client
        .create_domain()
        .name("sdk tags")
        .send()
        .await
        .expect("CreateDomain");
    let template = client
        .create_template()
        .domain_id(domain.domain_id())
        .name("t")
        .send()
        .await
        .expect("CreateTemplate");
    let value = |s: &str| FieldValueUnion::StringValue(s.to_owned());
    let case = client
        .create_case()
        .domain_id(domain.domain_id())
        .template_id(template.template_id())
        .fields(
            FieldValue::builder()
                .id("title")
                .value(value("c"))
                .build()
                .expect("field"),
        )
        .fields(
            FieldValue::builder()
                .id("customer_id")
                .value(value(
                    "arn:aws:profile:us-east-1:123456789012:domains/p/profiles/x",
                ))
                .build()
                .expect("field"),
        )
        .send()
        .await
        .expect("CreateCase");
    Made {
        domain_id: domain.domain_id().to_owned(),
        domain_arn: domain.domain_arn().to_owned(),
        case_arn: case.case_arn().to_owned(),
    }
}

/// TagResource, ListTagsForResource, UntagResource on a domain and a case.
async fn tags_round_trip(client: &Client, made: &Made) {
    for arn in [&made.domain_arn, &made.case_arn] {
        let listed = client
            .list_tags_for_resource()
            .arn(arn)
            .send()
            .await
            .expect("ListTagsForResource");
        assert_eq!(listed.tags(), Some(&HashMap::new()), "{arn}");
        client
            .tag_resource()
            .arn(arn)
            .set_tags(Some(tags(&[
                ("Team", "cases"),
                ("env", "test"),
                ("cost", "42"),
            ])))
            .send()
            .await
            .expect("TagResource");
        let listed = client
            .list_tags_for_resource()
            .arn(arn)
            .send()
            .await
            .expect("ListTagsForResource");
        assert_eq!(
            listed.tags(),
            Some(&tags(&[("Team", "cases"), ("env", "test"), ("cost", "42")])),
            "{arn}"
        );
        client
            .untag_resource()
            .arn(arn)
            .tag_keys("Team")
            .tag_keys("cost")
            .tag_keys("never-set")
            .send()
            .await
            .expect("UntagResource with a repeated tagKeys");
        let listed = client
            .list_tags_for_resource()
            .arn(arn)
            .send()
            .await
            .expect("ListTagsForResource");
        assert_eq!(listed.tags(), Some(&tags(&[("env", "test")])), "{arn}");
    }
    let domain = client
        .get_domain()
        .domain_id(&made.domain_id)
        .send()
        .await
        .expect("GetDomain");
    assert_eq!(domain.tags(), Some(&tags(&[("env", "test")])));
}

#[tokio::test]
async fn domains_tags_and_event_configuration_through_the_sdk() {
    let server = cases_mock::spawn(MockConfig::default())
        .await
        .expect("spawn");
    let client = client(&server).await;
    let made = make(&client).await;
    tags_round_trip(&client, &made).await;

    // Tag errors as the SDK's modeled variants.
    let unknown = format!("{}/case/no-such-case", made.domain_arn);
    let err = client
        .list_tags_for_resource()
        .arn(&unknown)
        .send()
        .await
        .expect_err("unknown case");
    match err.into_service_error() {
        ListTagsForResourceError::ResourceNotFoundException(e) => {
            assert_eq!(e.resource_id(), unknown);
            assert_eq!(e.resource_type(), "Case");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    let err = client
        .tag_resource()
        .arn(&unknown)
        .set_tags(Some(tags(&[("a", "b")])))
        .send()
        .await
        .expect_err("unknown case");
    assert!(matches!(
        err.into_service_error(),
        TagResourceError::ResourceNotFoundException(_)
    ));
    let err = client
        .untag_resource()
        .arn(&made.domain_arn)
        .tag_keys("aws:reserved")
        .send()
        .await
        .expect_err("a reserved key");
    match err.into_service_error() {
        UntagResourceError::ValidationException(e) => {
            assert!(e.message().contains("tagKeys[0]"), "{:?}", e.message());
        }
        other => panic!("expected ValidationException, got {other:?}"),
    }

    // Case event configuration: off by default, then what was put.
    let got = client
        .get_case_event_configuration()
        .domain_id(&made.domain_id)
        .send()
        .await
        .expect("GetCaseEventConfiguration");
    let bridge = got.event_bridge().expect("eventBridge");
    assert!(!bridge.enabled());
    assert!(bridge.included_data().is_none());
    let config = EventBridgeConfiguration::builder()
        .enabled(true)
        .included_data(
            EventIncludedData::builder()
                .case_data(
                    CaseEventIncludedData::builder()
                        .fields(FieldIdentifier::builder().id("title").build().expect("id"))
                        .fields(FieldIdentifier::builder().id("status").build().expect("id"))
                        .build()
                        .expect("caseData"),
                )
                .related_item_data(
                    RelatedItemEventIncludedData::builder()
                        .include_content(true)
                        .build()
                        .expect("relatedItemData"),
                )
                .build(),
        )
        .build()
        .expect("eventBridge");
    client
        .put_case_event_configuration()
        .domain_id(&made.domain_id)
        .event_bridge(config.clone())
        .send()
        .await
        .expect("PutCaseEventConfiguration");
    let got = client
        .get_case_event_configuration()
        .domain_id(&made.domain_id)
        .send()
        .await
        .expect("GetCaseEventConfiguration");
    assert_eq!(got.event_bridge(), Some(&config));
    let ids: Vec<&str> = got
        .event_bridge()
        .and_then(|b| b.included_data())
        .and_then(|d| d.case_data())
        .map(|c| c.fields().iter().map(|f| f.id()).collect())
        .unwrap_or_default();
    assert_eq!(ids, ["title", "status"]);
    let bad = EventBridgeConfiguration::builder()
        .enabled(true)
        .included_data(
            EventIncludedData::builder()
                .case_data(
                    CaseEventIncludedData::builder()
                        .fields(FieldIdentifier::builder().id("nope").build().expect("id"))
                        .build()
                        .expect("caseData"),
                )
                .build(),
        )
        .build()
        .expect("eventBridge");
    let err = client
        .put_case_event_configuration()
        .domain_id(&made.domain_id)
        .event_bridge(bad)
        .send()
        .await
        .expect_err("an unknown field");
    assert!(matches!(
        err.into_service_error(),
        PutCaseEventConfigurationError::ValidationException(_)
    ));

    // DeleteDomain, then the domain is gone everywhere.
    client
        .delete_domain()
        .domain_id(&made.domain_id)
        .send()
        .await
        .expect("DeleteDomain");
    let err = client
        .get_domain()
        .domain_id(&made.domain_id)
        .send()
        .await
        .expect_err("deleted");
    assert!(matches!(
        err.into_service_error(),
        GetDomainError::ResourceNotFoundException(_)
    ));
    let listed = client.list_domains().send().await.expect("ListDomains");
    assert!(
        listed
            .domains()
            .iter()
            .all(|d| d.domain_id() != made.domain_id)
    );
    let err = client
        .get_case_event_configuration()
        .domain_id(&made.domain_id)
        .send()
        .await
        .expect_err("deleted");
    assert!(matches!(
        err.into_service_error(),
        GetCaseEventConfigurationError::ResourceNotFoundException(_)
    ));
    let err = client
        .list_tags_for_resource()
        .arn(&made.case_arn)
        .send()
        .await
        .expect_err("the case went with its domain");
    assert!(matches!(
        err.into_service_error(),
        ListTagsForResourceError::ResourceNotFoundException(_)
    ));
    let err = client
        .delete_domain()
        .domain_id(&made.domain_id)
        .send()
        .await
        .expect_err("already deleted");
    match err.into_service_error() {
        DeleteDomainError::ResourceNotFoundException(e) => {
            assert_eq!(e.resource_id(), made.domain_id);
            assert_eq!(e.resource_type(), "Domain");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    server.shutdown().await;
}

#[tokio::test]
async fn sdk_signatures_over_arn_labels_delete_get_and_put_verify() {
    let config = MockConfig {
        sigv4: Some(SigV4Credentials {
            access_key_id: KEY_ID.into(),
            secret_access_key: SECRET.into(),
        }),
        ..MockConfig::default()
    };
    let server = cases_mock::spawn(config).await.expect("spawn");
    let client = client(&server).await;
    let made = make(&client).await;
    // `/tags/arn%3Aaws%3A...%2Fcase%2F...` is signed over its double-encoded form.
    tags_round_trip(&client, &made).await;
    client
        .put_case_event_configuration()
        .domain_id(&made.domain_id)
        .event_bridge(
            EventBridgeConfiguration::builder()
                .enabled(false)
                .build()
                .expect("eventBridge"),
        )
        .send()
        .await
        .expect("PutCaseEventConfiguration (PUT) signed");
    client
        .delete_domain()
        .domain_id(&made.domain_id)
        .send()
        .await
        .expect("DeleteDomain (DELETE) signed");
    server.shutdown().await;
}
