//! The walk over an operation's shapes: every member path of its request (in envelope form:
//! `uri.caseId`, `body.content.file.fileArn`) and of its success body (`relatedItems[].type`),
//! with the enumerated and union positions among them.
//!
//! Generation, the engine's coverage recorder and the coverage report all speak in these
//! paths, so they are computed here once. Map keys are written `*` and match any key;
//! recursive shapes are expanded once along a path.

use crate::model::{Location, Operation, ServiceModel, Shape};

/// Deepest member path walked (the Connect Cases model is far shallower).
const MAX_DEPTH: usize = 16;

/// One member path of a shape walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The path, in envelope form for requests (`body.filters[].file`), relative to the body
    /// for responses (`relatedItems[].type`).
    pub path: String,
    /// The shape at that path.
    pub shape: String,
    /// Whether its parent requires it (list elements and map values count as required).
    pub required: bool,
    /// A list element or map value (`body.filters[]`): not a member itself, but its shape
    /// may be an enum or a union.
    pub element: bool,
}

/// The paths whose string values the contract counts, for one operation: its enumerated
/// request members (envelope form, `body.type`) and enumerated success-body members
/// (`relatedItems[].type`), with `*` for map keys. A recorder needs to keep values only there.
pub fn enum_paths(model: &ServiceModel, op: &Operation) -> (Vec<String>, Vec<String>) {
    let enums = |nodes: Vec<Node>| {
        let mut paths: Vec<String> = nodes
            .into_iter()
            .filter(|n| model.shape(&n.shape).enum_values().is_some())
            .map(|n| n.path)
            .collect();
        paths.dedup();
        paths
    };
    let request = request_nodes(model, op);
    (enums(request), enums(response_nodes(model, op)))
}

/// Every member path of the success body, relative to the body (`relatedItems[].type`).
pub fn response_nodes(model: &ServiceModel, op: &Operation) -> Vec<Node> {
    op.output
        .as_ref()
        .and_then(|o| model.structure(&o.shape))
        .map(|s| {
            let mut nodes = Vec::new();
            for (name, wire, member) in s.body_members() {
                walk(
                    model,
                    wire,
                    &member.shape,
                    s.is_required(name),
                    &mut vec![],
                    &mut nodes,
                );
            }
            nodes
        })
        .unwrap_or_default()
}

/// Every request member path, in envelope form (`uri.…`, `query.…`, `headers.…`, `body.…`).
pub fn request_nodes(model: &ServiceModel, op: &Operation) -> Vec<Node> {
    let Some(input) = op.input.as_ref().and_then(|i| model.structure(&i.shape)) else {
        return Vec::new();
    };
    let mut nodes = Vec::new();
    for (name, member) in &input.members {
        let wire = member.wire_name(name);
        let prefix = match member.location {
            Some(Location::Uri) => "uri",
            Some(Location::Querystring) => "query",
            Some(Location::Header) => "headers",
            None => "body",
        };
        walk(
            model,
            &format!("{prefix}.{wire}"),
            &member.shape,
            input.is_required(name),
            &mut vec![],
            &mut nodes,
        );
    }
    nodes
}

/// Adds `path` (of `shape`) and every path below it to `nodes`.
fn walk(
    model: &ServiceModel,
    path: &str,
    shape_name: &str,
    required: bool,
    stack: &mut Vec<String>,
    nodes: &mut Vec<Node>,
) {
    visit(model, path, shape_name, required, false, stack, nodes);
}

fn visit(
    model: &ServiceModel,
    path: &str,
    shape_name: &str,
    required: bool,
    element: bool,
    stack: &mut Vec<String>,
    nodes: &mut Vec<Node>,
) {
    nodes.push(Node {
        path: path.to_string(),
        shape: shape_name.to_string(),
        required,
        element,
    });
    if stack.len() >= MAX_DEPTH || stack.iter().any(|s| s == shape_name) {
        return;
    }
    stack.push(shape_name.to_string());
    match model.shape(shape_name) {
        Shape::Structure(s) => {
            for (name, member) in &s.members {
                let wire = member.wire_name(name);
                walk(
                    model,
                    &format!("{path}.{wire}"),
                    &member.shape,
                    s.is_required(name),
                    stack,
                    nodes,
                );
            }
        }
        Shape::List(l) => {
            let child = format!("{path}[]");
            visit(model, &child, &l.member.shape, true, true, stack, nodes);
        }
        Shape::Map(m) => {
            let child = format!("{path}.*");
            visit(model, &child, &m.value.shape, true, true, stack, nodes);
        }
        _ => {}
    }
    stack.pop();
}

/// Whether a model path (with `*` map keys) matches an observed folded path.
pub fn path_matches(pattern: &str, observed: &str) -> bool {
    if !pattern.contains('*') {
        return pattern == observed;
    }
    let p: Vec<&str> = pattern.split('.').collect();
    let o: Vec<&str> = observed.split('.').collect();
    p.len() == o.len()
        && p.iter().zip(&o).all(|(p, o)| match p.strip_prefix('*') {
            Some(suffix) => o.ends_with(suffix) && o.len() > suffix.len(),
            None => p == o,
        })
}

/// `(union path, union path.member)` for every member of every union node.
pub fn union_items(model: &ServiceModel, nodes: &[Node]) -> Vec<(String, String)> {
    let mut items = Vec::new();
    for node in nodes {
        if let Shape::Structure(s) = model.shape(&node.shape)
            && s.union
        {
            for (name, member) in &s.members {
                items.push((
                    node.path.clone(),
                    format!("{}.{}", node.path, member.wire_name(name)),
                ));
            }
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Release;

    #[test]
    fn map_keys_match_any_key() {
        assert!(path_matches("body.tags.*", "body.tags.team"));
        assert!(!path_matches("body.tags.*", "body.tags"));
        assert!(path_matches("a.*[].b", "a.k[].b"));
        assert!(path_matches("body.x", "body.x"));
    }

    #[test]
    fn the_walk_finds_enum_and_union_positions_of_both_sides() {
        let model = ServiceModel::load(Release::V1_34_98).unwrap();
        let create = model.operation("CreateRelatedItem").unwrap();
        let (request, _) = enum_paths(&model, create);
        assert!(request.contains(&"body.type".to_string()), "{request:?}");
        let op = model.operation("SearchRelatedItems").unwrap();
        let (_, response) = enum_paths(&model, op);
        assert!(
            response.contains(&"relatedItems[].type".to_string()),
            "{response:?}"
        );
        let unions: Vec<String> = union_items(&model, &request_nodes(&model, op))
            .into_iter()
            .map(|(_, member)| member)
            .collect();
        assert!(
            unions.contains(&"body.filters[].file".to_string()),
            "{unions:?}"
        );
    }
}
