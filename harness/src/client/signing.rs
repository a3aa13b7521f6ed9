//! SigV4 signing: credentials, the per-request signing mode, and the body tampering an auth
//! check uses to prove a target verifies the payload hash.

use std::fmt;
use std::time::SystemTime;

use anyhow::Context as _;
use aws_credential_types::Credentials;
use aws_credential_types::provider::ProvideCredentials as _;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;

/// The SigV4 signing name of Amazon Connect Cases.
pub const CASES_SIGNING_NAME: &str = "cases";

/// Who signs and for which scope: the configured identity of a [`ClientConfig`](super::ClientConfig).
///
/// `Debug` is written by hand and prints neither the secret key nor the session token.
#[derive(Clone)]
pub struct SigningConfig {
    /// Region of the credential scope, `us-east-1`.
    pub region: String,
    /// Signing name of the credential scope, normally [`CASES_SIGNING_NAME`].
    pub service: String,
    /// Access key, secret key and optional session token (sent as `X-Amz-Security-Token`).
    pub credentials: Credentials,
}

impl SigningConfig {
    /// Signing for Connect Cases (`cases`) in `region`.
    pub fn new(region: impl Into<String>, credentials: Credentials) -> Self {
        Self {
            region: region.into(),
            service: CASES_SIGNING_NAME.to_owned(),
            credentials,
        }
    }

    /// Static credentials for tests and for local targets such as the mock.
    pub fn from_keys(
        region: impl Into<String>,
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        let credentials = Credentials::new(
            access_key_id,
            secret_access_key,
            session_token,
            None,
            "harness-static",
        );
        Self::new(region, credentials)
    }
}

impl fmt::Debug for SigningConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningConfig")
            .field("region", &self.region)
            .field("service", &self.service)
            .field("access_key_id", &self.credentials.access_key_id())
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.credentials.session_token().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// How one request is signed, so auth checks can send what a correct client never would.
#[derive(Debug, Clone, Default)]
pub enum SigningMode {
    /// Sign with [`ClientConfig::signing`](super::ClientConfig::signing), or send unsigned when
    /// that is `None`.
    #[default]
    Configured,
    /// Send without any signature even when signing is configured.
    Unsigned,
    /// Sign with the configured credentials but for another region and/or signing name.
    /// Fails with [`TransportError::InvalidRequest`](super::TransportError::InvalidRequest)
    /// when no signing is configured.
    Override {
        /// Region to put in the credential scope.
        region: String,
        /// Signing name to put in the credential scope.
        service: String,
    },
    /// Sign with entirely different credentials and scope (e.g. a wrong secret key).
    Custom(SigningConfig),
}

/// Produces the SigV4 headers (`x-amz-date`, optional `x-amz-security-token`, `authorization`)
/// for exactly this method, URL, header list and body.
pub(crate) fn sigv4_headers(
    signing: &SigningConfig,
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: &[u8],
    time: SystemTime,
) -> Result<Vec<(String, String)>, String> {
    let identity = signing.credentials.clone().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(&signing.region)
        .name(&signing.service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| format!("invalid signing parameters: {e}"))?
        .into();
    let signable = SignableRequest::new(
        method,
        url,
        headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
        SignableBody::Bytes(body),
    )
    .map_err(|e| format!("request cannot be signed: {e}"))?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(|e| format!("signing failed: {e}"))?
        .into_parts();
    let (signed_headers, _query_params) = instructions.into_parts();
    Ok(signed_headers
        .into_iter()
        .map(|h| (h.name().to_owned(), h.value().to_owned()))
        .collect())
}

/// Changes a signed body so its payload hash no longer matches, keeping it the same length and,
/// for JSON, still valid JSON whenever possible: the first structural whitespace is swapped for
/// another, else the last ASCII letter or digit inside a string (usually in the last value) is
/// changed (letter case flipped, digit bumped). Only a body with none of those (`{}`, empty)
/// grows by one space instead.
pub(crate) fn tamper_body(body: &mut Vec<u8>) {
    let mut in_string = false;
    let mut escaped = false;
    let mut whitespace = None;
    let mut alnum = None;
    for (i, &b) in body.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
                continue;
            }
            match b {
                b'\\' => escaped = true,
                b'"' => in_string = false,
                b if b.is_ascii_alphanumeric() => alnum = Some(i),
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b' ' | b'\t' | b'\n' | b'\r' if whitespace.is_none() => whitespace = Some(i),
                _ => {}
            }
        }
    }
    if let Some(i) = whitespace {
        body[i] = if body[i] == b' ' { b'\t' } else { b' ' };
    } else if let Some(i) = alnum {
        body[i] = match body[i] {
            b'9' => b'0',
            d if d.is_ascii_digit() => d + 1,
            letter => letter ^ 0x20,
        };
    } else {
        body.push(b' ');
    }
}

/// Resolves credentials through the standard AWS chain (environment, shared config/credentials
/// profile, `credential_process`, web identity, ECS container and EC2 instance metadata), so the
/// CLI can sign for a real endpoint exactly as the AWS CLI would. `profile` selects a named
/// profile instead of `AWS_PROFILE`/`default`.
pub async fn credentials_from_default_chain(profile: Option<&str>) -> anyhow::Result<Credentials> {
    let mut builder = aws_config::default_provider::credentials::DefaultCredentialsChain::builder();
    if let Some(profile) = profile {
        builder = builder.profile_name(profile);
    }
    let chain = builder.build().await;
    chain
        .provide_credentials()
        .await
        .with_context(|| match profile {
            Some(p) => format!("no AWS credentials found for profile {p:?}"),
            None => "no AWS credentials found in the default chain".to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tampered(s: &str) -> String {
        let mut body = s.as_bytes().to_vec();
        tamper_body(&mut body);
        String::from_utf8(body).unwrap()
    }

    #[test]
    fn tamper_keeps_length_and_json_validity() {
        for (input, expected) in [
            (r#"{"name":"d1"}"#, r#"{"name":"d2"}"#),
            (r#"{"name": "d1"}"#, "{\"name\":\t\"d1\"}"),
            (r#"{"n":"x y","m":"19"}"#, r#"{"n":"x y","m":"10"}"#),
            (r#"{"m":"ab"}"#, r#"{"m":"aB"}"#),
            (r#"{"b\n":"\\"}"#, r#"{"B\n":"\\"}"#),
        ] {
            let out = tampered(input);
            assert_eq!(out, expected);
            assert_eq!(out.len(), input.len(), "{input}");
            serde_json::from_str::<serde_json::Value>(&out).unwrap();
        }
        assert_eq!(tampered("{}"), "{} ");
        assert_eq!(tampered(""), " ");
    }

    #[test]
    fn debug_hides_secret_and_token() {
        let cfg = SigningConfig::from_keys(
            "us-east-1",
            "AKIDEXAMPLE",
            "SECRETKEYSECRETKEY",
            Some("SESSIONTOKENVALUE".into()),
        );
        let dbg = format!("{cfg:?} {:?}", SigningMode::Custom(cfg.clone()));
        assert!(dbg.contains("AKIDEXAMPLE"));
        assert!(!dbg.contains("SECRETKEYSECRETKEY"), "{dbg}");
        assert!(!dbg.contains("SESSIONTOKENVALUE"), "{dbg}");
    }

    #[test]
    fn signs_with_scope_and_date() {
        let cfg = SigningConfig::from_keys("eu-west-2", "AKID", "SECRET", None);
        let headers = vec![("host".to_owned(), "example.com".to_owned())];
        let time = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let out = sigv4_headers(
            &cfg,
            "POST",
            "https://example.com/domains",
            &headers,
            b"{}",
            time,
        )
        .unwrap();
        let get = |n: &str| out.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
        assert_eq!(get("x-amz-date"), Some("20231114T221320Z"));
        let auth = get("authorization").unwrap();
        assert!(
            auth.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKID/20231114/eu-west-2/cases/aws4_request, \
                 SignedHeaders=host;x-amz-date, Signature="
            ),
            "{auth}"
        );
        assert_eq!(get("x-amz-security-token"), None);
    }
}
