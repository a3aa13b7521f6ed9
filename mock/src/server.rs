//! Running the router on a socket in the current tokio runtime.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context as _;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::app::router;
use crate::config::MockConfig;

/// A mock serving in the background of the current tokio runtime: what tests and the
/// harness hold to know where to connect and to stop it. Dropping it also stops it.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// Starts a fresh mock on `127.0.0.1` with a free port chosen by the OS.
pub async fn spawn(config: MockConfig) -> anyhow::Result<MockServer> {
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .await
        .context("binding 127.0.0.1:0")?;
    spawn_on(listener, config).await
}

/// Starts a fresh mock on an already bound `listener`.
pub async fn spawn_on(listener: TcpListener, config: MockConfig) -> anyhow::Result<MockServer> {
    let addr = listener
        .local_addr()
        .context("reading the listener's address")?;
    let (tx, rx) = oneshot::channel::<()>();
    let app = router(config);
    let task = tokio::spawn(async move {
        let serve = axum::serve(listener, app).with_graceful_shutdown(async {
            // Either an explicit shutdown or the handle being dropped ends the server.
            let _ = rx.await;
        });
        if let Err(err) = serve.await {
            tracing::warn!(error = %err, "mock server stopped with an error");
        }
    });
    Ok(MockServer {
        addr,
        shutdown: Some(tx),
        task: Some(task),
    })
}

impl MockServer {
    /// The socket address the mock listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL to point a client's endpoint at, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections, lets in-flight requests finish (at most 5 s) and
    /// waits for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn spawns_on_loopback_and_shuts_down() {
        let server = spawn(MockConfig::default()).await.expect("spawn");
        assert!(server.addr().ip().is_loopback());
        assert_ne!(server.addr().port(), 0);
        assert_eq!(
            server.url(),
            format!("http://127.0.0.1:{}", server.addr().port())
        );
        let addr = server.addr();
        server.shutdown().await;
        assert!(tokio::net::TcpStream::connect(addr).await.is_err());
    }
}
