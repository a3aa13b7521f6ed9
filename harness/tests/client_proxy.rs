//! The target client through proxies, as users have them (`HTTPS_PROXY`, `HTTP_PROXY`,
//! `NO_PROXY`), and with a private CA bundle, against servers on 127.0.0.1 the tests start:
//! a plain-HTTP target is reached through a forward proxy with absolute-form requests and the
//! proxy's credentials; an HTTPS target through a `CONNECT` tunnel with TLS end to end, the
//! target's certificate verified against the bundle; a refused tunnel is a connect error
//! quoting the proxy; `NO_PROXY` sends a target direct.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use harness::client::{ClientConfig, Proxies, Proxy, TargetClient, TransportError, WireRequest};
use http::Method;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tls-ca");

const ANSWER: &[u8] =
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";

/// Reads one request or `CONNECT` head (to the blank line) from `stream`.
async fn read_head(stream: &mut (impl AsyncReadExt + Unpin)) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

/// What a proxy was asked: every head it received, in order.
type Heads = Arc<Mutex<Vec<String>>>;

/// A proxy on 127.0.0.1: a `CONNECT` is answered with `connect_answer` and, when that is a
/// 200, spliced to the host and port it names; any other request is answered `200 {}` by the
/// proxy itself (a forward proxy whose upstream is not needed to show what it was sent).
async fn spawn_proxy(connect_answer: &'static str) -> (u16, Heads) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let heads: Heads = Arc::default();
    let seen = heads.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                while let Some(head) = read_head(&mut client).await {
                    seen.lock().unwrap().push(head.clone());
                    let Some(authority) = head.strip_prefix("CONNECT ") else {
                        if client.write_all(ANSWER).await.is_err() {
                            return;
                        }
                        continue;
                    };
                    let authority = authority.split_whitespace().next().unwrap().to_string();
                    let _ = client.write_all(connect_answer.as_bytes()).await;
                    if connect_answer.starts_with("HTTP/1.1 200")
                        && let Ok(mut upstream) = TcpStream::connect(authority).await
                    {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                    }
                    return;
                }
            });
        }
    });
    (port, heads)
}

/// An HTTPS server on 127.0.0.1 with the test CA's certificate, answering `200 {}`.
async fn spawn_tls_target() -> u16 {
    let cert = CertificateDer::from(std::fs::read(format!("{FIXTURES}/leaf.der")).unwrap());
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        std::fs::read(format!("{FIXTURES}/leaf-key.der")).unwrap(),
    ));
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut stream) = acceptor.accept(tcp).await else {
                    return;
                };
                while read_head(&mut stream).await.is_some() {
                    if stream.write_all(ANSWER).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

fn request() -> WireRequest {
    WireRequest::new("ListDomains", Method::POST, "/domains-list")
}

fn client(endpoint: String, proxies: Proxies) -> ClientConfig {
    ClientConfig::new(endpoint)
        .with_timeout(Duration::from_secs(5))
        .with_proxies(proxies)
}

#[tokio::test]
async fn a_plain_target_is_reached_through_the_proxy_with_its_credentials() {
    let (proxy_port, heads) = spawn_proxy("HTTP/1.1 200 OK\r\n\r\n").await;
    let proxy = Proxy::parse(&format!("http://user:secret@127.0.0.1:{proxy_port}")).unwrap();
    // Nothing listens on the target's port: only the proxy can have answered.
    let endpoint = "http://127.0.0.1:9".to_string();
    let target = TargetClient::new(client(endpoint, Proxies::none().with_proxy(proxy))).unwrap();
    let exchange = target.send(&request()).await;
    assert_eq!(exchange.response().expect("answered").status, 200);
    let heads = heads.lock().unwrap().clone();
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert!(
        heads[0].starts_with("POST http://127.0.0.1:9/domains-list HTTP/1.1\r\n"),
        "{heads:?}"
    );
    assert!(
        heads[0]
            .to_ascii_lowercase()
            .contains("proxy-authorization: basic dxnlcjpzzwnyzxq="),
        "{heads:?}"
    );
    // The proxy's credentials are the transport's, never part of what reports show.
    assert!(
        !exchange
            .request
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("proxy-authorization"))
    );
}

#[tokio::test]
async fn an_https_target_is_tunnelled_and_verified_against_the_ca_bundle() {
    let (proxy_port, heads) = spawn_proxy("HTTP/1.1 200 Connection established\r\n\r\n").await;
    let target_port = spawn_tls_target().await;
    let proxy = Proxy::parse(&format!("127.0.0.1:{proxy_port}")).unwrap();
    let endpoint = format!("https://127.0.0.1:{target_port}");
    let config = client(endpoint.clone(), Proxies::none().with_proxy(proxy.clone()))
        .with_ca_bundle(format!("{FIXTURES}/ca.pem"));
    let target = TargetClient::new(config).unwrap();
    for _ in 0..2 {
        let exchange = target.send(&request()).await;
        let response = exchange
            .response()
            .unwrap_or_else(|| panic!("{exchange:?}"));
        assert_eq!(
            (response.status, response.body.as_slice()),
            (200, &b"{}"[..])
        );
    }
    let heads = heads.lock().unwrap().clone();
    // One tunnel, kept alive for both requests; the proxy saw no request inside it.
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert!(
        heads[0].starts_with(&format!("CONNECT 127.0.0.1:{target_port} HTTP/1.1\r\n")),
        "{heads:?}"
    );

    // Without the bundle, the same tunnel ends in a refused certificate.
    let unverified = TargetClient::new(client(endpoint, Proxies::none().with_proxy(proxy)))
        .unwrap()
        .send(&request())
        .await;
    match unverified.error() {
        Some(TransportError::Connect(message)) => {
            assert!(message.to_lowercase().contains("certificate"), "{message}")
        }
        other => panic!("expected a certificate error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_refused_tunnel_is_a_connect_error_quoting_the_proxy() {
    let (proxy_port, _) =
        spawn_proxy("HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n")
            .await;
    let proxy = Proxy::parse(&format!("http://127.0.0.1:{proxy_port}")).unwrap();
    let config = client(
        "https://127.0.0.1:9".to_string(),
        Proxies::none().with_proxy(proxy),
    );
    let exchange = TargetClient::new(config).unwrap().send(&request()).await;
    match exchange.error() {
        Some(TransportError::Connect(message)) => {
            assert!(message.contains("407"), "{message}");
            assert!(message.contains("CONNECT 127.0.0.1:9"), "{message}");
        }
        other => panic!("expected a connect error, got {other:?}"),
    }
}

#[tokio::test]
async fn no_proxy_sends_a_target_direct() {
    let (proxy_port, heads) = spawn_proxy("HTTP/1.1 200 OK\r\n\r\n").await;
    let target_port = spawn_tls_target().await;
    let proxies = Proxies::none()
        .with_proxy(Proxy::parse(&format!("127.0.0.1:{proxy_port}")).unwrap())
        .with_no_proxy(&["127.0.0.1"]);
    let config = client(format!("https://127.0.0.1:{target_port}"), proxies)
        .with_ca_bundle(format!("{FIXTURES}/ca.pem"));
    let exchange = TargetClient::new(config).unwrap().send(&request()).await;
    assert_eq!(exchange.response().expect("answered").status, 200);
    assert!(heads.lock().unwrap().is_empty());
}

#[test]
fn a_bundle_without_certificates_is_a_configuration_error() {
    let dir = std::env::temp_dir().join(format!("harness-empty-bundle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.pem");
    std::fs::write(&empty, "not a certificate\n").unwrap();
    let config =
        client("https://127.0.0.1:9".into(), Proxies::none()).with_ca_bundle(empty.clone());
    let err = TargetClient::new(config)
        .expect_err("no certificate")
        .to_string();
    assert!(err.contains("holds no certificate"), "{err}");
    let missing = client("https://127.0.0.1:9".into(), Proxies::none())
        .with_ca_bundle(dir.join("missing.pem"));
    let err = format!("{:#}", TargetClient::new(missing).expect_err("missing"));
    assert!(err.contains("CA bundle"), "{err}");
}

/// `harness run` as a user behind a proxy runs it: the variables reach a target given with
/// `--target` (the report says so), while the default run's embedded mock, in the same process
/// on loopback, is never sent through them.
#[test]
fn the_binary_honours_the_proxy_variables_and_keeps_its_own_mock_direct() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (proxy_port, heads) = runtime.block_on(spawn_proxy("HTTP/1.1 200 OK\r\n\r\n"));
    let dir = std::env::temp_dir().join(format!("harness-proxy-run-{}", std::process::id()));
    let run = |extra: &[&str], out: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_harness"))
            .args([
                "run",
                "--cases",
                "2",
                "--sequences",
                "0",
                "--quiet",
                "--out",
                out,
            ])
            .args(extra)
            .env("HTTP_PROXY", format!("http://127.0.0.1:{proxy_port}"))
            .env("HTTPS_PROXY", format!("http://127.0.0.1:{proxy_port}"))
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .env_remove("http_proxy")
            .env_remove("https_proxy")
            .env_remove("CONFORMANCE_TARGET")
            .output()
            .expect("the harness binary runs")
    };
    let embedded = run(&[], dir.join("embedded").to_str().unwrap());
    assert_eq!(
        embedded.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&embedded.stderr)
    );
    assert!(
        heads.lock().unwrap().is_empty(),
        "the embedded run used the proxy"
    );

    // Nothing listens on the target's port: the proxy answers every request `200 {}`, so
    // set-up fails, and the run says where its requests went.
    let proxied = run(
        &["--target", "http://127.0.0.1:9"],
        dir.join("proxied").to_str().unwrap(),
    );
    assert_eq!(proxied.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join("proxied/report.json")).expect("report.json"),
    )
    .unwrap();
    let note = format!("requests went through the proxy 127.0.0.1:{proxy_port}");
    assert!(
        report["meta"]["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().is_some_and(|n| n.starts_with(&note))),
        "{}",
        report["meta"]["notes"]
    );
    let heads = heads.lock().unwrap();
    assert!(
        heads
            .first()
            .is_some_and(|h| h.starts_with("POST http://127.0.0.1:9/domains HTTP/1.1")),
        "{heads:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
