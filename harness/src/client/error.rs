//! Why an exchange produced no response ([`TransportError`]).

use std::time::Duration;

/// Every way an exchange can end without a complete HTTP response. Each variant's message is
/// written for a conformance report, naming what the target did wrong where that is known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No complete response (connect, headers and whole body) within the configured timeout.
    #[error(
        "no complete response within {after:?} (the bound covers connect, response headers and the whole body)"
    )]
    Timeout {
        /// The configured bound that was exceeded.
        after: Duration,
    },
    /// The response body is larger than the configured cap; reading stopped there.
    #[error(
        "response body exceeded the {limit}-byte cap; reading stopped and the body was discarded"
    )]
    BodyTooLarge {
        /// The configured cap, in bytes.
        limit: usize,
    },
    /// No connection could be made: refused, DNS failure, TLS handshake or certificate failure.
    #[error("could not connect to the target: {0}")]
    Connect(String),
    /// The target broke HTTP: malformed response, connection closed or reset before the response
    /// was complete, truncated chunked encoding, body shorter than its `Content-Length`.
    #[error("HTTP protocol error from the target: {0}")]
    Protocol(String),
    /// The harness could not build the request (bad URL, header or signing input); nothing was sent.
    #[error("the request could not be built, nothing was sent: {0}")]
    InvalidRequest(String),
}

impl TransportError {
    /// A stable short name for the variant (`timeout`, `body_too_large`, `connect`, `protocol`,
    /// `invalid_request`), for machine-readable reports and grouping.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Timeout { .. } => "timeout",
            Self::BodyTooLarge { .. } => "body_too_large",
            Self::Connect(_) => "connect",
            Self::Protocol(_) => "protocol",
            Self::InvalidRequest(_) => "invalid_request",
        }
    }
}

/// Joins an error and its sources into one line (`a: b: c`), skipping a source whose text the
/// previous message already contains, so reports show the root cause (e.g. `connection reset`).
pub(crate) fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(inner) = source {
        let text = inner.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = inner.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_readable_and_kinds_stable() {
        let t = TransportError::Timeout {
            after: Duration::from_millis(300),
        };
        assert!(t.to_string().contains("300ms"), "{t}");
        assert_eq!(t.kind(), "timeout");
        let b = TransportError::BodyTooLarge { limit: 1024 };
        assert!(b.to_string().contains("1024-byte cap"), "{b}");
        assert_eq!(b.kind(), "body_too_large");
        assert_eq!(TransportError::Protocol("x".into()).kind(), "protocol");
    }

    #[derive(Debug)]
    struct Wrapper(&'static str, std::io::Error);

    impl std::fmt::Display for Wrapper {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Wrapper {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.1)
        }
    }

    #[test]
    fn error_chain_includes_root_cause_once() {
        let reset = || std::io::Error::new(std::io::ErrorKind::ConnectionReset, "connection reset");
        let plain = Wrapper("error reading body", reset());
        assert_eq!(error_chain(&plain), "error reading body: connection reset");
        let repeats = Wrapper("read failed: connection reset", reset());
        assert_eq!(error_chain(&repeats), "read failed: connection reset");
    }
}
