//! Conformance per release: the verdicts of the same target checked against each vendored
//! model release, and the newest release it fully conforms to (the runs themselves are made
//! by the front end, which knows what target to start for each).

use serde::Serialize;

use super::RunResult;
use crate::checks::Severity;

/// One release's verdict.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseVerdict {
    /// The release checked.
    pub release: String,
    /// Whether every MUST check held.
    pub conforms: bool,
    /// MUST failures.
    pub must_failures: u64,
    /// SHOULD failures.
    pub should_failures: u64,
}

/// The verdicts of every release, oldest first, and the newest one the target conforms to.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseMatrix {
    /// Per release.
    pub releases: Vec<ReleaseVerdict>,
    /// The newest release with no MUST failure, if any.
    pub newest_conforming: Option<String>,
}

/// The verdict of each run (one per release, oldest first) and the newest release the target
/// conforms to.
pub fn matrix(results: &[RunResult]) -> ReleaseMatrix {
    let releases: Vec<ReleaseVerdict> = results
        .iter()
        .map(|result| ReleaseVerdict {
            release: result.meta.release.clone(),
            conforms: result.conforms(),
            must_failures: result.failures_of(Severity::Must),
            should_failures: result.failures_of(Severity::Should),
        })
        .collect();
    let newest_conforming = releases
        .iter()
        .rev()
        .find(|v| v.conforms)
        .map(|v| v.release.clone());
    ReleaseMatrix {
        releases,
        newest_conforming,
    }
}
