//! Run-time settings of one mock instance.

use std::fmt;

/// Settings of one mock instance: where it claims to live (region and account, which
/// appear in every ARN it mints), whether it verifies SigV4, and how large a request
/// body it accepts. One value configures both the in-process router and the binary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockConfig {
    /// AWS region used in ARNs and required in the SigV4 credential scope.
    pub region: String,
    /// Twelve-digit account id used in ARNs and audit principals.
    pub account_id: String,
    /// When set, every request must carry a valid `AWS4-HMAC-SHA256` signature made
    /// with these credentials for service `cases` in [`MockConfig::region`].
    pub sigv4: Option<SigV4Credentials>,
    /// Largest accepted request body in bytes; larger bodies get a 413.
    pub max_body_bytes: usize,
}

/// The default body cap: 1 MiB, far above the largest valid request in the model.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            region: "us-east-1".to_owned(),
            account_id: "123456789012".to_owned(),
            sigv4: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }
}

/// The one test identity the mock accepts when SigV4 verification is on. It exists so
/// tests can prove that clients sign correctly without any real AWS credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct SigV4Credentials {
    /// Access key id expected in the `Credential=` part of the `Authorization` header.
    pub access_key_id: String,
    /// Secret access key the signing key is derived from.
    pub secret_access_key: String,
}

impl fmt::Debug for SigV4Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigV4Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_matches_the_documented_values() {
        let config = MockConfig::default();
        assert_eq!(config.region, "us-east-1");
        assert_eq!(config.account_id, "123456789012");
        assert!(config.sigv4.is_none());
        assert_eq!(config.max_body_bytes, 1024 * 1024);
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let creds = SigV4Credentials {
            access_key_id: "AKID".into(),
            secret_access_key: "very-secret".into(),
        };
        let shown = format!("{creds:?}");
        assert!(shown.contains("AKID"));
        assert!(!shown.contains("very-secret"));
    }
}
