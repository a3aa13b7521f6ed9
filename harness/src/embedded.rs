//! The embedded reference mock, at the edge: the one place that starts the bundled mock for a
//! run and decides which release it emulates.
//!
//! The engine judges a target it knows only by URL; this module is what lets `harness run`,
//! `replay`, `bench`, `faults` and the tests point it at a fresh in-process mock instead. The
//! mock is the oracle the harness is proven against, so it stays outside the engine: nothing
//! below this layer imports `cases_mock`.

use std::collections::BTreeSet;
use std::sync::Arc;

use anyhow::Context;

use crate::client::SigningConfig;
use crate::engine::releases::{self, ReleaseMatrix};
use crate::engine::{self, EmbeddedMockMeta, Progress, RunConfig, RunResult};
use crate::model::Release;

pub use cases_mock::{Fault, MockRelease};

/// Where a run sends its requests, as a front end chooses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A fresh embedded mock on loopback, started for the run and stopped after it.
    Embedded(MockSpec),
    /// An endpoint URL, e.g. `http://127.0.0.1:8080` or `https://cases.us-east-1.amazonaws.com`.
    Url(String),
}

impl Default for Target {
    /// The README's main job: the faithful embedded mock.
    fn default() -> Self {
        Target::Embedded(MockSpec::default())
    }
}

/// What the embedded mock emulates and which deliberate bugs it ships.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MockSpec {
    /// The release it emulates; `None`: the run's release (an error when the mock cannot
    /// emulate it, see [`mock_release`]).
    pub release: Option<MockRelease>,
    /// Faults injected (to show what the checks catch); empty: the faithful mock.
    pub faults: BTreeSet<Fault>,
}

impl MockSpec {
    /// The faithful mock with these faults.
    pub fn with_faults(faults: impl IntoIterator<Item = Fault>) -> Self {
        MockSpec {
            release: None,
            faults: faults.into_iter().collect(),
        }
    }
}

impl Target {
    /// The target as a person reads it.
    pub fn label(&self) -> String {
        match self {
            Target::Embedded(_) => "the embedded reference mock".to_string(),
            Target::Url(url) => url.clone(),
        }
    }

    /// Runs `config` against this target: a URL as it is, the embedded mock started for the
    /// run (its URL written into the configuration) and stopped after it.
    pub async fn run(&self, config: RunConfig) -> anyhow::Result<RunResult> {
        self.run_observed(config, Arc::new(Progress::default()))
            .await
    }

    /// As [`run`](Self::run), reporting progress into `progress`.
    pub async fn run_observed(
        &self,
        mut config: RunConfig,
        progress: Arc<Progress>,
    ) -> anyhow::Result<RunResult> {
        let spec = match self {
            Target::Url(url) => {
                config.target = url.clone();
                return engine::run_observed(config, progress).await;
            }
            Target::Embedded(spec) => spec,
        };
        let release = mock_release(config.release, spec);
        // The mock runs in this process on loopback: a proxy the environment names is for
        // the world outside, and would only stand between the run and its own mock.
        config.proxies = Some(crate::client::Proxies::none());
        let server = cases_mock::spawn(mock_config(release, &spec.faults, config.signing.as_ref()))
            .await
            .context("starting the embedded mock")?;
        config.target = server.url();
        let outcome = engine::run_observed(config, progress).await;
        server.shutdown().await;
        let mut result = outcome?;
        result.meta.embedded_mock = Some(EmbeddedMockMeta {
            release: release.to_string(),
            faults: spec.faults.iter().map(ToString::to_string).collect(),
        });
        Ok(result)
    }

    /// Runs the parity flow ([`engine::parity::flow`]) against this target, as [`run`](Self::run)
    /// runs a suite: a URL as it is, the embedded mock started for it and stopped after.
    pub async fn record(&self, config: &RunConfig) -> anyhow::Result<engine::parity::Recording> {
        let spec = match self {
            Target::Url(url) => {
                let mut config = config.clone();
                config.target = url.clone();
                return engine::parity::flow::record(&config).await;
            }
            Target::Embedded(spec) => spec,
        };
        let mut config = config.clone();
        config.proxies = Some(crate::client::Proxies::none());
        let release = mock_release(config.release, spec);
        let server = cases_mock::spawn(mock_config(release, &spec.faults, config.signing.as_ref()))
            .await
            .context("starting the embedded mock")?;
        config.target = server.url();
        let recording = engine::parity::flow::record(&config).await;
        server.shutdown().await;
        recording
    }

    /// Runs `config` once per vendored release, oldest first, with the verdict of each. An
    /// embedded mock emulates each contract in turn, unless a release was named for it
    /// (`--mock-release`): then that one fixed implementation is judged against every
    /// contract.
    pub async fn run_all_releases(
        &self,
        config: &RunConfig,
    ) -> anyhow::Result<(ReleaseMatrix, Vec<RunResult>)> {
        let mut results = Vec::new();
        for release in Release::ALL {
            let mut per_release = config.clone();
            per_release.release = release;
            results.push(self.run(per_release).await?);
        }
        Ok((releases::matrix(&results), results))
    }
}

/// The release the embedded mock emulates for a run of `release`: the one `spec` names, else
/// the run's own. The mock emulates every vendored release, so a run is never judged
/// against a stand-in for its contract unless `--mock-release` asks for one.
pub fn mock_release(release: Release, spec: &MockSpec) -> MockRelease {
    spec.release.unwrap_or(match release {
        Release::V1_34_97 => MockRelease::V1_34_97,
        Release::V1_34_98 => MockRelease::V1_34_98,
        Release::V1_44_5 => MockRelease::V1_44_5,
    })
}

/// The mock's configuration: `release`, `faults`, and the run's signing identity (the mock
/// then verifies signatures made with it).
pub fn mock_config(
    release: MockRelease,
    faults: &BTreeSet<Fault>,
    signing: Option<&SigningConfig>,
) -> cases_mock::MockConfig {
    cases_mock::MockConfig {
        sigv4: signing.map(|s| cases_mock::SigV4Credentials {
            access_key_id: s.credentials.access_key_id().to_string(),
            secret_access_key: s.credentials.secret_access_key().to_string(),
        }),
        region: signing.map_or_else(|| "us-east-1".to_string(), |s| s.region.clone()),
        faults: faults.clone(),
        release,
        ..cases_mock::MockConfig::default()
    }
}

/// Starts a fresh mock as a recorded run's was (its release and faults, as the report names
/// them): what `harness replay` sends a failure to when the run used the embedded mock.
pub async fn start_as_recorded(
    release: Option<&str>,
    faults: &[String],
) -> anyhow::Result<cases_mock::MockServer> {
    let release = match release {
        Some(release) => release
            .parse()
            .map_err(|e| anyhow::anyhow!("the report's mock release {release:?}: {e}"))?,
        None => MockRelease::default(),
    };
    let faults = faults
        .iter()
        .map(|name| {
            name.parse()
                .map_err(|e| anyhow::anyhow!("the report's mock fault {name:?}: {e}"))
        })
        .collect::<anyhow::Result<BTreeSet<Fault>>>()?;
    cases_mock::spawn(mock_config(release, &faults, None))
        .await
        .context("starting a fresh embedded mock")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mock_emulates_the_runs_release_where_it_can() {
        let spec = MockSpec::default();
        assert_eq!(
            mock_release(Release::V1_34_97, &spec),
            MockRelease::V1_34_97
        );
        assert_eq!(
            mock_release(Release::V1_34_98, &spec),
            MockRelease::V1_34_98
        );
    }

    #[test]
    fn every_vendored_release_is_emulated_as_itself() {
        for release in Release::ALL {
            let mock = mock_release(release, &MockSpec::default());
            assert_eq!(mock.version(), release.version());
        }
    }

    #[test]
    fn a_release_named_for_the_mock_wins() {
        let spec = MockSpec {
            release: Some(MockRelease::V1_34_97),
            ..MockSpec::default()
        };
        assert_eq!(mock_release(Release::V1_44_5, &spec), MockRelease::V1_34_97);
    }
}
