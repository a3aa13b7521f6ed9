//! Shrinking a failing case: the one loop the generated and stateful suites share.
//!
//! proptest's `ValueTree` only proposes candidates; whether a candidate still fails is an
//! async question here (it means sending requests), so the usual `TestRunner` shrinking cannot
//! be used. The strategy is proptest's own: simplify while the candidate keeps failing,
//! complicate back when it stops, until the tree cannot move or the budget is spent.

use proptest::strategy::ValueTree;

/// What trying one candidate showed.
pub enum Trial<E> {
    /// It still fails the same way; `E` is the evidence (an exchange and verdict, a divergence).
    Fails(E),
    /// It no longer fails.
    Passes,
    /// Trying more candidates is pointless (a target that hangs): keep what was found.
    Stop,
}

/// The smallest failing value found, its evidence and how many simplifications held.
pub struct Shrunk<V, E> {
    /// The smallest value that still failed.
    pub value: V,
    /// What it failed with.
    pub evidence: E,
    /// Simplifications that kept it failing (reported as the failure's shrink steps).
    pub steps: u32,
}

/// Shrinks from `first` (the tree's current, failing value and its evidence), trying at most
/// `budget` candidates with `trial`.
pub async fn shrink<T, E>(
    tree: &mut T,
    budget: u32,
    first: (T::Value, E),
    mut trial: impl AsyncFnMut(&T::Value) -> Trial<E>,
) -> Shrunk<T::Value, E>
where
    T: ValueTree + ?Sized,
{
    let (mut value, mut evidence) = first;
    let (mut steps, mut tried, mut passed_last) = (0, 0, false);
    while tried < budget {
        let moved = if passed_last {
            tree.complicate()
        } else {
            tree.simplify()
        };
        if !moved {
            break;
        }
        let candidate = tree.current();
        tried += 1;
        match trial(&candidate).await {
            Trial::Fails(found) => {
                value = candidate;
                evidence = found;
                steps += 1;
                passed_last = false;
            }
            Trial::Passes => passed_last = true,
            Trial::Stop => break,
        }
    }
    Shrunk {
        value,
        evidence,
        steps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;
    use proptest::test_runner::TestRunner;

    fn failing_tree() -> impl ValueTree<Value = u32> {
        let mut runner = TestRunner::deterministic();
        loop {
            let tree = (0u32..10_000).new_tree(&mut runner).unwrap();
            if tree.current() >= 1_000 {
                return tree;
            }
        }
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn finds_the_smallest_failing_value() {
        let mut tree = failing_tree();
        let first = (tree.current(), tree.current());
        let shrunk = block_on(shrink(&mut tree, 1_000, first, async |v: &u32| {
            if *v >= 17 {
                Trial::Fails(*v)
            } else {
                Trial::Passes
            }
        }));
        assert_eq!((shrunk.value, shrunk.evidence), (17, 17));
        assert!(shrunk.steps > 0);
    }

    #[test]
    fn keeps_to_its_budget_and_stops_when_told() {
        let mut tree = failing_tree();
        let start = tree.current();
        let mut tried = 0;
        let shrunk = block_on(shrink(&mut tree, 3, (start, ()), async |_: &u32| {
            tried += 1;
            Trial::Fails(())
        }));
        assert_eq!((tried, shrunk.steps), (3, 3));
        assert!(shrunk.value < start);

        let mut tree = failing_tree();
        let mut tried = 0;
        let shrunk = block_on(shrink(&mut tree, 100, (start, ()), async |_: &u32| {
            tried += 1;
            Trial::Stop
        }));
        assert_eq!((tried, shrunk.steps, shrunk.value), (1, 0, start));
    }
}
