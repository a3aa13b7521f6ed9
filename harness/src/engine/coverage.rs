//! Contract coverage: what the run actually sent and saw, per operation, so a report can list
//! what was never exercised (a green run must not hide an untested corner).
//!
//! Paths are JSON paths into the wire envelope with array indexes folded to `[]`
//! (`body.filters[].file.fileArn`); string values are kept only for members whose shape is an
//! enum (their values are the contract), numbers only for page-size members.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use jsonschema::json::{Array, Json, JsonNumber, Node, Object, SerdeJson};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::client::Exchange;
use crate::model::ServiceModel;
use crate::tape::{TapeJson, TapeNode};

/// What one operation's traffic covered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OperationCoverage {
    /// Request member paths sent at least once.
    pub request_members: BTreeSet<String>,
    /// `path=value` for every string value sent (enum members among them).
    pub request_values: BTreeSet<String>,
    /// `maxResults` values sent.
    pub page_sizes: BTreeSet<i64>,
    /// Response statuses seen.
    pub statuses: BTreeSet<u16>,
    /// Error names seen (from `x-amzn-ErrorType`, `__type` or `code`).
    pub error_types: BTreeSet<String>,
    /// Response member paths seen in successful responses.
    pub response_members: BTreeSet<String>,
    /// `path=value` for string values seen in successful responses (enums among them).
    pub response_values: BTreeSet<String>,
}

/// Thread-safe accumulation of coverage over a run.
#[derive(Debug, Default)]
pub struct Coverage {
    operations: Mutex<BTreeMap<String, Recorded>>,
    /// Per operation, the only paths whose string values are kept (see [`Coverage::for_model`]);
    /// `None` keeps every short string.
    value_paths: Option<BTreeMap<String, ValuePaths>>,
}

/// The enumerated member paths of one operation, as [`crate::contract::shapes::enum_paths`]
/// lists them from the model.
#[derive(Debug, Default)]
struct ValuePaths {
    request: Vec<String>,
    response: Vec<String>,
}

impl ValuePaths {
    fn keeps(patterns: &[String], path: &str) -> bool {
        patterns
            .iter()
            .any(|p| crate::contract::shapes::path_matches(p, path))
    }
}

/// One operation's coverage and, per side, the tree of paths already recorded.
#[derive(Debug, Default)]
struct Recorded {
    coverage: OperationCoverage,
    request_paths: PathTree,
    response_paths: PathTree,
}

/// The member paths of one side of an operation seen so far, as a tree of member names. Every
/// node of every answer is visited, so a node seen before must be cheap to find: a lookup among
/// a few sibling keys, not a search or hash of its whole path. Each node also remembers
/// whether string values at it are kept (decided by the value filter once, on first sight).
#[derive(Debug, Default)]
struct PathTree {
    /// `nodes[0]` is the root (the empty path) once anything was recorded.
    nodes: Vec<PathNode>,
    /// Members not recorded because they would pass a bound ([`MAX_PATHS`],
    /// [`MAX_MEMBERS`], [`MAX_NAME`]).
    unrecorded: u64,
}

/// Paths one side of one operation records at most. The model's own paths are a few hundred;
/// past this, a target is inventing members (or map keys) faster than any contract has them,
/// and recording every one would grow with the number of answers.
const MAX_PATHS: usize = 8_192;

/// Members of one object recorded at most (a sibling is found by a scan of them).
const MAX_MEMBERS: usize = 256;

/// Longest member name recorded, in bytes; model member names are short.
const MAX_NAME: usize = 256;

/// Distinct `path=value` pairs and error names one operation records at most: string values
/// are kept only at enum members, whose values are few, unless a target sends new ones each
/// time.
const MAX_VALUES: usize = 4_096;

#[derive(Debug)]
struct PathNode {
    /// The folded path (`body.items[].type`), built once when the node is first seen.
    path: Box<str>,
    /// Object members by name.
    members: Vec<(Box<str>, u32)>,
    /// Array items (folded to one `[]` node).
    items: Option<u32>,
    kept: bool,
}

impl PathNode {
    /// A node seen for the first time, without children; `filter` decides whether its string
    /// values are kept.
    fn new(path: String, filter: Option<&[String]>) -> Self {
        Self {
            kept: filter.is_none_or(|f| ValuePaths::keeps(f, &path)),
            path: path.into(),
            members: Vec::new(),
            items: None,
        }
    }
}

/// A child of a node: an object member by name, or the array items.
#[derive(Clone, Copy)]
enum Step<'a> {
    Member(&'a str),
    Items,
}

/// What coverage reads of a scalar value.
#[derive(Clone, Copy)]
enum Leaf<'v> {
    String(&'v str),
    Number(Option<i64>),
}

impl PathTree {
    /// Visits every scalar of `root` (a `&Value`, or an answer read in place) with its folded
    /// path and whether its string values are kept, adding paths seen for the first time to
    /// `members`.
    fn record<F: Json>(
        &mut self,
        root: F::Node<'_>,
        filter: Option<&[String]>,
        members: &mut BTreeSet<String>,
        visit: &mut dyn FnMut(&str, bool, Leaf<'_>),
    ) {
        if self.nodes.is_empty() {
            self.nodes.push(PathNode::new(String::new(), filter));
        }
        let mut walk = Walk {
            tree: self,
            filter,
            members,
            visit,
        };
        walk.value::<F>(0, root);
    }
}

/// One traversal of a value against a [`PathTree`].
struct Walk<'a> {
    tree: &'a mut PathTree,
    filter: Option<&'a [String]>,
    members: &'a mut BTreeSet<String>,
    visit: &'a mut dyn FnMut(&str, bool, Leaf<'_>),
}

impl Walk<'_> {
    fn value<F: Json>(&mut self, node: u32, value: F::Node<'_>) {
        if let Some(object) = value.as_object() {
            for (key, child) in object.members() {
                if let Some(next) = self.child(node, Step::Member(key.as_ref())) {
                    self.value::<F>(next, child);
                }
            }
        } else if let Some(items) = value.as_array() {
            // An empty array has no items to record (`path[]` is a path of an item).
            if items.len() > 0
                && let Some(next) = self.child(node, Step::Items)
            {
                for item in items.elements() {
                    self.value::<F>(next, item);
                }
            }
        } else {
            let here = &self.tree.nodes[node as usize];
            if let Some(text) = value.as_string() {
                (self.visit)(&here.path, here.kept, Leaf::String(&text));
            } else if let Some(number) = value.as_number() {
                (self.visit)(&here.path, here.kept, Leaf::Number(number.as_i64()));
            }
        }
    }

    /// The node one `step` below `node`; created, and its path added to the members, on first
    /// sight. `None` (nothing recorded below it) when a new node would pass a bound.
    fn child(&mut self, node: u32, step: Step<'_>) -> Option<u32> {
        let parent = &self.tree.nodes[node as usize];
        let found = match step {
            Step::Member(key) => parent
                .members
                .iter()
                .find(|(name, _)| **name == *key)
                .map(|(_, index)| *index),
            Step::Items => parent.items,
        };
        if found.is_some() {
            return found;
        }
        let too_many = self.tree.nodes.len() >= MAX_PATHS
            || match step {
                Step::Member(key) => parent.members.len() >= MAX_MEMBERS || key.len() > MAX_NAME,
                Step::Items => false,
            };
        if too_many {
            self.tree.unrecorded += 1;
            return None;
        }
        let path = match step {
            Step::Member(key) if parent.path.is_empty() => key.to_owned(),
            Step::Member(key) => format!("{}.{key}", parent.path),
            Step::Items => format!("{}[]", parent.path),
        };
        let index = u32::try_from(self.tree.nodes.len()).expect("fewer than 2^32 paths");
        self.members.insert(path.clone());
        self.tree.nodes.push(PathNode::new(path, self.filter));
        let parent = &mut self.tree.nodes[node as usize];
        match step {
            Step::Member(key) => parent.members.push((key.into(), index)),
            Step::Items => parent.items = Some(index),
        }
        Some(index)
    }
}

/// String values longer than this are not kept (they are data, not enum values).
const MAX_KEPT_VALUE: usize = 40;

impl Coverage {
    /// A recorder that keeps string values only where the model has an enum: ids, names and
    /// timestamps are data, not contract, and keeping every distinct one would grow with the
    /// run and cost a set insertion per value.
    pub fn for_model(model: &ServiceModel) -> Self {
        let value_paths = model
            .operations
            .iter()
            .map(|(name, op)| {
                let (request, response) = crate::contract::shapes::enum_paths(model, op);
                (name.clone(), ValuePaths { request, response })
            })
            .collect();
        Self {
            operations: Mutex::default(),
            value_paths: Some(value_paths),
        }
    }

    /// Which string values of `operation`'s request (or response) are kept: `None` for all,
    /// else those at one of the returned paths.
    fn value_filter(&self, operation: &str, response: bool) -> Option<&[String]> {
        let all = self.value_paths.as_ref()?;
        Some(all.get(operation).map_or(
            &[][..],
            |p| {
                if response { &p.response } else { &p.request }
            },
        ))
    }

    /// Records a request envelope sent to `operation`.
    pub fn request(&self, operation: &str, envelope: &Value) {
        let mut ops = self.operations.lock().expect("coverage lock");
        let Recorded {
            coverage: cov,
            request_paths,
            ..
        } = entry(&mut ops, operation);
        let filter = self.value_filter(operation, false);
        let mut scratch = String::new();
        let members = &mut cov.request_members;
        let values = &mut cov.request_values;
        let page_sizes = &mut cov.page_sizes;
        request_paths.record::<SerdeJson>(envelope, filter, members, &mut |path, kept, leaf| {
            match leaf {
                Leaf::String(s) if kept && s.chars().count() <= MAX_KEPT_VALUE => {
                    insert_pair(values, &mut scratch, path, s);
                }
                Leaf::Number(Some(n)) if path.ends_with("maxResults") => {
                    page_sizes.insert(n);
                }
                _ => {}
            }
        });
    }

    /// Records what came back for `operation`: status, error name and, for successes, the
    /// members and short string values of the (already parsed) body.
    pub fn response(
        &self,
        operation: &str,
        exchange: &Exchange,
        body: Option<&Value>,
        success: bool,
    ) {
        let Some(response) = exchange.response() else {
            return;
        };
        let error = (!success)
            .then(|| super::judge::error_type(exchange, body))
            .flatten();
        self.record_response::<SerdeJson>(
            operation,
            response.status,
            error,
            body.filter(|_| success),
        );
    }

    /// [`Coverage::response`] for a success answer read in place (its `body()`): the same
    /// record, without a `Value` tree.
    pub fn success_in_place(&self, operation: &str, status: u16, body: TapeNode<'_>) {
        self.record_response::<TapeJson>(operation, status, None, Some(body));
    }

    /// Records a status, an error name and the paths and kept values of a success body.
    fn record_response<F: Json>(
        &self,
        operation: &str,
        status: u16,
        error: Option<String>,
        success_body: Option<F::Node<'_>>,
    ) {
        let mut ops = self.operations.lock().expect("coverage lock");
        let Recorded {
            coverage: cov,
            response_paths,
            ..
        } = entry(&mut ops, operation);
        cov.statuses.insert(status);
        if let Some(error) = error
            && (cov.error_types.len() < MAX_VALUES && error.len() <= MAX_NAME
                || cov.error_types.contains(&error))
        {
            cov.error_types.insert(error);
        }
        if let Some(body) = success_body {
            let filter = self.value_filter(operation, true);
            let mut scratch = String::new();
            let values = &mut cov.response_values;
            let members = &mut cov.response_members;
            response_paths.record::<F>(body, filter, members, &mut |path, kept, leaf| {
                if let Leaf::String(s) = leaf
                    && kept
                    && s.chars().count() <= MAX_KEPT_VALUE
                {
                    insert_pair(values, &mut scratch, path, s);
                }
            });
        }
    }

    /// Per operation, the members of requests and answers not recorded because they would
    /// have passed a bound (see [`MAX_PATHS`]), where any were.
    pub fn unrecorded(&self) -> Vec<(String, u64)> {
        let ops = self.operations.lock().expect("coverage lock");
        ops.iter()
            .map(|(name, r)| {
                (
                    name.clone(),
                    r.request_paths.unrecorded + r.response_paths.unrecorded,
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// Everything recorded, by operation.
    pub fn snapshot(&self) -> BTreeMap<String, OperationCoverage> {
        let ops = self.operations.lock().expect("coverage lock");
        ops.iter()
            .map(|(name, recorded)| (name.clone(), recorded.coverage.clone()))
            .collect()
    }
}

/// The coverage of `operation`, created on first use without allocating afterwards.
fn entry<'a>(ops: &'a mut BTreeMap<String, Recorded>, operation: &str) -> &'a mut Recorded {
    if !ops.contains_key(operation) {
        ops.insert(operation.to_string(), Recorded::default());
    }
    ops.get_mut(operation).expect("just inserted")
}

/// Inserts `path=value`, building it in `scratch` so a known pair costs no allocation; a set
/// of [`MAX_VALUES`] takes no more.
fn insert_pair(set: &mut BTreeSet<String>, scratch: &mut String, path: &str, value: &str) {
    scratch.clear();
    scratch.push_str(path);
    scratch.push('=');
    scratch.push_str(value);
    if set.len() < MAX_VALUES && !set.contains(scratch.as_str()) {
        set.insert(scratch.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn folds_array_indexes_and_keeps_short_strings() {
        let coverage = Coverage::default();
        coverage.request(
            "SearchRelatedItems",
            &json!({"uri": {"caseId": "c"}, "body": {"maxResults": 5, "filters": [{"file": {"fileArn": "a"}}, {"comment": {}}]}}),
        );
        let snap = &coverage.snapshot()["SearchRelatedItems"];
        assert!(snap.request_members.contains("body.filters[].file.fileArn"));
        assert!(snap.request_members.contains("body.filters[].comment"));
        assert!(
            snap.request_values
                .contains("body.filters[].file.fileArn=a")
        );
        assert_eq!(snap.page_sizes.iter().copied().collect::<Vec<_>>(), [5]);
    }

    #[test]
    fn empty_arrays_add_no_item_path_and_a_member_named_like_items_stays_apart() {
        let coverage = Coverage::default();
        coverage.request("X", &json!({"body": {"tags": [], "odd": {"[]": 1}}}));
        coverage.request("X", &json!({"body": {"tags": [{"k": "v"}], "odd": [2]}}));
        let members = &coverage.snapshot()["X"].request_members;
        let listed: Vec<&str> = members.iter().map(String::as_str).collect();
        assert_eq!(
            listed,
            [
                "body",
                "body.odd",
                "body.odd.[]",
                "body.odd[]",
                "body.tags",
                "body.tags[]",
                "body.tags[].k"
            ]
        );
        assert!(
            coverage.snapshot()["X"]
                .request_values
                .contains("body.tags[].k=v")
        );
    }

    #[test]
    fn invented_members_stop_being_recorded_at_the_bounds() {
        let coverage = Coverage::default();
        let mut members = serde_json::Map::new();
        for n in 0..(MAX_MEMBERS + 10) {
            members.insert(format!("k{n}"), json!(n));
        }
        members.insert("x".repeat(MAX_NAME + 1), json!(1));
        coverage.request("Op", &json!({ "body": members }));
        let recorded = &coverage.snapshot()["Op"];
        // The root, `body`, and the first MAX_MEMBERS members of `body`.
        assert_eq!(recorded.request_members.len(), 1 + MAX_MEMBERS);
        assert_eq!(coverage.unrecorded(), vec![("Op".to_string(), 11)]);
        // Seen members are still found past the bound.
        coverage.request("Op", &json!({ "body": { "k0": 1 } }));
        assert_eq!(coverage.unrecorded(), vec![("Op".to_string(), 11)]);
    }

    #[test]
    fn a_model_recorder_keeps_enum_values_only() {
        let model = ServiceModel::load(crate::model::Release::CONTRACT).unwrap();
        let coverage = Coverage::for_model(&model);
        coverage.request(
            "CreateRelatedItem",
            &json!({"uri": {"caseId": "c-1"}, "body": {"type": "File", "content": {"comment": {"body": "hi", "contentType": "Text/Plain"}}}}),
        );
        let exchange = Exchange {
            request: crate::client::CapturedRequest {
                method: http::Method::POST,
                url: "http://t/x".into(),
                headers: vec![],
                body: None,
            },
            outcome: Ok(crate::client::CapturedResponse {
                status: 200,
                headers: vec![],
                body: vec![],
            }),
            started: std::time::SystemTime::now(),
            elapsed: std::time::Duration::ZERO,
            body_cut: 0,
        };
        let body = json!({"relatedItems": [{"relatedItemId": "r-1", "type": "Comment", "associationTime": "2024-05-03T00:00:00Z", "content": {}}]});
        coverage.response("SearchRelatedItems", &exchange, Some(&body), true);
        let snap = coverage.snapshot();
        let sent = &snap["CreateRelatedItem"].request_values;
        assert!(sent.contains("body.type=File"), "{sent:?}");
        assert!(
            sent.contains("body.content.comment.contentType=Text/Plain"),
            "{sent:?}"
        );
        assert_eq!(sent.len(), 2, "ids and free text are not kept: {sent:?}");
        let seen = &snap["SearchRelatedItems"].response_values;
        assert_eq!(
            seen.iter().collect::<Vec<_>>(),
            ["relatedItems[].type=Comment"]
        );
        // Members are still recorded whatever their values.
        assert!(
            snap["SearchRelatedItems"]
                .response_members
                .contains("relatedItems[].relatedItemId")
        );
    }
}
