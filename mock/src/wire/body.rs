//! Reads a request body while enforcing the configured size cap.

use axum::body::Body;
use axum::http::HeaderMap;

use crate::error::{ApiError, ErrorKind};

/// Reads `body` completely, refusing more than `limit` bytes with a 413. A declared
/// `Content-Length` above the cap is refused before reading anything.
pub async fn read_limited(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<Vec<u8>, ApiError> {
    let too_large = || {
        ApiError::new(
            ErrorKind::PayloadTooLarge,
            format!("Request body exceeds the limit of {limit} bytes"),
        )
    };
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(too_large());
    }
    // `to_bytes` fails only when the limit is exceeded or the client's stream broke;
    // in the second case nobody reads the answer, so both are reported as a 413.
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => Ok(bytes.to_vec()),
        Err(_) => Err(too_large()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reads_small_bodies() {
        let bytes = read_limited(&HeaderMap::new(), Body::from("{}"), 10)
            .await
            .expect("fits");
        assert_eq!(bytes, b"{}");
    }

    #[tokio::test]
    async fn refuses_large_bodies_with_413() {
        let err = read_limited(&HeaderMap::new(), Body::from(vec![b'x'; 11]), 10)
            .await
            .expect_err("too large");
        assert_eq!(err.kind.status(), 413);
    }

    #[tokio::test]
    async fn refuses_large_declared_length_without_reading() {
        let mut headers = HeaderMap::new();
        headers.insert(
            axum::http::header::CONTENT_LENGTH,
            "999".parse().expect("header"),
        );
        let err = read_limited(&headers, Body::empty(), 10)
            .await
            .expect_err("declared too large");
        assert_eq!(err.kind.status(), 413);
    }
}
