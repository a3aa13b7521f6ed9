//! The record of one request/response round trip ([`Exchange`]), which checks judge and reports
//! quote.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime};

use http::Method;

use super::curl;
use super::error::TransportError;
use super::redact::{redact_header, redact_url};

/// Bytes of a body shown by `Debug` before it is cut, so a huge body cannot flood a log.
const DEBUG_BODY_PREVIEW: usize = 512;

/// The request exactly as it went on the wire (URL after parsing, every header the client set,
/// body after any tampering), including secrets: use [`redacted`](Self::redacted) or
/// [`curl_command`](Self::curl_command) before showing it anywhere. `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct CapturedRequest {
    /// HTTP method.
    pub method: Method,
    /// Full URL, endpoint base path and encoded query included.
    pub url: String,
    /// Headers in the order set, names as given (the client's own are lowercase). HTTP/1.1
    /// transport framing is not repeated here beyond `content-length`.
    pub headers: Vec<(String, String)>,
    /// Body sent, or `None` when the request had none.
    pub body: Option<Vec<u8>>,
}

impl CapturedRequest {
    /// First value of a header, name compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// A copy safe to write into reports: `Authorization`, `X-Amz-Security-Token`, cookies and
    /// presigned-URL parameters replaced by `<redacted...>` markers.
    pub fn redacted(&self) -> CapturedRequest {
        CapturedRequest {
            method: self.method.clone(),
            url: redact_url(&self.url).into_owned(),
            headers: self
                .headers
                .iter()
                .map(|(n, v)| (n.clone(), redact_header(n, v).into_owned()))
                .collect(),
            body: self.body.clone(),
        }
    }

    /// A copy-pasteable POSIX `sh` command line reproducing this request with `curl`, secrets
    /// redacted (so a signed request will fail auth when replayed: re-sign it to reproduce).
    pub fn curl_command(&self) -> String {
        curl::curl_command(&self.redacted())
    }

    /// The body as text, invalid UTF-8 replaced by U+FFFD; empty when there is no body.
    pub fn body_text_lossy(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(self.body.as_deref().unwrap_or_default())
    }
}

impl fmt::Debug for CapturedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = self.redacted();
        f.debug_struct("CapturedRequest")
            .field("method", &redacted.method)
            .field("url", &redacted.url)
            .field("headers", &redacted.headers)
            .field("body", &redacted.body.as_deref().map(BodyPreview))
            .finish()
    }
}

/// A complete HTTP response: status, headers and the whole body (within the configured cap).
#[derive(Clone, PartialEq, Eq)]
pub struct CapturedResponse {
    /// Status code, including 1xx-5xx oddities and 3xx redirects, which are never followed.
    pub status: u16,
    /// Headers in received order, names lowercase; a repeated header appears once per value.
    /// Non-UTF-8 values are converted lossily.
    pub headers: Vec<(String, String)>,
    /// The raw body bytes, unvalidated (no decompression, no charset handling).
    pub body: Vec<u8>,
}

impl CapturedResponse {
    /// First value of a header, name compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Parses the body as JSON. Malformed JSON, invalid UTF-8 and nesting deeper than
    /// serde_json's recursion limit (128) are errors, never a panic or stack overflow.
    pub fn json(&self) -> Result<serde_json::Value, serde_json::Error> {
        // One vectorized UTF-8 check of the whole body, then a parse that trusts it: serde_json's
        // byte reader checks every string on its own with the scalar check, which cost more
        // than a tenth of judging a large answer.
        match simdutf8::compat::from_utf8(&self.body) {
            Ok(text) => serde_json::from_str(text),
            Err(e) => Err(serde::de::Error::custom(format_args!(
                "invalid unicode: the body is not UTF-8 (first bad byte at offset {})",
                e.valid_up_to()
            ))),
        }
    }

    /// The body as text, invalid UTF-8 replaced by U+FFFD, for messages and reports.
    pub fn body_text_lossy(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

impl fmt::Debug for CapturedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, Cow<'_, str>)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), redact_header(n, v)))
            .collect();
        f.debug_struct("CapturedResponse")
            .field("status", &self.status)
            .field("headers", &headers)
            .field("body", &BodyPreview(&self.body))
            .finish()
    }
}

/// One round trip: what was sent, what came back (or why nothing usable did), and when.
///
/// Every call to [`TargetClient::send`](super::TargetClient::send) yields one, whatever the
/// target does. `Debug` is redacted.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// The request as sent (or as far as it was built, for `InvalidRequest`).
    pub request: CapturedRequest,
    /// The response, or the transport failure that prevented one.
    pub outcome: Result<CapturedResponse, TransportError>,
    /// Wall-clock start, for report timestamps and correlating with target logs.
    pub started: SystemTime,
    /// Time from start to outcome (bounded by the configured timeout plus scheduling slack).
    pub elapsed: Duration,
    /// Bytes cut from the end of the response body after it was judged ([`Exchange::retain`]),
    /// so a report still says how long the body was.
    pub body_cut: usize,
}

/// A test answer: status, headers and body.
#[cfg(test)]
pub(crate) type TestAnswer<'a> = (u16, &'a [(&'a str, &'a str)], &'a [u8]);

impl Exchange {
    /// A finished exchange of a `POST` to a test URL: `outcome` a response of that status,
    /// headers and body, or a transport error. For unit tests of what judges exchanges.
    #[cfg(test)]
    pub(crate) fn for_test(outcome: Result<TestAnswer<'_>, TransportError>) -> Exchange {
        Exchange {
            request: CapturedRequest {
                method: http::Method::POST,
                url: "http://127.0.0.1:1/x".into(),
                headers: Vec::new(),
                body: None,
            },
            outcome: outcome.map(|(status, headers, body)| CapturedResponse {
                status,
                headers: headers
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect(),
                body: body.to_vec(),
            }),
            started: std::time::SystemTime::now(),
            elapsed: std::time::Duration::ZERO,
            body_cut: 0,
        }
    }

    /// The response, when the exchange produced one.
    pub fn response(&self) -> Option<&CapturedResponse> {
        self.outcome.as_ref().ok()
    }

    /// The response status, when the exchange produced a response.
    pub fn status(&self) -> Option<u16> {
        self.response().map(|r| r.status)
    }

    /// The transport failure, when the exchange produced no response.
    pub fn error(&self) -> Option<&TransportError> {
        self.outcome.as_ref().err()
    }

    /// A copy-pasteable `curl` line reproducing the request, secrets redacted
    /// (see [`CapturedRequest::curl_command`]).
    pub fn curl_command(&self) -> String {
        self.request.curl_command()
    }

    /// Keeps at most `limit` bytes of the response body, counting the rest in
    /// [`body_cut`](Self::body_cut): for an exchange kept as evidence once judged, which a
    /// report quotes no further than that.
    pub fn retain(&mut self, limit: usize) {
        if let Ok(response) = &mut self.outcome
            && response.body.len() > limit
        {
            self.body_cut += response.body.len() - limit;
            response.body.truncate(limit);
            response.body.shrink_to_fit();
        }
    }
}

/// First value of header `name` (case-insensitive) in a header list.
fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// `Debug` view of a body: lossy text, cut after [`DEBUG_BODY_PREVIEW`] bytes with the length.
struct BodyPreview<'a>(&'a [u8]);

impl fmt::Debug for BodyPreview<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = &self.0[..self.0.len().min(DEBUG_BODY_PREVIEW)];
        let text = String::from_utf8_lossy(shown);
        if shown.len() < self.0.len() {
            write!(f, "{text:?}... ({} bytes)", self.0.len())
        } else {
            write!(f, "{text:?}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTEDSECRET";
    const TOKEN: &str = "FwoGZXIvYXdzEPLANTEDSESSIONTOKEN//////////";
    const SIGNATURE: &str = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

    fn signed_request() -> CapturedRequest {
        CapturedRequest {
            method: Method::POST,
            url: format!(
                "https://cases.us-east-1.amazonaws.com/domains?X-Amz-Security-Token={TOKEN}"
            ),
            headers: vec![
                ("host".into(), "cases.us-east-1.amazonaws.com".into()),
                ("content-type".into(), "application/json".into()),
                ("x-amz-date".into(), "20240101T000000Z".into()),
                ("x-amz-security-token".into(), TOKEN.into()),
                (
                    "authorization".into(),
                    format!(
                        "AWS4-HMAC-SHA256 Credential=AKIDPLANTED/20240101/us-east-1/cases/aws4_request, \
                         SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, \
                         Signature={SIGNATURE}"
                    ),
                ),
            ],
            body: Some(br#"{"name":"d1"}"#.to_vec()),
        }
    }

    fn assert_clean(text: &str) {
        for secret in [SECRET, TOKEN, SIGNATURE, "AKIDPLANTED"] {
            assert!(!text.contains(secret), "{secret} leaked in: {text}");
        }
    }

    #[test]
    fn planted_secrets_never_appear() {
        let req = signed_request();
        let redacted = req.redacted();
        assert_clean(&format!("{redacted:?}"));
        for (_, v) in &redacted.headers {
            assert_clean(v);
        }
        assert_clean(&redacted.url);
        assert_clean(&req.curl_command());
        assert_clean(&format!("{req:?}"));
        let exchange = Exchange {
            request: req,
            outcome: Err(TransportError::Timeout {
                after: Duration::from_secs(1),
            }),
            started: SystemTime::now(),
            elapsed: Duration::from_secs(1),
            body_cut: 0,
        };
        assert_clean(&format!("{exchange:?}"));
        assert_clean(&format!("{exchange:#?}"));
        assert_clean(&exchange.curl_command());
        // The secret key itself never enters a captured request; the signing config's Debug
        // is covered in signing.rs. Useful context survives:
        let curl = exchange.curl_command();
        assert!(
            curl.contains("scope=20240101/us-east-1/cases/aws4_request"),
            "{curl}"
        );
        assert!(curl.contains("x-amz-date: 20240101T000000Z"), "{curl}");
    }

    #[test]
    fn headers_are_looked_up_case_insensitively() {
        let req = signed_request();
        assert_eq!(req.header("Content-Type"), Some("application/json"));
        let resp = CapturedResponse {
            status: 200,
            headers: vec![("x-amzn-requestid".into(), "r1".into())],
            body: b"{}".to_vec(),
        };
        assert_eq!(resp.header("X-Amzn-RequestId"), Some("r1"));
        assert_eq!(resp.header("missing"), None);
    }

    #[test]
    fn json_errors_cleanly_on_deep_nesting_and_bad_bytes() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        let resp = CapturedResponse {
            status: 200,
            headers: vec![],
            body: deep.into_bytes(),
        };
        let err = resp.json().unwrap_err();
        assert!(err.to_string().contains("recursion limit"), "{err}");
        let bad = CapturedResponse {
            status: 200,
            headers: vec![],
            body: b"{\"a\":\"\xff\xfe\"}".to_vec(),
        };
        assert!(bad.json().is_err());
        assert_eq!(bad.body_text_lossy(), "{\"a\":\"\u{fffd}\u{fffd}\"}");
    }

    #[test]
    fn debug_previews_large_bodies() {
        let resp = CapturedResponse {
            status: 200,
            headers: vec![],
            body: vec![b'a'; 10_000],
        };
        let dbg = format!("{resp:?}");
        assert!(dbg.contains("(10000 bytes)"), "{dbg}");
        assert!(dbg.len() < 1_000);
    }
}
