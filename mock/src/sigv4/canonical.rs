//! The SigV4 canonical request: method, canonical URI, canonical query, canonical
//! headers, signed header list and payload hash, joined by newlines.

use axum::http::HeaderMap;

/// Builds the canonical request string.
pub fn canonical_request(
    method: &str,
    raw_path: &str,
    raw_query: Option<&str>,
    headers: &HeaderMap,
    signed_headers: &[String],
    payload_hash: &str,
) -> String {
    let mut names: Vec<&str> = signed_headers.iter().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    let mut header_block = String::new();
    for name in &names {
        header_block.push_str(name);
        header_block.push(':');
        header_block.push_str(&header_value(headers, name));
        header_block.push('\n');
    }
    format!(
        "{method}\n{}\n{}\n{header_block}\n{}\n{payload_hash}",
        canonical_uri(raw_path),
        canonical_query(raw_query.unwrap_or("")),
        names.join(";")
    )
}

/// All values of header `name`, each trimmed with inner runs of spaces collapsed,
/// joined by commas.
fn header_value(headers: &HeaderMap, name: &str) -> String {
    headers
        .get_all(name)
        .iter()
        .map(|v| {
            String::from_utf8_lossy(v.as_bytes())
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The canonical URI for every service but S3: the path as received with dot segments
/// removed, then URI-encoded once more (so `%20` on the wire becomes `%2520`).
pub fn canonical_uri(raw_path: &str) -> String {
    let normalized = remove_dot_segments(raw_path);
    let mut out = String::with_capacity(normalized.len() + 8);
    for &b in normalized.as_bytes() {
        if b == b'/' {
            out.push('/');
        } else {
            encode_byte(b, &mut out);
        }
    }
    out
}

fn remove_dot_segments(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let mut out: Vec<&str> = Vec::with_capacity(segments.len());
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

/// The canonical query: each name and value percent-decoded then strictly encoded,
/// sorted by name and then value, joined with `&`.
pub fn canonical_query(raw_query: &str) -> String {
    let mut pairs: Vec<(String, String)> = raw_query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (reencode(k), reencode(v))
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn reencode(component: &str) -> String {
    let decoded = crate::wire::percent::decode(component).unwrap_or_else(|| component.to_owned());
    let mut out = String::with_capacity(decoded.len());
    for &b in decoded.as_bytes() {
        encode_byte(b, &mut out);
    }
    out
}

/// SigV4's URI encoding: unreserved characters stay, every other byte is `%XX`.
fn encode_byte(b: u8, out: &mut String) {
    if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
        out.push(char::from(b));
    } else {
        out.push_str(&format!("%{b:02X}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn uri_is_double_encoded_and_normalized() {
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(
            canonical_uri("/domains/a%20b/cases"),
            "/domains/a%2520b/cases"
        );
        assert_eq!(canonical_uri("/a/./b/../c/"), "/a/c/");
        assert_eq!(canonical_uri("/x/related-items/"), "/x/related-items/");
        assert_eq!(canonical_uri("/a:b"), "/a%3Ab");
    }

    #[test]
    fn query_is_sorted_and_strictly_encoded() {
        assert_eq!(canonical_query("b=2&a=1&a=0"), "a=0&a=1&b=2");
        assert_eq!(canonical_query("nextToken=a%2Bb&x"), "nextToken=a%2Bb&x=");
        assert_eq!(canonical_query("k=a b"), "k=a%20b");
        assert_eq!(canonical_query(""), "");
    }

    /// The `get-vanilla` case of the AWS SigV4 test suite.
    #[test]
    fn matches_the_aws_get_vanilla_canonical_request() {
        let mut headers = HeaderMap::new();
        headers.insert("host", HeaderValue::from_static("example.amazonaws.com"));
        headers.insert("x-amz-date", HeaderValue::from_static("20150830T123600Z"));
        let signed = ["host".to_owned(), "x-amz-date".to_owned()];
        let canonical = canonical_request(
            "GET",
            "/",
            None,
            &headers,
            &signed,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        );
        assert_eq!(
            canonical,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n\
             host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn header_values_are_trimmed_and_joined() {
        let mut headers = HeaderMap::new();
        headers.append("x-multi", HeaderValue::from_static("  a   b "));
        headers.append("x-multi", HeaderValue::from_static("c"));
        assert_eq!(header_value(&headers, "x-multi"), "a b,c");
    }
}
