//! Generation programs: what `valid.rs` compiles a plan (and a [`Force`](super::force::Force))
//! into, once, and the value trees generated from them per case. Requests are assembled from
//! these values in `request.rs`.
//!
//! A [`Program`] is a flat table of [`Op`]s. Generating a case walks it with one fast RNG
//! seeded from the runner ([`Fast`]) and yields one [`Tree`]: a plain enum, no boxed strategy
//! or value tree per member, no runner cloned per union. Each kind of tree shrinks exactly as
//! the proptest combinator it replaces does:
//!
//! | op | proptest equivalent | shrinking |
//! |----|---------------------|-----------|
//! | `Struct`, `Seq`, `Concat`, `Parts` | tuple / `Vec<Strategy>` | member by member, in order |
//! | optional member | `option::of` | the value first, then absent |
//! | `OneOf` | `Union` / `prop_oneof!` | the chosen alternative first, then earlier ones (generated lazily) |
//! | `Vec` | `collection::vec` | delete items one pass, then shrink items |
//! | `Text` | the text strategy | binary search on the length, keeping a prefix |
//! | `Enum` | `sample::select` | binary search towards the first value |
//! | `Int` | an integer range | binary search towards zero within the range |
//! | `Bool` | `any::<bool>()` | `true` to `false` |
//!
//! Kinds the core operations lack (maps, numbers, date-times, patterns) stay proptest
//! strategies, embedded as [`Op::Foreign`] leaves drawing from the runner.

use std::fmt;
use std::sync::Arc;

use proptest::strategy::{NewTree, SBoxedStrategy, Strategy, ValueTree};
use proptest::test_runner::{Config, Reason, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Value};

use super::rng::Fast;
use super::semantics::Coupling;
use super::strings::{TextSpec, TextTree};

/// Index of an op in [`Program::ops`].
pub(crate) type OpId = usize;

/// One step of a generation program.
#[derive(Debug)]
pub(crate) enum Op {
    /// A fixed value: a pin, or the minimal value where recursion stops.
    Const(Value),
    /// An object with these members, in order; then the couplings are applied.
    Struct {
        fields: Box<[Member]>,
        couplings: Box<[Coupling]>,
    },
    /// One alternative by weight (union members, a list's short and long sizes, an integer's
    /// bounds and range); shrinks towards earlier alternatives.
    OneOf { alts: Box<[Alt]>, total: u64 },
    /// A list of `min..=max` items.
    Vec { item: OpId, min: usize, max: usize },
    /// A list of exactly these items.
    Seq(Box<[OpId]>),
    /// A `Seq` op's items followed by a `Vec` op's.
    Concat { head: OpId, tail: OpId },
    /// Text of a length band.
    Text(TextSpec),
    /// One of these strings.
    Enum(Box<[String]>),
    /// An integer in `low..=high`, biased to the bounds: `prop_oneof![1 => Just(low), 4 =>
    /// low..=high, 1 => Just(high)]`.
    Int { low: i64, high: i64 },
    /// A boolean.
    Bool,
    /// A proptest strategy.
    Foreign(SBoxedStrategy<Value>),
    /// The envelope parts of a request, `(part, op)`: the root of request programs only.
    Parts(Box<[(String, OpId)]>),
}

/// A member of a [`Op::Struct`].
#[derive(Debug)]
pub(crate) struct Member {
    pub name: String,
    pub op: OpId,
    /// Present or absent with equal odds (`option::of`); otherwise always present.
    pub optional: bool,
}

/// An alternative of an [`Op::OneOf`].
#[derive(Debug)]
pub(crate) struct Alt {
    pub weight: u32,
    pub op: OpId,
    /// Wrap the value as `{name: value}` (a union member).
    pub wrap: Option<String>,
}

/// A compiled generation program.
#[derive(Debug, Default)]
pub(crate) struct Program {
    ops: Vec<Op>,
    root: OpId,
}

impl Program {
    /// Adds an op; ops may only refer to ops added before them.
    pub fn push(&mut self, op: Op) -> OpId {
        self.ops.push(op);
        self.ops.len() - 1
    }

    /// Adds a `OneOf` over `(weight, op, wrap)` alternatives (a single unweighted alternative
    /// is the op itself: a one-member union shrinks as its member does).
    pub fn one_of(&mut self, alts: Vec<Alt>) -> OpId {
        assert!(!alts.is_empty(), "a choice needs alternatives");
        if let [only] = alts.as_slice()
            && only.wrap.is_none()
        {
            return only.op;
        }
        let total = alts.iter().map(|a| u64::from(a.weight)).sum();
        self.push(Op::OneOf {
            alts: alts.into_boxed_slice(),
            total,
        })
    }

    /// Makes `root` the op generated.
    pub fn finish(mut self, root: OpId) -> Self {
        self.root = root;
        self
    }

    fn root(&self) -> OpId {
        self.root
    }

    /// The op a child tree of `id` was generated from.
    fn child(&self, id: OpId, index: usize) -> OpId {
        match &self.ops[id] {
            Op::Struct { fields, .. } => fields[index].op,
            Op::OneOf { alts, .. } => alts[index].op,
            Op::Vec { item, .. } => *item,
            Op::Seq(items) => items[index],
            Op::Concat { head, tail } => [*head, *tail][index],
            Op::Parts(parts) => parts[index].1,
            _ => unreachable!("leaf ops have no children"),
        }
    }

    fn generate(&self, id: OpId, g: &mut Gen<'_>) -> Result<Tree, Reason> {
        Ok(match &self.ops[id] {
            Op::Const(_) => Tree::Leaf,
            Op::Struct { fields, .. } => {
                let mut slots = Vec::with_capacity(fields.len());
                for f in fields.iter() {
                    slots.push(if !f.optional {
                        Slot::required(self.generate(f.op, g)?)
                    } else if g.rng.coin() {
                        Slot::present(self.generate(f.op, g)?)
                    } else {
                        Slot::absent()
                    });
                }
                Tree::Seq(SeqTree::new(slots))
            }
            Op::Seq(items) => self.sequence(items.iter().copied(), g)?,
            Op::Concat { head, tail } => self.sequence([*head, *tail].into_iter(), g)?,
            Op::Parts(parts) => self.sequence(parts.iter().map(|(_, op)| *op), g)?,
            Op::OneOf { alts, total } => {
                let mut roll = g.rng.below(*total);
                let mut pick = alts.len() - 1;
                for (i, alt) in alts.iter().enumerate() {
                    if roll < u64::from(alt.weight) {
                        pick = i;
                        break;
                    }
                    roll -= u64::from(alt.weight);
                }
                let seed = if pick > 0 { g.rng.next_u64() } else { 0 };
                let chosen = self.generate(alts[pick].op, g)?;
                let mut options = Vec::with_capacity(pick + 1);
                options.resize_with(pick, || Lazy::Uninit);
                options.push(Lazy::Init(chosen));
                Tree::OneOf(OneOfTree {
                    options,
                    pick,
                    min_pick: 0,
                    prev_pick: None,
                    seed,
                })
            }
            Op::Vec { item, min, max } => {
                let len = g.rng.between(*min, *max);
                let mut elements = Vec::with_capacity(len);
                for _ in 0..len {
                    elements.push(self.generate(*item, g)?);
                }
                Tree::Vec(VecTree::new(elements, *min))
            }
            Op::Text(spec) => Tree::Text(spec.generate(&mut g.rng)),
            Op::Enum(values) => {
                let last = values.len() as i64 - 1;
                Tree::Index(Search::new(0, g.rng.between_i64(0, last), last))
            }
            Op::Int { low, high } => Tree::Int(IntTree::generate(*low, *high, &mut g.rng)),
            Op::Bool => Tree::Bool(BoolTree::new(g.rng.coin())),
            Op::Foreign(strategy) => Tree::Foreign(Foreign(strategy.new_tree(g.runner())?)),
        })
    }

    fn sequence(&self, ops: impl Iterator<Item = OpId>, g: &mut Gen<'_>) -> Result<Tree, Reason> {
        let mut slots = Vec::with_capacity(ops.size_hint().0);
        for op in ops {
            slots.push(Slot::required(self.generate(op, g)?));
        }
        Ok(Tree::Seq(SeqTree::new(slots)))
    }

    /// The value of `tree`, generated from op `id`.
    fn value(&self, id: OpId, tree: &Tree) -> Value {
        match (&self.ops[id], tree) {
            (Op::Const(value), _) => value.clone(),
            (Op::Struct { fields, couplings }, Tree::Seq(seq)) => {
                let present = seq.slots.iter().filter(|s| s.is_present()).count();
                let mut object = Map::with_capacity(present);
                for (f, slot) in fields.iter().zip(&seq.slots) {
                    if slot.is_present() {
                        object.insert(f.name.clone(), self.value(f.op, &slot.tree));
                    }
                }
                for c in couplings.iter() {
                    c.apply(&mut object);
                }
                Value::Object(object)
            }
            (Op::OneOf { alts, .. }, Tree::OneOf(one)) => {
                let alt = &alts[one.pick];
                let value = self.value(alt.op, one.current());
                match &alt.wrap {
                    None => value,
                    Some(name) => {
                        let mut object = Map::with_capacity(1);
                        object.insert(name.clone(), value);
                        Value::Object(object)
                    }
                }
            }
            (Op::Vec { .. } | Op::Seq(_) | Op::Concat { .. }, _) => {
                let mut items = Vec::new();
                self.items(id, tree, &mut items);
                Value::Array(items)
            }
            (Op::Text(_), Tree::Text(text)) => Value::String(text.current()),
            (Op::Enum(values), Tree::Index(index)) => {
                Value::String(values[index.current as usize].clone())
            }
            (Op::Int { low, high }, Tree::Int(int)) => Value::from(int.current(*low, *high)),
            (Op::Bool, Tree::Bool(b)) => Value::Bool(b.current),
            (Op::Foreign(_), Tree::Foreign(tree)) => tree.0.current(),
            (op, tree) => unreachable!("tree {tree:?} was not generated from {op:?}"),
        }
    }

    /// Appends the items of a list tree.
    fn items(&self, id: OpId, tree: &Tree, out: &mut Vec<Value>) {
        match (&self.ops[id], tree) {
            (Op::Vec { item, .. }, Tree::Vec(list)) => {
                out.reserve(list.included);
                out.extend(list.current().map(|t| self.value(*item, t)));
            }
            (Op::Seq(items), Tree::Seq(seq)) => {
                out.reserve(items.len());
                out.extend(
                    items
                        .iter()
                        .zip(&seq.slots)
                        .map(|(op, slot)| self.value(*op, &slot.tree)),
                );
            }
            (Op::Concat { head, tail }, Tree::Seq(seq)) => {
                self.items(*head, &seq.slots[0].tree, out);
                self.items(*tail, &seq.slots[1].tree, out);
            }
            (op, tree) => unreachable!("tree {tree:?} is no list of {op:?}"),
        }
    }

    fn simplify(&self, id: OpId, tree: &mut Tree) -> bool {
        match tree {
            Tree::Leaf => false,
            Tree::Seq(seq) => seq.simplify(|i, t| self.simplify(self.child(id, i), t)),
            Tree::OneOf(one) => one.simplify(self, id),
            Tree::Vec(list) => {
                let item = self.child(id, 0);
                list.simplify(|t| self.simplify(item, t))
            }
            Tree::Text(text) => text.simplify(),
            Tree::Index(search) => search.simplify(),
            Tree::Int(int) => {
                let Op::Int { low, high } = self.ops[id] else {
                    unreachable!("integer trees come from integer ops")
                };
                int.simplify(low, high)
            }
            Tree::Bool(b) => b.simplify(),
            Tree::Foreign(tree) => tree.0.simplify(),
        }
    }

    fn complicate(&self, id: OpId, tree: &mut Tree) -> bool {
        match tree {
            Tree::Leaf => false,
            Tree::Seq(seq) => seq.complicate(|i, t| self.complicate(self.child(id, i), t)),
            Tree::OneOf(one) => one.complicate(self, id),
            Tree::Vec(list) => {
                let item = self.child(id, 0);
                list.complicate(|t| self.complicate(item, t))
            }
            Tree::Text(text) => text.complicate(),
            Tree::Index(search) => search.complicate(),
            Tree::Int(int) => int.complicate(),
            Tree::Bool(b) => b.complicate(),
            Tree::Foreign(tree) => tree.0.complicate(),
        }
    }
}

/// The randomness of one generation: the fast RNG for every decision, and the runner for
/// foreign leaves (created from a seed when an alternative is generated lazily, while
/// shrinking).
struct Gen<'r> {
    rng: Fast,
    runner: Runner<'r>,
}

enum Runner<'r> {
    Borrowed(&'r mut TestRunner),
    Seeded(u64, Option<Box<TestRunner>>),
}

impl Gen<'_> {
    fn runner(&mut self) -> &mut TestRunner {
        match &mut self.runner {
            Runner::Borrowed(runner) => runner,
            Runner::Seeded(seed, runner) => runner.get_or_insert_with(|| {
                let mut bytes = [0u8; 32];
                bytes[..8].copy_from_slice(&seed.to_le_bytes());
                Box::new(TestRunner::new_with_rng(
                    Config {
                        failure_persistence: None,
                        ..Config::default()
                    },
                    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
                ))
            }),
        }
    }
}

/// A generated value and its shrink state.
#[derive(Debug)]
enum Tree {
    /// A constant (or an absent optional member).
    Leaf,
    /// A fixed sequence of members (structures, envelope parts, forced list heads).
    Seq(SeqTree),
    OneOf(OneOfTree),
    Vec(VecTree),
    Text(TextTree),
    /// An enum index.
    Index(Search),
    Int(IntTree),
    Bool(BoolTree),
    Foreign(Foreign),
}

/// The value tree of a foreign leaf.
struct Foreign(Box<dyn ValueTree<Value = Value>>);

impl fmt::Debug for Foreign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Foreign({})", self.0.current())
    }
}

/// Optional presence of a member (`option::of`, a two-way union of absent and present).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Presence {
    Required,
    /// `present` is the union's pick; `locked` its `min_pick` (1); `prev` its `prev_pick`.
    Optional {
        present: bool,
        locked: bool,
        prev: bool,
    },
}

#[derive(Debug)]
struct Slot {
    tree: Tree,
    presence: Presence,
}

impl Slot {
    fn required(tree: Tree) -> Self {
        Slot {
            tree,
            presence: Presence::Required,
        }
    }

    fn present(tree: Tree) -> Self {
        Slot {
            tree,
            presence: Presence::Optional {
                present: true,
                locked: false,
                prev: false,
            },
        }
    }

    fn absent() -> Self {
        Slot {
            tree: Tree::Leaf,
            presence: Presence::Optional {
                present: false,
                locked: false,
                prev: false,
            },
        }
    }

    fn is_present(&self) -> bool {
        match self.presence {
            Presence::Required => true,
            Presence::Optional { present, .. } => present,
        }
    }

    fn simplify(&mut self, inner: impl FnOnce(&mut Tree) -> bool) -> bool {
        match &mut self.presence {
            Presence::Required => inner(&mut self.tree),
            Presence::Optional { present: false, .. } => false,
            Presence::Optional {
                present,
                locked,
                prev,
            } => {
                if inner(&mut self.tree) {
                    *prev = false;
                    true
                } else if *locked {
                    false
                } else {
                    *prev = true;
                    *present = false;
                    true
                }
            }
        }
    }

    fn complicate(&mut self, inner: impl FnOnce(&mut Tree) -> bool) -> bool {
        match &mut self.presence {
            Presence::Required => inner(&mut self.tree),
            Presence::Optional {
                present,
                locked,
                prev,
            } => {
                if *prev {
                    *present = true;
                    *locked = true;
                    *prev = false;
                    true
                } else if *present {
                    inner(&mut self.tree)
                } else {
                    false
                }
            }
        }
    }
}

/// Members shrunk one after the other (proptest's tuple and `Vec<Strategy>` trees).
#[derive(Debug)]
struct SeqTree {
    slots: Vec<Slot>,
    shrinker: usize,
    prev: Option<usize>,
}

impl SeqTree {
    fn new(slots: Vec<Slot>) -> Self {
        SeqTree {
            slots,
            shrinker: 0,
            prev: None,
        }
    }

    fn simplify(&mut self, mut inner: impl FnMut(usize, &mut Tree) -> bool) -> bool {
        while self.shrinker < self.slots.len() {
            let i = self.shrinker;
            if self.slots[i].simplify(|t| inner(i, t)) {
                self.prev = Some(i);
                return true;
            }
            self.shrinker += 1;
        }
        false
    }

    fn complicate(&mut self, mut inner: impl FnMut(usize, &mut Tree) -> bool) -> bool {
        let Some(i) = self.prev else {
            return false;
        };
        if self.slots[i].complicate(|t| inner(i, t)) {
            self.shrinker = i;
            true
        } else {
            self.prev = None;
            false
        }
    }
}

/// An alternative not generated until shrinking reaches it.
#[derive(Debug)]
enum Lazy {
    Uninit,
    Init(Tree),
    Failed,
}

/// proptest's `UnionValueTree`.
#[derive(Debug)]
struct OneOfTree {
    options: Vec<Lazy>,
    pick: usize,
    min_pick: usize,
    prev_pick: Option<usize>,
    /// Seeds the lazily generated alternatives.
    seed: u64,
}

impl OneOfTree {
    fn current(&self) -> &Tree {
        match &self.options[self.pick] {
            Lazy::Init(tree) => tree,
            _ => unreachable!("the picked alternative is generated"),
        }
    }

    fn current_mut(&mut self) -> &mut Tree {
        match &mut self.options[self.pick] {
            Lazy::Init(tree) => tree,
            _ => unreachable!("the picked alternative is generated"),
        }
    }

    fn simplify(&mut self, program: &Program, id: OpId) -> bool {
        let alt = program.child(id, self.pick);
        if program.simplify(alt, self.current_mut()) {
            self.prev_pick = None;
            return true;
        }
        if self.pick == self.min_pick {
            return false;
        }
        self.prev_pick = Some(self.pick);
        let mut next = self.pick;
        while next > self.min_pick {
            next -= 1;
            if let Lazy::Uninit = self.options[next] {
                let mut g = Gen {
                    rng: Fast::derived(self.seed, next as u64),
                    runner: Runner::Seeded(
                        Fast::derived(self.seed, !(next as u64)).next_u64(),
                        None,
                    ),
                };
                self.options[next] = match program.generate(program.child(id, next), &mut g) {
                    Ok(tree) => Lazy::Init(tree),
                    Err(_) => Lazy::Failed,
                };
            }
            if let Lazy::Init(_) = self.options[next] {
                self.pick = next;
                return true;
            }
        }
        false
    }

    fn complicate(&mut self, program: &Program, id: OpId) -> bool {
        if let Some(pick) = self.prev_pick.take() {
            self.pick = pick;
            self.min_pick = pick;
            true
        } else {
            let alt = program.child(id, self.pick);
            program.complicate(alt, self.current_mut())
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Shrink {
    DeleteElement(usize),
    ShrinkElement(usize),
}

/// proptest's `VecValueTree` for `collection::vec`.
#[derive(Debug)]
struct VecTree {
    elements: Vec<Tree>,
    /// Deleted elements (allocated at the first deletion).
    removed: Vec<bool>,
    included: usize,
    min_size: usize,
    shrink: Shrink,
    prev_shrink: Option<Shrink>,
}

impl VecTree {
    fn new(elements: Vec<Tree>, min_size: usize) -> Self {
        VecTree {
            included: elements.len(),
            elements,
            removed: Vec::new(),
            min_size,
            shrink: Shrink::DeleteElement(0),
            prev_shrink: None,
        }
    }

    fn is_included(&self, i: usize) -> bool {
        !self.removed.get(i).copied().unwrap_or(false)
    }

    fn set_removed(&mut self, i: usize, removed: bool) {
        if self.removed.is_empty() {
            self.removed.resize(self.elements.len(), false);
        }
        if self.removed[i] != removed {
            self.removed[i] = removed;
            if removed {
                self.included -= 1;
            } else {
                self.included += 1;
            }
        }
    }

    fn current(&self) -> impl Iterator<Item = &Tree> {
        self.elements
            .iter()
            .enumerate()
            .filter(|(i, _)| self.is_included(*i))
            .map(|(_, t)| t)
    }

    fn simplify(&mut self, mut inner: impl FnMut(&mut Tree) -> bool) -> bool {
        if let Shrink::DeleteElement(i) = self.shrink {
            if i >= self.elements.len() || self.included == self.min_size {
                self.shrink = Shrink::ShrinkElement(0);
            } else {
                self.set_removed(i, true);
                self.prev_shrink = Some(self.shrink);
                self.shrink = Shrink::DeleteElement(i + 1);
                return true;
            }
        }
        while let Shrink::ShrinkElement(i) = self.shrink {
            if i >= self.elements.len() {
                return false;
            }
            if !self.is_included(i) || !inner(&mut self.elements[i]) {
                self.shrink = Shrink::ShrinkElement(i + 1);
            } else {
                self.prev_shrink = Some(self.shrink);
                return true;
            }
        }
        unreachable!("the shrink state is ShrinkElement here")
    }

    fn complicate(&mut self, inner: impl FnOnce(&mut Tree) -> bool) -> bool {
        match self.prev_shrink {
            None => false,
            Some(Shrink::DeleteElement(i)) => {
                self.set_removed(i, false);
                self.prev_shrink = None;
                true
            }
            Some(Shrink::ShrinkElement(i)) => {
                if inner(&mut self.elements[i]) {
                    true
                } else {
                    self.prev_shrink = None;
                    false
                }
            }
        }
    }
}

/// proptest's integer `BinarySearch` for a range (`new_clamped`): towards zero, within the
/// range. Enum indexes use it with `0..`.
#[derive(Debug, Clone, Copy)]
struct Search {
    lo: i64,
    current: i64,
    hi: i64,
}

impl Search {
    /// Starts at `start`, drawn from `low..=high`.
    fn new(low: i64, start: i64, high: i64) -> Self {
        let lo = if start < 0 {
            0.min(high.saturating_sub(1))
        } else {
            0.max(low)
        };
        Search {
            lo,
            current: start,
            hi: start,
        }
    }

    fn magnitude_greater(lhs: i64, rhs: i64) -> bool {
        if lhs == 0 {
            false
        } else if lhs < 0 {
            lhs < rhs
        } else {
            lhs > rhs
        }
    }

    fn reposition(&mut self) -> bool {
        let middle = self.lo + (self.hi - self.lo) / 2;
        if middle == self.current {
            false
        } else {
            self.current = middle;
            true
        }
    }

    fn simplify(&mut self) -> bool {
        if !Self::magnitude_greater(self.hi, self.lo) {
            return false;
        }
        self.hi = self.current;
        self.reposition()
    }

    fn complicate(&mut self) -> bool {
        if !Self::magnitude_greater(self.hi, self.lo) {
            return false;
        }
        self.lo = self.current + if self.hi < 0 { -1 } else { 1 };
        self.reposition()
    }
}

/// The tree of an [`Op::Int`]: a three-way union (low, range, high) of leaves, so no
/// alternative needs a tree of its own; the range is generated when picked, or when shrinking
/// reaches it.
#[derive(Debug, Clone, Copy)]
struct IntTree {
    /// 0 `low`, 1 the range, 2 `high`.
    pick: u8,
    min_pick: u8,
    prev_pick: Option<u8>,
    range: Option<Search>,
    seed: u64,
}

impl IntTree {
    fn generate(low: i64, high: i64, rng: &mut Fast) -> Self {
        let pick = match rng.below(6) {
            0 => 0,
            5 => 2,
            _ => 1,
        };
        let seed = if pick > 0 { rng.next_u64() } else { 0 };
        IntTree {
            pick,
            min_pick: 0,
            prev_pick: None,
            range: (pick == 1).then(|| Search::new(low, rng.between_i64(low, high), high)),
            seed,
        }
    }

    fn current(&self, low: i64, high: i64) -> i64 {
        match (self.pick, &self.range) {
            (0, _) => low,
            (1, Some(range)) => range.current,
            _ => high,
        }
    }

    fn simplify(&mut self, low: i64, high: i64) -> bool {
        let simplified = match (self.pick, &mut self.range) {
            (1, Some(range)) => range.simplify(),
            _ => false,
        };
        if simplified {
            self.prev_pick = None;
            return true;
        }
        if self.pick == self.min_pick {
            return false;
        }
        self.prev_pick = Some(self.pick);
        self.pick -= 1;
        if self.pick == 1 && self.range.is_none() {
            let start = Fast::derived(self.seed, 1).between_i64(low, high);
            self.range = Some(Search::new(low, start, high));
        }
        true
    }

    fn complicate(&mut self) -> bool {
        if let Some(pick) = self.prev_pick.take() {
            self.pick = pick;
            self.min_pick = pick;
            true
        } else if let (1, Some(range)) = (self.pick, &mut self.range) {
            range.complicate()
        } else {
            false
        }
    }
}

/// proptest's `BoolValueTree`.
#[derive(Debug, Clone, Copy)]
struct BoolTree {
    current: bool,
    /// 0 untouched, 1 simplified, 2 final.
    state: u8,
}

impl BoolTree {
    fn new(current: bool) -> Self {
        BoolTree { current, state: 0 }
    }

    fn simplify(&mut self) -> bool {
        if self.state == 0 && self.current {
            self.current = false;
            self.state = 1;
            true
        } else {
            self.state = 2;
            false
        }
    }

    fn complicate(&mut self) -> bool {
        if self.state == 1 {
            self.current = true;
            self.state = 2;
            true
        } else {
            self.state = 2;
            false
        }
    }
}

/// Valid values of a program's root, as a proptest strategy.
#[derive(Clone)]
pub(crate) struct ValueStrategy(pub Arc<Program>);

impl fmt::Debug for ValueStrategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ValueStrategy({} ops)", self.0.ops.len())
    }
}

/// A value tree of a [`ValueStrategy`].
pub(crate) struct ValueTreeOf {
    program: Arc<Program>,
    tree: Tree,
}

impl fmt::Debug for ValueTreeOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValueTreeOf")
            .field("tree", &self.tree)
            .finish()
    }
}

fn generate_root(program: &Program, runner: &mut TestRunner) -> Result<Tree, Reason> {
    let mut g = Gen {
        rng: Fast::from_runner(runner),
        runner: Runner::Borrowed(runner),
    };
    program.generate(program.root(), &mut g)
}

impl Strategy for ValueStrategy {
    type Tree = ValueTreeOf;
    type Value = Value;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        Ok(ValueTreeOf {
            tree: generate_root(&self.0, runner)?,
            program: Arc::clone(&self.0),
        })
    }
}

impl ValueTreeOf {
    /// The current values of the envelope parts, `(part, value)` in program order, when the
    /// program is a request program (its root an [`Op::Parts`]): what `request.rs` puts into
    /// the envelope.
    pub fn parts(&self) -> impl ExactSizeIterator<Item = (String, Value)> + '_ {
        let program = &self.program;
        let (Op::Parts(parts), Tree::Seq(seq)) = (&program.ops[program.root()], &self.tree) else {
            unreachable!("request programs have envelope parts at the root")
        };
        parts
            .iter()
            .zip(&seq.slots)
            .map(|((name, op), slot)| (name.clone(), program.value(*op, &slot.tree)))
    }
}

impl ValueTree for ValueTreeOf {
    type Value = Value;

    fn current(&self) -> Value {
        self.program.value(self.program.root(), &self.tree)
    }

    fn simplify(&mut self) -> bool {
        self.program.simplify(self.program.root(), &mut self.tree)
    }

    fn complicate(&mut self) -> bool {
        self.program.complicate(self.program.root(), &mut self.tree)
    }
}

#[cfg(test)]
mod tests {
    //! The trees against the proptest trees they replace: both are driven through the same
    //! random sequences of `simplify` (the case still fails) and `complicate` (it passed), from
    //! the same starting values, and must agree at every step.

    use proptest::collection::vec;
    use proptest::option;
    use proptest::prelude::*;
    use proptest::strategy::{Union, ValueTree};
    use proptest::test_runner::TestRunner;

    use super::*;

    /// Drives `theirs` and `ours` alike as proptest's runner shrinks (`simplify` first, then
    /// `simplify` while the case fails and `complicate` once it passes, until the move made is
    /// refused), with random outcomes, comparing with `same` after every step.
    fn drive<T: ValueTree>(
        rng: &mut Fast,
        theirs: &mut T,
        ours: &mut dyn FnMut(bool) -> bool,
        same: &mut dyn FnMut(&T::Value) -> bool,
        diverged: &dyn Fn() -> bool,
    ) {
        assert!(same(&theirs.current()), "start differs");
        let mut fails = true;
        for step in 0..300 {
            let (a, b) = if fails {
                (theirs.simplify(), ours(true))
            } else {
                (theirs.complicate(), ours(false))
            };
            if diverged() {
                return;
            }
            let what = if fails { "simplify" } else { "complicate" };
            assert_eq!(a, b, "step {step} ({what})");
            assert!(
                same(&theirs.current()),
                "value differs after step {step} ({what})"
            );
            if !a {
                break;
            }
            fails = rng.coin();
        }
    }

    fn search_value(tree: &Tree) -> u32 {
        match tree {
            Tree::Index(s) => s.current as u32,
            other => panic!("not a search: {other:?}"),
        }
    }

    fn step(tree: &mut Tree, simplify: bool) -> bool {
        match tree {
            Tree::Index(s) if simplify => s.simplify(),
            Tree::Index(s) => s.complicate(),
            _ => false,
        }
    }

    #[test]
    fn integer_searches_match_proptest_ranges() {
        let mut runner = TestRunner::deterministic();
        let mut rng = Fast::derived(1, 0);
        for (low, high) in [
            (1i64, 25i64),
            (-50, 50),
            (-40, -10),
            (0, 1),
            (i32::MIN.into(), i32::MAX.into()),
        ] {
            for _ in 0..100 {
                let mut theirs = (low..=high).new_tree(&mut runner).unwrap();
                let mut ours = Search::new(low, theirs.current(), high);
                let mirror = std::cell::Cell::new(ours.current);
                drive(
                    &mut rng,
                    &mut theirs,
                    &mut |simplify| {
                        let moved = if simplify {
                            ours.simplify()
                        } else {
                            ours.complicate()
                        };
                        mirror.set(ours.current);
                        moved
                    },
                    &mut |v| *v == mirror.get(),
                    &|| false,
                );
            }
        }
    }

    #[test]
    fn lists_match_proptest_vec() {
        let mut runner = TestRunner::deterministic();
        let mut rng = Fast::derived(2, 0);
        for min in [0, 2] {
            for _ in 0..200 {
                let mut theirs = vec(0u32..100, min..=8).new_tree(&mut runner).unwrap();
                let elements = theirs
                    .current()
                    .into_iter()
                    .map(|v| Tree::Index(Search::new(0, v.into(), 99)))
                    .collect();
                let ours = std::cell::RefCell::new(VecTree::new(elements, min));
                drive(
                    &mut rng,
                    &mut theirs,
                    &mut |simplify| {
                        let mut list = ours.borrow_mut();
                        if simplify {
                            list.simplify(|t| step(t, true))
                        } else {
                            list.complicate(|t| step(t, false))
                        }
                    },
                    &mut |v| {
                        *v == ours
                            .borrow()
                            .current()
                            .map(search_value)
                            .collect::<Vec<_>>()
                    },
                    &|| false,
                );
            }
        }
    }

    #[test]
    fn members_and_optional_members_match_tuples_and_option_of() {
        let mut runner = TestRunner::deterministic();
        let mut rng = Fast::derived(3, 0);
        let strategy = (0u32..100, option::of(0u32..100), option::of(0u32..100));
        for _ in 0..300 {
            let mut theirs = strategy.new_tree(&mut runner).unwrap();
            let (a, b, c) = theirs.current();
            let slot = |v: Option<u32>| match v {
                Some(v) => Slot::present(Tree::Index(Search::new(0, v.into(), 99))),
                None => Slot::absent(),
            };
            let ours = std::cell::RefCell::new(SeqTree::new(vec![
                Slot::required(Tree::Index(Search::new(0, a.into(), 99))),
                slot(b),
                slot(c),
            ]));
            let value = |seq: &SeqTree| {
                let get = |i: usize| {
                    seq.slots[i]
                        .is_present()
                        .then(|| search_value(&seq.slots[i].tree))
                };
                (get(0).unwrap(), get(1), get(2))
            };
            drive(
                &mut rng,
                &mut theirs,
                &mut |simplify| {
                    let mut seq = ours.borrow_mut();
                    if simplify {
                        seq.simplify(|_, t| step(t, true))
                    } else {
                        seq.complicate(|_, t| step(t, false))
                    }
                },
                &mut |v| *v == value(&ours.borrow()),
                &|| false,
            );
        }
    }

    #[test]
    fn choices_match_proptest_unions() {
        // Three constants and a range: the range's value shrinks before the pick moves to
        // earlier (lazily generated) alternatives, and a pick given back is kept.
        let mut program = Program::default();
        let mut alts: Vec<Alt> = (0..3)
            .map(|i| Alt {
                weight: 1,
                op: program.push(Op::Const(Value::from(i))),
                wrap: None,
            })
            .collect();
        let values = (0..100).map(|i| (100 + i).to_string()).collect::<Vec<_>>();
        alts.push(Alt {
            weight: 1,
            op: program.push(Op::Enum(values.into_boxed_slice())),
            wrap: None,
        });
        let root = program.one_of(alts);
        let program = program.finish(root);
        let theirs_strategy = Union::new([
            Just(0u32).boxed(),
            Just(1).boxed(),
            Just(2).boxed(),
            (0u32..100).prop_map(|x| x + 100).boxed(),
        ]);
        let number = |v: &Value| match v {
            Value::Number(n) => n.as_u64().unwrap() as u32,
            Value::String(s) => s.parse().unwrap(),
            other => panic!("{other:?}"),
        };
        let mut runner = TestRunner::deterministic();
        let mut rng = Fast::derived(4, 0);
        for _ in 0..300 {
            let mut theirs = theirs_strategy.new_tree(&mut runner).unwrap();
            let start = theirs.current();
            let pick = (start as usize).min(3);
            let chosen = if pick == 3 {
                Tree::Index(Search::new(0, i64::from(start - 100), 99))
            } else {
                Tree::Leaf
            };
            let mut options: Vec<Lazy> = (0..pick).map(|_| Lazy::Uninit).collect();
            options.push(Lazy::Init(chosen));
            let ours = std::cell::RefCell::new(Tree::OneOf(OneOfTree {
                options,
                pick,
                min_pick: 0,
                prev_pick: None,
                seed: 9,
            }));
            drive(
                &mut rng,
                &mut theirs,
                &mut |simplify| {
                    let mut tree = ours.borrow_mut();
                    if simplify {
                        program.simplify(root, &mut tree)
                    } else {
                        program.complicate(root, &mut tree)
                    }
                },
                &mut |v| *v == number(&program.value(root, &ours.borrow())),
                &|| false,
            );
        }
    }

    #[test]
    fn bounded_integers_match_prop_oneof_until_a_lazy_range() {
        // Sentinels stand for the bounds so the pick shows in the value.
        let strategy = prop_oneof![1 => Just(-1000i64), 4 => 1i64..=25, 1 => Just(1000i64)];
        let sentinel = |int: &IntTree| match int.pick {
            0 => -1000,
            2 => 1000,
            _ => int.current(1, 25),
        };
        let mut runner = TestRunner::deterministic();
        let mut rng = Fast::derived(5, 0);
        let mut seen = [0; 3];
        for _ in 0..300 {
            let mut theirs = strategy.new_tree(&mut runner).unwrap();
            let start = theirs.current();
            let pick = match start {
                -1000 => 0,
                1000 => 2,
                _ => 1,
            };
            seen[pick] += 1;
            let ours = std::cell::RefCell::new(IntTree {
                pick: pick as u8,
                min_pick: 0,
                prev_pick: None,
                range: (pick == 1).then(|| Search::new(1, start, 25)),
                seed: 7,
            });
            // A range generated lazily (moving down from the upper bound) draws its start from
            // another RNG than proptest's: the comparison ends there.
            let lazy = std::cell::Cell::new(false);
            drive(
                &mut rng,
                &mut theirs,
                &mut |simplify| {
                    let mut int = ours.borrow_mut();
                    let had_range = int.range.is_some();
                    let moved = if simplify {
                        int.simplify(1, 25)
                    } else {
                        int.complicate()
                    };
                    lazy.set(lazy.get() || (!had_range && int.range.is_some()));
                    moved
                },
                &mut |v| *v == sentinel(&ours.borrow()),
                &|| lazy.get(),
            );
        }
        assert!(seen.iter().all(|n| *n > 0), "{seen:?}");
    }

    #[test]
    fn generation_is_deterministic_per_seed() {
        use crate::r#gen::{Generator, RequestContext};
        use crate::model::{Release, ServiceModel};
        use proptest::test_runner::{Config, RngAlgorithm, TestRng};

        let model = ServiceModel::load(Release::CONTRACT).unwrap();
        let generator = Generator::new(&model).unwrap();
        let ctx = RequestContext::new([("domainId", "d"), ("caseId", "c")]);
        let runner = |seed: u8| {
            TestRunner::new_with_rng(
                Config::default(),
                TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
            )
        };
        for op in [
            "CreateRelatedItem",
            "SearchRelatedItems",
            "GetCaseAuditEvents",
        ] {
            for strategy in [generator.valid(op, &ctx), generator.invalid(op, &ctx)] {
                let run = |seed: u8| {
                    let mut runner = runner(seed);
                    (0..50)
                        .map(|_| {
                            let mut tree = strategy.new_tree(&mut runner).unwrap();
                            let first = tree.current();
                            for _ in 0..20 {
                                tree.simplify();
                            }
                            (first, tree.current())
                        })
                        .collect::<Vec<_>>()
                };
                assert_eq!(run(1), run(1), "{op}");
                assert_ne!(run(1), run(2), "{op}");
            }
        }
    }
}
