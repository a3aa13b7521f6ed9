//! The vendored releases of the Connect Cases service model.
//!
//! The model files live under `schemas/model/botocore-VERSION/` (see the `PROVENANCE.md` there)
//! and are compiled into the binary, so the harness runs without `../shared` or network access.

use std::fmt;
use std::str::FromStr;

/// A botocore release whose Connect Cases model is vendored in this repository.
///
/// The contract the harness checks by default is [`Release::CONTRACT`], the 2024-05-03 release
/// that added `File` related items; the others exist so releases can be compared and a target's
/// conformance can be stated per release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Release {
    /// botocore 1.34.97: the last release before `File` related items.
    V1_34_97,
    /// botocore 1.34.98: the 2024-05-03 release that added `File` (the contract).
    V1_34_98,
    /// botocore 1.44.5: today's release (SLA, ConnectCase and Custom related items, more
    /// operations).
    V1_44_5,
}

impl Release {
    /// The release this project conforms to unless told otherwise.
    pub const CONTRACT: Release = Release::V1_34_98;

    /// Every vendored release, oldest first.
    pub const ALL: [Release; 3] = [Release::V1_34_97, Release::V1_34_98, Release::V1_44_5];

    /// The botocore version string, e.g. `1.34.98`.
    pub fn version(self) -> &'static str {
        match self {
            Release::V1_34_97 => "1.34.97",
            Release::V1_34_98 => "1.34.98",
            Release::V1_44_5 => "1.44.5",
        }
    }

    /// The vendored `service-2.json` text of this release.
    pub fn service_json(self) -> &'static str {
        match self {
            Release::V1_34_97 => {
                include_str!("../../../schemas/model/botocore-1.34.97/service-2.json")
            }
            Release::V1_34_98 => {
                include_str!("../../../schemas/model/botocore-1.34.98/service-2.json")
            }
            Release::V1_44_5 => {
                include_str!("../../../schemas/model/botocore-1.44.5/service-2.json")
            }
        }
    }

    /// The vendored `paginators-1.json` text of this release.
    pub fn paginators_json(self) -> &'static str {
        match self {
            Release::V1_34_97 => {
                include_str!("../../../schemas/model/botocore-1.34.97/paginators-1.json")
            }
            Release::V1_34_98 => {
                include_str!("../../../schemas/model/botocore-1.34.98/paginators-1.json")
            }
            Release::V1_44_5 => {
                include_str!("../../../schemas/model/botocore-1.44.5/paginators-1.json")
            }
        }
    }
}

impl Default for Release {
    fn default() -> Self {
        Release::CONTRACT
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.version())
    }
}

/// Why a release name was not understood.
#[derive(Debug, thiserror::Error)]
#[error("unknown model release `{0}`: vendored releases are 1.34.97, 1.34.98 and 1.44.5")]
pub struct UnknownRelease(String);

impl FromStr for Release {
    type Err = UnknownRelease;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let version = s.strip_prefix("botocore-").unwrap_or(s);
        Release::ALL
            .into_iter()
            .find(|r| r.version() == version)
            .ok_or_else(|| UnknownRelease(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_versions_with_and_without_prefix() {
        assert_eq!("1.34.98".parse::<Release>().unwrap(), Release::V1_34_98);
        assert_eq!(
            "botocore-1.34.97".parse::<Release>().unwrap(),
            Release::V1_34_97
        );
        assert!("1.34.99".parse::<Release>().is_err());
        assert_eq!(Release::default(), Release::V1_34_98);
    }
}
