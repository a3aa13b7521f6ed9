//! `harness replay`: re-sends the recorded request(s) of one failure from a `report.json` and
//! shows the new response next to the recorded one, so a developer can check a fix or a
//! vendor can reproduce a finding without rerunning the whole suite.
//!
//! Each recorded URL is rebased from the report's target onto `--target` (or, when the run
//! used the embedded mock and no target is given, onto a fresh embedded mock: its ids differ
//! from the run's, so requests naming the run's domain or case usually get 404 there). The
//! method, path, query, headers (minus signing and framing headers, which the client redoes)
//! and body are sent as recorded. The diff compares status, error type, content type and
//! body, with ids, times and tokens redacted (see `report::diff`).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use http::Method;
use percent_encoding::percent_decode_str;

use crate::client::{
    ClientConfig, SigningConfig, TargetClient, WireRequest, credentials_from_default_chain,
};
use crate::report::console::Paint;
use crate::report::{RecordedExchange, Report, diff, json};

/// Arguments of `harness replay`.
#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
    /// The report.json of the run (`reports/<run>/report.json`).
    #[arg(long, value_name = "FILE")]
    pub report: PathBuf,
    /// The failure to replay, as listed in the report (`F0003`; `F3` and `3` work too).
    #[arg(long, value_name = "ID")]
    pub failure: String,
    /// Where to send the requests; default: the run's target, or a fresh embedded mock when the
    /// run used the embedded one.
    #[arg(long, value_name = "URL")]
    pub target: Option<String>,
    /// Sign with SigV4 (recorded signatures are redacted, so signed targets need this).
    #[arg(long)]
    pub sign: bool,
    /// Region to sign for.
    #[arg(long, env = "AWS_REGION", default_value = "us-east-1")]
    pub region: String,
    /// AWS profile for credentials.
    #[arg(long)]
    pub profile: Option<String>,
    /// Per-request timeout in milliseconds.
    #[arg(long, default_value_t = 10_000)]
    pub timeout_ms: u64,
    /// Accept invalid TLS certificates.
    #[arg(long)]
    pub insecure: bool,
    /// Trust the certificates of this PEM file besides the platform's roots. Proxies come from
    /// HTTPS_PROXY, HTTP_PROXY and NO_PROXY, except for a fresh embedded mock.
    #[arg(long, env = "AWS_CA_BUNDLE", value_name = "PEM")]
    pub ca_bundle: Option<std::path::PathBuf>,
}

/// Headers the client computes itself (framing, signing): never replayed verbatim.
const RECOMPUTED_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "authorization",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
];

/// Replays the failure and prints what came back.
pub fn execute(args: ReplayArgs) -> anyhow::Result<ExitCode> {
    let report = json::read(&args.report)?;
    let Some(failure) = report.failure(&args.failure) else {
        let ids: Vec<&str> = report
            .failures
            .iter()
            .take(20)
            .map(|f| f.id.as_str())
            .collect();
        bail!(
            "{} has no failure {:?}; it has {}",
            args.report.display(),
            args.failure,
            if ids.is_empty() {
                "none".to_string()
            } else {
                ids.join(", ")
            }
        );
    };
    if failure.exchanges.is_empty() {
        bail!(
            "failure {} recorded no request to replay (it was judged from earlier exchanges)",
            failure.id
        );
    }
    let paint = Paint {
        color: super::run::colors_for(std::io::stdout().is_terminal()),
    };
    println!(
        "{} {} on {} ({}): {}",
        paint.bold(&failure.id),
        failure.check,
        failure.operation,
        failure.severity,
        failure.message
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(replay(&args, &report, &failure.exchanges, paint))?;
    Ok(ExitCode::SUCCESS)
}

async fn replay(
    args: &ReplayArgs,
    report: &Report,
    exchanges: &[RecordedExchange],
    paint: Paint,
) -> anyhow::Result<()> {
    let mut mock = None;
    let target = match (&args.target, report.meta.embedded_mock) {
        (Some(url), _) => url.clone(),
        (None, true) => {
            let server = crate::embedded::start_as_recorded(
                report.meta.mock_release.as_deref(),
                &report.meta.mock_faults,
            )
            .await?;
            println!(
                "{}",
                paint.warn(
                    "note: the run used the embedded mock; replaying against a fresh one, whose \
                     ids differ from the run's (requests naming the run's domain or case may get 404)"
                )
            );
            if !report.meta.mock_faults.is_empty() {
                println!(
                    "note: the fresh mock ships the run's faults: {}",
                    report.meta.mock_faults.join(", ")
                );
            }
            let url = server.url();
            mock = Some(server);
            url
        }
        (None, false) => report.meta.target.clone(),
    };
    let mut config = ClientConfig::new(target.clone())
        .with_timeout(Duration::from_millis(args.timeout_ms))
        .with_insecure(args.insecure);
    if let Some(path) = &args.ca_bundle {
        config = config.with_ca_bundle(path.clone());
    }
    if mock.is_some() {
        config = config.with_proxies(crate::client::Proxies::none());
    }
    if args.sign {
        let credentials = credentials_from_default_chain(args.profile.as_deref()).await?;
        config = config.with_signing(SigningConfig::new(args.region.clone(), credentials));
    }
    let client = TargetClient::new(config)?;
    println!("replaying {} request(s) against {target}", exchanges.len());
    for (i, recorded) in exchanges.iter().enumerate() {
        let request = wire_request(recorded, &report.meta.target)?;
        println!(
            "\n[{}/{}] {} {}{}",
            i + 1,
            exchanges.len(),
            recorded.method,
            request.path,
            query_suffix(recorded)
        );
        if recorded
            .request_body
            .as_deref()
            .is_some_and(|b| b.contains('\u{FFFD}') || b.ends_with("more bytes cut]"))
        {
            println!(
                "{}",
                paint.warn(
                    "note: the recorded body was not valid UTF-8 or was cut in the report; the \
                     replayed body may differ (use the failure's curl line for exact bytes)"
                )
            );
        }
        let exchange = client.send(&request).await;
        let recorded_view = diff::response_view(
            recorded.status,
            &recorded.response_headers,
            recorded.response_body.as_deref(),
            recorded.transport_error.as_deref(),
        );
        let (status, headers, body) = match exchange.response() {
            Some(r) => (
                Some(r.status),
                r.headers.clone(),
                Some(r.body_text_lossy().into_owned()),
            ),
            None => (None, Vec::new(), None),
        };
        let error = exchange.error().map(ToString::to_string);
        let replayed_view =
            diff::response_view(status, &headers, body.as_deref(), error.as_deref());
        println!(
            "  recorded: {}",
            recorded
                .status
                .map_or_else(|| "no response".to_string(), |s| s.to_string())
        );
        println!(
            "  replayed: {} in {:.1} ms",
            status.map_or_else(
                || format!("no response ({})", error.as_deref().unwrap_or("?")),
                |s| s.to_string()
            ),
            exchange.elapsed.as_secs_f64() * 1000.0
        );
        println!("{}", diff::pretty(&replayed_view).trim_end());
        let d = diff::labelled_json_diff("recorded", "replayed", &recorded_view, &replayed_view);
        if d.is_empty() {
            println!(
                "{}",
                paint.pass("same as recorded (ids, times and tokens redacted)")
            );
        } else {
            println!("diff recorded → replayed:");
            for line in d.lines() {
                let painted = if line.starts_with('+') && !line.starts_with("+++") {
                    paint.pass(line)
                } else if line.starts_with('-') && !line.starts_with("---") {
                    paint.fail(line)
                } else {
                    line.to_string()
                };
                println!("{painted}");
            }
        }
    }
    if let Some(server) = mock {
        server.shutdown().await;
    }
    Ok(())
}

fn query_suffix(recorded: &RecordedExchange) -> String {
    recorded
        .url
        .split_once('?')
        .map(|(_, q)| format!("?{q}"))
        .unwrap_or_default()
}

/// The recorded request as a [`WireRequest`] relative to the run's target `base`.
pub fn wire_request(recorded: &RecordedExchange, base: &str) -> anyhow::Result<WireRequest> {
    let base = base.trim_end_matches('/');
    let relative = match recorded.url.strip_prefix(base) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') || rest.starts_with('?') => {
            rest.to_string()
        }
        _ => {
            let url = url::Url::parse(&recorded.url)
                .with_context(|| format!("recorded URL {:?} does not parse", recorded.url))?;
            match url.query() {
                Some(q) => format!("{}?{q}", url.path()),
                None => url.path().to_string(),
            }
        }
    };
    let (path, query) = match relative.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (relative, None),
    };
    let path = if path.is_empty() { "/".into() } else { path };
    let method = Method::from_bytes(recorded.method.as_bytes())
        .with_context(|| format!("recorded method {:?} is not valid", recorded.method))?;
    let mut request = WireRequest::new(recorded.operation.clone(), method, path);
    for pair in query
        .iter()
        .flat_map(|q| q.split('&'))
        .filter(|p| !p.is_empty())
    {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
        request = request.with_query(decode(name), decode(value));
    }
    for (name, value) in &recorded.request_headers {
        if !RECOMPUTED_HEADERS
            .iter()
            .any(|h| name.eq_ignore_ascii_case(h))
            && !value.starts_with("<redacted")
        {
            request = request.with_header(name.clone(), value.clone());
        }
    }
    if let Some(body) = &recorded.request_body {
        request = request.with_body(body.clone().into_bytes());
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorded(url: &str) -> RecordedExchange {
        RecordedExchange {
            operation: "SearchRelatedItems".into(),
            method: "POST".into(),
            url: url.into(),
            request_headers: vec![
                ("host".into(), "127.0.0.1:1".into()),
                ("content-type".into(), "application/json".into()),
                ("authorization".into(), "<redacted>".into()),
            ],
            request_body: Some(r#"{"maxResults":1}"#.into()),
            status: Some(500),
            response_headers: Vec::new(),
            response_body: None,
            transport_error: None,
            elapsed_ms: 1.0,
            curl: String::new(),
        }
    }

    #[test]
    fn urls_are_rebased_and_queries_decoded() {
        let r = recorded("http://127.0.0.1:1/base/domains/d%2F1/cases?nextToken=a%20b%2B&x=1");
        let w = wire_request(&r, "http://127.0.0.1:1/base").unwrap();
        assert_eq!(w.path, "/domains/d%2F1/cases");
        assert_eq!(
            w.query,
            [
                ("nextToken".to_string(), "a b+".to_string()),
                ("x".to_string(), "1".to_string())
            ]
        );
        assert_eq!(
            w.headers,
            [("content-type".to_string(), "application/json".to_string())]
        );
        assert_eq!(w.body.as_deref(), Some(&br#"{"maxResults":1}"#[..]));
    }

    #[test]
    fn a_url_outside_the_base_keeps_its_path() {
        let r = recorded("http://other:9/domains/x");
        let w = wire_request(&r, "http://127.0.0.1:1").unwrap();
        assert_eq!(w.path, "/domains/x");
        assert!(w.query.is_empty());
    }
}
