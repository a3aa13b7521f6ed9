//! Serializable, redacted records of exchanges and failures: what reports quote.

use serde::Serialize;
use serde_json::Value;

use crate::checks::Severity;
use crate::client::Exchange;

/// Bytes of a response body kept in a report; longer bodies are cut (with a marker).
pub const REPORT_BODY_LIMIT: usize = 64 * 1024;

/// One exchange as a report shows it: secrets redacted, bodies as text, bounded in size.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ExchangeRecord {
    /// The operation the request was meant for.
    pub operation: String,
    /// HTTP method.
    pub method: String,
    /// Full URL.
    pub url: String,
    /// Request headers, `Authorization` and session tokens redacted.
    pub request_headers: Vec<(String, String)>,
    /// Request body as text, when there was one.
    pub request_body: Option<String>,
    /// Response status, when a response came.
    pub status: Option<u16>,
    /// Response headers.
    pub response_headers: Vec<(String, String)>,
    /// Response body as text (cut at [`REPORT_BODY_LIMIT`]).
    pub response_body: Option<String>,
    /// Why no response came, when none did.
    pub transport_error: Option<String>,
    /// Milliseconds from start to outcome.
    pub elapsed_ms: f64,
    /// A `curl` line replaying the request (credentials redacted).
    pub curl: String,
}

impl ExchangeRecord {
    /// Records an exchange for `operation`.
    pub fn new(operation: &str, exchange: &Exchange) -> Self {
        let request = exchange.request.redacted();
        let (status, response_headers, response_body) = match exchange.response() {
            Some(r) => (
                Some(r.status),
                r.headers.clone(),
                Some(bounded_text_of(&r.body, exchange.body_cut)),
            ),
            None => (None, Vec::new(), None),
        };
        ExchangeRecord {
            operation: operation.to_string(),
            method: request.method.to_string(),
            url: request.url.clone(),
            request_headers: request.headers.clone(),
            request_body: request.body.as_deref().map(bounded_text),
            status,
            response_headers,
            response_body,
            transport_error: exchange.error().map(ToString::to_string),
            elapsed_ms: exchange.elapsed.as_secs_f64() * 1000.0,
            curl: exchange.curl_command(),
        }
    }
}

fn bounded_text(bytes: &[u8]) -> String {
    bounded_text_of(bytes, 0)
}

/// [`bounded_text`] of a body whose last `already_cut` bytes were dropped after judging
/// ([`Exchange::retain`]).
fn bounded_text_of(bytes: &[u8], already_cut: usize) -> String {
    let kept = bytes.len().min(REPORT_BODY_LIMIT);
    let cut = bytes.len() - kept + already_cut;
    if cut == 0 {
        String::from_utf8_lossy(bytes).into_owned()
    } else {
        format!(
            "{}… [{cut} more bytes cut]",
            String::from_utf8_lossy(&bytes[..kept]),
        )
    }
}

/// One failed check, with everything needed to understand and replay it.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Failure {
    /// Run-unique id (`F0001`), used by `harness replay`.
    pub id: String,
    /// The check that failed.
    pub check: String,
    /// Its severity in this run.
    pub severity: Severity,
    /// The operation it concerns.
    pub operation: String,
    /// Which case found it: `generated valid`, `mutation`, `roundtrip`, a walk, a scenario…
    pub case: String,
    /// The named mutation of an invalid request, when the case was one.
    pub mutation: Option<String>,
    /// What went wrong, in one or two sentences.
    pub message: String,
    /// What the check expected (JSON, canonical form is applied by the report writers).
    pub expected: Value,
    /// What the target did.
    pub actual: Value,
    /// The request envelope (after shrinking) that shows it, when the case was generated.
    pub request: Option<Value>,
    /// How many shrink steps reduced the original request, when it was shrunk.
    pub shrink_steps: Option<u32>,
    /// The exchanges that show it, in order (the last is usually the decisive one).
    pub exchanges: Vec<ExchangeRecord>,
    /// The run's set-up steps ([`SetupStep::id`]) that make what these exchanges name, in an
    /// order to send them in; filled in at the end of the run ([`super::provenance`]).
    #[serde(default)]
    pub setup: Vec<String>,
}

/// One request that made a resource a failure's requests name (directly, or through another
/// step): what `harness replay` sends before the failure's own requests, so that they meet
/// the resources they name instead of a 404 ([`super::provenance`]).
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct SetupStep {
    /// Run-unique id (`S1`), in the order the resources were made.
    pub id: String,
    /// The producing operation (`CreateCase`).
    pub operation: String,
    /// The request envelope (`uri`, `query`, `headers`, `body`) as the run sent it.
    pub request: Value,
    /// The body sent as raw text instead of the envelope's, when it was.
    pub raw_body: Option<String>,
    /// What it made, by member: its id and ARN (`caseId`, `caseArn`) as the run's target
    /// answered them.
    pub produces: std::collections::BTreeMap<String, String>,
    /// The steps whose resources its own request names (a case's domain and template).
    pub needs: Vec<String>,
    /// The exchange as the run saw it.
    pub exchange: ExchangeRecord,
}
