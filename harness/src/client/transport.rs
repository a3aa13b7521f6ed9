//! [`TargetClient`]: turns a [`WireRequest`] into exactly one bounded HTTP exchange.

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use anyhow::{Context as _, bail};
use http::{HeaderMap, HeaderName, HeaderValue};

use super::config::ClientConfig;
use super::error::TransportError;
use super::exchange::{CapturedRequest, CapturedResponse, Exchange};
use super::request::{WireRequest, build_url};
use super::signing::{SigningConfig, SigningMode, sigv4_headers, tamper_body};

/// Per-request deviations from a correct client, for checks that probe authentication.
#[derive(Debug, Clone, Default)]
pub struct SendOptions {
    /// How to sign (default: as configured).
    pub signing: SigningMode,
    /// Change the body after signing so its payload hash no longer matches the signature
    /// (same length and still valid JSON where possible; see the module docs).
    pub tamper_body_after_signing: bool,
    /// Signing time instead of now, e.g. 20 minutes ago to probe clock-skew rejection.
    pub signing_time: Option<SystemTime>,
}

impl SendOptions {
    /// Send without a signature even when signing is configured.
    pub fn unsigned() -> Self {
        Self {
            signing: SigningMode::Unsigned,
            ..Self::default()
        }
    }

    /// Sign with the configured credentials for another region and signing name.
    pub fn signed_for(region: impl Into<String>, service: impl Into<String>) -> Self {
        Self {
            signing: SigningMode::Override {
                region: region.into(),
                service: service.into(),
            },
            ..Self::default()
        }
    }

    /// Sign as configured, then tamper with the body.
    pub fn tampered_body() -> Self {
        Self {
            tamper_body_after_signing: true,
            ..Self::default()
        }
    }
}

/// The HTTP client every check uses to talk to a target, correct or hostile.
///
/// One pooled keep-alive connection set per target; redirects are returned, never followed; no
/// proxy, retry, decompression or cookie handling, so what a check sees is what the target sent.
/// Cheap to clone (shared pool). `Debug` shows no secrets. Sending needs a tokio runtime with
/// timers enabled (what `#[tokio::main]` and `#[tokio::test]` provide).
#[derive(Debug, Clone)]
pub struct TargetClient {
    http: reqwest::Client,
    config: Arc<ClientConfig>,
}

impl TargetClient {
    /// Builds the client, validating the endpoint (absolute `http`/`https` URL without query or
    /// fragment). Fails only on configuration errors, never because the target is down.
    pub fn new(config: ClientConfig) -> anyhow::Result<Self> {
        let endpoint = reqwest::Url::parse(&config.endpoint)
            .with_context(|| format!("endpoint {:?} is not an absolute URL", config.endpoint))?;
        if !matches!(endpoint.scheme(), "http" | "https") {
            bail!("endpoint {:?} must use http or https", config.endpoint);
        }
        if endpoint.host_str().is_none() {
            bail!("endpoint {:?} has no host", config.endpoint);
        }
        if endpoint.query().is_some() || endpoint.fragment().is_some() {
            bail!(
                "endpoint {:?} must not carry a query or fragment",
                config.endpoint
            );
        }
        if config.timeout.is_zero() {
            bail!("timeout must be positive");
        }
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .retry(reqwest::retry::never())
            .no_proxy()
            .connect_timeout(config.timeout)
            .tls_danger_accept_invalid_certs(config.insecure)
            .build()
            .context("building the HTTP client")?;
        Ok(Self {
            http,
            config: Arc::new(config),
        })
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Sends `request` as a correct client would (signed when signing is configured).
    pub async fn send(&self, request: &WireRequest) -> Exchange {
        self.send_with(request, SendOptions::default()).await
    }

    /// Sends `request` with deliberate deviations. Always returns an [`Exchange`]; every failure
    /// is a [`TransportError`] in its outcome, reached within the configured timeout.
    pub async fn send_with(&self, request: &WireRequest, options: SendOptions) -> Exchange {
        let started = SystemTime::now();
        let clock = Instant::now();
        let (captured, prepared) = self.prepare(request, &options);
        let outcome = match prepared {
            Ok(http_request) => self.execute(http_request).await,
            Err(err) => Err(err),
        };
        Exchange {
            request: captured,
            outcome,
            started,
            elapsed: clock.elapsed(),
        }
    }

    /// Builds the exact request to send and its captured copy: URL, default headers, signature,
    /// tampering. An error here means nothing is sent.
    fn prepare(
        &self,
        request: &WireRequest,
        options: &SendOptions,
    ) -> (CapturedRequest, Result<reqwest::Request, TransportError>) {
        let mut captured = CapturedRequest {
            method: request.method.clone(),
            url: format!(
                "{}{}",
                self.config.endpoint.trim_end_matches('/'),
                request.path
            ),
            headers: request.headers.clone(),
            body: request.body.clone(),
        };
        let result = self.prepare_into(request, options, &mut captured);
        (captured, result)
    }

    fn prepare_into(
        &self,
        request: &WireRequest,
        options: &SendOptions,
        captured: &mut CapturedRequest,
    ) -> Result<reqwest::Request, TransportError> {
        let url_text =
            build_url(&self.config.endpoint, request).map_err(TransportError::InvalidRequest)?;
        let url = reqwest::Url::parse(&url_text)
            .map_err(|e| TransportError::InvalidRequest(format!("URL {url_text:?}: {e}")))?;
        captured.url = url.as_str().to_owned();

        captured.headers = self.headers_for(request, &url);
        if let Some(signing) = self.signing_for(&options.signing)? {
            let signing_time = options.signing_time.unwrap_or_else(SystemTime::now);
            let signature = sigv4_headers(
                &signing,
                request.method.as_str(),
                url.as_str(),
                &captured.headers,
                captured.body.as_deref().unwrap_or_default(),
                signing_time,
            )
            .map_err(TransportError::InvalidRequest)?;
            captured
                .headers
                .retain(|(n, _)| !signature.iter().any(|(s, _)| n.eq_ignore_ascii_case(s)));
            captured.headers.extend(signature);
        }
        if options.tamper_body_after_signing {
            let body = captured.body.get_or_insert_with(Vec::new);
            let before = body.len();
            tamper_body(body);
            if body.len() != before {
                let length = body.len().to_string();
                set_header(&mut captured.headers, "content-length", length);
            }
        }

        let mut headers = HeaderMap::new();
        for (name, value) in &captured.headers {
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                TransportError::InvalidRequest(format!("invalid header name {name:?}"))
            })?;
            let header_value = HeaderValue::from_str(value).map_err(|_| {
                TransportError::InvalidRequest(format!("invalid value for header {name:?}"))
            })?;
            headers.append(header_name, header_value);
        }
        let mut builder = self
            .http
            .request(request.method.clone(), url)
            .headers(headers);
        if let Some(body) = &captured.body {
            builder = builder.body(body.clone());
        }
        builder
            .build()
            .map_err(|e| TransportError::from_reqwest(e, self.config.timeout))
    }

    /// The request's headers plus the client's defaults it does not override: `host` (as the
    /// signer and the server see it), `user-agent`, `accept: */*`, and for a body `content-type:
    /// application/json` and `content-length`.
    fn headers_for(&self, request: &WireRequest, url: &reqwest::Url) -> Vec<(String, String)> {
        let host = match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => String::new(),
        };
        // `accept: */*` is what reqwest would add anyway; setting it here puts it in the capture.
        let mut defaults = vec![
            ("host", host),
            ("user-agent", self.config.user_agent.clone()),
            ("accept", "*/*".to_owned()),
        ];
        if let Some(body) = &request.body {
            defaults.push(("content-type", "application/json".to_owned()));
            defaults.push(("content-length", body.len().to_string()));
        }
        let mut headers: Vec<(String, String)> = defaults
            .into_iter()
            .filter(|(name, _)| {
                !request
                    .headers
                    .iter()
                    .any(|(n, _)| n.eq_ignore_ascii_case(name))
            })
            .map(|(n, v)| (n.to_owned(), v))
            .collect();
        headers.extend(request.headers.iter().cloned());
        headers
    }

    /// The identity and scope to sign with under `mode`, or `None` for an unsigned request.
    fn signing_for(&self, mode: &SigningMode) -> Result<Option<SigningConfig>, TransportError> {
        Ok(match mode {
            SigningMode::Configured => self.config.signing.clone(),
            SigningMode::Unsigned => None,
            SigningMode::Override { region, service } => {
                let Some(configured) = &self.config.signing else {
                    return Err(TransportError::InvalidRequest(
                        "signing override requested but the client has no credentials configured"
                            .to_owned(),
                    ));
                };
                Some(SigningConfig {
                    region: region.clone(),
                    service: service.clone(),
                    credentials: configured.credentials.clone(),
                })
            }
            SigningMode::Custom(custom) => Some(custom.clone()),
        })
    }

    /// Sends and reads the whole response under one deadline and the body cap.
    async fn execute(&self, request: reqwest::Request) -> Result<CapturedResponse, TransportError> {
        let timeout = self.config.timeout;
        let limit = self.config.max_body_bytes;
        let exchange = async {
            let mut response = self
                .http
                .execute(request)
                .await
                .map_err(|e| TransportError::from_reqwest(e, timeout))?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(name, value)| {
                    let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                    (name.as_str().to_owned(), value)
                })
                .collect();
            // A declared length over the cap fails before any byte is read.
            let declared = response.content_length();
            if declared.is_some_and(|len| len > limit as u64) {
                return Err(TransportError::BodyTooLarge { limit });
            }
            let capacity = declared.map_or(0, |len| len as usize).min(64 * 1024);
            let mut body = Vec::with_capacity(capacity);
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| TransportError::from_reqwest(e, timeout))?
            {
                if chunk.len() > limit - body.len() {
                    return Err(TransportError::BodyTooLarge { limit });
                }
                body.extend_from_slice(&chunk);
            }
            Ok(CapturedResponse {
                status,
                headers,
                body,
            })
        };
        tokio::time::timeout(timeout, exchange)
            .await
            .unwrap_or(Err(TransportError::Timeout { after: timeout }))
    }
}

/// Replaces every `name` header (case-insensitive) with one `name: value`.
fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: String) {
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    headers.push((name.to_owned(), value));
}
