//! Property-based request generation: valid requests and named invalid ones, derived from the
//! strict request schemas and the model (nothing about a shape is typed in twice).
//!
//! [`Generator::new`] compiles each operation's strict request document once into a plan (a
//! node per `$defs` entry, see `plan.rs`) and enumerates its [`Mutation`]s. From a plan:
//!
//! - [`Generator::valid`] gives proptest strategies of valid requests: every union member,
//!   optional members present and absent, boundary lengths (in code points, with non-ASCII
//!   text), integers across their range, lists from min to max size; and the rules the schema
//!   cannot state (an enum tag names the union member set; continuation tokens are left out);
//! - [`Generator::invalid`] gives requests breaking exactly one named rule each, with the
//!   answer a conforming target gives ([`Expectation`]);
//! - [`Generator::examples`] gives fixed minimal and maximal requests.
//!
//! A new member, enum value or union member in the model is generated and mutated without a
//! change here. URI labels are never generated: they come from a [`RequestContext`] naming real
//! resources the harness provisioned.
//!
//! The files below this front import each other without a cycle (the `imports` test checks
//! it): node types (`node.rs`) under the rules read off them (`semantics.rs`) under the schema
//! walk (`plan.rs`); boundary values (`examples.rs`), mutations (`mutate.rs`) and generation
//! programs (`valid.rs`, `tree.rs`) over it; request assembly (`request.rs`) on top.

mod examples;
mod fixed;
mod force;
mod mutate;
mod node;
mod path;
mod plan;
mod references;
mod related;
mod request;
mod rng;
mod semantics;
mod strings;
mod tree;
mod valid;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use serde_json::Value;

use crate::model::ServiceModel;

pub use fixed::{CASE_FILE_MEMBER, MemberValues, Substitution};
pub use mutate::{Expectation, Mutation, MutationKind, rotate};
pub use references::References;
pub use related::{related_item_body, related_item_filters};

use examples::{Extreme, extreme};
use fixed::Drawn;
use force::Force;
use mutate::{Action, Planned};
use node::{Kind, NodeId};
use path::Step;
use plan::Plan;
use request::{AnyRequest, RequestSpec, RequestStrategy, labels};
use tree::{Program, ValueStrategy};
use valid::Builder;

/// Real resources requests are sent against: the URI label values (`domainId`, `caseId`, …)
/// of things the harness provisioned. Labels an operation does not bind are ignored, so one
/// context serves every operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestContext {
    /// Label name → value, used as is by valid requests.
    pub uri: BTreeMap<String, String>,
}

impl RequestContext {
    /// A context from `(label, value)` pairs.
    pub fn new<K: Into<String>, V: Into<String>>(labels: impl IntoIterator<Item = (K, V)>) -> Self {
        RequestContext {
            uri: labels
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }
}

/// One generated request, ready for the client to bind.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedRequest {
    /// The operation it is for.
    pub operation: String,
    /// The wire envelope `{"uri": {..}, "query": {..}, "headers": {..}, "body": {..}}`; parts
    /// the operation does not bind are absent (see `schemas/README.md`).
    pub envelope: Value,
    /// Bytes to send instead of `envelope.body`: only for malformed-JSON mutations.
    pub raw_body: Option<Vec<u8>>,
    /// The rule this request breaks; `None` for valid requests.
    pub mutation: Option<Mutation>,
}

/// A request document the generator cannot follow faithfully (an unknown schema keyword, a
/// pattern that cannot be generated): generation stops rather than ignore a constraint.
#[derive(Debug, thiserror::Error)]
#[error("cannot plan request generation for {operation}: {reason}")]
pub struct PlanError {
    /// The operation whose document failed.
    pub operation: String,
    /// What was not understood.
    pub reason: String,
}

struct OperationPlan {
    plan: Plan,
    /// The real values requests not addressed to a case of their own draw members from.
    drawn: Drawn,
    planned: Vec<Planned>,
    mutations: Vec<Mutation>,
    /// The generation program of valid requests, compiled on first use.
    valid: OnceLock<Arc<Program>>,
    /// Per planned mutation, the program of its base requests, compiled on first use.
    bases: Vec<OnceLock<Arc<Program>>>,
}

impl OperationPlan {
    fn valid_program(&self) -> Arc<Program> {
        Arc::clone(
            self.valid
                .get_or_init(|| Arc::new(Builder::drawing(&self.plan, &self.drawn).parts(None))),
        )
    }

    fn base_program(&self, index: usize) -> Arc<Program> {
        Arc::clone(
            self.bases[index].get_or_init(|| Arc::new(self.compile_base(index, &self.drawn))),
        )
    }

    /// The program of planned mutation `index`'s base requests, drawing from `drawn`.
    fn compile_base(&self, index: usize, drawn: &Drawn) -> Program {
        {
            let planned = &self.planned[index];
            let mut force = Force::path(&planned.force);
            // A scalar the mutation replaces or removes is never seen: a placeholder spares
            // generating it (a 9000-character token, say) and shrinking it to no effect.
            let overwritten = matches!(planned.action, Action::Replace(_) | Action::Remove);
            if overwritten
                && resolve(&self.plan, &planned.target).is_some_and(|n| self.plan.is_scalar(n))
            {
                force.add(&planned.target, Some(Value::Null));
            }
            Builder::drawing(&self.plan, drawn).parts(Some(&force))
        }
    }

    /// Requests breaking planned mutation `index`; their base requests draw from the lists of
    /// `ctx`'s case when it has its own (`case_drawn`).
    fn mutated(
        &self,
        index: usize,
        ctx: &RequestContext,
        case_drawn: Option<&Drawn>,
        references: Option<&Arc<References>>,
    ) -> RequestStrategy {
        let program = match case_drawn {
            Some(drawn) => Arc::new(self.compile_base(index, drawn)),
            None => self.base_program(index),
        };
        RequestStrategy(Arc::new(RequestSpec {
            program,
            operation: self.plan.operation.clone(),
            uri: labels(&self.plan, ctx),
            planned: Some(self.planned[index].clone()),
            references: references.cloned(),
        }))
    }
}

/// Request generation for every operation of a model, compiled once per run.
///
/// Each operation's generation programs (valid requests, and the base requests of each
/// mutation) are compiled from its plan on first use and kept; strategies wrap them with the
/// request context, so the generator itself stays `Send + Sync` and can be shared.
#[derive(Clone)]
pub struct Generator {
    operations: BTreeMap<String, Arc<OperationPlan>>,
    /// The real values members are drawn from ([`MemberValues`]).
    values: MemberValues,
    /// The existing resources requests name ([`Generator::naming`]).
    references: Option<Arc<References>>,
}

impl std::fmt::Debug for Generator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generator")
            .field("operations", &self.operations.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Generator {
    /// Compiles the plans and mutation catalogues of every operation of `model`.
    pub fn new(model: &ServiceModel) -> Result<Self, PlanError> {
        Self::compile(model, model.operations.values(), MemberValues::default())
    }

    /// As [`Generator::new`], valid requests drawing the members `values` lists from those
    /// lists instead of making them up (requests addressed to a case with uploaded files
    /// drawing `fileArn` from that case's).
    pub fn with_values(model: &ServiceModel, values: MemberValues) -> Result<Self, PlanError> {
        Self::compile(model, model.operations.values(), values)
    }

    fn compile<'m>(
        model: &ServiceModel,
        ops: impl Iterator<Item = &'m crate::model::Operation>,
        values: MemberValues,
    ) -> Result<Self, PlanError> {
        let mut patterns = BTreeMap::new();
        let mut operations = BTreeMap::new();
        for op in ops {
            let plan = Plan::compile(model, op, &mut patterns)?;
            let planned = mutate::enumerate(&plan);
            let mutations = planned.iter().map(|p| p.mutation.clone()).collect();
            let bases = planned.iter().map(|_| OnceLock::new()).collect();
            operations.insert(
                op.name.clone(),
                Arc::new(OperationPlan {
                    plan,
                    drawn: values.resolve(None),
                    planned,
                    mutations,
                    valid: OnceLock::new(),
                    bases,
                }),
            );
        }
        Ok(Generator {
            operations,
            values,
            references: None,
        })
    }

    /// This generator, its requests naming `references`' resources wherever a member refers
    /// to one (the plans are shared, not compiled again).
    pub fn naming(&self, references: References) -> Generator {
        Generator {
            references: Some(Arc::new(references)),
            ..self.clone()
        }
    }

    /// Pins the references of `operation`'s `envelope` to the resources this generator names
    /// ([`Generator::naming`]); `false`, leaving it as it is, when it names none.
    pub fn pin_references(&self, operation: &str, envelope: &mut Value) -> bool {
        match &self.references {
            Some(references) => {
                references.pin_envelope(operation, envelope, None);
                true
            }
            None => false,
        }
    }

    /// The lists requests addressed by `ctx` draw from, when its case has lists of its own.
    fn case_drawn(&self, ctx: &RequestContext) -> Option<Drawn> {
        let case = ctx.uri.get("caseId")?;
        self.values
            .has_case(case)
            .then(|| self.values.resolve(Some(case)))
    }

    /// A generator for one operation only (what the free functions use).
    fn single(model: &ServiceModel, operation: &str) -> Self {
        let op = model
            .operation(operation)
            .unwrap_or_else(|| panic!("unknown operation {operation}"));
        Self::compile(model, std::iter::once(op), MemberValues::default())
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// The operations it generates for, sorted.
    pub fn operations(&self) -> impl Iterator<Item = &str> {
        self.operations.keys().map(String::as_str)
    }

    fn op(&self, operation: &str) -> &Arc<OperationPlan> {
        self.operations
            .get(operation)
            .unwrap_or_else(|| panic!("unknown operation {operation}"))
    }

    /// Valid requests of `operation` against the resources in `ctx`.
    ///
    /// # Panics
    ///
    /// If the operation is unknown or `ctx` lacks one of its URI labels.
    pub fn valid(&self, operation: &str, ctx: &RequestContext) -> BoxedStrategy<GeneratedRequest> {
        self.valid_pinned(operation, ctx, &[])
    }

    /// Valid requests with some members fixed: each `(path, value)` pin (`content.file.fileArn`,
    /// body paths may leave out `body.`) is present with that value, choosing the union members
    /// on its path. Stateful tests use it to send real ARNs. The value is not checked.
    ///
    /// # Panics
    ///
    /// As [`Generator::valid`], and if a path does not name a member of the request.
    pub fn valid_pinned(
        &self,
        operation: &str,
        ctx: &RequestContext,
        pins: &[(&str, Value)],
    ) -> BoxedStrategy<GeneratedRequest> {
        let op = self.op(operation);
        let case_drawn = self.case_drawn(ctx);
        let program = if pins.is_empty() && case_drawn.is_none() {
            op.valid_program()
        } else {
            let mut force = Force::default();
            for (path, value) in pins {
                let steps = path::parse(path).unwrap_or_else(|e| panic!("{e}"));
                resolve(&op.plan, &steps)
                    .unwrap_or_else(|| panic!("{operation} has no member at `{path}`"));
                force.add(&steps, Some(value.clone()));
            }
            let drawn = case_drawn.as_ref().unwrap_or(&op.drawn);
            Arc::new(Builder::drawing(&op.plan, drawn).parts(Some(&force)))
        };
        RequestStrategy(Arc::new(RequestSpec {
            program,
            operation: op.plan.operation.clone(),
            uri: labels(&op.plan, ctx),
            planned: None,
            references: self.references.clone(),
        }))
        .boxed()
    }

    /// Invalid requests of `operation`: each case applies one of [`Generator::mutations`]
    /// (chosen uniformly) to a valid base request. Shrinking simplifies the base and never
    /// changes the mutation.
    ///
    /// # Panics
    ///
    /// As [`Generator::valid`].
    pub fn invalid(
        &self,
        operation: &str,
        ctx: &RequestContext,
    ) -> BoxedStrategy<GeneratedRequest> {
        self.invalid_where(operation, ctx, |_| true)
            .unwrap_or_else(|| panic!("{operation} has no mutations"))
    }

    /// Invalid requests of `operation` breaking one of the mutations `keep` accepts, chosen
    /// uniformly per case, or `None` if it accepts none. As with [`Generator::invalid`],
    /// shrinking never changes the mutation, and choosing costs one draw (a
    /// `proptest::strategy::Union` of [`Generator::invalid_with`] strategies also picks
    /// uniformly, but clones the runner for every alternative before the one picked, and its
    /// shrinking moves on to earlier mutations).
    ///
    /// # Panics
    ///
    /// As [`Generator::valid`].
    pub fn invalid_where(
        &self,
        operation: &str,
        ctx: &RequestContext,
        keep: impl Fn(&Mutation) -> bool,
    ) -> Option<BoxedStrategy<GeneratedRequest>> {
        let op = self.op(operation);
        let case_drawn = self.case_drawn(ctx);
        let strategies: Arc<[RequestStrategy]> = (0..op.planned.len())
            .filter(|i| keep(&op.planned[*i].mutation))
            .map(|i| op.mutated(i, ctx, case_drawn.as_ref(), self.references.as_ref()))
            .collect();
        (!strategies.is_empty()).then(|| AnyRequest(strategies).boxed())
    }

    /// Invalid requests breaking the one mutation named `mutation`, or `None` if `operation`
    /// has no mutation of that name.
    ///
    /// # Panics
    ///
    /// As [`Generator::valid`].
    pub fn invalid_with(
        &self,
        operation: &str,
        mutation: &str,
        ctx: &RequestContext,
    ) -> Option<BoxedStrategy<GeneratedRequest>> {
        let op = self.op(operation);
        let index = op
            .planned
            .iter()
            .position(|p| p.mutation.name == mutation)?;
        Some(
            op.mutated(
                index,
                ctx,
                self.case_drawn(ctx).as_ref(),
                self.references.as_ref(),
            )
            .boxed(),
        )
    }

    /// Every mutation of `operation`, in a stable order with unique names.
    ///
    /// # Panics
    ///
    /// If the operation is unknown.
    pub fn mutations(&self, operation: &str) -> &[Mutation] {
        &self.op(operation).mutations
    }

    /// Fixed boundary requests: `minimal` (required members, minimum lengths and sizes),
    /// `maximal` (every optional member but tokens, maximum lengths in mixed scripts, maximum
    /// list sizes), and both again for each union member (`minimal content.file`, …).
    ///
    /// # Panics
    ///
    /// As [`Generator::valid`].
    pub fn examples(
        &self,
        operation: &str,
        ctx: &RequestContext,
    ) -> Vec<(String, GeneratedRequest)> {
        let op = self.op(operation);
        let uri = labels(&op.plan, ctx);
        let mut variants: Vec<Option<Vec<Step>>> = vec![None];
        variants.extend(
            op.planned
                .iter()
                .filter(|p| p.mutation.kind == MutationKind::UnionTwoMembers)
                .map(|p| Some(p.force.clone())),
        );
        let mut out: Vec<(String, GeneratedRequest)> = Vec::new();
        for steps in variants {
            for (which, label) in [(Extreme::Min, "minimal"), (Extreme::Max, "maximal")] {
                let force = steps.as_deref().map(Force::path);
                let parts = example_parts(&op.plan, which, force.as_ref());
                let envelope = request::envelope(uri.as_ref(), parts);
                if out.iter().any(|(_, r)| r.envelope == envelope) {
                    continue;
                }
                let name = match &steps {
                    None => label.to_string(),
                    Some(s) => format!("{label} {}", path::short(s)),
                };
                out.push((
                    name,
                    GeneratedRequest {
                        operation: op.plan.operation.clone(),
                        envelope,
                        raw_body: None,
                        mutation: None,
                    },
                ));
            }
        }
        out
    }

    /// Valid bodies of `operation`; with `kind`, bodies whose enum-tagged union (rule: the tag
    /// names the union member, e.g. `type`/`content`) holds that kind, given as enum value
    /// (`File`) or member name (`file`). `None` if the kind is not one of the operation's.
    ///
    /// # Panics
    ///
    /// If the operation is unknown.
    pub fn body(&self, operation: &str, kind: Option<&str>) -> Option<BoxedStrategy<Value>> {
        let op = self.op(operation);
        let body = op.plan.part("body")?.node;
        let force = match kind {
            None => None,
            Some(kind) => {
                let coupling = op.plan.couplings[body]
                    .iter()
                    .find(|c| c.variant_for(kind).is_some())?;
                let variant = coupling.variant_for(kind)?;
                Some(Force::path(&[
                    Step::Key(coupling.union.clone()),
                    Step::Key(variant.to_string()),
                ]))
            }
        };
        let bodies =
            value_strategy(Builder::drawing(&op.plan, &op.drawn).value(body, force.as_ref()));
        Some(match self.references.clone() {
            None => bodies,
            Some(references) => {
                let operation = operation.to_string();
                bodies
                    .prop_map(move |body| references.pin_body(&operation, body))
                    .boxed()
            }
        })
    }

    /// Valid values of the member at `path` (`filters`, `body.content.file`), or `None` if
    /// the request has no such member.
    ///
    /// # Panics
    ///
    /// If the operation is unknown.
    pub fn member(&self, operation: &str, path: &str) -> Option<BoxedStrategy<Value>> {
        let op = self.op(operation);
        let node = resolve(&op.plan, &path::parse(path).ok()?)?;
        Some(value_strategy(
            Builder::drawing(&op.plan, &op.drawn).value(node, None),
        ))
    }

    /// Valid values of the list of unions at `path`; with `kind`, every item holds that union
    /// member (`file` or `File`). `None` if `path` is not a list of unions with such a member.
    ///
    /// # Panics
    ///
    /// If the operation is unknown.
    pub fn list_of_kind(
        &self,
        operation: &str,
        path: &str,
        kind: Option<&str>,
    ) -> Option<BoxedStrategy<Value>> {
        let op = self.op(operation);
        let node = resolve(&op.plan, &path::parse(path).ok()?)?;
        let Kind::Array { item, min, max } = &op.plan.nodes[node].kind else {
            return None;
        };
        let union = op.plan.object(*item).filter(|o| o.union)?;
        let force = match kind {
            None => None,
            Some(kind) => {
                let variant = union.fields.iter().find(|f| {
                    f.name == kind || f.name == crate::contract::related::lower_camel(kind)
                })?;
                Some(Force::path(&[Step::Key(variant.name.clone())]))
            }
        };
        let high = op.plan.list_high(*min, *max, &[]);
        Some(value_strategy(Builder::drawing(&op.plan, &op.drawn).list(
            *item,
            force.as_ref(),
            *min,
            high,
        )))
    }
}

/// Valid requests of one operation (compiles its plan on each call; prefer [`Generator`]).
///
/// # Panics
///
/// If the operation is unknown, its document cannot be planned, or `ctx` lacks a label.
pub fn valid_requests(
    model: &ServiceModel,
    operation: &str,
    ctx: &RequestContext,
) -> BoxedStrategy<GeneratedRequest> {
    Generator::single(model, operation).valid(operation, ctx)
}

/// Every mutation applicable to `operation`, in a stable order with unique names.
///
/// # Panics
///
/// If the operation is unknown or its document cannot be planned.
pub fn mutations(model: &ServiceModel, operation: &str) -> Vec<Mutation> {
    Generator::single(model, operation)
        .mutations(operation)
        .to_vec()
}

/// Invalid requests of one operation, one named mutation each (see [`Generator::invalid`]).
///
/// # Panics
///
/// As [`valid_requests`].
pub fn invalid_requests(
    model: &ServiceModel,
    operation: &str,
    ctx: &RequestContext,
) -> BoxedStrategy<GeneratedRequest> {
    Generator::single(model, operation).invalid(operation, ctx)
}

fn value_strategy(program: Program) -> BoxedStrategy<Value> {
    ValueStrategy(Arc::new(program)).boxed()
}

fn example_parts(plan: &Plan, which: Extreme, force: Option<&Force>) -> Vec<(String, Value)> {
    plan.parts
        .iter()
        .filter(|p| p.name != "uri")
        .filter(|p| p.name != "body" || plan.has_body())
        .map(|p| {
            let sub = Force::child(force, &Step::Key(p.name.clone()));
            (
                p.name.clone(),
                extreme(plan, p.node, which, sub, &mut Vec::new(), 0),
            )
        })
        .collect()
}

/// The node at `steps` (starting with the envelope part), if the request has it.
fn resolve(plan: &Plan, steps: &[Step]) -> Option<NodeId> {
    let (Step::Key(part), rest) = steps.split_first()? else {
        return None;
    };
    let mut node = plan.part(part)?.node;
    for step in rest {
        node = match (&plan.nodes[node].kind, step) {
            (Kind::Nullable(inner), _) => *inner,
            _ => node,
        };
        node = match (&plan.nodes[node].kind, step) {
            (Kind::Object(o), Step::Key(k)) => o.fields.iter().find(|f| f.name == *k)?.node,
            (Kind::Array { item, .. }, Step::Index(_)) => *item,
            (Kind::Map { value, .. }, Step::Key(_)) => *value,
            _ => return None,
        };
    }
    Some(node)
}

#[cfg(test)]
mod imports {
    //! The files of `gen/` import each other without a cycle, so each can be read (and moved)
    //! knowing only what lies below it. A file imports another when its text mentions
    //! `super::other` or `crate::r#gen::other` anywhere (`use` lines, paths in code, doc links,
    //! test modules alike), a brace group after the prefix naming each of its members.
    //! `mod.rs` and `tests.rs` are left out: the front and the whole-generator tests may import
    //! every file.

    use std::collections::{BTreeMap, BTreeSet};

    /// Files allowed to import any other.
    const EXEMPT: [&str; 2] = ["mod", "tests"];

    /// The sibling files `text` mentions, among `files`.
    fn mentions(text: &str, files: &BTreeSet<String>) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        for prefix in ["super::", "crate::r#gen::"] {
            for (at, _) in text.match_indices(prefix) {
                let rest = &text[at + prefix.len()..];
                let names: Vec<&str> = match rest.strip_prefix('{') {
                    Some(group) => top_level_items(group),
                    None => vec![rest],
                };
                for name in names {
                    let ident: String = name
                        .trim_start()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if files.contains(&ident) {
                        found.insert(ident);
                    }
                }
            }
        }
        found
    }

    /// The items of a brace group (`a::X, b::{Y, Z}}` after its `{`), up to its closing brace.
    fn top_level_items(group: &str) -> Vec<&str> {
        let mut items = Vec::new();
        let (mut depth, mut start) = (0usize, 0);
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    items.push(&group[start..i]);
                    return items;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(&group[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        items.push(&group[start..]);
        items
    }

    /// A cycle of `graph`, as the files along it with the first repeated at the end.
    fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
        fn visit(
            file: &str,
            graph: &BTreeMap<String, BTreeSet<String>>,
            path: &mut Vec<String>,
            done: &mut BTreeSet<String>,
        ) -> Option<Vec<String>> {
            if let Some(at) = path.iter().position(|f| f == file) {
                let mut cycle = path[at..].to_vec();
                cycle.push(file.to_string());
                return Some(cycle);
            }
            if done.contains(file) {
                return None;
            }
            path.push(file.to_string());
            for next in graph.get(file).into_iter().flatten() {
                if let Some(cycle) = visit(next, graph, path, done) {
                    return Some(cycle);
                }
            }
            path.pop();
            done.insert(file.to_string());
            None
        }
        let mut done = BTreeSet::new();
        graph
            .keys()
            .find_map(|file| visit(file, graph, &mut Vec::new(), &mut done))
    }

    #[test]
    fn the_scan_reads_paths_groups_and_cycles() {
        let files: BTreeSet<String> = ["plan", "path", "tree", "valid"].map(String::from).into();
        let text = "use super::{plan::{Kind, Node}, path::Step};\n\
                    use super::Generator;\n\
                    /// see [`Force`](super::valid::Force)\n\
                    let op = crate::r#gen::tree::Op::Bool;";
        assert_eq!(mentions(text, &files), files);
        let graph = |edges: &[(&str, &str)]| {
            let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for (from, to) in edges {
                g.entry(from.to_string())
                    .or_default()
                    .insert(to.to_string());
            }
            g
        };
        let cycle = find_cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]));
        assert_eq!(cycle.unwrap(), ["a", "b", "c", "a"]);
        assert_eq!(
            find_cycle(&graph(&[("a", "b"), ("a", "c"), ("b", "c")])),
            None
        );
    }

    #[test]
    fn gen_files_import_each_other_without_a_cycle() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/gen");
        let mut sources = BTreeMap::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                sources.insert(stem, std::fs::read_to_string(&path).unwrap());
            }
        }
        let files: BTreeSet<String> = sources
            .keys()
            .filter(|f| !EXEMPT.contains(&f.as_str()))
            .cloned()
            .collect();
        let graph: BTreeMap<String, BTreeSet<String>> = files
            .iter()
            .map(|file| {
                let mut imports = mentions(&sources[file], &files);
                imports.remove(file);
                (file.clone(), imports)
            })
            .collect();
        assert!(
            graph.values().any(|imports| !imports.is_empty()),
            "no imports found in {}: the scan is broken",
            dir.display()
        );
        if let Some(cycle) = find_cycle(&graph) {
            let edges: Vec<String> = graph
                .iter()
                .map(|(file, imports)| {
                    let imports: Vec<&str> = imports.iter().map(String::as_str).collect();
                    format!("  {file} → {}", imports.join(", "))
                })
                .collect();
            panic!(
                "gen/ files import each other in a cycle: {}\nimports:\n{}",
                cycle.join(" → "),
                edges.join("\n")
            );
        }
    }
}
