//! A hostile Connect Cases target for whole-run tests (`tests/hostile_targets.rs`).
//!
//! A raw HTTP/1.1 front on 127.0.0.1:0, written by hand so it can break the protocol at the
//! byte level (trickle, truncate, reset). Every request is read in full; requests whose path
//! ends with a hostile suffix (by default only `SearchRelatedItems`, `/related-items-search`)
//! get that suffix's [`Behaviour`]; everything else is forwarded to a real reference mock, so
//! a run's set-up, creates and other reads succeed and the run gets as far as it can. The
//! front also keeps the signatures and session tokens it was sent, so a test can look for
//! them in what the harness wrote.
//!
//! Each hostile answer is bounded in what it costs this process: the gigabyte body is
//! streamed in 64 KiB blocks and stops as soon as the client goes away, and a held
//! connection is just a sleeping task.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The path suffix of `SearchRelatedItems`, the default hostile operation.
pub const SEARCH: &str = "/related-items-search";

/// The path suffix of `GetCaseAuditEvents`.
pub const AUDIT: &str = "/audit-history";

/// The path suffix of `CreateRelatedItem` (its model URI ends in a slash).
pub const CREATE: &str = "/related-items/";

/// What the target does to every request of a hostile operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// Reads the request and never answers (the connection stays open).
    NeverAnswers,
    /// A valid response, written one byte a second.
    OneByteASecond,
    /// A chunked 200 whose body would be 1 GiB, streamed until the client hangs up.
    GigabyteBody,
    /// A 200 `application/json` whose body is cut-off JSON.
    InvalidJson,
    /// A 200 `application/json` whose body holds bytes that are not UTF-8.
    InvalidUtf8,
    /// A chunked 200 that closes after one chunk, without the terminating zero chunk.
    TruncatedChunked,
    /// A 200 declaring 1,000 bytes that sends 100 and then resets the connection (RST).
    ResetMidBody,
    /// A 307 redirecting to the request's own URL, every time.
    RedirectLoop,
    /// A 502 `text/html` error page, as a proxy in front of a dead backend sends.
    HtmlErrorPage,
    /// A 200 whose JSON body is an error (`__type`, `message`), not the operation's output.
    OkWithErrorBody,
    /// Empty pages, each with a new `nextToken`: pagination that never ends.
    EndlessTokens,
    /// Empty pages, each with the same `nextToken`: a walk that would cycle forever.
    SameTokenForever,
    /// Asked for one item (`maxResults: 1`), a page of 50,000 schema-valid items (the model's
    /// maximum is 25) with no token. Only the first such request: judging 8 MB of JSON takes
    /// a second in a debug build, and once shows what the engine does with it. Every other
    /// search is forwarded.
    HugePage,
    /// A 200 whose `relatedItems` is 10,000 nested arrays deep.
    DeepNesting,
    /// Every search, whatever it asks for, answered with the 50,000-item page of
    /// [`Behaviour::HugePage`] (8 MB, under the default 8 MiB body cap): what a run keeps of
    /// answers must stay bounded however many of them come.
    EveryPageHuge,
}

impl Behaviour {
    /// Every behaviour, in the README's robustness table's order.
    pub const ALL: [Behaviour; 15] = [
        Behaviour::NeverAnswers,
        Behaviour::OneByteASecond,
        Behaviour::GigabyteBody,
        Behaviour::InvalidJson,
        Behaviour::InvalidUtf8,
        Behaviour::TruncatedChunked,
        Behaviour::ResetMidBody,
        Behaviour::RedirectLoop,
        Behaviour::HtmlErrorPage,
        Behaviour::OkWithErrorBody,
        Behaviour::EndlessTokens,
        Behaviour::SameTokenForever,
        Behaviour::HugePage,
        Behaviour::DeepNesting,
        Behaviour::EveryPageHuge,
    ];

    /// The kebab-case name (`never-answers`), for command lines.
    pub fn name(self) -> String {
        let debug = format!("{self:?}");
        let mut name = String::new();
        for (i, c) in debug.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                name.push('-');
            }
            name.push(c.to_ascii_lowercase());
        }
        name
    }

    /// The behaviour named `name` (see [`Behaviour::name`]).
    pub fn from_name(name: &str) -> Option<Behaviour> {
        Behaviour::ALL.into_iter().find(|b| b.name() == name)
    }
}

/// The `nextToken` [`Behaviour::SameTokenForever`] hands out.
pub const SAME_TOKEN: &str = "same-token-forever";

/// Items on the [`Behaviour::HugePage`] page.
pub const HUGE_PAGE_ITEMS: usize = 50_000;

/// Nesting depth of the [`Behaviour::DeepNesting`] body.
pub const NESTING_DEPTH: usize = 10_000;

/// Bytes [`Behaviour::GigabyteBody`] would send if the client read them all.
pub const GIGABYTE: u64 = 1 << 30;

/// A running hostile target. Its tasks live in the test's runtime and end with it.
pub struct HostileTarget {
    /// Base URL, `http://127.0.0.1:<port>`.
    pub url: String,
    /// Requests that met a hostile behaviour (by default: `SearchRelatedItems` requests).
    pub hostile_requests: Arc<AtomicU64>,
    /// Body bytes the gigabyte behaviour got the kernel to accept, over all requests.
    pub streamed_bytes: Arc<AtomicU64>,
    /// Requests forwarded to the reference mock.
    pub forwarded: Arc<AtomicU64>,
    /// Every `Signature=` value of an `Authorization` header and every
    /// `X-Amz-Security-Token` received: what must never show up in a report.
    pub secrets_seen: Arc<Mutex<BTreeSet<String>>>,
    accept: tokio::task::JoinHandle<()>,
    _mock: cases_mock::MockServer,
}

impl Drop for HostileTarget {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// Starts a target whose `SearchRelatedItems` has `behaviour`, in the current tokio runtime.
pub async fn spawn(behaviour: Behaviour) -> HostileTarget {
    spawn_with(&[(SEARCH, behaviour)]).await
}

/// Starts a target where requests whose path ends with a rule's suffix get its behaviour.
pub async fn spawn_with(rules: &[(&'static str, Behaviour)]) -> HostileTarget {
    let mock = cases_mock::spawn(cases_mock::MockConfig::default())
        .await
        .expect("the reference mock starts");
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    let state = Arc::new(State {
        rules: rules.to_vec(),
        mock_url: mock.url(),
        forwarder: reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("forwarding client"),
        hostile_requests: Arc::default(),
        streamed_bytes: Arc::default(),
        forwarded: Arc::default(),
        secrets_seen: Arc::default(),
        tokens: AtomicU64::new(0),
        huge_page_served: AtomicBool::new(false),
    });
    let (hostile_requests, streamed_bytes, forwarded, secrets_seen) = (
        state.hostile_requests.clone(),
        state.streamed_bytes.clone(),
        state.forwarded.clone(),
        state.secrets_seen.clone(),
    );
    let accept = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve_connection(stream, state.clone()));
        }
    });
    HostileTarget {
        url,
        hostile_requests,
        streamed_bytes,
        forwarded,
        secrets_seen,
        accept,
        _mock: mock,
    }
}

struct State {
    rules: Vec<(&'static str, Behaviour)>,
    mock_url: String,
    forwarder: reqwest::Client,
    hostile_requests: Arc<AtomicU64>,
    streamed_bytes: Arc<AtomicU64>,
    forwarded: Arc<AtomicU64>,
    secrets_seen: Arc<Mutex<BTreeSet<String>>>,
    tokens: AtomicU64,
    huge_page_served: AtomicBool,
}

/// One parsed request.
struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Whether the connection may carry another request after an answer.
enum Next {
    KeepAlive,
    Close,
}

async fn serve_connection(mut stream: TcpStream, state: Arc<State>) {
    while let Some(request) = read_request(&mut stream).await {
        remember_secrets(&request, &state);
        let path = request.target.split('?').next().unwrap_or_default();
        let rule = state
            .rules
            .iter()
            .find(|(suffix, _)| path.ends_with(suffix));
        let next = if let Some((_, behaviour)) = rule {
            state.hostile_requests.fetch_add(1, Ordering::SeqCst);
            hostile(&mut stream, &request, *behaviour, &state).await
        } else {
            state.forwarded.fetch_add(1, Ordering::SeqCst);
            forward(&mut stream, &request, &state).await
        };
        if matches!(next, Next::Close) {
            return;
        }
    }
}

/// Keeps the signature of a SigV4 `Authorization` header and any session token.
fn remember_secrets(request: &Request, state: &State) {
    let mut seen = state.secrets_seen.lock().expect("secrets lock");
    for (name, value) in &request.headers {
        match name.as_str() {
            "authorization" => {
                if let Some((_, signature)) = value.split_once("Signature=") {
                    seen.insert(signature.trim().to_string());
                }
            }
            "x-amz-security-token" => {
                seen.insert(value.clone());
            }
            _ => {}
        }
    }
}

/// Reads one request: head up to 64 KiB, then a `content-length` body up to 8 MiB. `None`
/// when the peer closed or sent something this server does not parse.
async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut data = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(pos) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        if data.len() > 64 * 1024 {
            return None;
        }
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let (method, target) = (request_line.next()?, request_line.next()?);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map_or(Some(0), |(_, v)| v.parse().ok())?;
    if length > 8 << 20 {
        return None;
    }
    while data.len() < head_end + length {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    }
    Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
        body: data[head_end..head_end + length].to_vec(),
    })
}

/// A complete response with `content-length`.
fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len());
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

const JSON: (&str, &str) = ("content-type", "application/json");

async fn write(stream: &mut TcpStream, bytes: &[u8], next: Next) -> Next {
    match stream.write_all(bytes).await {
        Ok(()) => next,
        Err(_) => Next::Close,
    }
}

/// Passes a request to the reference mock and its answer back, as a plain proxy would.
async fn forward(stream: &mut TcpStream, request: &Request, state: &State) -> Next {
    let skip = ["host", "content-length", "connection", "transfer-encoding"];
    let Ok(method) = request.method.parse() else {
        return Next::Close;
    };
    let mut builder = state
        .forwarder
        .request(method, format!("{}{}", state.mock_url, request.target));
    for (name, value) in request
        .headers
        .iter()
        .filter(|(n, _)| !skip.contains(&n.as_str()))
    {
        builder = builder.header(name, value);
    }
    let Ok(answer) = builder.body(request.body.clone()).send().await else {
        return Next::Close;
    };
    let status = answer.status();
    let headers: Vec<(String, String)> = answer
        .headers()
        .iter()
        .filter(|(n, _)| !skip.contains(&n.as_str()))
        .map(|(n, v)| {
            (
                n.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let Ok(body) = answer.bytes().await else {
        return Next::Close;
    };
    let header_refs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let status_line = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Unknown")
    );
    write(
        stream,
        &response(&status_line, &header_refs, &body),
        Next::KeepAlive,
    )
    .await
}

async fn hostile(
    stream: &mut TcpStream,
    request: &Request,
    behaviour: Behaviour,
    state: &State,
) -> Next {
    match behaviour {
        Behaviour::NeverAnswers => {
            // Holds the connection; the test's runtime ends the task.
            tokio::time::sleep(Duration::from_secs(3600)).await;
            Next::Close
        }
        Behaviour::OneByteASecond => {
            let bytes = response("200 OK", &[JSON], br#"{"relatedItems":[]}"#);
            for byte in bytes {
                if stream.write_all(&[byte]).await.is_err() {
                    break;
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Next::Close
        }
        Behaviour::GigabyteBody => {
            stream_gigabyte(stream, &state.streamed_bytes).await;
            Next::Close
        }
        Behaviour::InvalidJson => {
            let body = br#"{"relatedItems":[{"relatedItemId":"r1","type":"Comment","#;
            write(stream, &response("200 OK", &[JSON], body), Next::KeepAlive).await
        }
        Behaviour::InvalidUtf8 => {
            let body = b"{\"relatedItems\":[],\"nextToken\":\"\xff\xfe\xc3\x28\"}";
            write(stream, &response("200 OK", &[JSON], body), Next::KeepAlive).await
        }
        Behaviour::TruncatedChunked => {
            let bytes = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                          transfer-encoding: chunked\r\n\r\n10\r\n{\"relatedItems\":\r\n";
            let _ = stream.write_all(bytes).await;
            let _ = stream.shutdown().await;
            Next::Close
        }
        Behaviour::ResetMidBody => {
            let mut bytes =
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n"
                    .to_vec();
            bytes.extend_from_slice(&[b' '; 100]);
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            tokio::time::sleep(Duration::from_millis(5)).await;
            // SO_LINGER 0: closing sends RST instead of FIN.
            let _ = stream.set_zero_linger();
            Next::Close
        }
        Behaviour::RedirectLoop => {
            let headers = [("location", request.target.as_str())];
            write(
                stream,
                &response("307 Temporary Redirect", &headers, b""),
                Next::KeepAlive,
            )
            .await
        }
        Behaviour::HtmlErrorPage => {
            let body = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>\
                         <body><h1>502 Bad Gateway</h1><hr><p>nginx</p></body></html>";
            let headers = [("content-type", "text/html; charset=utf-8")];
            write(
                stream,
                &response("502 Bad Gateway", &headers, body),
                Next::KeepAlive,
            )
            .await
        }
        Behaviour::OkWithErrorBody => {
            let body = br#"{"__type":"com.amazonaws.connectcases#InternalServerException","message":"backend unavailable, please retry"}"#;
            write(stream, &response("200 OK", &[JSON], body), Next::KeepAlive).await
        }
        Behaviour::EndlessTokens => {
            let n = state.tokens.fetch_add(1, Ordering::SeqCst);
            let body = format!(r#"{{"relatedItems":[],"nextToken":"endless-{n}"}}"#);
            write(
                stream,
                &response("200 OK", &[JSON], body.as_bytes()),
                Next::KeepAlive,
            )
            .await
        }
        Behaviour::SameTokenForever => {
            let body = format!(r#"{{"relatedItems":[],"nextToken":"{SAME_TOKEN}"}}"#);
            write(
                stream,
                &response("200 OK", &[JSON], body.as_bytes()),
                Next::KeepAlive,
            )
            .await
        }
        Behaviour::HugePage => {
            let asks_for_one = serde_json::from_slice::<serde_json::Value>(&request.body)
                .is_ok_and(|b| b["maxResults"] == 1);
            if !asks_for_one || state.huge_page_served.swap(true, Ordering::SeqCst) {
                return forward(stream, request, state).await;
            }
            write(
                stream,
                &response("200 OK", &[JSON], huge_page()),
                Next::KeepAlive,
            )
            .await
        }
        Behaviour::EveryPageHuge => {
            write(
                stream,
                &response("200 OK", &[JSON], huge_page()),
                Next::KeepAlive,
            )
            .await
        }
        Behaviour::DeepNesting => {
            let body = format!(
                r#"{{"relatedItems":{}{}}}"#,
                "[".repeat(NESTING_DEPTH),
                "]".repeat(NESTING_DEPTH)
            );
            write(
                stream,
                &response("200 OK", &[JSON], body.as_bytes()),
                Next::KeepAlive,
            )
            .await
        }
    }
}

/// A chunked body of [`GIGABYTE`] spaces in 64 KiB chunks, stopping at the first failed
/// write (the client hung up); `streamed` counts what the kernel accepted.
async fn stream_gigabyte(stream: &mut TcpStream, streamed: &AtomicU64) {
    let head =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
    if stream.write_all(head).await.is_err() {
        return;
    }
    let block = vec![b' '; 64 * 1024];
    let mut chunk = format!("{:x}\r\n", block.len()).into_bytes();
    chunk.extend_from_slice(&block);
    chunk.extend_from_slice(b"\r\n");
    let mut sent = 0;
    while sent < GIGABYTE {
        if stream.write_all(&chunk).await.is_err() {
            return;
        }
        sent += block.len() as u64;
        streamed.fetch_add(block.len() as u64, Ordering::SeqCst);
    }
}

/// The 50,000-item page, built once: Comment items that each satisfy the response schema.
fn huge_page() -> &'static [u8] {
    static PAGE: OnceLock<Vec<u8>> = OnceLock::new();
    PAGE.get_or_init(|| {
        let items: Vec<serde_json::Value> = (0..HUGE_PAGE_ITEMS)
            .map(|n| {
                serde_json::json!({
                    "relatedItemId": format!("huge-{n:05}"),
                    "type": "Comment",
                    "associationTime": "2024-05-03T12:00:00.000Z",
                    "content": { "comment": { "body": "x", "contentType": "Text/Plain" } },
                    "tags": {}
                })
            })
            .collect();
        serde_json::to_vec(&serde_json::json!({ "relatedItems": items })).expect("serializes")
    })
}
