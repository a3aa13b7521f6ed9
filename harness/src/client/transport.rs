//! [`TargetClient`]: turns a [`WireRequest`] into exactly one bounded HTTP exchange.

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use anyhow::{Context as _, bail};
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};
use http_body_util::Full;

use super::config::ClientConfig;
use super::connection::{Destination, Pool};
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
/// HTTP/1.1 keep-alive connections to one target, pooled, through the proxy the standard
/// variables name ([`Proxies`](super::Proxies)); redirects are returned, never followed; no
/// retry, decompression or cookie handling, so what a check sees is what the target sent. Cheap to clone (shared pool). `Debug` shows no secrets. Sending needs a
/// tokio runtime with timers enabled (what `#[tokio::main]` and `#[tokio::test]` provide).
#[derive(Debug, Clone)]
pub struct TargetClient {
    config: Arc<ClientConfig>,
    target: Arc<Target>,
}

/// What every request to the target shares, worked out once from the endpoint.
#[derive(Debug)]
struct Target {
    /// The endpoint in normalized form without a trailing `/`; request paths are appended.
    base: String,
    /// The endpoint's path part without a trailing `/` (empty for none): the request target
    /// on the wire is this plus the request's path and query.
    base_path: String,
    /// `Host` header value: host, plus the port when it is not the scheme's default.
    host: String,
    /// Requests go to a plain-HTTP proxy: their target is the absolute URL.
    absolute_form: bool,
    /// That proxy's `Proxy-Authorization`, from credentials in its URL (never captured,
    /// signed or reported).
    proxy_authorization: Option<HeaderValue>,
    destination: Destination,
    pool: Pool,
}

impl TargetClient {
    /// Builds the client, validating the endpoint (absolute `http`/`https` URL without query or
    /// fragment). Fails only on configuration errors, never because the target is down.
    pub fn new(config: ClientConfig) -> anyhow::Result<Self> {
        let endpoint = url::Url::parse(&config.endpoint)
            .with_context(|| format!("endpoint {:?} is not an absolute URL", config.endpoint))?;
        let https = match endpoint.scheme() {
            "http" => false,
            "https" => true,
            _ => bail!("endpoint {:?} must use http or https", config.endpoint),
        };
        let Some(host) = endpoint.host() else {
            bail!("endpoint {:?} has no host", config.endpoint);
        };
        if endpoint.query().is_some() || endpoint.fragment().is_some() {
            bail!(
                "endpoint {:?} must not carry a query or fragment",
                config.endpoint
            );
        }
        if config.timeout.is_zero() {
            bail!("timeout must be positive");
        }
        let connect_host = match &host {
            url::Host::Domain(name) => (*name).to_owned(),
            url::Host::Ipv4(ip) => ip.to_string(),
            url::Host::Ipv6(ip) => ip.to_string(),
        };
        // `url::Host` displays an IPv6 address in brackets, as a `Host` header writes it.
        let host_header = match endpoint.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        };
        let proxies = match &config.proxies {
            Some(proxies) => proxies.clone(),
            None => super::proxy::Proxies::from_env()
                .context("reading the proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY)")?,
        };
        let proxy = proxies.for_target(https, &connect_host).cloned();
        let tls = if https {
            // A bundle is read only for a target that speaks TLS.
            let extra_roots = match &config.ca_bundle {
                Some(path) => ca_bundle(path)?,
                None => Vec::new(),
            };
            let settings = super::tls::client_config(config.insecure, extra_roots)
                .context("setting up TLS")?;
            let name = rustls::pki_types::ServerName::try_from(connect_host.clone())
                .with_context(|| format!("{connect_host:?} is not a valid TLS server name"))?;
            Some((tokio_rustls::TlsConnector::from(settings), name))
        } else {
            None
        };
        let destination = Destination {
            host: connect_host,
            port: endpoint
                .port_or_known_default()
                .context("endpoint has no port")?,
            tls,
            proxy: proxy.clone(),
        };
        // Through an HTTPS tunnel the proxy sees no request: only a plain one names it.
        let plain_proxy = proxy.as_ref().filter(|_| !https);
        let proxy_authorization = plain_proxy
            .and_then(|p| p.authorization.as_deref())
            .map(HeaderValue::from_str)
            .transpose()
            .context("the proxy credentials do not make a header value")?;
        let target = Target {
            absolute_form: plain_proxy.is_some(),
            proxy_authorization,
            base: endpoint.as_str().trim_end_matches('/').to_owned(),
            base_path: endpoint.path().trim_end_matches('/').to_owned(),
            host: host_header,
            destination,
            pool: Pool::default(),
        };
        Ok(Self {
            config: Arc::new(config),
            target: Arc::new(target),
        })
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Whether the target speaks TLS (an `https` endpoint).
    pub fn uses_tls(&self) -> bool {
        self.target.destination.tls.is_some()
    }

    /// The proxy requests to the target go through, `None` when they go direct.
    pub fn proxy(&self) -> Option<&super::Proxy> {
        self.target.destination.proxy.as_ref()
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
            body_cut: 0,
        }
    }

    /// Builds the exact request to send and its captured copy: URL, default headers, signature,
    /// tampering. An error here means nothing is sent.
    fn prepare(
        &self,
        request: &WireRequest,
        options: &SendOptions,
    ) -> (
        CapturedRequest,
        Result<http::Request<Full<Bytes>>, TransportError>,
    ) {
        let mut captured = CapturedRequest {
            method: request.method.clone(),
            url: String::new(),
            headers: Vec::new(),
            body: request.body.clone(),
        };
        let result = self.prepare_into(request, options, &mut captured);
        if result.is_err() && captured.url.is_empty() {
            // Refused before a URL was built: capture the request as the suite gave it.
            captured.url = format!("{}{}", self.target.base, request.path);
            captured.headers = request.headers.clone();
        }
        (captured, result)
    }

    fn prepare_into(
        &self,
        request: &WireRequest,
        options: &SendOptions,
        captured: &mut CapturedRequest,
    ) -> Result<http::Request<Full<Bytes>>, TransportError> {
        // Path and encoded query, checked for anything a URL parser would rewrite.
        let relative = build_url("", request).map_err(TransportError::InvalidRequest)?;
        let request_target = if self.target.absolute_form {
            format!("{}{relative}", self.target.base)
        } else {
            format!("{}{relative}", self.target.base_path)
        };
        let uri = http::Uri::try_from(request_target.as_str()).map_err(|e| {
            TransportError::InvalidRequest(format!("request target {request_target:?}: {e}"))
        })?;
        captured.url = format!("{}{relative}", self.target.base);

        captured.headers = self.headers_for(request);
        if let Some(signing) = self.signing_for(&options.signing)? {
            let signing_time = options.signing_time.unwrap_or_else(SystemTime::now);
            let signature = sigv4_headers(
                &signing,
                request.method.as_str(),
                &captured.url,
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

        let mut headers = HeaderMap::with_capacity(captured.headers.len());
        for (name, value) in &captured.headers {
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                TransportError::InvalidRequest(format!("invalid header name {name:?}"))
            })?;
            let header_value = HeaderValue::from_str(value).map_err(|_| {
                TransportError::InvalidRequest(format!("invalid value for header {name:?}"))
            })?;
            headers.append(header_name, header_value);
        }
        if let Some(credentials) = &self.target.proxy_authorization {
            headers.insert(http::header::PROXY_AUTHORIZATION, credentials.clone());
        }
        let body = captured.body.clone().map(Bytes::from).unwrap_or_default();
        let mut http_request = http::Request::new(Full::new(body));
        *http_request.method_mut() = request.method.clone();
        *http_request.uri_mut() = uri;
        *http_request.headers_mut() = headers;
        Ok(http_request)
    }

    /// The request's headers plus the client's defaults it does not override: `host` (as the
    /// signer and the server see it), `user-agent`, `accept: */*`, and for a body `content-type:
    /// application/json` and `content-length`.
    fn headers_for(&self, request: &WireRequest) -> Vec<(String, String)> {
        let mut defaults = vec![
            ("host", self.target.host.clone()),
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

    /// Sends on an idle pooled connection (or a new one) and reads the whole response under
    /// one deadline and the body cap. The connection goes back to the pool only after a
    /// complete exchange that left it usable.
    async fn execute(
        &self,
        request: http::Request<Full<Bytes>>,
    ) -> Result<CapturedResponse, TransportError> {
        let timeout = self.config.timeout;
        let target = &self.target;
        let exchange = async {
            let mut connection = match target.pool.take().await {
                Some(connection) => connection,
                None => target.destination.connect().await?,
            };
            let outcome = connection
                .exchange(request, self.config.max_body_bytes)
                .await;
            if outcome.is_ok() {
                target.pool.put(connection).await;
            }
            outcome
        };
        tokio::time::timeout(timeout, exchange)
            .await
            .unwrap_or(Err(TransportError::Timeout { after: timeout }))
    }
}

/// The certificates of a PEM bundle; one without any is an error naming the file.
fn ca_bundle(
    path: &std::path::Path,
) -> anyhow::Result<Vec<rustls::pki_types::CertificateDer<'static>>> {
    use rustls::pki_types::pem::PemObject as _;
    let roots = rustls::pki_types::CertificateDer::pem_file_iter(path)
        .with_context(|| format!("reading the CA bundle {}", path.display()))?
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("parsing the CA bundle {}", path.display()))?;
    if roots.is_empty() {
        bail!("the CA bundle {} holds no certificate", path.display());
    }
    Ok(roots)
}

/// Replaces every `name` header (case-insensitive) with one `name: value`.
fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: String) {
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    headers.push((name.to_owned(), value));
}
