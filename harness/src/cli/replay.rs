//! `harness replay`: re-sends the recorded request(s) of one failure from a `report.json` and
//! shows the new response next to the recorded one, so a developer can check a fix or a
//! vendor can reproduce a finding without rerunning the whole suite.
//!
//! The target is `--target`, else the run's target, else (when the run used the embedded mock)
//! a fresh embedded mock with the run's release and faults. A failure's requests name the run's
//! domain, case, fields or related items, which exist only on the run's target and only until
//! its clean-up: sent as recorded to a fresh mock they get 404, which shows nothing of the
//! failure. So the failure's set-up steps (the run's requests that made what its requests name,
//! transitively: `report.setup`, listed by id in the failure's `setup`; see
//! `engine::provenance`) are sent first, and every later request is rebased onto the ids the
//! target answered with: a [`Redactor`] follows the recorded answers and another the replayed
//! ones, as the parity suite does, so a value of the run becomes the value the replay target
//! answered at the same place (the failure's own exchanges teach them too: a page's
//! `nextToken`). A set-up step that fails is shown with its answer and the replay goes on, its
//! ids sent as recorded, so the reader sees why what follows fails. On any target but a fresh
//! embedded mock (discarded afterwards) what the set-up made is deleted at the end, as a run's
//! clean-up does, unless `--keep`. `--no-setup` sends the requests as recorded, as before reports
//! carried set-up.
//!
//! The method, path, query, headers (minus signing and framing headers, which the client redoes)
//! and body are sent as recorded but for the rebased ids. The diff compares status, error type,
//! content type and body, with ids, times and tokens redacted (see `report::diff`).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use http::Method;
use percent_encoding::percent_decode_str;
use serde_json::Value;

use crate::client::{
    Exchange, Proxies, SigningConfig, WireRequest, credentials_from_default_chain,
    encode_path_label,
};
use crate::engine::parity::redact::Redactor;
use crate::engine::session::Session;
use crate::engine::{Progress, RunConfig, cleanup};
use crate::model::Release;
use crate::report::console::Paint;
use crate::report::{FailureReport, RecordedExchange, Report, SetupStep, diff, json};

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
    /// Send the failure's requests exactly as recorded: no set-up steps, no ids rebased (on a
    /// fresh embedded mock, requests naming the run's resources then get 404).
    #[arg(long)]
    pub no_setup: bool,
    /// Keep what the set-up steps made on the target instead of deleting it afterwards.
    #[arg(long)]
    pub keep: bool,
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
    runtime.block_on(replay(&args, &report, failure, paint))?;
    Ok(ExitCode::SUCCESS)
}

/// The recorded and the replayed target's values, learned in the same order: what rebases a
/// request of the run onto the replay target (a replay with `--no-setup` has none: it sends
/// the requests as recorded).
struct Rebase {
    recorded: Redactor,
    live: Redactor,
}

impl Rebase {
    fn text(&self, text: &str) -> String {
        self.recorded.translate_text(&self.live, text)
    }

    /// A recorded body rebased: as JSON when it is JSON the harness wrote (so an id shorter than
    /// the redactor replaces inside text is rebased too), else as text, byte for byte otherwise.
    fn body(&self, body: &str) -> String {
        if let Ok(json) = serde_json::from_str::<Value>(body)
            && serde_json::to_string(&json).is_ok_and(|again| again == body)
        {
            return serde_json::to_string(&self.recorded.translate(&self.live, &json))
                .unwrap_or_else(|_| self.text(body));
        }
        self.text(body)
    }

    /// Learns one step of the flow: what the run's target answered, and the replay target's.
    fn learn(&mut self, recorded: &Value, live: &Value) {
        self.recorded.answer(recorded);
        self.live.answer(live);
    }
}

async fn replay(
    args: &ReplayArgs,
    report: &Report,
    failure: &FailureReport,
    paint: Paint,
) -> anyhow::Result<()> {
    let steps = if args.no_setup {
        Vec::new()
    } else {
        report.setup_of(failure)
    };
    let mut mock = None;
    let target = match (&args.target, report.meta.embedded_mock) {
        (Some(url), _) => url.clone(),
        (None, true) => {
            let server = crate::embedded::start_as_recorded(
                report.meta.mock_release.as_deref(),
                &report.meta.mock_faults,
            )
            .await?;
            let why = if args.no_setup {
                "requests naming the run's domain or case may get 404 (--no-setup)".to_string()
            } else if steps.is_empty() {
                "the failure names no resource whose making the report kept, so its requests \
                 are sent as recorded"
                    .to_string()
            } else {
                format!(
                    "the {} set-up step(s) that made what the failure's requests name are sent \
                     first, and the requests rebased onto the ids they answer with",
                    steps.len()
                )
            };
            println!(
                "{}",
                paint.warn(&format!(
                    "note: the run used the embedded mock; replaying against a fresh one, whose \
                     ids differ from the run's: {why}"
                ))
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
    if !args.no_setup && steps.len() < failure.setup.len() {
        println!(
            "{}",
            paint.warn(&format!(
                "note: the report lacks set-up step(s) {} that {} names; they are not sent",
                failure
                    .setup
                    .iter()
                    .filter(|id| !report.setup.iter().any(|s| &s.id == *id))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
                failure.id
            ))
        );
    }
    let release: Release = report
        .meta
        .release
        .parse()
        .map_err(|e| anyhow::anyhow!("the report's release {:?}: {e}", report.meta.release))?;
    let mut config = RunConfig {
        release,
        target: target.clone(),
        timeout: Duration::from_millis(args.timeout_ms),
        insecure: args.insecure,
        ca_bundle: args.ca_bundle.clone(),
        proxies: mock.is_some().then(Proxies::none),
        keep: args.keep,
        ..RunConfig::default()
    };
    if args.sign {
        let credentials = credentials_from_default_chain(args.profile.as_deref()).await?;
        config.signing = Some(SigningConfig::new(args.region.clone(), credentials));
    }
    let session = crate::engine::open_session(&config, &Progress::default())?;
    let mut rebase = (!args.no_setup).then(|| Rebase {
        recorded: Redactor::new(),
        live: Redactor::new(),
    });
    if let Some(rebase) = rebase.as_mut().filter(|_| !steps.is_empty()) {
        println!(
            "set-up: {} request(s) of the run that made what the failure's requests name, against {target}",
            steps.len()
        );
        let failed = set_up(&session, &steps, rebase, paint).await;
        if failed > 0 {
            println!(
                "{}",
                paint.warn(&format!(
                    "note: {failed} set-up step(s) failed; replaying anyway, with the run's ids where they made nothing"
                ))
            );
        }
    }
    let exchanges = &failure.exchanges;
    println!(
        "\nreplaying {} request(s) against {target}",
        exchanges.len()
    );
    for (i, recorded) in exchanges.iter().enumerate() {
        let request = match &rebase {
            Some(rebase) => rebased_request(recorded, &report.meta.target, rebase)?,
            None => wire_request(recorded, &report.meta.target)?,
        };
        println!(
            "\n[{}/{}] {} {}{}",
            i + 1,
            exchanges.len(),
            recorded.method,
            request.path,
            query_suffix(&request)
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
        let exchange = session.client.send(&request).await;
        // A recorded answer that is not JSON (or was cut in the report) teaches neither side,
        // so the placeholders of later requests stay in step.
        let recorded_answer = body_json(recorded.response_body.as_deref());
        if let Some(rebase) = rebase.as_mut().filter(|_| !recorded_answer.is_null()) {
            rebase.learn(&recorded_answer, &answer_json(&exchange));
        }
        show(recorded, &exchange, rebase.as_ref(), paint);
    }
    if !args.no_setup && !steps.is_empty() {
        match (&mock, args.keep) {
            (Some(_), _) => {}
            (None, true) => println!(
                "\n{}",
                paint.warn("note: what the set-up made stays on the target (--keep)")
            ),
            (None, false) => {
                let cleaned = cleanup::clean(&session).await;
                let deleted: Vec<String> = cleaned
                    .kinds
                    .iter()
                    .filter(|k| k.deleted + k.with_parent > 0)
                    .map(|k| format!("{} {}", k.deleted + k.with_parent, k.kind))
                    .collect();
                println!(
                    "\nclean-up: deleted what the set-up made ({})",
                    if deleted.is_empty() {
                        "nothing".to_string()
                    } else {
                        deleted.join(", ")
                    }
                );
                for note in cleanup::notes(&cleaned) {
                    println!("{}", paint.warn(&format!("note: {note}")));
                }
            }
        }
    }
    if let Some(server) = mock {
        server.shutdown().await;
    }
    Ok(())
}

/// Sends the set-up steps in order, each rebased onto what the earlier ones made, and prints
/// each outcome; returns how many failed. A failed step teaches the run's own values, so the
/// placeholders of later steps stay in step and their requests name the run's ids.
async fn set_up(
    session: &Session,
    steps: &[&SetupStep],
    rebase: &mut Rebase,
    paint: Paint,
) -> usize {
    let mut failed = 0;
    for step in steps {
        let envelope = rebase.recorded.translate(&rebase.live, &step.request);
        let raw = step
            .raw_body
            .as_deref()
            .map(|t| rebase.text(t).into_bytes());
        let recorded = body_json(step.exchange.response_body.as_deref());
        let success = session
            .model
            .operation(&step.operation)
            .map_or(200, |op| op.http.response_code);
        let line = format!("  {} {}", step.id, step.operation);
        match session
            .send(&step.operation, &envelope, raw.as_deref())
            .await
        {
            Ok(exchange) if exchange.status() == Some(success) => {
                rebase.learn(&recorded, &answer_json(&exchange));
                let made: Vec<String> = step
                    .produces
                    .iter()
                    .filter(|(member, _)| member.ends_with("Id"))
                    .map(|(member, value)| format!("{member} {}", rebase.text(value)))
                    .collect();
                println!(
                    "{}",
                    paint.pass(&format!("{line}: {success}, made {}", made.join(", ")))
                );
            }
            outcome => {
                failed += 1;
                rebase.learn(&recorded, &recorded);
                let what = match &outcome {
                    Ok(exchange) => {
                        let observed = crate::engine::judge::observed(exchange);
                        format!(
                            "answered {} (the run got {}): {}",
                            exchange
                                .status()
                                .map_or_else(|| "nothing".into(), |s| s.to_string()),
                            step.exchange
                                .status
                                .map_or_else(|| "nothing".into(), |s| s.to_string()),
                            observed
                        )
                    }
                    Err(not_sent) => format!("not sent: {}", not_sent.reason),
                };
                println!("{}", paint.fail(&format!("{line} FAILED: {what}")));
            }
        }
    }
    failed
}

/// An answer's body as JSON (`null` when there is none or it is not JSON: nothing to learn).
fn answer_json(exchange: &Exchange) -> Value {
    exchange
        .response()
        .and_then(|r| serde_json::from_slice(&r.body).ok())
        .unwrap_or(Value::Null)
}

/// A recorded body as JSON, as [`answer_json`] reads a live one.
fn body_json(body: Option<&str>) -> Value {
    body.and_then(|b| serde_json::from_str(b).ok())
        .unwrap_or(Value::Null)
}

/// Prints the replayed answer next to the recorded one, and their diff. When the requests were
/// rebased, each side's values are first put back into placeholders by the redactor that
/// learned them: the replay target's ids differ from the run's by design, and what is left to
/// see is an id in another place (an answer naming another case than the request's).
fn show(recorded: &RecordedExchange, exchange: &Exchange, rebase: Option<&Rebase>, paint: Paint) {
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
    let replayed_view = diff::response_view(status, &headers, body.as_deref(), error.as_deref());
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
    let (old, new) = match rebase {
        Some(rebase) => (
            rebase.recorded.redact(&recorded_view),
            rebase.live.redact(&replayed_view),
        ),
        None => (recorded_view, replayed_view.clone()),
    };
    let d = diff::labelled_json_diff("recorded", "replayed", &old, &new);
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

/// [`wire_request`] with every value of the run rebased onto the replay target's: path
/// segments decoded first (an ARN label is percent-encoded) and encoded again when they
/// change, query values, header values and the body.
fn rebased_request(
    recorded: &RecordedExchange,
    base: &str,
    rebase: &Rebase,
) -> anyhow::Result<WireRequest> {
    let mut request = wire_request(recorded, base)?;
    request.path = request
        .path
        .split('/')
        .map(|segment| {
            let decoded = percent_decode_str(segment).decode_utf8_lossy();
            let rebased = rebase.text(&decoded);
            if rebased == decoded {
                segment.to_string()
            } else {
                encode_path_label(&rebased)
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    for (_, value) in request.query.iter_mut().chain(request.headers.iter_mut()) {
        *value = rebase.text(value);
    }
    if let Some(body) = &recorded.request_body {
        request.body = Some(rebase.body(body).into_bytes());
    }
    Ok(request)
}

fn query_suffix(request: &WireRequest) -> String {
    if request.query.is_empty() {
        return String::new();
    }
    let pairs: Vec<String> = request
        .query
        .iter()
        .map(|(n, v)| {
            format!(
                "{}={}",
                crate::client::encode_query_component(n),
                crate::client::encode_query_component(v)
            )
        })
        .collect();
    format!("?{}", pairs.join("&"))
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
