//! The request a check wants sent ([`WireRequest`]) and the AWS rest-json URI encoding rules.

use http::Method;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything except the RFC 3986 unreserved characters `A-Za-z0-9-._~`: the set AWS rest-json
/// encodes in URI labels and query strings (so `/` becomes `%2F` and a space `%20`, never `+`).
const AWS_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One API call in wire form, produced from the service model by the request builder and
/// consumed by [`TargetClient::send`](super::TargetClient::send).
///
/// It exists so that the client knows nothing about the model: checks can hand it any request,
/// including deliberately malformed ones (wrong content type, bogus headers, invalid JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireRequest {
    /// Model operation name (`CreateDomain`), carried along for reports only.
    pub operation: String,
    /// HTTP method from the operation's `http` trait.
    pub method: Method,
    /// Request path, already percent-encoded (see [`encode_path_label`]), starting with `/`.
    /// It is appended to the endpoint's base path.
    pub path: String,
    /// Query parameters as unencoded pairs, in the order they are sent; the client encodes them.
    pub query: Vec<(String, String)>,
    /// Extra headers. A header named here replaces the client's default of the same name
    /// (`host`, `user-agent`, `content-type`, `content-length`), compared case-insensitively.
    pub headers: Vec<(String, String)>,
    /// Request body (JSON bytes for rest-json), or `None` for no body at all.
    pub body: Option<Vec<u8>>,
}

impl WireRequest {
    /// A request with no query, headers or body, so tests and checks can build one tersely.
    pub fn new(operation: impl Into<String>, method: Method, path: impl Into<String>) -> Self {
        Self {
            operation: operation.into(),
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// Adds one query parameter (unencoded), keeping call order.
    pub fn with_query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds one header, keeping call order.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the body to the given raw bytes (which need not be valid JSON).
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// Sets the body to the compact serialization of a JSON value.
    pub fn with_json(self, value: &serde_json::Value) -> Self {
        // Straight into bytes: `to_string` would go through `fmt::Write` a token at a time.
        self.with_body(serde_json::to_vec(value).expect("a JSON value always serializes"))
    }
}

/// Percent-encodes one URI label (`{domainId}`) the way AWS rest-json does: every byte of the
/// UTF-8 form except the unreserved `A-Za-z0-9-._~` becomes `%XX` (uppercase hex), including
/// `/`, so a label can never add a path segment.
pub fn encode_path_label(label: &str) -> String {
    utf8_percent_encode(label, AWS_ENCODE_SET).to_string()
}

/// Percent-encodes a query-string name or value with the same rules as [`encode_path_label`].
pub fn encode_query_component(component: &str) -> String {
    utf8_percent_encode(component, AWS_ENCODE_SET).to_string()
}

/// Joins the endpoint's base URL with the request path and encoded query.
///
/// Rejects paths the URL parser would silently rewrite (dot segments, backslashes) or whose
/// meaning would change (`?`, `#`), so the request captured is always the request sent.
pub(crate) fn build_url(base: &str, request: &WireRequest) -> Result<String, String> {
    let path = request.path.as_str();
    if !path.starts_with('/') {
        return Err(format!("path {path:?} does not start with '/'"));
    }
    if let Some(c) = path.chars().find(|c| matches!(c, '?' | '#' | '\\')) {
        return Err(format!(
            "path {path:?} contains a raw {c:?}; percent-encode it (see encode_path_label)"
        ));
    }
    if path.split('/').any(is_dot_segment) {
        return Err(format!(
            "path {path:?} contains a '.' or '..' segment, which URL normalization would remove \
             before sending"
        ));
    }
    let mut url = format!("{}{}", base.trim_end_matches('/'), path);
    for (i, (name, value)) in request.query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(&encode_query_component(name));
        url.push('=');
        url.push_str(&encode_query_component(value));
    }
    Ok(url)
}

/// Whether a path segment is one the WHATWG URL parser treats as `.` or `..` (`%2e` included).
fn is_dot_segment(segment: &str) -> bool {
    [".", "%2e", "..", ".%2e", "%2e.", "%2e%2e"]
        .iter()
        .any(|dot| segment.eq_ignore_ascii_case(dot))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_characters_pass_through() {
        let all = "ABCXYZabcxyz0123456789-._~";
        assert_eq!(encode_path_label(all), all);
    }

    #[test]
    fn reserved_characters_are_encoded_including_slash() {
        assert_eq!(encode_path_label("a/b"), "a%2Fb");
        assert_eq!(
            encode_path_label(":/?#[]@!$&'()*+,;="),
            "%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D"
        );
        assert_eq!(encode_path_label("a b%c"), "a%20b%25c");
        assert_eq!(
            encode_path_label("\\\"<>{}|^`"),
            "%5C%22%3C%3E%7B%7D%7C%5E%60"
        );
        assert_eq!(encode_path_label(""), "");
    }

    #[test]
    fn unicode_is_encoded_as_utf8_bytes() {
        assert_eq!(encode_path_label("é"), "%C3%A9");
        assert_eq!(encode_path_label("日本"), "%E6%97%A5%E6%9C%AC");
        assert_eq!(encode_path_label("😀"), "%F0%9F%98%80");
        assert_eq!(encode_path_label("\u{0}\n"), "%00%0A");
    }

    #[test]
    fn url_joins_base_path_and_encodes_query() {
        let req = WireRequest::new("ListCases", Method::POST, "/domains/d%2F1/cases")
            .with_query("nextToken", "a b+c/=")
            .with_query("maxResults", "5");
        assert_eq!(
            build_url("http://127.0.0.1:8080/base/", &req).unwrap(),
            "http://127.0.0.1:8080/base/domains/d%2F1/cases?nextToken=a%20b%2Bc%2F%3D&maxResults=5"
        );
        let bare = WireRequest::new("CreateDomain", Method::POST, "/domains");
        assert_eq!(
            build_url("https://cases.us-east-1.amazonaws.com", &bare).unwrap(),
            "https://cases.us-east-1.amazonaws.com/domains"
        );
    }

    #[test]
    fn url_rejects_paths_that_would_be_rewritten() {
        for path in [
            "domains",
            "/domains?x=1",
            "/a#b",
            "/a\\b",
            "/domains/../x",
            "/domains/./x",
            "/domains/%2E%2e",
            "/domains/..",
        ] {
            let req = WireRequest::new("X", Method::GET, path);
            assert!(build_url("http://h", &req).is_err(), "{path} accepted");
        }
        // Dots inside a label are fine.
        let req = WireRequest::new("X", Method::GET, "/domains/...");
        assert_eq!(build_url("http://h", &req).unwrap(), "http://h/domains/...");
    }
}
