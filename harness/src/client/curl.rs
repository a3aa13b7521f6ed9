//! Rendering a (redacted) captured request as a `curl` command line for POSIX `sh`, so a report
//! reader can reproduce a failure by pasting one line.

use super::exchange::CapturedRequest;

/// The `curl` line for `request`, which the caller has already redacted.
///
/// `content-length` is left to curl. A body that is printable UTF-8 goes inline with
/// `--data-binary`; any other body (invalid UTF-8, control bytes, NUL) is piped in from a
/// `printf` of octal escapes, which reproduces the bytes exactly.
pub(crate) fn curl_command(request: &CapturedRequest) -> String {
    let mut line = String::new();
    let mut data_arg = None;
    if let Some(body) = &request.body {
        match std::str::from_utf8(body) {
            Ok(text) if !text.chars().any(needs_escape) => data_arg = Some(sh_quote(text)),
            _ => {
                line.push_str(&format!("printf '{}' | ", printf_escape(body)));
                data_arg = Some("@-".to_owned());
            }
        }
    }
    line.push_str("curl -sS -i -X ");
    line.push_str(&sh_quote(request.method.as_str()));
    line.push(' ');
    line.push_str(&sh_quote(&request.url));
    for (name, value) in &request.headers {
        if name.eq_ignore_ascii_case("content-length") {
            continue;
        }
        // `-H 'name:'` would delete the header; `name;` is curl's syntax for an empty value.
        let header = if value.is_empty() {
            format!("{name};")
        } else {
            format!("{name}: {value}")
        };
        line.push_str(" -H ");
        line.push_str(&sh_quote(&header));
    }
    if let Some(data) = data_arg {
        line.push_str(" --data-binary ");
        line.push_str(&data);
    }
    line
}

/// Characters that must not appear raw in a pasted command: controls other than tab and newline.
fn needs_escape(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Quotes `s` as one `sh` word: single quotes, each `'` written as `'\''`. Inside single quotes
/// nothing is special, so `$`, backticks, `\` and `!` stay literal.
pub(crate) fn sh_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// A `printf` format reproducing `bytes`: printable ASCII as is, everything else (and `'`, `\`,
/// `%`) as a three-digit octal escape, so the result is plain ASCII safe inside single quotes.
fn printf_escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if (b.is_ascii_graphic() || b == b' ') && !matches!(b, b'\'' | b'\\' | b'%') {
            out.push(b as char);
        } else {
            out.push_str(&format!("\\{b:03o}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::Method;

    fn request(body: Option<&[u8]>, headers: &[(&str, &str)]) -> CapturedRequest {
        CapturedRequest {
            method: Method::POST,
            url: "http://127.0.0.1:8080/domains?a=1&b=2".to_owned(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.map(<[u8]>::to_vec),
        }
    }

    #[test]
    fn quotes_single_quotes_and_leaves_metacharacters_inert() {
        assert_eq!(sh_quote("plain"), "'plain'");
        assert_eq!(sh_quote("it's"), "'it'\\''s'");
        assert_eq!(sh_quote("$(rm -rf /) `x` \\ !"), "'$(rm -rf /) `x` \\ !'");
        assert_eq!(sh_quote(""), "''");
    }

    #[test]
    fn renders_method_url_headers_and_inline_body() {
        let req = request(
            Some(br#"{"name":"O'Brien $HOME"}"#),
            &[
                ("content-type", "application/json"),
                ("content-length", "24"),
                ("x-empty", ""),
            ],
        );
        assert_eq!(
            curl_command(&req),
            "curl -sS -i -X 'POST' 'http://127.0.0.1:8080/domains?a=1&b=2' \
             -H 'content-type: application/json' -H 'x-empty;' \
             --data-binary '{\"name\":\"O'\\''Brien $HOME\"}'"
        );
    }

    #[test]
    fn binary_bodies_are_piped_through_printf() {
        let req = request(Some(b"\xff\x00a'%\\\n"), &[]);
        assert_eq!(
            curl_command(&req),
            "printf '\\377\\000a\\047\\045\\134\\012' | curl -sS -i -X 'POST' \
             'http://127.0.0.1:8080/domains?a=1&b=2' --data-binary @-"
        );
        let no_body = request(None, &[]);
        assert!(!curl_command(&no_body).contains("--data"));
    }

    #[test]
    fn printf_line_reproduces_the_exact_bytes() {
        // Run the printf part through a real sh when one is available.
        let body: Vec<u8> = (0u8..=255).collect();
        let script = format!("printf '{}'", printf_escape(&body));
        let Ok(out) = std::process::Command::new("sh")
            .arg("-c")
            .arg(&script)
            .output()
        else {
            return;
        };
        assert_eq!(out.stdout, body);
    }
}
