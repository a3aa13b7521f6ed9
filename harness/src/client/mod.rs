//! Target client: the harness's only way to talk to an implementation of the Connect Cases API.
//!
//! Targets may be hostile (hang, trickle bytes, send gigabyte bodies, invalid UTF-8, reset
//! connections, redirect forever), so the client never hangs, panics or buffers without bound:
//! every problem becomes a typed [`TransportError`] inside an [`Exchange`] that a check can judge
//! and a report can quote.
//!
//! # API
//!
//! * [`WireRequest`] — one call in wire form (method, already-encoded path, unencoded query
//!   pairs, headers, JSON body bytes), produced elsewhere from the service model.
//!   [`encode_path_label`] / [`encode_query_component`] encode URI labels and query strings the
//!   AWS rest-json way (all but `A-Za-z0-9-._~`, `/` included).
//! * [`ClientConfig`] — endpoint (may carry a base path), per-exchange `timeout` (connect +
//!   headers + whole body), `max_body_bytes`, optional [`SigningConfig`], `insecure` TLS,
//!   `user_agent`. [`ClientConfig::new`] gives the defaults.
//! * [`SigningConfig`] — SigV4 region, signing name ([`CASES_SIGNING_NAME`]) and credentials;
//!   [`credentials_from_default_chain`] resolves credentials the way the AWS CLI does.
//! * [`TargetClient::new`] builds one pooled keep-alive HTTP/1.1 client (hyper connections,
//!   each driven by the task sending on it): redirects are not followed, no system proxy, no
//!   retries, no decompression, TLS (rustls) certificates verified against the platform's roots
//!   unless `insecure`.
//!   [`TargetClient::send`] sends as a correct client would; [`TargetClient::send_with`] takes
//!   [`SendOptions`] for auth checks: [`SigningMode::Unsigned`], [`SigningMode::Override`]
//!   (other region/service), [`SigningMode::Custom`] (other credentials), a signing time, and
//!   `tamper_body_after_signing`.
//! * [`Exchange`] — the [`CapturedRequest`] as sent, the outcome
//!   (`Result<`[`CapturedResponse`]`, `[`TransportError`]`>`), start time and elapsed time.
//!   [`CapturedResponse::json`] errs cleanly on malformed, non-UTF-8 or >128-deep JSON.
//!
//! # What goes on the wire
//!
//! URL: endpoint base path + request path + `?` + encoded query pairs in the given order. Paths
//! the URL parser would rewrite (dot segments, raw `\`) are refused as `InvalidRequest` rather
//! than silently changed. Headers: `host`, `user-agent`, `accept: */*`, and for a body `content-type:
//! application/json` and `content-length`, each unless the request sets its own; then the
//! request's headers; then, when signing, `x-amz-date`, `x-amz-security-token` (session
//! credentials only) and `authorization` computed by `aws-sigv4` over exactly those headers and
//! body bytes (standard settings: double URI encoding, path normalization, no
//! `x-amz-content-sha256`, `user-agent` unsigned). A tampered body keeps its length and JSON
//! validity where possible, so only the payload hash differs from what was signed.
//!
//! # Bounds
//!
//! One deadline ([`ClientConfig::timeout`]) covers connect, TLS, request write, response head
//! and the whole body: a silent or trickling target ends in [`TransportError::Timeout`]. The
//! body is read chunk by chunk and abandoned as soon as it would exceed
//! [`ClientConfig::max_body_bytes`] (or at once if `Content-Length` already does):
//! [`TransportError::BodyTooLarge`]. Response heads are bounded by hyper's own limits
//! (oversized or malformed heads are [`TransportError::Protocol`]).
//!
//! # Secrets
//!
//! A [`CapturedRequest`] holds what was sent, signature included; [`CapturedRequest::redacted`],
//! [`Exchange::curl_command`] and every `Debug` impl in this module replace `Authorization`
//! (keeping only the credential scope and signed headers), `X-Amz-Security-Token`, cookies and
//! presigned-URL parameters. The secret key never leaves [`SigningConfig`], whose `Debug`
//! hides it and the session token.

mod config;
mod connection;
mod curl;
mod error;
mod exchange;
mod proxy;
mod redact;
mod request;
mod signing;
mod tls;
mod transport;

pub use config::{ClientConfig, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT};
pub use error::TransportError;
pub use exchange::{CapturedRequest, CapturedResponse, Exchange};
pub use proxy::{Proxies, Proxy};
pub(crate) use request::build_url;
pub use request::{WireRequest, encode_path_label, encode_query_component};
pub use signing::{CASES_SIGNING_NAME, SigningConfig, SigningMode, credentials_from_default_chain};
pub use transport::{SendOptions, TargetClient};
