//! Model diffs between releases, in the form of the AWS change notes (the seed note is one:
//! `Changes (request)` / `Changes (response)` with nested paths such as
//! `{'content': {'file': {'fileArn': 'string'}}, 'type': {'File'}}`), plus a machine-readable
//! form that classifies each change as compatible or breaking for clients and for servers.
//!
//! Lists are transparent in paths (the note writes `{'filters': {'file': …}}` for a list of
//! unions), a new member is shown with the skeleton of its shape, and new enum values as a set.
//! Documentation changes are left out.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::model::{ServiceModel, Shape};

/// Whether a change can break one side of the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Nothing that worked stops working.
    Compatible,
    /// Something that worked may stop working.
    Breaking,
}

/// One change, located and classified.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// `request` or `response`.
    pub direction: &'static str,
    /// Dotted member path (lists transparent): `content.file.fileArn`.
    pub path: String,
    /// What changed: `member added`, `member removed`, `enum values added`, ….
    pub kind: String,
    /// Details (new values, old and new bounds).
    pub detail: Value,
    /// Impact on existing clients.
    pub clients: Impact,
    /// Impact on existing server implementations.
    pub servers: Impact,
}

/// The diff of one operation.
#[derive(Debug, Clone, Serialize)]
pub struct OperationDiff {
    /// `new`, `removed` or `updated`.
    pub status: &'static str,
    /// Additions in the note's nested form (`null` when none), for requests.
    pub request: Value,
    /// Additions in the note's nested form (`null` when none), for responses.
    pub response: Value,
    /// Every change, classified.
    pub changes: Vec<Change>,
}

/// The diff between two releases.
#[derive(Debug, Clone, Serialize)]
pub struct ModelDiff {
    /// The old release.
    pub old: String,
    /// The new release.
    pub new: String,
    /// Operations that changed, by name.
    pub operations: BTreeMap<String, OperationDiff>,
}

/// Diffs two loaded models.
pub fn diff(old: &ServiceModel, new: &ServiceModel) -> ModelDiff {
    let mut operations = BTreeMap::new();
    let names: BTreeSet<&String> = old.operations.keys().chain(new.operations.keys()).collect();
    for name in names {
        let entry = match (old.operation(name), new.operation(name)) {
            (None, Some(op)) => OperationDiff {
                status: "new",
                request: op
                    .input
                    .as_ref()
                    .map_or(Value::Null, |i| skeleton(new, &i.shape, &mut Vec::new())),
                response: op
                    .output
                    .as_ref()
                    .map_or(Value::Null, |o| skeleton(new, &o.shape, &mut Vec::new())),
                changes: Vec::new(),
            },
            (Some(_), None) => OperationDiff {
                status: "removed",
                request: Value::Null,
                response: Value::Null,
                changes: vec![Change {
                    direction: "request",
                    path: String::new(),
                    kind: "operation removed".into(),
                    detail: Value::Null,
                    clients: Impact::Breaking,
                    servers: Impact::Compatible,
                }],
            },
            (Some(a), Some(b)) => {
                let mut changes = Vec::new();
                let request = compare_root(
                    old,
                    new,
                    a.input.as_ref().map(|s| s.shape.as_str()),
                    b.input.as_ref().map(|s| s.shape.as_str()),
                    "request",
                    &mut changes,
                );
                let response = compare_root(
                    old,
                    new,
                    a.output.as_ref().map(|s| s.shape.as_str()),
                    b.output.as_ref().map(|s| s.shape.as_str()),
                    "response",
                    &mut changes,
                );
                if changes.is_empty() {
                    continue;
                }
                OperationDiff {
                    status: "updated",
                    request,
                    response,
                    changes,
                }
            }
            (None, None) => continue,
        };
        operations.insert(name.clone(), entry);
    }
    ModelDiff {
        old: old.release.version().to_string(),
        new: new.release.version().to_string(),
        operations,
    }
}

fn compare_root(
    old: &ServiceModel,
    new: &ServiceModel,
    a: Option<&str>,
    b: Option<&str>,
    direction: &'static str,
    changes: &mut Vec<Change>,
) -> Value {
    match (a, b) {
        (Some(a), Some(b)) => {
            compare(old, new, a, b, direction, "", changes, &mut Vec::new()).unwrap_or(Value::Null)
        }
        _ => Value::Null,
    }
}

/// Compares shape `a` (old) with `b` (new); returns the additions in the note's nested form.
#[allow(clippy::too_many_arguments)]
fn compare(
    old: &ServiceModel,
    new: &ServiceModel,
    a: &str,
    b: &str,
    direction: &'static str,
    path: &str,
    changes: &mut Vec<Change>,
    stack: &mut Vec<String>,
) -> Option<Value> {
    if stack.iter().any(|s| s == b) {
        return None;
    }
    stack.push(b.to_string());
    let request = direction == "request";
    let join = |member: &str| {
        if path.is_empty() {
            member.to_string()
        } else {
            format!("{path}.{member}")
        }
    };
    let change = |changes: &mut Vec<Change>,
                  path: String,
                  kind: &str,
                  detail: Value,
                  clients: Impact,
                  servers: Impact| {
        changes.push(Change {
            direction,
            path,
            kind: kind.into(),
            detail,
            clients,
            servers,
        });
    };
    use Impact::{Breaking, Compatible};
    let added = match (old.shape(a), new.shape(b)) {
        (Shape::Structure(sa), Shape::Structure(sb)) => {
            let mut out = Map::new();
            for (name, mb) in &sb.members {
                let here = join(name);
                match sa.members.get(name) {
                    None => {
                        let required = sb.is_required(name);
                        // A new request member: old clients never send it (compatible unless it is
                        // required); old servers do not know it. A new response member: old
                        // clients must tolerate it; old servers lack it (breaking if required).
                        let (clients, servers) = if request {
                            (if required { Breaking } else { Compatible }, Breaking)
                        } else {
                            (Compatible, if required { Breaking } else { Compatible })
                        };
                        change(
                            changes,
                            here,
                            "member added",
                            json!({ "required": required, "union": sb.union }),
                            clients,
                            servers,
                        );
                        out.insert(name.clone(), skeleton(new, &mb.shape, stack));
                    }
                    Some(ma) => {
                        let was = sa.is_required(name);
                        let is = sb.is_required(name);
                        if was != is {
                            let tighter = is && !was;
                            let (clients, servers) = impact_of_tightening(request, tighter);
                            change(
                                changes,
                                here.clone(),
                                if is {
                                    "member now required"
                                } else {
                                    "member now optional"
                                },
                                Value::Null,
                                clients,
                                servers,
                            );
                        }
                        if let Some(inner) = compare(
                            old, new, &ma.shape, &mb.shape, direction, &here, changes, stack,
                        ) {
                            out.insert(name.clone(), inner);
                        }
                    }
                }
            }
            for name in sa.members.keys().filter(|n| !sb.members.contains_key(*n)) {
                // Old clients may send (request) or rely on (response) the member; servers
                // that still handle or send it do no harm.
                let (clients, servers) = (Breaking, Compatible);
                changes.push(Change {
                    direction,
                    path: join(name),
                    kind: "member removed".into(),
                    detail: Value::Null,
                    clients,
                    servers,
                });
            }
            (!out.is_empty()).then_some(Value::Object(out))
        }
        (Shape::List(la), Shape::List(lb)) => {
            bounds(path, la.min, la.max, lb.min, lb.max, direction, changes);
            compare(
                old,
                new,
                &la.member.shape,
                &lb.member.shape,
                direction,
                path,
                changes,
                stack,
            )
        }
        (Shape::Map(ma), Shape::Map(mb)) => {
            bounds(path, ma.min, ma.max, mb.min, mb.max, direction, changes);
            compare(
                old,
                new,
                &ma.value.shape,
                &mb.value.shape,
                direction,
                path,
                changes,
                stack,
            )
        }
        (Shape::String(sa), Shape::String(sb)) => {
            bounds(path, sa.min, sa.max, sb.min, sb.max, direction, changes);
            let before: BTreeSet<&String> = sa.enum_values.iter().flatten().collect();
            let after: BTreeSet<&String> = sb.enum_values.iter().flatten().collect();
            let gained: Vec<&String> = after.difference(&before).copied().collect();
            let lost: Vec<&String> = before.difference(&after).copied().collect();
            if !lost.is_empty() {
                changes.push(Change {
                    direction,
                    path: path.to_string(),
                    kind: "enum values removed".into(),
                    detail: json!(lost),
                    clients: Breaking,
                    servers: if request { Compatible } else { Breaking },
                });
            }
            if sa.pattern != sb.pattern {
                changes.push(Change {
                    direction,
                    path: path.to_string(),
                    kind: "pattern changed".into(),
                    detail: json!({ "old": sa.pattern, "new": sb.pattern }),
                    clients: if request { Breaking } else { Compatible },
                    servers: if request { Compatible } else { Breaking },
                });
            }
            if before.is_empty() && !after.is_empty() {
                let (clients, servers) = impact_of_tightening(request, true);
                changes.push(Change {
                    direction,
                    path: path.to_string(),
                    kind: "enum introduced".into(),
                    detail: json!(after),
                    clients,
                    servers,
                });
                None
            } else if gained.is_empty() {
                None
            } else {
                // New values: old servers reject them in requests; old clients may not know
                // them in responses.
                let (clients, servers) = if request {
                    (Compatible, Breaking)
                } else {
                    (Breaking, Compatible)
                };
                changes.push(Change {
                    direction,
                    path: path.to_string(),
                    kind: "enum values added".into(),
                    detail: json!(gained),
                    clients,
                    servers,
                });
                Some(json!({ "$set": gained }))
            }
        }
        (
            Shape::Integer(na) | Shape::Long(na) | Shape::Double(na),
            Shape::Integer(nb) | Shape::Long(nb) | Shape::Double(nb),
        ) => {
            if (na.min, na.max) != (nb.min, nb.max) {
                let tighter =
                    nb.min > na.min || (nb.max.is_some() && (na.max.is_none() || nb.max < na.max));
                let (clients, servers) = impact_of_tightening(request, tighter);
                changes.push(Change {
                    direction,
                    path: path.to_string(),
                    kind: "range changed".into(),
                    detail: json!({ "old": [na.min, na.max], "new": [nb.min, nb.max] }),
                    clients,
                    servers,
                });
            }
            None
        }
        (x, y) if x.type_name() != y.type_name() => {
            changes.push(Change {
                direction,
                path: path.to_string(),
                kind: "type changed".into(),
                detail: json!({ "old": x.type_name(), "new": y.type_name() }),
                clients: Breaking,
                servers: Breaking,
            });
            None
        }
        _ => None,
    };
    stack.pop();
    added
}

fn impact_of_tightening(request: bool, tighter: bool) -> (Impact, Impact) {
    use Impact::{Breaking, Compatible};
    match (request, tighter) {
        (true, true) => (Breaking, Compatible),
        (true, false) => (Compatible, Breaking),
        (false, true) => (Compatible, Breaking),
        (false, false) => (Breaking, Compatible),
    }
}

fn bounds(
    path: &str,
    a_min: Option<u64>,
    a_max: Option<u64>,
    b_min: Option<u64>,
    b_max: Option<u64>,
    direction: &'static str,
    changes: &mut Vec<Change>,
) {
    if (a_min, a_max) == (b_min, b_max) {
        return;
    }
    let tighter = b_min > a_min || (b_max.is_some() && (a_max.is_none() || b_max < a_max));
    let (clients, servers) = impact_of_tightening(direction == "request", tighter);
    changes.push(Change {
        direction,
        path: path.to_string(),
        kind: "bounds changed".into(),
        detail: json!({ "old": [a_min, a_max], "new": [b_min, b_max] }),
        clients,
        servers,
    });
}

/// The skeleton of a shape, as the note writes a new member: `'string'`, `123`, nested dicts.
fn skeleton(model: &ServiceModel, shape: &str, stack: &mut Vec<String>) -> Value {
    if stack.iter().any(|s| s == shape) {
        return json!({ "$recursive": shape });
    }
    stack.push(shape.to_string());
    let value = match model.shape(shape) {
        Shape::Structure(s) => Value::Object(
            s.members
                .iter()
                .map(|(n, m)| (n.clone(), skeleton(model, &m.shape, stack)))
                .collect(),
        ),
        Shape::List(l) => json!([skeleton(model, &l.member.shape, stack)]),
        Shape::Map(m) => json!({ "$map": skeleton(model, &m.value.shape, stack) }),
        Shape::String(s) => match &s.enum_values {
            Some(values) => json!({ "$enum": values }),
            None => json!("string"),
        },
        Shape::Integer(_) | Shape::Long(_) => json!(123),
        Shape::Double(_) => json!(123.0),
        Shape::Boolean(_) => json!({ "$literal": "True|False" }),
        Shape::Timestamp(_) => json!({ "$literal": "datetime(2015, 1, 1)" }),
    };
    stack.pop();
    value
}

/// Renders a nested additions value the way the change notes print it (Python literals).
pub fn python_literal(value: &Value) -> String {
    match value {
        Value::Object(map) if map.contains_key("$set") => {
            let items: Vec<String> = map["$set"]
                .as_array()
                .into_iter()
                .flatten()
                .map(python_literal)
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        Value::Object(map) if map.contains_key("$enum") => map["$enum"]
            .as_array()
            .into_iter()
            .flatten()
            .map(python_literal)
            .collect::<Vec<_>>()
            .join("|"),
        Value::Object(map) if map.contains_key("$literal") => {
            map["$literal"].as_str().unwrap_or_default().to_string()
        }
        Value::Object(map) if map.contains_key("$map") => {
            format!("{{'string': {}}}", python_literal(&map["$map"]))
        }
        Value::Object(map) if map.contains_key("$recursive") => "{...}".to_string(),
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let items: Vec<String> = keys
                .iter()
                .map(|k| format!("'{k}': {}", python_literal(&map[*k])))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(python_literal)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::String(s) => format!("'{s}'"),
        other => other.to_string(),
    }
}

/// The diff in the change note's text form.
pub fn render_note(diff: &ModelDiff) -> String {
    let updated = diff
        .operations
        .values()
        .filter(|o| o.status == "updated")
        .count();
    let new = diff
        .operations
        .values()
        .filter(|o| o.status == "new")
        .count();
    let removed = diff
        .operations
        .values()
        .filter(|o| o.status == "removed")
        .count();
    let mut out = format!(
        "Amazon Connect Cases: botocore {} → {}: {new} new, {updated} updated, {removed} removed api methods\n",
        diff.old, diff.new
    );
    for (name, op) in &diff.operations {
        out.push_str(&format!("\n{name} ({})\n", op.status));
        match op.status {
            "updated" => {
                let parts: Vec<(&str, &Value)> =
                    [("request", &op.request), ("response", &op.response)]
                        .into_iter()
                        .filter(|(_, v)| !v.is_null())
                        .collect();
                match parts.as_slice() {
                    [] => {}
                    [(direction, value)] => out.push_str(&format!(
                        "Changes ({direction})\n{}\n",
                        python_literal(value)
                    )),
                    _ => {
                        out.push_str("Changes (request, response)\n");
                        for (direction, value) in parts {
                            let title = if direction == "request" {
                                "Request"
                            } else {
                                "Response"
                            };
                            out.push_str(&format!("{title}\n{}\n", python_literal(value)));
                        }
                    }
                }
                for change in op
                    .changes
                    .iter()
                    .filter(|c| !matches!(c.kind.as_str(), "member added" | "enum values added"))
                {
                    out.push_str(&format!(
                        "Also ({}): {} {} {} (clients: {:?}, servers: {:?})\n",
                        change.direction,
                        change.path,
                        change.kind,
                        change.detail,
                        change.clients,
                        change.servers
                    ));
                }
            }
            "new" => {
                out.push_str(&format!("Request\n{}\n", python_literal(&op.request)));
                out.push_str(&format!("Response\n{}\n", python_literal(&op.response)));
            }
            _ => {}
        }
    }
    out
}
