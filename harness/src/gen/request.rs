//! Request assembly: the wire envelope of a generated request, built from the URI labels of the
//! [`RequestContext`] and the part values of a request program (`tree.rs`), with the planned
//! mutation (`mutate.rs`) applied to each case. Kept apart from the value trees so the trees
//! know nothing of requests or mutations, and from the generator front (`mod.rs`) so the
//! strategies and the fixed examples share one envelope builder.

use std::fmt;
use std::sync::Arc;

use proptest::strategy::{NewTree, Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use serde_json::{Map, Value};

use super::mutate::{self, Planned};
use super::plan::Plan;
use super::rng::Fast;
use super::tree::{Program, ValueStrategy, ValueTreeOf};
use super::{GeneratedRequest, RequestContext};

/// Everything a request strategy adds to its program: the operation, the URI labels from the
/// request context, and the mutation applied to each case.
#[derive(Debug)]
pub(crate) struct RequestSpec {
    /// Root: an [`Op::Parts`](super::tree::Op::Parts).
    pub program: Arc<Program>,
    pub operation: String,
    pub uri: Option<Map<String, Value>>,
    pub planned: Option<Planned>,
    /// The existing resources the request names ([`super::References`]).
    pub references: Option<Arc<super::References>>,
}

/// Requests of one [`RequestSpec`] (valid, or breaking its one mutation).
#[derive(Debug, Clone)]
pub(crate) struct RequestStrategy(pub Arc<RequestSpec>);

/// A value tree of a [`RequestStrategy`]: the tree of its program's part values, shrunk as
/// such; the mutation is applied to each current value afterwards.
pub(crate) struct RequestTree {
    spec: Arc<RequestSpec>,
    values: ValueTreeOf,
}

impl fmt::Debug for RequestTree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestTree")
            .field("operation", &self.spec.operation)
            .field("tree", &self.values)
            .finish()
    }
}

impl Strategy for RequestStrategy {
    type Tree = RequestTree;
    type Value = GeneratedRequest;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        Ok(RequestTree {
            values: ValueStrategy(Arc::clone(&self.0.program)).new_tree(runner)?,
            spec: Arc::clone(&self.0),
        })
    }
}

impl ValueTree for RequestTree {
    type Value = GeneratedRequest;

    fn current(&self) -> GeneratedRequest {
        let mut envelope = envelope(self.spec.uri.as_ref(), self.values.parts());
        let raw_body = self
            .spec
            .planned
            .as_ref()
            .and_then(|p| mutate::apply(p, &mut envelope));
        if let Some(references) = &self.spec.references {
            let except = self.spec.planned.as_ref().map(|p| p.mutation.path.as_str());
            references.pin_envelope(&self.spec.operation, &mut envelope, except);
        }
        GeneratedRequest {
            operation: self.spec.operation.clone(),
            envelope,
            raw_body,
            mutation: self.spec.planned.as_ref().map(|p| p.mutation.clone()),
        }
    }

    fn simplify(&mut self) -> bool {
        self.values.simplify()
    }

    fn complicate(&mut self) -> bool {
        self.values.complicate()
    }
}

/// One of several request strategies, chosen uniformly per case and kept while shrinking
/// (what `(0..n).no_shrink().prop_flat_map(..)` did, without cloning the runner per case).
#[derive(Debug, Clone)]
pub(crate) struct AnyRequest(pub Arc<[RequestStrategy]>);

impl Strategy for AnyRequest {
    type Tree = RequestTree;
    type Value = GeneratedRequest;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        let pick = Fast::from_runner(runner).below(self.0.len() as u64) as usize;
        self.0[pick].new_tree(runner)
    }
}

/// The `uri` part from the context, `None` when the operation binds no label.
///
/// # Panics
///
/// If `ctx` lacks a label the operation binds.
pub(crate) fn labels(plan: &Plan, ctx: &RequestContext) -> Option<Map<String, Value>> {
    let part = plan.part("uri")?;
    let object = plan.object(part.node)?;
    Some(
        object
            .fields
            .iter()
            .map(|f| {
                let value = ctx.uri.get(&f.name).unwrap_or_else(|| {
                    panic!(
                        "the request context lacks URI label `{}` needed by {}",
                        f.name, plan.operation
                    )
                });
                (f.name.clone(), Value::String(value.clone()))
            })
            .collect(),
    )
}

/// The wire envelope: the `uri` part (when the operation binds labels), then the other parts
/// in the order given.
pub(crate) fn envelope(
    uri: Option<&Map<String, Value>>,
    parts: impl IntoIterator<Item = (String, Value)>,
) -> Value {
    let parts = parts.into_iter();
    let mut envelope = Map::with_capacity(parts.size_hint().0 + 1);
    if let Some(uri) = uri {
        envelope.insert("uri".into(), Value::Object(uri.clone()));
    }
    envelope.extend(parts);
    Value::Object(envelope)
}
