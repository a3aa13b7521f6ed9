//! Success answers already found conforming, remembered by their exact bytes.
//!
//! Targets answer the same page again and again: every search with the same filters and page
//! size, every audit history read from its start, returns the bytes it returned before. Reading,
//! validating and covering such an answer again costs a hundred thousand instructions and can
//! only give the same result; recognising it costs a hash and a comparison.
//!
//! Exact, not a heuristic. Answers are remembered only for operations whose strict response
//! schema constrains nothing but status and body ([`Validators::body_decides_conformance`]).
//! For those, whether an answer of a given status conforms is a function of its body bytes,
//! and so is everything coverage records of it, which was recorded when the bytes were first
//! seen. A candidate is found by hash and then compared byte for byte, so a hash collision
//! (even one a hostile target provokes) costs a miss, never a wrong verdict.

use std::collections::VecDeque;
use std::hash::BuildHasher;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use super::validators::Validators;

/// Bytes of remembered bodies kept per operation; the oldest are forgotten first.
const BYTES_PER_OPERATION: usize = 1 << 20;

/// Bodies larger than this are not remembered (a few would fill the budget).
const LARGEST_REMEMBERED: usize = BYTES_PER_OPERATION / 16;

/// The conforming answers seen so far, per operation whose verdict the body decides.
#[derive(Debug, Default)]
pub struct ConformingAnswers {
    hasher: foldhash::fast::RandomState,
    operations: foldhash::HashMap<String, Mutex<Remembered>>,
    /// Answers recognised so far.
    recalled: AtomicU64,
}

/// What [`ConformingAnswers::recall`] knows of one answer.
#[derive(Debug)]
pub enum Recall<'m> {
    /// The same operation answered the same status and bytes before, and that answer conformed.
    Conforming,
    /// Not seen before; if it conforms, [`Slot::remember`] keeps it.
    Unseen(Slot<'m>),
    /// The operation's verdicts depend on more than the body: nothing is remembered for it.
    NotKept,
}

/// Where an unseen answer of one operation would be remembered.
#[derive(Debug)]
pub struct Slot<'m> {
    remembered: &'m Mutex<Remembered>,
    key: Key,
}

/// A remembered body's status and hash.
type Key = (u16, u64);

/// One operation's remembered bodies, oldest first in `order`.
#[derive(Debug, Default)]
struct Remembered {
    bodies: foldhash::HashMap<Key, Box<[u8]>>,
    order: VecDeque<Key>,
    bytes: usize,
}

impl ConformingAnswers {
    /// A memory for the operations of `validators` whose verdicts their bodies decide.
    pub fn for_validators(validators: &Validators) -> Self {
        Self::for_operations(
            validators
                .operations()
                .filter(|op| validators.body_decides_conformance(op))
                .map(str::to_owned),
        )
    }

    /// A memory for exactly `operations`.
    pub fn for_operations(operations: impl IntoIterator<Item = String>) -> Self {
        Self {
            hasher: foldhash::fast::RandomState::default(),
            operations: operations
                .into_iter()
                .map(|op| (op, Mutex::default()))
                .collect(),
            recalled: AtomicU64::new(0),
        }
    }

    /// Whether `operation` answered `status` with exactly `body` before, and it conformed.
    pub fn recall(&self, operation: &str, status: u16, body: &[u8]) -> Recall<'_> {
        let Some(remembered) = self.operations.get(operation) else {
            return Recall::NotKept;
        };
        let key = (status, self.hasher.hash_one(body));
        let known = remembered
            .lock()
            .expect("answers lock")
            .bodies
            .get(&key)
            .is_some_and(|kept| **kept == *body);
        if known {
            self.recalled.fetch_add(1, Ordering::Relaxed);
            Recall::Conforming
        } else {
            Recall::Unseen(Slot { remembered, key })
        }
    }
}

impl ConformingAnswers {
    /// How many answers [`ConformingAnswers::recall`] recognised.
    pub fn recalled(&self) -> u64 {
        self.recalled.load(Ordering::Relaxed)
    }
}

impl Slot<'_> {
    /// Remembers `body` (the one recalled) as conforming, forgetting the oldest bodies when
    /// the operation's budget is spent.
    pub fn remember(self, body: &[u8]) {
        if body.len() > LARGEST_REMEMBERED {
            return;
        }
        let mut remembered = self.remembered.lock().expect("answers lock");
        let Remembered {
            bodies,
            order,
            bytes,
        } = &mut *remembered;
        match bodies.insert(self.key, body.into()) {
            // A colliding body is replaced; its key keeps its place in the order.
            Some(replaced) => *bytes -= replaced.len(),
            None => order.push_back(self.key),
        }
        *bytes += body.len();
        while *bytes > BYTES_PER_OPERATION {
            let Some(oldest) = order.pop_front() else {
                break;
            };
            if let Some(forgotten) = bodies.remove(&oldest) {
                *bytes -= forgotten.len();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers() -> ConformingAnswers {
        ConformingAnswers::for_operations(["SearchRelatedItems".to_string()])
    }

    fn remember(answers: &ConformingAnswers, status: u16, body: &[u8]) {
        match answers.recall("SearchRelatedItems", status, body) {
            Recall::Unseen(slot) => slot.remember(body),
            other => panic!("expected an unseen answer, got {other:?}"),
        }
    }

    #[test]
    fn an_answer_is_known_only_with_the_same_operation_status_and_bytes() {
        let answers = answers();
        let body = br#"{"relatedItems":[]}"#;
        remember(&answers, 200, body);
        assert!(matches!(
            answers.recall("SearchRelatedItems", 200, body),
            Recall::Conforming
        ));
        assert!(matches!(
            answers.recall("SearchRelatedItems", 201, body),
            Recall::Unseen(_)
        ));
        assert!(matches!(
            answers.recall("SearchRelatedItems", 200, br#"{"relatedItems":[] }"#),
            Recall::Unseen(_)
        ));
        assert!(matches!(
            answers.recall("GetCaseAuditEvents", 200, body),
            Recall::NotKept
        ));
        assert_eq!(answers.recalled(), 1);
    }

    #[test]
    fn a_hash_collision_is_a_miss_and_replaces_the_older_body() {
        let answers = answers();
        let (first, second) = (b"{\"a\":1}".as_slice(), b"{\"a\":2}".as_slice());
        remember(&answers, 200, first);
        // Force the second body into the first one's slot, as a colliding hash would.
        let remembered = &answers.operations["SearchRelatedItems"];
        let key = (200, answers.hasher.hash_one(first));
        let colliding = Slot { remembered, key };
        let Recall::Unseen(_) = answers.recall("SearchRelatedItems", 200, second) else {
            panic!("a different body is not known");
        };
        colliding.remember(second);
        let kept = remembered.lock().unwrap();
        assert_eq!(kept.bodies.len(), 1);
        assert_eq!(kept.order.len(), 1);
        assert_eq!(kept.bytes, second.len());
        assert_eq!(&*kept.bodies[&key], second);
        drop(kept);
        // The first body now hashes to a slot holding other bytes: not known.
        assert!(matches!(
            answers.recall("SearchRelatedItems", 200, first),
            Recall::Unseen(_)
        ));
    }

    #[test]
    fn the_oldest_bodies_are_forgotten_beyond_the_budget() {
        let answers = answers();
        let bodies: Vec<Vec<u8>> = (0..40_u8)
            .map(|i| vec![i; LARGEST_REMEMBERED / 2])
            .collect();
        for body in &bodies {
            remember(&answers, 200, body);
        }
        let kept = |body: &[u8]| {
            matches!(
                answers.recall("SearchRelatedItems", 200, body),
                Recall::Conforming
            )
        };
        let remembered = answers.operations["SearchRelatedItems"]
            .lock()
            .unwrap()
            .bytes;
        assert!(remembered <= BYTES_PER_OPERATION, "{remembered} bytes kept");
        assert!(!kept(&bodies[0]), "the oldest is forgotten");
        assert!(kept(&bodies[39]), "the newest is kept");
        let newest_kept = bodies.iter().rev().take_while(|b| kept(b)).count();
        assert_eq!(newest_kept, BYTES_PER_OPERATION / (LARGEST_REMEMBERED / 2));
    }

    #[test]
    fn bodies_larger_than_a_sixteenth_of_the_budget_are_not_remembered() {
        let answers = answers();
        let large = vec![b' '; LARGEST_REMEMBERED + 1];
        remember(&answers, 200, &large);
        assert!(matches!(
            answers.recall("SearchRelatedItems", 200, &large),
            Recall::Unseen(_)
        ));
    }
}
