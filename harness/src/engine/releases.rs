//! Conformance per release: the same target checked against each vendored model release, and
//! the newest release it fully conforms to.

use serde::Serialize;

use super::{RunConfig, RunResult, run};
use crate::checks::Severity;
use crate::model::Release;

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

/// Runs `config` once per vendored release (the embedded mock keeps the release it was given,
/// or its default, so a fixed implementation is judged against each contract).
pub async fn run_all(config: &RunConfig) -> anyhow::Result<(ReleaseMatrix, Vec<RunResult>)> {
    let mut verdicts = Vec::new();
    let mut results = Vec::new();
    for release in Release::ALL {
        let mut per_release = config.clone();
        per_release.release = release;
        if per_release.mock_release.is_none() {
            per_release.mock_release = Some(cases_mock::MockRelease::default());
        }
        let result = run(per_release).await?;
        verdicts.push(ReleaseVerdict {
            release: release.version().to_string(),
            conforms: result.conforms(),
            must_failures: result.failures_of(Severity::Must),
            should_failures: result.failures_of(Severity::Should),
        });
        results.push(result);
    }
    let newest_conforming = verdicts
        .iter()
        .rev()
        .find(|v| v.conforms)
        .map(|v| v.release.clone());
    Ok((
        ReleaseMatrix {
            releases: verdicts,
            newest_conforming,
        },
        results,
    ))
}
