//! How to reach a target: endpoint, limits, TLS and signing ([`ClientConfig`]).

use std::path::PathBuf;
use std::time::Duration;

use super::proxy::Proxies;
use super::signing::SigningConfig;

/// Default per-request bound ([`ClientConfig::timeout`]): generous for a real AWS endpoint,
/// still finite for a target that never answers.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Default response-body cap ([`ClientConfig::max_body_bytes`]): far above any Connect Cases
/// response, far below what would hurt the harness.
pub const DEFAULT_MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Default `User-Agent`, naming the harness so target operators can tell its traffic apart.
pub const DEFAULT_USER_AGENT: &str =
    concat!("connect-cases-conformance/", env!("CARGO_PKG_VERSION"));

/// Settings of a [`TargetClient`](super::TargetClient); one per target under test.
///
/// Every limit is finite so that no target, however hostile, can stall or exhaust the harness.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Base URL of the target, `http://127.0.0.1:8080` or `https://cases.us-east-1.amazonaws.com`.
    /// It may carry a base path (`http://host/prefix`), which request paths are appended to.
    pub endpoint: String,
    /// Bound on one whole exchange: connect, TLS, request write, response headers and the full
    /// body read. Past it the exchange ends in [`TransportError::Timeout`](super::TransportError::Timeout).
    pub timeout: Duration,
    /// Cap on the response body; reading stops as soon as it is crossed
    /// ([`TransportError::BodyTooLarge`](super::TransportError::BodyTooLarge)).
    pub max_body_bytes: usize,
    /// SigV4 signing of every request, or `None` to send unsigned (e.g. to a local mock).
    pub signing: Option<SigningConfig>,
    /// Accept invalid TLS certificates (self-signed test targets). Off by default: certificates
    /// are verified against the platform's roots.
    pub insecure: bool,
    /// `User-Agent` header sent unless a request sets its own.
    pub user_agent: String,
    /// The proxies to go through; `None`, the default, reads the standard variables
    /// (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`) when the client is built, as reqwest does.
    pub proxies: Option<Proxies>,
    /// A PEM file of certificates trusted besides the platform's roots (a TLS-inspecting
    /// proxy's, a private CA's).
    pub ca_bundle: Option<PathBuf>,
}

impl ClientConfig {
    /// A configuration for `endpoint` with the defaults: 30 s timeout, 8 MiB body cap, no signing,
    /// verified TLS, the harness user agent.
    pub fn new(endpoint: impl Into<String>) -> Self {
        Self {
            endpoint: endpoint.into(),
            timeout: DEFAULT_TIMEOUT,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            signing: None,
            insecure: false,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            proxies: None,
            ca_bundle: None,
        }
    }

    /// Sets [`timeout`](Self::timeout).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets [`max_body_bytes`](Self::max_body_bytes).
    pub fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
        self
    }

    /// Sets [`signing`](Self::signing).
    pub fn with_signing(mut self, signing: SigningConfig) -> Self {
        self.signing = Some(signing);
        self
    }

    /// Sets [`insecure`](Self::insecure).
    pub fn with_insecure(mut self, insecure: bool) -> Self {
        self.insecure = insecure;
        self
    }

    /// Sets [`proxies`](Self::proxies), instead of the environment's.
    pub fn with_proxies(mut self, proxies: Proxies) -> Self {
        self.proxies = Some(proxies);
        self
    }

    /// Sets [`ca_bundle`](Self::ca_bundle).
    pub fn with_ca_bundle(mut self, path: impl Into<PathBuf>) -> Self {
        self.ca_bundle = Some(path.into());
        self
    }
}
