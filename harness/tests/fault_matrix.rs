//! The harness tests itself: every named fault of the reference mock, injected alone, is
//! caught by the checks its catalogue entry names, and every check of the catalogue is named
//! by some fault (no check that nothing can make fail). False alarms on the faithful mock are
//! covered over ten seeds by `faithful.rs`.

use std::collections::BTreeSet;

use harness::faults::{FaultRow, markdown, matrix_cells, run_fault};

#[test]
fn every_fault_is_caught_by_its_named_checks() {
    let catalogue = cases_mock::catalogue();
    assert!(catalogue.len() >= 24, "only {} faults", catalogue.len());
    // Two workers, each with its own runtime (a run's futures stay on their thread).
    let rows: Vec<FaultRow> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|worker| {
                scope.spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    catalogue
                        .iter()
                        .skip(worker)
                        .step_by(2)
                        .map(|info| runtime.block_on(run_fault(info, 1)).expect("run starts"))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    // Caught by every named check, and no unrelated MUST check failed.
    let imprecise: Vec<&FaultRow> = rows.iter().filter(|r| !r.precise()).collect();
    assert!(
        imprecise.is_empty(),
        "{}\n{imprecise:#?}",
        markdown(&rows, &[])
    );
    // The README's matrix is the command's output, not typed by hand (its parity column is
    // checked by `parity.rs`, which runs parity).
    let readme = include_str!("../../README.md");
    for row in &rows {
        assert!(
            readme.contains(&matrix_cells(row)),
            "README.md's fault matrix is stale for {}: run `cargo run --release -p harness -- faults --seeds 10` and paste its table",
            row.fault
        );
    }
}

#[test]
fn every_check_is_named_by_some_fault() {
    let named: BTreeSet<&str> = cases_mock::catalogue()
        .iter()
        .flat_map(|f| f.caught_by.iter().copied())
        .collect();
    // The parity checks judge a target against a recording, which a fault's run does not
    // have: the matrix's parity column (`faults::run_parity`, checked by `tests/parity.rs`)
    // shows every fault that changes an answer of the recorded flow caught by them instead.
    let unnamed: Vec<&str> = harness::checks::CATALOGUE
        .iter()
        .filter(|c| c.family != harness::checks::Family::Parity)
        .map(|c| c.id)
        .filter(|id| !named.contains(id))
        .collect();
    assert!(
        unnamed.is_empty(),
        "checks no fault makes fail: {unnamed:?}"
    );
    for id in &named {
        assert!(
            harness::checks::lookup(id).is_some(),
            "fault catalogue names unknown check {id}"
        );
    }
}
