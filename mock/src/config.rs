//! Run-time settings of one mock instance.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use crate::faults::{Fault, ParseError};

/// Settings of one mock instance: where it claims to live (region and account, which
/// appear in every ARN it mints), whether it verifies SigV4, how large a request body it
/// accepts, which model release it emulates and which faults it ships. One value
/// configures both the in-process router and the binary.
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
    /// The model release emulated (default: 1.34.98, the release that added `File`).
    pub release: MockRelease,
    /// Deliberate bugs to ship (see [`Fault`] and [`crate::catalogue`]); empty, the
    /// default, is the faithful behaviour.
    pub faults: BTreeSet<Fault>,
}

/// The default body cap: 8 MiB, above the largest valid request of every emulated model
/// (1.44.5's CreateCase: 220 field values of 4,100 characters, about 3.6 MB in the widest
/// UTF-8).
pub const DEFAULT_MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            region: "us-east-1".to_owned(),
            account_id: "123456789012".to_owned(),
            sigv4: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            release: MockRelease::default(),
            faults: BTreeSet::new(),
        }
    }
}

/// A model release the mock can emulate (botocore versions of the vendored models).
/// `File` came with 1.34.98; 1.44.5 adds thirteen operations (case rules, merges, batch
/// operations, related-item update and delete, domain-wide related-item search), three
/// related-item kinds and new members. What a release lacks is unknown there: its
/// operations answer `UnknownOperationException` (see `wire::route`), its kinds and
/// members are rejected as the model's validation would.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MockRelease {
    /// botocore 1.34.97, before `File`: related items are `Contact` and `Comment` only.
    V1_34_97,
    /// botocore 1.34.98, the 2024-05-03 release that added `File` (the default).
    #[default]
    V1_34_98,
    /// botocore 1.44.5, today's API: 47 operations.
    V1_44_5,
}

impl MockRelease {
    /// Every release the mock emulates, oldest first.
    pub const ALL: [Self; 3] = [Self::V1_34_97, Self::V1_34_98, Self::V1_44_5];

    /// The botocore version, e.g. `1.34.98`.
    pub fn version(self) -> &'static str {
        match self {
            Self::V1_34_97 => "1.34.97",
            Self::V1_34_98 => "1.34.98",
            Self::V1_44_5 => "1.44.5",
        }
    }
}

impl fmt::Display for MockRelease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.version())
    }
}

/// Parses `1.34.97`, `1.34.98` or `1.44.5`, the vendored releases.
impl FromStr for MockRelease {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(release) = Self::ALL.into_iter().find(|r| r.version() == s) {
            return Ok(release);
        }
        Err(ParseError::new(format!(
            "unknown release '{s}' (supported: 1.34.97, 1.34.98, 1.44.5)"
        )))
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
        assert_eq!(config.max_body_bytes, 8 * 1024 * 1024);
        assert_eq!(config.release, MockRelease::V1_34_98);
        assert!(config.faults.is_empty());
    }

    #[test]
    fn releases_parse_and_print() {
        for release in MockRelease::ALL {
            assert_eq!(release.to_string().parse::<MockRelease>(), Ok(release));
        }
        let err = "2.0".parse::<MockRelease>().expect_err("unknown");
        assert!(err.to_string().contains("unknown release"), "{err}");
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
