//! Parity, end to end against the bundled mock: the committed recordings of every release are
//! what recording the mock gives now (so a re-record of an unchanged target is byte-identical),
//! the mock agrees with its own recording at every seed, a faulty mock compared with the
//! faithful one fails exactly on the exchanges whose answers differ, and every mock fault
//! that changes an answer of the recorded flow is caught by a parity check.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use harness::checks::{CheckId, Family};
use harness::cli::record::{drift, read_dir, repo_recordings_dir};
use harness::embedded::{MockSpec, Target};
use harness::engine::parity::compare::compare;
use harness::engine::parity::{Parity, Recording};
use harness::engine::{RunConfig, RunResult};
use harness::faults::{ParityRow, fault_release, parity_config, run_parity};
use harness::model::Release;

fn recording_dir(release: Release) -> PathBuf {
    repo_recordings_dir().join(release.version())
}

/// The settings of `harness faults`'s parity runs, at `seed`.
fn config(release: Release, seed: u64) -> RunConfig {
    RunConfig {
        seed,
        ..parity_config(release)
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// `config` holding its target to `recording`.
fn holding_to(config: RunConfig, recording: Recording, parity_only: bool) -> RunConfig {
    config.holding_to(Parity::comparing_all(recording, "test"), parity_only)
}

/// Failed and held evaluations of the parity checks, by (operation, check).
fn parity_tallies(result: &RunResult) -> BTreeMap<(String, CheckId), (u64, u64)> {
    result
        .tallies
        .iter()
        .filter(|((_, check), _)| check.check().family == Family::Parity)
        .map(|((op, check), t)| ((op.clone(), *check), (t.passed, t.failed)))
        .collect()
}

#[test]
fn the_committed_recordings_are_what_the_mock_answers_now() {
    let runtime = runtime();
    for release in Release::ALL {
        let dir = recording_dir(release);
        let recording = runtime
            .block_on(Target::default().record(&config(release, 1)))
            .expect("recorded");
        let drift = drift(&dir, &recording).expect("read");
        assert!(
            drift.is_empty(),
            "{} drifted from a new recording of the mock:\n{drift}\nif the change is meant, run `cargo run -p harness -- record --release {release} --out cases/parity/{release}` and review the diff",
            dir.display()
        );
    }
}

#[test]
fn a_rerecord_of_an_unchanged_target_is_byte_identical() {
    let runtime = runtime();
    let config = config(Release::V1_34_98, 1);
    let first = runtime
        .block_on(Target::default().record(&config))
        .expect("first");
    let second = runtime
        .block_on(Target::default().record(&config))
        .expect("second");
    assert_eq!(first.files(), second.files());
    assert!(first.steps.len() > 200, "{} steps", first.steps.len());
}

#[test]
fn the_mock_agrees_with_its_own_recording_at_every_seed() {
    let runtime = runtime();
    for release in Release::ALL {
        let recording = read_dir(&recording_dir(release)).expect("committed recording");
        let steps = recording.steps.len() as u64;
        // The recorded requests are the recording's whatever the seed, and the parity flow
        // runs before anything else: the seed moves the rest of the run. Three seeds of whole
        // runs for the small releases; one for 1.44.5, whose whole run is the slowest.
        let seeds = if release == Release::V1_44_5 { 1 } else { 3 };
        for seed in 1..=seeds {
            let result = runtime
                .block_on(Target::default().run(holding_to(
                    config(release, seed),
                    recording.clone(),
                    false,
                )))
                .expect("run");
            let tallies = parity_tallies(&result);
            let failed: Vec<_> = tallies.iter().filter(|(_, (_, f))| *f > 0).collect();
            assert!(failed.is_empty(), "{release} seed {seed}: {failed:?}");
            let status: u64 = tallies
                .iter()
                .filter(|((_, c), _)| *c == CheckId::ParityStatus)
                .map(|(_, (p, _))| p)
                .sum();
            assert_eq!(status, steps, "{release} seed {seed}: every step compared");
        }
    }
}

/// The failed evaluations of each parity check, by operation, that comparing `reference`
/// with `other` step by step gives: what a run holding `other`'s target to `reference`
/// must report, no more, no less.
fn differences(reference: &Recording, other: &Recording) -> BTreeMap<(String, CheckId), u64> {
    assert_eq!(reference.steps.len(), other.steps.len(), "the same flow");
    let mut failed = BTreeMap::new();
    for (a, b) in reference.steps.iter().zip(&other.steps) {
        assert_eq!((&a.operation, &a.case), (&b.operation, &b.case));
        for (check, outcome) in compare(&a.operation, &a.answer, &b.answer, &[]) {
            if outcome.is_err() {
                *failed.entry((a.operation.clone(), check)).or_insert(0) += 1;
            }
        }
    }
    failed
}

#[test]
fn comparing_a_faulty_mock_with_the_faithful_one_reports_exactly_the_differing_exchanges() {
    // What `harness run --mock-fault not-found-as-400 --compare-with mock` does.
    let runtime = runtime();
    let release = Release::CONTRACT;
    let faulty = Target::Embedded(MockSpec::with_faults(["not-found-as-400"
        .parse()
        .expect("a fault")]));
    let faithful = runtime
        .block_on(Target::default().record(&config(release, 1)))
        .expect("faithful");
    let faulty_recording = runtime
        .block_on(faulty.record(&config(release, 1)))
        .expect("faulty");
    let expected = differences(&faithful, &faulty_recording);
    assert!(
        !expected.is_empty(),
        "the fault changes answers of the flow"
    );
    let result = runtime
        .block_on(faulty.run(holding_to(config(release, 1), faithful, true)))
        .expect("run");
    let reported: BTreeMap<(String, CheckId), u64> = parity_tallies(&result)
        .into_iter()
        .filter(|(_, (_, failed))| *failed > 0)
        .map(|(key, (_, failed))| (key, failed))
        .collect();
    assert_eq!(reported, expected);
}

#[test]
fn every_fault_that_changes_an_answer_of_the_flow_is_caught_by_a_parity_check() {
    // What `harness faults` does for its parity column, fault by fault, on two workers.
    let catalogue = cases_mock::catalogue();
    let outcomes: Vec<(&str, ParityRow)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|worker| {
                scope.spawn(move || {
                    let runtime = runtime();
                    let mut faithful: BTreeMap<Release, Recording> = BTreeMap::new();
                    catalogue
                        .iter()
                        .skip(worker)
                        .step_by(2)
                        .map(|info| {
                            let release = fault_release(info).expect("a release");
                            let faithful = faithful.entry(release).or_insert_with(|| {
                                read_dir(&recording_dir(release)).expect("committed")
                            });
                            let row = runtime
                                .block_on(run_parity(info, faithful))
                                .expect("recorded and run");
                            (info.name, row)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("worker"))
            .collect()
    });
    let escaped: Vec<&str> = outcomes
        .iter()
        .filter(|(_, row)| row.escaped())
        .map(|(name, _)| *name)
        .collect();
    assert!(
        escaped.is_empty(),
        "faults that change answers but escape parity: {escaped:?}"
    );
    // A parity check fails exactly when the fault changes an answer of the flow: the replay
    // sends what the flow sent, so one without the other is a flow that is not deterministic.
    let inconsistent: Vec<&(&str, ParityRow)> = outcomes
        .iter()
        .filter(|(_, row)| row.caught() != row.changes)
        .collect();
    assert!(
        inconsistent.is_empty(),
        "the re-record and the replay disagree: {inconsistent:?}"
    );
    let caught = outcomes.iter().filter(|(_, row)| row.caught()).count();
    assert!(
        caught >= 10,
        "only {caught} faults caught by parity: {outcomes:?}"
    );
    // The README's parity column is this outcome, not typed by hand (the cells before it are
    // checked by `fault_matrix.rs`); the faults the recorded flow never meets (they need a
    // state or a request the flow does not make: paging, search filters, signing) say so.
    let readme = include_str!("../../README.md");
    for (name, row) in &outcomes {
        let prefix = format!("| `{name}`");
        let line = readme
            .lines()
            .find(|line| line.starts_with(&prefix))
            .unwrap_or_else(|| panic!("README.md's fault matrix has no row for {name}"));
        assert!(
            line.ends_with(&format!("| {} |", row.cell())),
            "README.md's parity column is stale for {name} (it should say {}): run `cargo run --release -p harness -- faults --seeds 10` and paste its table",
            row.cell()
        );
    }
}

/// The binary in `dir`, with no run settings from the developer's environment.
fn harness(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_harness"))
        .current_dir(dir)
        .args(args)
        .env_remove("CONFORMANCE_TARGET")
        .env_remove("CONFORMANCE_SEED")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .output()
        .expect("the binary runs")
}

#[test]
fn the_commands_record_check_and_compare_and_every_report_has_the_parity_verdicts() {
    let dir = common::scratch("parity-cli");
    let recording = recording_dir(Release::CONTRACT);
    let check = harness(
        &dir,
        &[
            "record",
            "--release",
            "1.34.98",
            "--out",
            recording.to_str().expect("utf-8"),
            "--check",
        ],
    );
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    std::fs::write(
        dir.join("harness.toml"),
        "[[parity-ignore]]\npath = \"/message\"\nreason = \"error wording is the implementation's own\"\n",
    )
    .expect("write harness.toml");
    let out = dir.join("out");
    let run = harness(
        &dir,
        &[
            "run",
            "--release",
            "1.34.98",
            "--mock-fault",
            "not-found-as-400",
            "--compare-with",
            "mock",
            "--parity-only",
            "--seed",
            "1",
            "--quiet",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let read = |name: &str| std::fs::read_to_string(out.join(name)).expect(name);
    let markdown = read("report.md");
    assert!(markdown.contains("## Parity"), "{markdown}");
    assert!(markdown.contains("/message of every operation was not compared: error wording"));
    assert!(read("report.html").contains("<section id=\"parity\">"));
    assert!(read("junit.xml").contains("name=\"parity.status\""));
    let json: serde_json::Value = serde_json::from_str(&read("report.json")).expect("json");
    let failed_status = json["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["check"] == "parity.status")
        .map(|c| c["failed"].as_u64().unwrap_or(0))
        .sum::<u64>();
    assert!(failed_status > 0, "404s became 400s");
}
