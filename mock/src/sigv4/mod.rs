//! Optional verification of AWS Signature Version 4 on incoming requests.
//!
//! Written from the SigV4 specification on `hmac` + `sha2`, deliberately without
//! `aws-sigv4`: the harness signs with `aws-sigv4`, so the mock must check signatures
//! with independent code or a shared bug would pass both sides.

mod authorization;
mod canonical;
mod signing;

use axum::http::HeaderMap;

use crate::config::SigV4Credentials;
use crate::error::{ApiError, ErrorKind};
use authorization::Authorization;

/// The signing name of Connect Cases (`signingName` in the model).
pub const SERVICE: &str = "cases";

/// Largest accepted difference between `X-Amz-Date` and the mock's clock.
pub const MAX_CLOCK_SKEW_SECS: i64 = 15 * 60;

/// The parts of a request a signature covers.
#[derive(Clone, Copy, Debug)]
pub struct SignedRequest<'a> {
    /// HTTP method, e.g. `POST`.
    pub method: &'a str,
    /// Path exactly as received, still percent-encoded.
    pub raw_path: &'a str,
    /// Query exactly as received (without `?`).
    pub raw_query: Option<&'a str>,
    /// All request headers.
    pub headers: &'a HeaderMap,
    /// The body bytes as received.
    pub body: &'a [u8],
}

/// Checks the `Authorization` header of `request` against `creds` for service `cases`
/// in `region`, at time `now_secs`. Failures are 403s: `AccessDeniedException` when no
/// usable credentials are presented, `InvalidSignatureException` otherwise.
pub fn verify(
    request: &SignedRequest<'_>,
    creds: &SigV4Credentials,
    region: &str,
    now_secs: i64,
) -> Result<(), ApiError> {
    let header = request
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .ok_or_else(|| denied("Missing Authentication Token: no Authorization header"))?
        .to_str()
        .map_err(|_| invalid("The Authorization header is not valid ASCII"))?;
    let auth = Authorization::parse(header).map_err(invalid)?;
    if auth.access_key_id != creds.access_key_id {
        return Err(denied(
            "The security token included in the request is invalid (unknown access key id)",
        ));
    }
    check_scope(&auth, region)?;
    let amz_date = signed_amz_date(request.headers, &auth)?;
    check_clock(&amz_date, &auth, now_secs)?;
    let payload_hash = payload_hash(request.headers, request.body)?;
    let canonical = canonical::canonical_request(
        request.method,
        request.raw_path,
        request.raw_query,
        request.headers,
        &auth.signed_headers,
        &payload_hash,
    );
    let scope = format!(
        "{}/{}/{}/aws4_request",
        auth.date, auth.region, auth.service
    );
    let string_to_sign = signing::string_to_sign(&amz_date, &scope, &canonical);
    let key = signing::signing_key(
        &creds.secret_access_key,
        &auth.date,
        &auth.region,
        &auth.service,
    );
    if signing::verify(&key, &string_to_sign, &auth.signature) {
        Ok(())
    } else {
        Err(invalid(
            "The request signature we calculated does not match the signature you provided. \
             Check your AWS Secret Access Key and signing method.",
        ))
    }
}

fn check_scope(auth: &Authorization, region: &str) -> Result<(), ApiError> {
    if auth.service != SERVICE {
        return Err(invalid(format!(
            "Credential should be scoped to correct service: '{SERVICE}', not '{}'",
            auth.service
        )));
    }
    if auth.region != region {
        return Err(invalid(format!(
            "Credential should be scoped to a valid region: '{region}', not '{}'",
            auth.region
        )));
    }
    if auth.terminator != "aws4_request" {
        return Err(invalid(
            "Credential should be scoped with a valid terminator: 'aws4_request'",
        ));
    }
    if !auth.signed_headers.iter().any(|h| h == "host") {
        return Err(invalid("The 'host' header must be signed"));
    }
    Ok(())
}

fn signed_amz_date(headers: &HeaderMap, auth: &Authorization) -> Result<String, ApiError> {
    if !auth.signed_headers.iter().any(|h| h == "x-amz-date") {
        return Err(invalid(
            "The 'x-amz-date' header must be present and signed",
        ));
    }
    headers
        .get("x-amz-date")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_owned())
        .ok_or_else(|| invalid("The 'x-amz-date' header must be present and signed"))
}

fn check_clock(amz_date: &str, auth: &Authorization, now_secs: i64) -> Result<(), ApiError> {
    let signed_at = crate::time::parse_amz_date(amz_date)
        .ok_or_else(|| invalid(format!("Invalid X-Amz-Date '{amz_date}'")))?;
    if !amz_date.starts_with(auth.date.as_str()) {
        return Err(invalid(format!(
            "Credential date '{}' does not match X-Amz-Date '{amz_date}'",
            auth.date
        )));
    }
    if (now_secs - signed_at).abs() > MAX_CLOCK_SKEW_SECS {
        return Err(invalid(format!(
            "Signature expired or not yet valid: X-Amz-Date '{amz_date}' is more than 15 minutes from the server time"
        )));
    }
    Ok(())
}

/// The payload hash the signature covers. A client-sent `x-amz-content-sha256` must
/// match the body actually received, so a body changed after signing is caught even
/// when that header is signed; unsigned payloads are refused.
fn payload_hash(headers: &HeaderMap, body: &[u8]) -> Result<String, ApiError> {
    let actual = signing::sha256_hex(body);
    match headers.get("x-amz-content-sha256").map(|v| v.to_str()) {
        None => Ok(actual),
        Some(Ok(claimed)) if claimed.eq_ignore_ascii_case(&actual) => Ok(claimed.to_owned()),
        Some(Ok("UNSIGNED-PAYLOAD")) => Err(invalid("Unsigned payloads are not accepted")),
        Some(_) => Err(invalid(
            "The provided 'x-amz-content-sha256' header does not match what was computed",
        )),
    }
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorKind::InvalidSignature, message)
}

fn denied(message: &str) -> ApiError {
    ApiError::new(ErrorKind::AccessDenied, message)
}

/// The first 16 bytes of HMAC-SHA256(`key`, `data`); reused by pagination tokens so the
/// crate has one HMAC implementation.
pub fn mac16(key: &[u8], data: &[u8]) -> [u8; 16] {
    let full = signing::hmac(key, data);
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    fn creds() -> SigV4Credentials {
        SigV4Credentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: SECRET.into(),
        }
    }

    /// Signs a POST for service `cases` with this module's own primitives, the way a
    /// client would, so the checks below can perturb one thing at a time.
    fn signed_headers(body: &[u8], region: &str, service: &str, amz_date: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("host", HeaderValue::from_static("127.0.0.1:1234"));
        headers.insert("x-amz-date", HeaderValue::from_str(amz_date).expect("date"));
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        let signed: Vec<String> = ["content-type", "host", "x-amz-date"]
            .map(String::from)
            .into();
        let canonical = canonical::canonical_request(
            "POST",
            "/domains/d%20x/cases",
            Some("b=2&a=1"),
            &headers,
            &signed,
            &signing::sha256_hex(body),
        );
        let date = &amz_date[..8];
        let scope = format!("{date}/{region}/{service}/aws4_request");
        let sts = signing::string_to_sign(amz_date, &scope, &canonical);
        let key = signing::signing_key(SECRET, date, region, service);
        let signature = signing::sign_hex(&key, &sts);
        let value = format!(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{scope}, SignedHeaders={}, Signature={signature}",
            signed.join(";")
        );
        headers.insert(
            "authorization",
            HeaderValue::from_str(&value).expect("auth"),
        );
        headers
    }

    fn check(headers: &HeaderMap, body: &[u8], now: i64) -> Result<(), ApiError> {
        let request = SignedRequest {
            method: "POST",
            raw_path: "/domains/d%20x/cases",
            raw_query: Some("b=2&a=1"),
            headers,
            body,
        };
        verify(&request, &creds(), "us-east-1", now)
    }

    const NOW: i64 = 1_714_739_696; // 20240503T123456Z

    #[test]
    fn accepts_a_correct_signature() {
        let headers = signed_headers(b"{}", "us-east-1", "cases", "20240503T123456Z");
        check(&headers, b"{}", NOW).expect("valid signature");
    }

    #[test]
    fn rejects_a_changed_body() {
        let headers = signed_headers(b"{}", "us-east-1", "cases", "20240503T123456Z");
        let err = check(&headers, b"{\"a\":1}", NOW).expect_err("body changed");
        assert_eq!(err.kind, ErrorKind::InvalidSignature);
    }

    #[test]
    fn rejects_other_region_and_service() {
        let headers = signed_headers(b"{}", "eu-west-1", "cases", "20240503T123456Z");
        let err = check(&headers, b"{}", NOW).expect_err("region");
        assert!(err.message.contains("region"), "{}", err.message);
        let headers = signed_headers(b"{}", "us-east-1", "s3", "20240503T123456Z");
        let err = check(&headers, b"{}", NOW).expect_err("service");
        assert!(err.message.contains("service"), "{}", err.message);
    }

    #[test]
    fn rejects_missing_header_and_unknown_key() {
        let err = check(&HeaderMap::new(), b"{}", NOW).expect_err("missing");
        assert_eq!(err.kind, ErrorKind::AccessDenied);
        let mut headers = signed_headers(b"{}", "us-east-1", "cases", "20240503T123456Z");
        let auth = headers["authorization"]
            .to_str()
            .expect("ascii")
            .replace("AKIDEXAMPLE", "OTHER");
        headers.insert("authorization", HeaderValue::from_str(&auth).expect("auth"));
        assert_eq!(
            check(&headers, b"{}", NOW).expect_err("key").kind,
            ErrorKind::AccessDenied
        );
    }

    #[test]
    fn rejects_stale_signatures() {
        let headers = signed_headers(b"{}", "us-east-1", "cases", "20240503T123456Z");
        let err = check(&headers, b"{}", NOW + 16 * 60).expect_err("stale");
        assert!(err.message.contains("expired"), "{}", err.message);
    }

    #[test]
    fn checks_a_claimed_payload_hash() {
        let mut headers = signed_headers(b"{}", "us-east-1", "cases", "20240503T123456Z");
        headers.insert(
            "x-amz-content-sha256",
            HeaderValue::from_static("UNSIGNED-PAYLOAD"),
        );
        assert!(check(&headers, b"{}", NOW).is_err());
        let wrong = signing::sha256_hex(b"other");
        headers.insert(
            "x-amz-content-sha256",
            HeaderValue::from_str(&wrong).expect("hex"),
        );
        assert!(check(&headers, b"{}", NOW).is_err());
    }

    #[test]
    fn rejects_a_tampered_signature() {
        let mut headers = signed_headers(b"{}", "us-east-1", "cases", "20240503T123456Z");
        let auth = headers["authorization"].to_str().expect("ascii").to_owned();
        let last = auth.chars().last().expect("non-empty");
        let flipped = if last == '0' { '1' } else { '0' };
        let tampered = format!("{}{flipped}", &auth[..auth.len() - 1]);
        headers.insert(
            "authorization",
            HeaderValue::from_str(&tampered).expect("auth"),
        );
        let err = check(&headers, b"{}", NOW).expect_err("tampered");
        assert_eq!(err.kind, ErrorKind::InvalidSignature);
    }
}
