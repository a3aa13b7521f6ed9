//! Secret hygiene: what of a captured request may appear in reports, logs and `Debug` output.
//!
//! Redacted: the `Authorization` value (the SigV4 credential scope and signed-header list are
//! kept because they explain region/service mismatches; the access key and signature are not),
//! `X-Amz-Security-Token`, cookies, and presigned-URL query parameters. Secret keys never enter a
//! captured request in the first place.

use std::borrow::Cow;

/// Headers whose whole value is replaced, compared case-insensitively.
const SECRET_HEADERS: &[&str] = &[
    "x-amz-security-token",
    "cookie",
    "set-cookie",
    "proxy-authorization",
];

/// Query parameters (presigned URLs) whose value is replaced, compared case-insensitively.
const SECRET_QUERY_PARAMS: &[&str] = &[
    "x-amz-signature",
    "x-amz-security-token",
    "x-amz-credential",
];

/// The value to show for header `name`: unchanged unless it carries secret material.
pub(crate) fn redact_header<'a>(name: &str, value: &'a str) -> Cow<'a, str> {
    if name.eq_ignore_ascii_case("authorization") {
        Cow::Owned(redact_authorization(value))
    } else if SECRET_HEADERS.iter().any(|s| name.eq_ignore_ascii_case(s)) {
        Cow::Borrowed("<redacted>")
    } else {
        Cow::Borrowed(value)
    }
}

/// `<redacted: SigV4 scope=DATE/REGION/SERVICE/aws4_request signed-headers=...>` for a SigV4
/// header, `<redacted>` for anything else.
fn redact_authorization(value: &str) -> String {
    let Some(rest) = value.strip_prefix("AWS4-HMAC-SHA256") else {
        return "<redacted>".to_owned();
    };
    let mut scope = None;
    let mut signed = None;
    for part in rest.split(',').map(str::trim) {
        if let Some(credential) = part.strip_prefix("Credential=") {
            // Drop the access key id: keep only what follows its first '/'.
            scope = credential.split_once('/').map(|(_, scope)| scope);
        } else if let Some(headers) = part.strip_prefix("SignedHeaders=") {
            signed = Some(headers);
        }
    }
    let mut out = String::from("<redacted: SigV4");
    if let Some(scope) = scope.filter(|s| is_printable(s)) {
        out.push_str(" scope=");
        out.push_str(scope);
    }
    if let Some(signed) = signed.filter(|s| is_printable(s)) {
        out.push_str(" signed-headers=");
        out.push_str(signed);
    }
    out.push('>');
    out
}

/// Whether a kept fragment is plain enough to echo (no spaces or quotes to confuse a reader).
fn is_printable(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_graphic() && b != b'\'' && b != b'"' && b != b',')
}

/// The URL with the values of presigned-URL secret parameters replaced by `REDACTED`.
pub(crate) fn redact_url(url: &str) -> Cow<'_, str> {
    let Some((base, rest)) = url.split_once('?') else {
        return Cow::Borrowed(url);
    };
    let (query, fragment) = match rest.split_once('#') {
        Some((q, f)) => (q, Some(f)),
        None => (rest, None),
    };
    let is_secret = |pair: &str| {
        let name = pair.split_once('=').map_or(pair, |(n, _)| n);
        let name = percent_encoding::percent_decode_str(name).decode_utf8_lossy();
        SECRET_QUERY_PARAMS
            .iter()
            .any(|s| name.eq_ignore_ascii_case(s))
    };
    if !query.split('&').any(is_secret) {
        return Cow::Borrowed(url);
    }
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| {
            if is_secret(pair) {
                let name = pair.split_once('=').map_or(pair, |(n, _)| n);
                format!("{name}=REDACTED")
            } else {
                pair.to_owned()
            }
        })
        .collect();
    let mut out = format!("{base}?{}", pairs.join("&"));
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigv4_authorization_keeps_scope_only() {
        let v = "AWS4-HMAC-SHA256 Credential=AKIDSECRETID/20240101/us-east-1/cases/aws4_request, \
                 SignedHeaders=content-type;host;x-amz-date, Signature=deadbeef00";
        let r = redact_header("Authorization", v);
        assert_eq!(
            r,
            "<redacted: SigV4 scope=20240101/us-east-1/cases/aws4_request \
             signed-headers=content-type;host;x-amz-date>"
        );
        assert!(!r.contains("AKIDSECRETID") && !r.contains("deadbeef00"));
        assert_eq!(redact_header("authorization", "Bearer abc"), "<redacted>");
        assert_eq!(
            redact_header("authorization", "AWS4-HMAC-SHA256"),
            "<redacted: SigV4>"
        );
    }

    #[test]
    fn token_and_cookie_headers_are_redacted_others_kept() {
        assert_eq!(redact_header("X-Amz-Security-Token", "tok"), "<redacted>");
        assert_eq!(redact_header("cookie", "a=b"), "<redacted>");
        assert_eq!(
            redact_header("x-amz-date", "20240101T000000Z"),
            "20240101T000000Z"
        );
        assert_eq!(
            redact_header("content-type", "application/json"),
            "application/json"
        );
    }

    #[test]
    fn presigned_query_parameters_are_redacted() {
        let url = "https://h/p?a=1&X-Amz-Signature=abc&x%2Damz%2Dsecurity%2Dtoken=tok#frag";
        assert_eq!(
            redact_url(url),
            "https://h/p?a=1&X-Amz-Signature=REDACTED&x%2Damz%2Dsecurity%2Dtoken=REDACTED#frag"
        );
        assert_eq!(redact_url("https://h/p?a=1"), "https://h/p?a=1");
        assert_eq!(redact_url("https://h/p"), "https://h/p");
    }
}
