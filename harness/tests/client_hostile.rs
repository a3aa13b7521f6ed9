//! The target client against hand-written hostile HTTP servers on 127.0.0.1: every misbehaviour
//! must end in a specific, bounded outcome, never a hang, panic or unbounded buffer.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use harness::client::{
    ClientConfig, Exchange, Proxies, SendOptions, SigningConfig, SigningMode, TargetClient,
    TransportError, WireRequest, encode_path_label,
};
use http::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// The client bound used throughout: short so the whole file runs in a couple of seconds.
const TIMEOUT: Duration = Duration::from_millis(300);
/// Slack for a loaded 2-core machine when asserting an outcome came "within the bound".
const SLACK: Duration = Duration::from_secs(2);

/// Starts a server on 127.0.0.1:0 running `handler` for each accepted connection; returns its
/// base URL and a count of accepted connections.
async fn serve<F, Fut>(handler: F) -> (String, Arc<AtomicUsize>)
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(handler(stream));
        }
    });
    (format!("http://{addr}"), connections)
}

/// Reads one request (head and `content-length` body); `None` when the peer closed.
async fn read_request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map_or(0, |v| v.trim().parse().unwrap());
    while data.len() < head_end + length {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    }
    Some(data)
}

/// A server that answers every request with the same raw bytes and then closes.
async fn serve_raw(response: Vec<u8>) -> String {
    let response = Arc::new(response);
    serve(move |mut stream| {
        let response = response.clone();
        async move {
            if read_request(&mut stream).await.is_some() {
                let _ = stream.write_all(&response).await;
                let _ = stream.shutdown().await;
            }
        }
    })
    .await
    .0
}

fn client(endpoint: &str) -> TargetClient {
    TargetClient::new(
        ClientConfig::new(endpoint)
            .with_proxies(Proxies::none())
            .with_timeout(TIMEOUT),
    )
    .unwrap()
}

fn get() -> WireRequest {
    WireRequest::new("ListDomains", Method::POST, "/domains-list").with_body("{}")
}

/// Sends with an outer guard, so a client bug fails the test instead of hanging it.
async fn send(client: &TargetClient, request: &WireRequest) -> Exchange {
    send_with(client, request, SendOptions::default()).await
}

async fn send_with(client: &TargetClient, request: &WireRequest, options: SendOptions) -> Exchange {
    let started = Instant::now();
    let exchange =
        tokio::time::timeout(Duration::from_secs(10), client.send_with(request, options))
            .await
            .expect("the client itself must never hang");
    assert!(
        started.elapsed() < TIMEOUT + SLACK,
        "outcome took {:?}",
        started.elapsed()
    );
    assert!(exchange.elapsed < TIMEOUT + SLACK);
    exchange
}

fn http_response(status: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len());
    for h in headers {
        out.push_str(h);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

fn assert_timeout(exchange: &Exchange) {
    match &exchange.outcome {
        Err(TransportError::Timeout { after }) => assert_eq!(*after, TIMEOUT),
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert!(exchange.elapsed >= TIMEOUT - Duration::from_millis(20));
}

fn assert_protocol(exchange: &Exchange) -> String {
    match &exchange.outcome {
        Err(TransportError::Protocol(message)) => message.clone(),
        other => panic!("expected Protocol, got {other:?}"),
    }
}

#[tokio::test]
async fn never_answering_target_times_out() {
    let (url, _) = serve(|mut stream| async move {
        let _ = read_request(&mut stream).await;
        tokio::time::sleep(Duration::from_secs(3600)).await;
        drop(stream);
    })
    .await;
    let exchange = send(&client(&url), &get()).await;
    assert_timeout(&exchange);
}

#[tokio::test]
async fn accepting_but_never_reading_target_times_out() {
    let (url, _) = serve(|stream| async move {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        drop(stream);
    })
    .await;
    let exchange = send(&client(&url), &get()).await;
    assert_timeout(&exchange);
}

#[tokio::test]
async fn trickled_response_head_times_out() {
    let (url, _) = serve(|mut stream| async move {
        let _ = read_request(&mut stream).await;
        for byte in b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}" {
            if stream.write_all(&[*byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    })
    .await;
    assert_timeout(&send(&client(&url), &get()).await);
}

#[tokio::test]
async fn trickled_body_times_out_even_though_each_byte_is_prompt() {
    // One byte every 50 ms: no read ever waits long, but the whole body never arrives in time.
    let (url, _) = serve(|mut stream| async move {
        let _ = read_request(&mut stream).await;
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n")
            .await;
        loop {
            if stream.write_all(b" ").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    assert_timeout(&send(&client(&url), &get()).await);
}

/// Streams up to `total` bytes of `x` in 64 KiB writes after `head`, stopping when the client
/// goes away; records how much the kernel accepted.
async fn stream_huge(
    mut stream: TcpStream,
    head: &'static [u8],
    chunked: bool,
    written: Arc<AtomicU64>,
) {
    const TOTAL: u64 = 1 << 30;
    let _ = read_request(&mut stream).await;
    if stream.write_all(head).await.is_err() {
        return;
    }
    let block = vec![b'x'; 64 * 1024];
    let mut framed = Vec::new();
    if chunked {
        framed.extend_from_slice(format!("{:x}\r\n", block.len()).as_bytes());
    }
    framed.extend_from_slice(&block);
    if chunked {
        framed.extend_from_slice(b"\r\n");
    }
    let mut sent = 0;
    while sent < TOTAL {
        if stream.write_all(&framed).await.is_err() {
            return;
        }
        sent += block.len() as u64;
        written.store(sent, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn gigabyte_body_with_content_length_is_refused_at_once() {
    let written = Arc::new(AtomicU64::new(0));
    let w = written.clone();
    let (url, _) = serve(move |stream| {
        stream_huge(
            stream,
            b"HTTP/1.1 200 OK\r\ncontent-length: 1073741824\r\n\r\n",
            false,
            w.clone(),
        )
    })
    .await;
    let config = ClientConfig::new(&url)
        .with_proxies(Proxies::none())
        .with_timeout(Duration::from_secs(5))
        .with_max_body_bytes(1024 * 1024);
    let started = Instant::now();
    let exchange = client_send(config, &get()).await;
    assert_eq!(
        exchange.outcome,
        Err(TransportError::BodyTooLarge { limit: 1024 * 1024 })
    );
    assert!(started.elapsed() < SLACK, "{:?}", started.elapsed());
    assert!(written.load(Ordering::SeqCst) < 64 << 20);
}

#[tokio::test]
async fn gigabyte_chunked_stream_stops_at_the_cap() {
    let written = Arc::new(AtomicU64::new(0));
    let w = written.clone();
    let (url, _) = serve(move |stream| {
        stream_huge(
            stream,
            b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n",
            true,
            w.clone(),
        )
    })
    .await;
    let config = ClientConfig::new(&url)
        .with_proxies(Proxies::none())
        .with_timeout(Duration::from_secs(5))
        .with_max_body_bytes(1024 * 1024);
    let started = Instant::now();
    let exchange = client_send(config, &get()).await;
    assert_eq!(
        exchange.outcome,
        Err(TransportError::BodyTooLarge { limit: 1024 * 1024 })
    );
    assert!(started.elapsed() < SLACK, "{:?}", started.elapsed());
    // The client stopped reading at the cap: the server got nowhere near 1 GiB out.
    assert!(written.load(Ordering::SeqCst) < 64 << 20);
}

async fn client_send(config: ClientConfig, request: &WireRequest) -> Exchange {
    let client = TargetClient::new(config).unwrap();
    tokio::time::timeout(Duration::from_secs(10), client.send(request))
        .await
        .expect("the client itself must never hang")
}

#[tokio::test]
async fn body_exactly_at_the_cap_is_accepted() {
    let url = serve_raw(http_response("200 OK", &[], &[b'a'; 1000])).await;
    let config = ClientConfig::new(&url)
        .with_proxies(Proxies::none())
        .with_timeout(TIMEOUT)
        .with_max_body_bytes(1000);
    let exchange = client_send(config.clone(), &get()).await;
    assert_eq!(exchange.response().unwrap().body.len(), 1000);
    let exchange = client_send(config.with_max_body_bytes(999), &get()).await;
    assert_eq!(
        exchange.outcome,
        Err(TransportError::BodyTooLarge { limit: 999 })
    );
}

#[tokio::test]
async fn invalid_json_is_captured_and_json_errs() {
    let url = serve_raw(http_response(
        "200 OK",
        &["content-type: application/json"],
        br#"{"domainId": "#,
    ))
    .await;
    let exchange = send(&client(&url), &get()).await;
    let response = exchange.response().expect("response captured");
    assert_eq!(response.status, 200);
    assert_eq!(response.header("Content-Type"), Some("application/json"));
    assert_eq!(response.body, br#"{"domainId": "#);
    assert!(response.json().is_err());
}

#[tokio::test]
async fn invalid_utf8_body_and_header_are_captured_and_json_errs() {
    let body = b"{\"a\":\"\xff\xfe\xfd\"}  ";
    let mut raw = format!(
        "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nx-odd: caf",
        body.len()
    )
    .into_bytes();
    raw.extend_from_slice(b"\xe9\r\n\r\n");
    raw.extend_from_slice(body);
    let url = serve_raw(raw).await;
    let exchange = send(&client(&url), &get()).await;
    let response = exchange
        .response()
        .unwrap_or_else(|| panic!("{exchange:?}"));
    assert_eq!(response.body, b"{\"a\":\"\xff\xfe\xfd\"}  ");
    assert!(response.json().is_err());
    assert!(response.body_text_lossy().contains('\u{fffd}'));
    assert_eq!(response.header("x-odd"), Some("caf\u{fffd}"));
}

#[tokio::test]
async fn deeply_nested_json_errs_without_stack_overflow() {
    let body = "[".repeat(10_000) + &"]".repeat(10_000);
    let url = serve_raw(http_response("200 OK", &[], body.as_bytes())).await;
    let exchange = send(&client(&url), &get()).await;
    let response = exchange.response().expect("response captured");
    assert_eq!(response.body.len(), 20_000);
    let err = response.json().unwrap_err();
    assert!(err.to_string().contains("recursion limit"), "{err}");
}

#[tokio::test]
async fn truncated_chunked_encoding_is_a_protocol_error() {
    let url = serve_raw(
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n64\r\nonly ten.."
            .to_vec(),
    )
    .await;
    assert_protocol(&send(&client(&url), &get()).await);
}

#[tokio::test]
async fn body_shorter_than_content_length_is_a_protocol_error() {
    let url = serve_raw(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nonly ten..".to_vec()).await;
    assert_protocol(&send(&client(&url), &get()).await);
}

#[tokio::test]
async fn connection_reset_mid_body_is_a_protocol_error() {
    let (url, _) = serve(|mut stream| async move {
        let _ = read_request(&mut stream).await;
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"partial\":")
            .await;
        let _ = stream.flush().await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        // SO_LINGER 0: closing sends RST instead of FIN.
        stream.set_zero_linger().unwrap();
        drop(stream);
    })
    .await;
    let message = assert_protocol(&send(&client(&url), &get()).await);
    assert!(!message.is_empty());
}

#[tokio::test]
async fn connection_closed_before_any_response_is_a_protocol_error() {
    let (url, _) = serve(|mut stream| async move {
        let _ = read_request(&mut stream).await;
        drop(stream);
    })
    .await;
    assert_protocol(&send(&client(&url), &get()).await);
}

#[tokio::test]
async fn malformed_and_oversized_response_heads_are_protocol_errors() {
    let url = serve_raw(b"HELLO THERE\r\n\r\n".to_vec()).await;
    assert_protocol(&send(&client(&url), &get()).await);

    let mut huge_head = b"HTTP/1.1 200 OK\r\nx-big: ".to_vec();
    huge_head.extend(std::iter::repeat_n(b'a', 4 << 20));
    huge_head.extend_from_slice(b"\r\ncontent-length: 0\r\n\r\n");
    let url = serve_raw(huge_head).await;
    assert_protocol(&send(&client(&url), &get()).await);
}

#[tokio::test]
async fn redirect_loop_is_captured_not_followed() {
    let (url, connections) = serve(|mut stream| async move {
        while read_request(&mut stream).await.is_some() {
            let response = http_response("302 Found", &["location: /domains-list"], b"");
            if stream.write_all(&response).await.is_err() {
                return;
            }
        }
    })
    .await;
    let exchange = send(&client(&url), &get()).await;
    let response = exchange.response().expect("3xx captured");
    assert_eq!(response.status, 302);
    assert_eq!(response.header("location"), Some("/domains-list"));
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn refused_connection_is_a_connect_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let exchange = send(&client(&format!("http://{addr}")), &get()).await;
    match &exchange.outcome {
        Err(TransportError::Connect(message)) => assert!(!message.is_empty()),
        other => panic!("expected Connect, got {other:?}"),
    }
}

#[tokio::test]
async fn tls_handshake_with_a_plain_http_server_is_a_connect_error() {
    // Answers the ClientHello with plain HTTP.
    let (url, _) = serve(|mut stream| async move {
        let mut buf = [0u8; 1024];
        if stream.read(&mut buf).await.is_ok() {
            let _ = stream
                .write_all(&http_response("400 Bad Request", &[], b""))
                .await;
        }
    })
    .await;
    let https = url.replace("http://", "https://");
    for insecure in [false, true] {
        let config = ClientConfig::new(&https)
            .with_proxies(Proxies::none())
            .with_timeout(TIMEOUT)
            .with_insecure(insecure);
        let exchange = client_send(config, &get()).await;
        match &exchange.outcome {
            Err(TransportError::Connect(message)) => assert!(!message.is_empty()),
            other => panic!("expected Connect, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn invalid_header_is_refused_before_sending() {
    let (url, connections) = serve(|mut stream| async move {
        let _ = read_request(&mut stream).await;
    })
    .await;
    let request = get().with_header("x-bad", "line\r\ninjected: yes");
    let exchange = send(&client(&url), &request).await;
    assert!(matches!(
        exchange.outcome,
        Err(TransportError::InvalidRequest(_))
    ));
    let request = WireRequest::new("X", Method::GET, "/domains/../admin");
    let exchange = send(&client(&url), &request).await;
    assert!(matches!(
        exchange.outcome,
        Err(TransportError::InvalidRequest(_))
    ));
    assert_eq!(connections.load(Ordering::SeqCst), 0);
}

/// A well-behaved server that reports every raw request it receives and answers `200 {}`.
async fn recording_server() -> (String, Arc<AtomicUsize>, mpsc::UnboundedReceiver<Vec<u8>>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let (url, connections) = serve(move |mut stream| {
        let tx = tx.clone();
        async move {
            while let Some(request) = read_request(&mut stream).await {
                let _ = tx.send(request);
                let response = http_response("200 OK", &["content-type: application/json"], b"{}");
                if stream.write_all(&response).await.is_err() {
                    return;
                }
            }
        }
    })
    .await;
    (url, connections, rx)
}

/// Splits a raw request into its request line, lowercase-named headers and body.
fn parse(raw: &[u8]) -> (String, Vec<(String, String)>, Vec<u8>) {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = std::str::from_utf8(&raw[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let line = lines.next().unwrap().to_owned();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.to_ascii_lowercase(), v.trim().to_owned())
        })
        .collect();
    (line, headers, raw[end + 4..].to_vec())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn wire_form_base_path_query_headers_and_keep_alive() {
    let (url, connections, mut rx) = recording_server().await;
    let client = client(&format!("{url}/base/"));
    let request = WireRequest::new(
        "GetCase",
        Method::POST,
        format!(
            "/domains/{}/cases/{}",
            encode_path_label("d/1"),
            encode_path_label("c é")
        ),
    )
    .with_query("nextToken", "a b+c")
    .with_body(r#"{"fields":[]}"#);
    let first = send(&client, &request).await;
    assert_eq!(first.status(), Some(200));
    let second = send(&client, &request).await;
    assert_eq!(second.status(), Some(200));
    assert_eq!(connections.load(Ordering::SeqCst), 1, "connection reused");

    let (line, headers, body) = parse(&rx.recv().await.unwrap());
    assert_eq!(
        line,
        "POST /base/domains/d%2F1/cases/c%20%C3%A9?nextToken=a%20b%2Bc HTTP/1.1"
    );
    assert_eq!(body, br#"{"fields":[]}"#);
    assert_eq!(header(&headers, "content-type"), Some("application/json"));
    assert_eq!(header(&headers, "content-length"), Some("13"));
    assert!(header(&headers, "authorization").is_none());
    // Everything on the wire is in the captured request, and nothing more.
    let captured: Vec<(String, String)> = first
        .request
        .headers
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
        .collect();
    let mut wire = headers.clone();
    let mut expected = captured.clone();
    wire.sort();
    expected.sort();
    assert_eq!(wire, expected);
    assert_eq!(
        first.request.url,
        format!("{url}/base/domains/d%2F1/cases/c%20%C3%A9?nextToken=a%20b%2Bc")
    );
}

fn signed_client(url: &str, token: Option<&str>) -> TargetClient {
    let signing = SigningConfig::from_keys(
        "us-east-1",
        "AKID",
        "SECRETKEYPLANTED",
        token.map(str::to_owned),
    );
    TargetClient::new(
        ClientConfig::new(url)
            .with_proxies(Proxies::none())
            .with_timeout(TIMEOUT)
            .with_signing(signing),
    )
    .unwrap()
}

fn create_domain() -> WireRequest {
    WireRequest::new("CreateDomain", Method::POST, "/domains").with_body(r#"{"name":"d1"}"#)
}

#[tokio::test]
async fn signing_modes_on_the_wire() {
    let (url, _, mut rx) = recording_server().await;
    let client = signed_client(&url, Some("SESSIONTOKENPLANTED"));

    // Configured: SigV4 for us-east-1/cases with date and session token.
    let exchange = send(&client, &create_domain()).await;
    assert_eq!(exchange.status(), Some(200));
    let (_, headers, body) = parse(&rx.recv().await.unwrap());
    let auth = header(&headers, "authorization").expect("signed");
    let date = header(&headers, "x-amz-date").expect("x-amz-date");
    assert_eq!(date.len(), 16, "{date}");
    assert!(date.ends_with('Z') && date.as_bytes()[8] == b'T', "{date}");
    assert!(
        auth.starts_with(&format!(
            "AWS4-HMAC-SHA256 Credential=AKID/{}/us-east-1/cases/aws4_request, SignedHeaders=",
            &date[..8]
        )),
        "{auth}"
    );
    assert!(
        auth.contains("content-type;host;x-amz-date;x-amz-security-token"),
        "{auth}"
    );
    assert!(auth.contains(", Signature="), "{auth}");
    assert_eq!(
        header(&headers, "x-amz-security-token"),
        Some("SESSIONTOKENPLANTED")
    );
    assert_eq!(body, br#"{"name":"d1"}"#);
    // Reports never see the secrets.
    for text in [exchange.curl_command(), format!("{exchange:?}")] {
        assert!(!text.contains("SESSIONTOKENPLANTED"), "{text}");
        assert!(!text.contains("SECRETKEYPLANTED"), "{text}");
        assert!(!text.contains("Signature="), "{text}");
    }

    // Unsigned even though signing is configured.
    let exchange = send_with(&client, &create_domain(), SendOptions::unsigned()).await;
    assert_eq!(exchange.status(), Some(200));
    let (_, headers, _) = parse(&rx.recv().await.unwrap());
    assert!(header(&headers, "authorization").is_none());
    assert!(header(&headers, "x-amz-date").is_none());
    assert!(header(&headers, "x-amz-security-token").is_none());

    // Another region and signing name.
    let options = SendOptions::signed_for("eu-west-1", "s3");
    send_with(&client, &create_domain(), options).await;
    let (_, headers, _) = parse(&rx.recv().await.unwrap());
    let auth = header(&headers, "authorization").unwrap();
    assert!(auth.contains("/eu-west-1/s3/aws4_request"), "{auth}");

    // Other credentials entirely.
    let other = SigningConfig::from_keys("us-east-1", "OTHERKEY", "x", None);
    let options = SendOptions {
        signing: SigningMode::Custom(other),
        ..SendOptions::default()
    };
    send_with(&client, &create_domain(), options).await;
    let (_, headers, _) = parse(&rx.recv().await.unwrap());
    assert!(
        header(&headers, "authorization")
            .unwrap()
            .contains("Credential=OTHERKEY/")
    );
    assert!(header(&headers, "x-amz-security-token").is_none());

    // Tampered body: same signature material, different bytes of the same length.
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let fixed = SendOptions {
        signing_time: Some(time),
        ..SendOptions::default()
    };
    let honest = send_with(&client, &create_domain(), fixed.clone()).await;
    let (_, honest_headers, honest_body) = parse(&rx.recv().await.unwrap());
    let tampered = SendOptions {
        tamper_body_after_signing: true,
        ..fixed
    };
    let exchange = send_with(&client, &create_domain(), tampered).await;
    let (_, headers, body) = parse(&rx.recv().await.unwrap());
    assert_eq!(header(&headers, "x-amz-date"), Some("20231114T221320Z"));
    assert_eq!(
        header(&headers, "authorization"),
        header(&honest_headers, "authorization")
    );
    assert_ne!(body, honest_body);
    assert_eq!(body.len(), honest_body.len());
    serde_json::from_slice::<serde_json::Value>(&body).unwrap();
    assert_eq!(exchange.request.body.as_deref(), Some(&body[..]));
    assert_eq!(honest.request.body.as_deref(), Some(&honest_body[..]));
}

#[tokio::test]
async fn odd_header_values_are_signed_or_refused_never_panic() {
    let (url, _, _rx) = recording_server().await;
    let client = signed_client(&url, None);
    for (name, value) in [
        ("x-custom", "caf\u{e9}"),
        ("x-empty", ""),
        ("x-spaces", "  a   b  "),
    ] {
        let request = create_domain().with_header(name, value);
        let exchange = send(&client, &request).await;
        assert!(
            matches!(
                exchange.outcome,
                Ok(_) | Err(TransportError::InvalidRequest(_))
            ),
            "{name}: {exchange:?}"
        );
    }
}

#[tokio::test]
async fn override_without_configured_signing_is_an_invalid_request() {
    let (url, _, _rx) = recording_server().await;
    let exchange = send_with(
        &client(&url),
        &create_domain(),
        SendOptions::signed_for("us-east-1", "cases"),
    )
    .await;
    assert!(matches!(
        exchange.outcome,
        Err(TransportError::InvalidRequest(_))
    ));
}

#[test]
fn bad_endpoints_are_rejected_at_construction() {
    for endpoint in [
        "not a url",
        "ftp://h",
        "http://h/?q=1",
        "http://h/#f",
        "/relative",
    ] {
        assert!(
            TargetClient::new(ClientConfig::new(endpoint)).is_err(),
            "{endpoint}"
        );
    }
}

/// Answers each request on a connection with `200 {}` and `extra_headers`, then, when
/// `close_after` is set, closes the connection that long after its first answer.
async fn keep_alive_server(
    extra_headers: &'static [&'static str],
    close_after: Option<Duration>,
) -> (String, Arc<AtomicUsize>) {
    serve(move |mut stream| async move {
        let mut answered = false;
        loop {
            let request = match (answered, close_after) {
                (true, Some(delay)) => {
                    match tokio::time::timeout(delay, read_request(&mut stream)).await {
                        Ok(request) => request,
                        Err(_) => return, // idle past the server's keep-alive: close
                    }
                }
                _ => read_request(&mut stream).await,
            };
            if request.is_none() {
                return;
            }
            let answer = http_response("200 OK", extra_headers, b"{}");
            if stream.write_all(&answer).await.is_err() {
                return;
            }
            answered = true;
        }
    })
    .await
}

#[tokio::test]
async fn connection_closed_by_the_target_while_idle_is_not_reused() {
    let (url, connections) = keep_alive_server(&[], Some(Duration::from_millis(50))).await;
    let client = client(&url);
    for round in 1..=3 {
        let exchange = send(&client, &get()).await;
        assert_eq!(exchange.status(), Some(200), "round {round}: {exchange:?}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    assert_eq!(
        connections.load(Ordering::SeqCst),
        3,
        "a fresh connection each time"
    );
}

#[tokio::test]
async fn connection_close_answer_is_not_reused() {
    let (url, connections) = keep_alive_server(&["connection: close"], None).await;
    let client = client(&url);
    for _ in 0..3 {
        assert_eq!(send(&client, &get()).await.status(), Some(200));
    }
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn concurrent_exchanges_share_a_bounded_set_of_connections() {
    let (url, connections) = keep_alive_server(&[], None).await;
    let client = client(&url);
    for _ in 0..5 {
        let batch: Vec<_> = (0..8)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move { send(&client, &get()).await.status() })
            })
            .collect();
        for handle in batch {
            assert_eq!(handle.await.unwrap(), Some(200));
        }
    }
    // At most one connection per exchange in flight, reused across the five rounds.
    let opened = connections.load(Ordering::SeqCst);
    assert!(
        (1..=8).contains(&opened),
        "{opened} connections for 40 exchanges"
    );
}
