//! HTTP/1.1 connections to the target, each driven by the task that sends on it, and the pool
//! of idle ones.
//!
//! hyper's pooled client runs every connection as its own task and hands requests and
//! responses across a channel, which costs two task wake-ups per exchange. Here the task that
//! sends a request also polls the connection until the whole response is read, then puts the
//! connection back; an idle connection is polled by nobody. Before reuse it is polled once,
//! without waiting, so a connection the target closed meanwhile is dropped, not used.

use std::future::poll_fn;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::Poll;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

use super::error::{TransportError, error_chain};
use super::exchange::CapturedResponse;
use super::proxy::Proxy;

/// A byte stream to the target: plain TCP or TLS over TCP.
trait Stream: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Stream for T {}

type Io = TokioIo<Box<dyn Stream>>;

/// Where and how to connect: host, port and, for `https`, the TLS settings and server name,
/// directly or through a proxy.
#[derive(Clone)]
pub(crate) struct Destination {
    /// Host to resolve and connect to (an IPv6 address without brackets).
    pub host: String,
    /// TCP port (the scheme's default when the endpoint names none).
    pub port: u16,
    /// TLS settings and the name to verify, `None` for plain HTTP.
    pub tls: Option<(tokio_rustls::TlsConnector, ServerName<'static>)>,
    /// The proxy connections go through: for `https` a `CONNECT` tunnel to `host:port`, for
    /// plain HTTP the proxy receives the requests (in absolute form).
    pub proxy: Option<Proxy>,
}

impl std::fmt::Debug for Destination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Destination")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls.is_some())
            .field("proxy", &self.proxy)
            .finish()
    }
}

impl Destination {
    /// Opens a new connection: TCP (no Nagle delay) to the target or its proxy, the proxy's
    /// `CONNECT` tunnel for `https`, then the TLS handshake for `https`. Every failure here is
    /// a [`TransportError::Connect`].
    pub(crate) async fn connect(&self) -> Result<Connection, TransportError> {
        let connect_error = |e: &dyn std::error::Error| TransportError::Connect(error_chain(e));
        let (host, port) = match &self.proxy {
            Some(proxy) => (proxy.host.as_str(), proxy.port),
            None => (self.host.as_str(), self.port),
        };
        let mut tcp = TcpStream::connect((host, port))
            .await
            .map_err(|e| connect_error(&e))?;
        tcp.set_nodelay(true).map_err(|e| connect_error(&e))?;
        if let (Some(proxy), Some(_)) = (&self.proxy, &self.tls) {
            tunnel(&mut tcp, proxy, &self.host, self.port).await?;
        }
        let stream: Box<dyn Stream> = match &self.tls {
            None => Box::new(tcp),
            Some((connector, name)) => Box::new(
                connector
                    .connect(name.clone(), tcp)
                    .await
                    .map_err(|e| connect_error(&e))?,
            ),
        };
        let (sender, driver) = http1::Builder::new()
            .handshake(TokioIo::new(stream))
            .await
            .map_err(|e| connect_error(&e))?;
        Ok(Connection {
            sender,
            driver,
            closed: false,
        })
    }
}

/// Longest `CONNECT` answer head read from a proxy.
const TUNNEL_HEAD_LIMIT: usize = 8 * 1024;

/// Asks `proxy`, on `tcp`, for a tunnel to `host:port` and reads its answer head; anything but
/// a 2xx is a connect error quoting the proxy's status line. The head is read a byte at a time
/// so nothing after it (there is nothing before the client's TLS hello) is taken from the
/// stream.
async fn tunnel(
    tcp: &mut TcpStream,
    proxy: &Proxy,
    host: &str,
    port: u16,
) -> Result<(), TransportError> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let failed = |what: String| {
        TransportError::Connect(format!("proxy {}:{}: {what}", proxy.host, proxy.port))
    };
    let authority = Proxy::authority(host, port);
    let mut head = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
    if let Some(authorization) = &proxy.authorization {
        head.push_str(&format!("Proxy-Authorization: {authorization}\r\n"));
    }
    head.push_str("\r\n");
    tcp.write_all(head.as_bytes())
        .await
        .map_err(|e| failed(error_chain(&e)))?;
    let mut answer = Vec::with_capacity(256);
    let mut byte = [0u8; 1];
    while !answer.ends_with(b"\r\n\r\n") {
        if answer.len() >= TUNNEL_HEAD_LIMIT {
            return Err(failed(format!(
                "the CONNECT answer head is longer than {TUNNEL_HEAD_LIMIT} bytes"
            )));
        }
        match tcp.read(&mut byte).await {
            Ok(0) => return Err(failed("closed the connection during CONNECT".into())),
            Ok(_) => answer.push(byte[0]),
            Err(e) => return Err(failed(error_chain(&e))),
        }
    }
    let status_line = String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    let status = status_line.split_whitespace().nth(1).unwrap_or_default();
    if status.len() == 3 && status.starts_with('2') && status_line.starts_with("HTTP/1.") {
        Ok(())
    } else {
        Err(failed(format!(
            "CONNECT {authority} refused: {status_line:?}"
        )))
    }
}

/// One HTTP/1.1 connection: hyper's request handle and the connection state machine, which
/// only makes progress while [`Connection::exchange`] (or [`Connection::reusable`]) polls it.
pub(crate) struct Connection {
    sender: http1::SendRequest<Full<Bytes>>,
    driver: http1::Connection<Io, Full<Bytes>>,
    /// The state machine has finished (closed by either side or failed); it must not be polled
    /// again and the connection must not be reused.
    closed: bool,
}

impl Connection {
    /// Sends `request` and reads the whole response, at most `limit` body bytes (a declared
    /// `Content-Length` over the cap fails before any body byte is read). Has no deadline of
    /// its own: the caller bounds it.
    pub(crate) async fn exchange(
        &mut self,
        request: http::Request<Full<Bytes>>,
        limit: usize,
    ) -> Result<CapturedResponse, TransportError> {
        let Self {
            sender,
            driver,
            closed,
        } = self;
        let exchange = async move {
            let response = sender.send_request(request).await.map_err(protocol)?;
            read_response(response, limit).await
        };
        tokio::pin!(exchange);
        loop {
            tokio::select! {
                biased;
                outcome = &mut exchange => return outcome,
                // A failure of the connection also fails the exchange, which reports it.
                _ = &mut *driver, if !*closed => *closed = true,
            }
        }
    }

    /// Whether another request can go out on this connection now: the previous exchange is
    /// complete, the response allowed keep-alive and the target has not closed the connection.
    /// Polls once and never waits.
    pub(crate) async fn reusable(&mut self) -> bool {
        if self.closed {
            return false;
        }
        poll_fn(|cx| {
            if Pin::new(&mut self.driver).poll(cx).is_ready() {
                self.closed = true;
                return Poll::Ready(false);
            }
            Poll::Ready(matches!(self.sender.poll_ready(cx), Poll::Ready(Ok(()))))
        })
        .await
    }
}

/// Status, headers and the body read in full under the cap.
async fn read_response(
    response: http::Response<hyper::body::Incoming>,
    limit: usize,
) -> Result<CapturedResponse, TransportError> {
    let (head, mut body) = response.into_parts();
    let headers = head
        .headers
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), value)
        })
        .collect();
    let declared = hyper::body::Body::size_hint(&body).exact();
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(TransportError::BodyTooLarge { limit });
    }
    let capacity = declared.map_or(0, |len| len as usize).min(64 * 1024);
    let mut bytes = Vec::with_capacity(capacity);
    while let Some(frame) = body.frame().await {
        let Ok(chunk) = frame.map_err(protocol)?.into_data() else {
            continue; // trailers carry no body bytes
        };
        if chunk.len() > limit - bytes.len() {
            return Err(TransportError::BodyTooLarge { limit });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(CapturedResponse {
        status: head.status.as_u16(),
        headers,
        body: bytes,
    })
}

/// A failure once connected: malformed or truncated response, connection closed or reset.
fn protocol(err: hyper::Error) -> TransportError {
    TransportError::Protocol(error_chain(&err))
}

/// Idle connections, most recently used first. Unbounded in count but never larger than the
/// number of exchanges that were in flight at once.
#[derive(Default)]
pub(crate) struct Pool {
    idle: Mutex<Vec<Connection>>,
}

impl Pool {
    /// An idle connection that can take a request now, or `None`; dead ones are dropped.
    pub(crate) async fn take(&self) -> Option<Connection> {
        loop {
            let mut connection = self.lock().pop()?;
            if connection.reusable().await {
                return Some(connection);
            }
        }
    }

    /// Returns a connection after a complete exchange, unless it cannot carry another.
    pub(crate) async fn put(&self, mut connection: Connection) {
        if connection.reusable().await {
            self.lock().push(connection);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Connection>> {
        // A panic while holding the lock cannot leave the list inconsistent.
        self.idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("idle", &self.lock().len())
            .finish()
    }
}
