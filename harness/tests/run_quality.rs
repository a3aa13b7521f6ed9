//! Run-quality warnings against targets that behave like a strict real service: one that
//! refuses every related item naming a contact or file it does not hold, and one that verifies
//! signatures while the run sends none. Each run's summary and reports carry a warning naming
//! the likely cause and what fixes it; a faithful target gets none.

mod common;

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use harness::embedded::Target;
use harness::engine::{RunConfig, RunResult};
use harness::report::{Report, console, html, json, junit, markdown};

/// Refuses every CreateRelatedItem whose content names an ARN (contacts and files the target
/// does not hold), as a service that checks them would.
async fn unknown_arns(request: Request, next: Next) -> Response {
    if !request.uri().path().contains("/related-items") || request.uri().path().ends_with("-search")
    {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, 1 << 20).await.unwrap_or_default();
    if bytes.windows(3).any(|w| w == b"Arn") {
        let mut response = Response::new(Body::from(
            r#"{"message":"The contact or file named does not exist"}"#,
        ));
        *response.status_mut() = StatusCode::BAD_REQUEST;
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.insert(
            "x-amzn-ErrorType",
            HeaderValue::from_static("ValidationException"),
        );
        return response;
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

async fn serve(config: cases_mock::MockConfig, strict: bool) -> common::FaultyTarget {
    let mut app = cases_mock::router(config);
    if strict {
        app = app.layer(middleware::from_fn(unknown_arns));
    }
    common::serve(app).await
}

fn config(url: &str) -> RunConfig {
    RunConfig {
        target: url.to_string(),
        seed: 13,
        cases: 20,
        sequences: 0,
        concurrency: 4,
        proxies: Some(harness::client::Proxies::none()),
        ..RunConfig::default()
    }
}

/// The warnings of `result` as every report shows them: (kind, operation) pairs, after
/// checking that the console summary, Markdown, HTML and JSON reports carry each message.
fn warnings_everywhere(result: &RunResult) -> Vec<(String, String)> {
    let dir = std::env::temp_dir().join(format!("harness-quality-{}", std::process::id()));
    let report = Report::from_run(result, &dir);
    let texts = [
        console::summary(&report, "reports/", console::Paint { color: false }),
        markdown::render(&report),
        html::render(&report),
        json::render(&report),
    ];
    let junit = junit::render(&report).expect("junit");
    for (n, warning) in report.meta.warnings.iter().enumerate() {
        // JUnit carries each as a property of every suite (its XML escaping differs).
        assert!(
            junit.contains(&format!("name=\"warning.{}\"", n + 1))
                && junit.contains(&format!("{} {}: ", warning.kind, warning.operation)),
            "the JUnit report lacks the warning {:?}",
            warning.message
        );
        let escaped = html::escape(&warning.message);
        for text in &texts {
            assert!(
                text.contains(&warning.message) || text.contains(&escaped),
                "a report lacks the warning {:?}",
                warning.message
            );
        }
    }
    report
        .meta
        .warnings
        .iter()
        .map(|w| (w.kind.clone(), w.operation.clone()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn valid_requests_refused_for_unknown_resources_are_warned_about() {
    let target = serve(cases_mock::MockConfig::default(), true).await;
    let result = harness::engine::run(config(&target.url))
        .await
        .expect("run starts");
    let warnings = warnings_everywhere(&result);
    assert!(
        warnings.contains(&("valid-requests-rejected".into(), "CreateRelatedItem".into())),
        "{warnings:?}"
    );
    let message = &result.meta.warnings[0].message;
    assert!(message.contains("contact, file and user ARNs"), "{message}");
    assert!(!result.conforms(), "the rejections stay failures");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsigned_run_against_a_verifying_target_is_told_to_sign() {
    let verifying = cases_mock::MockConfig {
        sigv4: Some(cases_mock::SigV4Credentials {
            access_key_id: "AKIDQUALITY".into(),
            secret_access_key: "quality-secret".into(),
        }),
        ..cases_mock::MockConfig::default()
    };
    let target = serve(verifying, false).await;
    let result = harness::engine::run(config(&target.url))
        .await
        .expect("run starts");
    let warnings = warnings_everywhere(&result);
    assert!(
        warnings.iter().any(|(kind, _)| kind == "auth-refused"),
        "{warnings:?}"
    );
    assert!(
        result
            .meta
            .warnings
            .iter()
            .all(|w| w.kind != "auth-refused" || w.message.contains("--sign")),
        "{:#?}",
        result.meta.warnings
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_faithful_mock_earns_no_warning() {
    let result = Target::default()
        .run(RunConfig {
            seed: 13,
            cases: 20,
            sequences: 2,
            ..RunConfig::default()
        })
        .await
        .expect("run starts");
    assert!(
        result.meta.warnings.is_empty(),
        "{:#?}",
        result.meta.warnings
    );
}
