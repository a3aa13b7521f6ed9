//! The 1.44.5 case-rule operations driven by the official AWS SDK for Rust against a mock
//! emulating 1.44.5: every answer is parsed by the SDK's own deserializers (the
//! `CaseRuleDetails`, `BooleanCondition`, `OperandOne` and `OperandTwo` unions, the
//! ListCaseRules paginator through the slash-less path the SDK sends), and errors map to
//! the SDK's modeled variants.

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_sdk_connectcases::Client;
use aws_sdk_connectcases::config::{Credentials, Region};
use aws_sdk_connectcases::operation::batch_get_case_rule::BatchGetCaseRuleError;
use aws_sdk_connectcases::operation::create_case_rule::CreateCaseRuleError;
use aws_sdk_connectcases::operation::delete_case_rule::DeleteCaseRuleError;
use aws_sdk_connectcases::operation::list_case_rules::ListCaseRulesError;
use aws_sdk_connectcases::operation::update_case_rule::UpdateCaseRuleError;
use aws_sdk_connectcases::types::{
    BooleanCondition, BooleanOperands, CaseRuleDetails, CaseRuleIdentifier, CompoundCondition,
    FieldOptionsCaseRule, OperandOne, OperandTwo, ParentChildFieldOptionsMapping, RequiredCaseRule,
    RuleType, TemplateRule,
};
use cases_mock::{MockConfig, MockRelease, MockServer};

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

async fn server() -> MockServer {
    cases_mock::spawn(MockConfig {
        release: MockRelease::V1_44_5,
        ..MockConfig::default()
    })
    .await
    .expect("spawn")
}

async fn domain(client: &Client) -> String {
    client
        .create_domain()
        .name("sdk case rules")
        .send()
        .await
        .expect("CreateDomain")
        .domain_id()
        .to_owned()
}

fn equal_to(field: &str, value: &str, result: bool) -> BooleanCondition {
    BooleanCondition::EqualTo(
        BooleanOperands::builder()
            .operand_one(OperandOne::FieldId(field.to_owned()))
            .operand_two(OperandTwo::StringValue(value.to_owned()))
            .result(result)
            .build()
            .expect("operands"),
    )
}

/// Required when `status` is `closed`, or when `summary` is empty and `title` is `x`.
fn required_rule() -> CaseRuleDetails {
    let empty_summary = BooleanCondition::EqualTo(
        BooleanOperands::builder()
            .operand_one(OperandOne::FieldId("summary".into()))
            .operand_two(OperandTwo::EmptyValue(
                aws_sdk_connectcases::types::EmptyOperandValue::builder().build(),
            ))
            .result(true)
            .build()
            .expect("operands"),
    );
    CaseRuleDetails::Required(
        RequiredCaseRule::builder()
            .default_value(false)
            .conditions(equal_to("status", "closed", true))
            .conditions(BooleanCondition::AndAll(
                CompoundCondition::builder()
                    .conditions(empty_summary)
                    .conditions(equal_to("title", "x", true))
                    .build()
                    .expect("compound"),
            ))
            .build()
            .expect("required"),
    )
}

#[tokio::test]
async fn every_case_rule_operation_round_trips_through_the_sdk() {
    let server = server().await;
    let client = client(&server).await;
    let d = domain(&client).await;

    let created = client
        .create_case_rule()
        .domain_id(&d)
        .name("needs summary")
        .description("required when closed")
        .rule(required_rule())
        .send()
        .await
        .expect("CreateCaseRule");
    let id = created.case_rule_id().to_owned();
    assert!(
        created
            .case_rule_arn()
            .ends_with(&format!("/case-rule/{id}"))
    );

    let options = CaseRuleDetails::FieldOptions(
        FieldOptionsCaseRule::builder()
            .parent_field_id("status")
            .child_field_id("summary")
            .parent_child_field_options_mappings(
                ParentChildFieldOptionsMapping::builder()
                    .parent_field_option_value("open")
                    .child_field_option_values("a")
                    .build()
                    .expect("mapping"),
            )
            .build()
            .expect("options"),
    );
    let options_id = client
        .create_case_rule()
        .domain_id(&d)
        .name("options")
        .rule(options)
        .send()
        .await
        .expect("CreateCaseRule fieldOptions")
        .case_rule_id()
        .to_owned();

    let got = client
        .batch_get_case_rule()
        .domain_id(&d)
        .case_rules(CaseRuleIdentifier::builder().id(&id).build().expect("id"))
        .case_rules(
            CaseRuleIdentifier::builder()
                .id("unknown")
                .build()
                .expect("id"),
        )
        .send()
        .await
        .expect("BatchGetCaseRule");
    assert_eq!(got.case_rules().len(), 1);
    let rule = &got.case_rules()[0];
    assert_eq!(rule.name(), "needs summary");
    assert_eq!(rule.description(), Some("required when closed"));
    assert!(!rule.deleted());
    assert_eq!(
        rule.rule(),
        Some(&required_rule()),
        "the unions parse back as sent"
    );
    assert!(rule.created_time().is_some());
    assert_eq!(got.errors()[0].id(), "unknown");
    assert_eq!(got.errors()[0].error_code(), "NotFound");
    assert!(got.unprocessed_case_rules().is_empty());

    client
        .update_case_rule()
        .domain_id(&d)
        .case_rule_id(&id)
        .name("renamed")
        .send()
        .await
        .expect("UpdateCaseRule");

    let listed: Vec<_> = client
        .list_case_rules()
        .domain_id(&d)
        .max_results(1)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("ListCaseRules");
    let summary: Vec<(&str, &str, &RuleType)> = listed
        .iter()
        .map(|r| (r.case_rule_id(), r.name(), r.rule_type()))
        .collect();
    assert_eq!(
        summary,
        [
            (id.as_str(), "renamed", &RuleType::Required),
            (options_id.as_str(), "options", &RuleType::FieldOptions)
        ]
    );

    // Templates take the rule at 1.44.5 and read it back.
    let template = client
        .create_template()
        .domain_id(&d)
        .name("with rule")
        .rules(
            TemplateRule::builder()
                .case_rule_id(&id)
                .field_id("summary")
                .build()
                .expect("template rule"),
        )
        .send()
        .await
        .expect("CreateTemplate")
        .template_id()
        .to_owned();
    let read = client
        .get_template()
        .domain_id(&d)
        .template_id(&template)
        .send()
        .await
        .expect("GetTemplate");
    assert_eq!(read.rules()[0].case_rule_id(), id);
    assert_eq!(read.rules()[0].field_id(), "summary");

    client
        .delete_case_rule()
        .domain_id(&d)
        .case_rule_id(&options_id)
        .send()
        .await
        .expect("DeleteCaseRule");
    let deleted = client
        .batch_get_case_rule()
        .domain_id(&d)
        .case_rules(
            CaseRuleIdentifier::builder()
                .id(&options_id)
                .build()
                .expect("id"),
        )
        .send()
        .await
        .expect("BatchGetCaseRule deleted");
    assert!(deleted.case_rules()[0].deleted());
    server.shutdown().await;
}

#[tokio::test]
async fn case_rule_errors_are_the_sdks_modeled_variants() {
    let server = server().await;
    let client = client(&server).await;
    let d = domain(&client).await;

    let err = client
        .create_case_rule()
        .domain_id(&d)
        .name("bad field")
        .rule(CaseRuleDetails::Required(
            RequiredCaseRule::builder()
                .default_value(true)
                .conditions(equal_to("no-such-field", "x", true))
                .build()
                .expect("required"),
        ))
        .send()
        .await
        .expect_err("unknown field");
    let err = err.into_service_error();
    assert!(
        matches!(err, CreateCaseRuleError::ValidationException(_)),
        "{err:?}"
    );

    let err = client
        .batch_get_case_rule()
        .domain_id("no-such-domain")
        .case_rules(CaseRuleIdentifier::builder().id("r").build().expect("id"))
        .send()
        .await
        .expect_err("unknown domain")
        .into_service_error();
    assert!(
        matches!(err, BatchGetCaseRuleError::ResourceNotFoundException(_)),
        "{err:?}"
    );

    let err = client
        .list_case_rules()
        .domain_id("no-such-domain")
        .send()
        .await
        .expect_err("unknown domain")
        .into_service_error();
    assert!(
        matches!(err, ListCaseRulesError::ResourceNotFoundException(_)),
        "{err:?}"
    );

    let err = client
        .update_case_rule()
        .domain_id(&d)
        .case_rule_id("no-such-rule")
        .name("n")
        .send()
        .await
        .expect_err("unknown rule")
        .into_service_error();
    match err {
        UpdateCaseRuleError::ResourceNotFoundException(e) => {
            assert_eq!(e.resource_id(), "no-such-rule");
            assert_eq!(e.resource_type(), "CaseRule");
        }
        other => panic!("{other:?}"),
    }

    // A rule a template uses cannot be deleted: 409.
    let id = client
        .create_case_rule()
        .domain_id(&d)
        .name("used")
        .rule(required_rule())
        .send()
        .await
        .expect("CreateCaseRule")
        .case_rule_id()
        .to_owned();
    client
        .create_template()
        .domain_id(&d)
        .name("uses it")
        .rules(
            TemplateRule::builder()
                .case_rule_id(&id)
                .field_id("summary")
                .build()
                .expect("rule"),
        )
        .send()
        .await
        .expect("CreateTemplate");
    let err = client
        .delete_case_rule()
        .domain_id(&d)
        .case_rule_id(&id)
        .send()
        .await
        .expect_err("in use")
        .into_service_error();
    assert!(
        matches!(err, DeleteCaseRuleError::ConflictException(_)),
        "{err:?}"
    );
    server.shutdown().await;
}
