//! The target client against an HTTPS server on 127.0.0.1 with a self-signed certificate
//! (`tests/fixtures/tls`): `insecure` accepts it and keeps the connection alive across
//! requests; the default policy refuses it as a connect error that names the certificate.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use harness::client::{ClientConfig, Proxies, TargetClient, TransportError, WireRequest};
use http::Method;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tls");

/// What the server saw: connections accepted and the ALPN protocol of each.
#[derive(Default)]
struct Seen {
    connections: AtomicUsize,
    alpn: Mutex<Vec<Option<Vec<u8>>>>,
}

/// Starts an HTTPS server answering every request on a connection with `200 {}`; returns its
/// port and what it saw.
async fn serve_tls() -> (u16, Arc<Seen>) {
    let cert = CertificateDer::from(std::fs::read(format!("{FIXTURES}/cert.der")).unwrap());
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        std::fs::read(format!("{FIXTURES}/key.der")).unwrap(),
    ));
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Seen::default());
    let server_seen = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            let seen = server_seen.clone();
            tokio::spawn(async move {
                seen.connections.fetch_add(1, Ordering::SeqCst);
                // A refused handshake (the verifying client) just ends the connection.
                let Ok(mut stream) = acceptor.accept(tcp).await else {
                    return;
                };
                let alpn = stream.get_ref().1.alpn_protocol().map(<[u8]>::to_vec);
                seen.alpn.lock().unwrap().push(alpn);
                let mut pending = Vec::new();
                let mut buf = [0u8; 4096];
                loop {
                    while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        pending.drain(..end + 4);
                        let answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
                        if stream.write_all(answer).await.is_err() {
                            return;
                        }
                    }
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => pending.extend_from_slice(&buf[..n]),
                    }
                }
            });
        }
    });
    (port, seen)
}

fn client(endpoint: String, insecure: bool) -> TargetClient {
    TargetClient::new(
        ClientConfig::new(endpoint)
            .with_proxies(Proxies::none())
            .with_timeout(Duration::from_secs(5))
            .with_insecure(insecure),
    )
    .unwrap()
}

fn list_domains() -> WireRequest {
    WireRequest::new("ListDomains", Method::POST, "/domains-list")
}

#[tokio::test]
async fn insecure_client_accepts_a_self_signed_target_and_keeps_the_connection() {
    let (port, seen) = serve_tls().await;
    for host in ["127.0.0.1", "localhost"] {
        let client = client(format!("https://{host}:{port}"), true);
        for _ in 0..3 {
            let exchange = client.send(&list_domains()).await;
            let response = exchange
                .response()
                .unwrap_or_else(|| panic!("{exchange:?}"));
            assert_eq!(response.status, 200);
            assert_eq!(response.body, b"{}");
            assert_eq!(
                exchange.request.url,
                format!("https://{host}:{port}/domains-list")
            );
        }
    }
    // One connection per client, each offering only HTTP/1.1 (the server would pick h2).
    assert_eq!(seen.connections.load(Ordering::SeqCst), 2);
    assert_eq!(
        *seen.alpn.lock().unwrap(),
        vec![Some(b"http/1.1".to_vec()), Some(b"http/1.1".to_vec())]
    );
}

#[tokio::test]
async fn verifying_client_refuses_a_self_signed_target_as_a_connect_error() {
    let (port, seen) = serve_tls().await;
    let exchange = client(format!("https://localhost:{port}"), false)
        .send(&list_domains())
        .await;
    match &exchange.outcome {
        Err(TransportError::Connect(message)) => {
            assert!(message.contains("certificate"), "{message}")
        }
        other => panic!("expected a certificate Connect error, got {other:?}"),
    }
    assert_eq!(seen.connections.load(Ordering::SeqCst), 1);
    assert!(
        seen.alpn.lock().unwrap().is_empty(),
        "no request got through"
    );
}
