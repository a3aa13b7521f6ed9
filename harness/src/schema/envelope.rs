//! Whole schema documents: the wire envelope of a request, a response or an error, with the
//! `$defs` of every shape it reaches.
//!
//! A request document describes exactly what goes on the wire, split by where it goes:
//! `{"uri": {label: value}, "query": {key: value}, "headers": {name: value}, "body": {...}}`.
//! URI, query and header values are the decoded, typed values (an integer stays an integer; the
//! client serialises and percent-encodes it). A response or error document describes
//! `{"status": code, "headers": {name: value}, "body": {...}}`, header names in lower case
//! (HTTP header names are case-insensitive) and unmodeled headers always allowed.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::model::{Location, Operation, ServiceModel, Shape, StructureShape};

use super::defs::{has_located_members, shape_def, shape_ref};
use super::{GenerateError, Variant};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";
const ID_BASE: &str = "https://connect-cases-conformance.invalid/schemas";

/// The relative path (under `schemas/`) of an operation's request or response document.
pub fn operation_path(release: &str, variant: Variant, operation: &str, direction: &str) -> String {
    format!("{release}/{}/{operation}.{direction}.json", variant.dir())
}

/// The relative path (under `schemas/`) of a modeled error's document.
pub fn error_path(release: &str, variant: Variant, error: &str) -> String {
    format!("{release}/{}/errors/{error}.json", variant.dir())
}

/// The schema of an operation's request on the wire.
pub fn request_document(
    model: &ServiceModel,
    op: &Operation,
    variant: Variant,
) -> Result<Value, GenerateError> {
    let release = model.release.version();
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut roots = Vec::new();
    if let Some(input) = &op.input {
        let s = model.structure(&input.shape).expect("checked at load");
        for (location, part) in [
            (Location::Uri, "uri"),
            (Location::Querystring, "query"),
            (Location::Header, "headers"),
        ] {
            if let Some((schema, any_required)) = located_part(s, location, false, &mut roots) {
                properties.insert(part.into(), schema);
                if any_required {
                    required.push(Value::from(part));
                }
            }
        }
        properties.insert("body".into(), shape_ref(&input.shape));
        if s.body_members().any(|(name, _, _)| s.is_required(name)) {
            required.push("body".into());
        }
        roots.push(input.shape.clone());
    }
    let mut doc = header(
        &operation_path(release, variant, &op.name, "request"),
        &format!("{} request", op.name),
        &format!(
            "Wire form of a {} request ({} {}), {} variant, botocore {release}.",
            op.name,
            op.http.method,
            op.http.request_uri,
            variant.dir()
        ),
    );
    doc.insert("x-aws-operation".into(), operation_annotation(op));
    finish(model, doc, properties, required, true, &roots, variant)
}

/// The schema of an operation's successful response on the wire.
pub fn response_document(
    model: &ServiceModel,
    op: &Operation,
    variant: Variant,
) -> Result<Value, GenerateError> {
    let release = model.release.version();
    let mut properties = Map::new();
    let mut required = vec![Value::from("status")];
    let mut roots = Vec::new();
    properties.insert("status".into(), json!({ "const": op.http.response_code }));
    if let Some(output) = &op.output {
        let s = model.structure(&output.shape).expect("checked at load");
        reject_unsupported_output_locations(s, &output.shape)?;
        let (headers, _) = located_part(s, Location::Header, true, &mut roots)
            .unwrap_or_else(|| (json!({ "type": "object" }), false));
        properties.insert("headers".into(), headers);
        properties.insert("body".into(), shape_ref(&output.shape));
        if s.body_members().any(|(name, _, _)| s.is_required(name)) {
            required.push("body".into());
        }
        roots.push(output.shape.clone());
    }
    let mut doc = header(
        &operation_path(release, variant, &op.name, "response"),
        &format!("{} response", op.name),
        &format!(
            "Wire form of a successful {} response (HTTP {}), {} variant, botocore {release}.",
            op.name,
            op.http.response_code,
            variant.dir()
        ),
    );
    doc.insert("x-aws-operation".into(), operation_annotation(op));
    finish(model, doc, properties, required, false, &roots, variant)
}

/// The schema of a modeled error on the wire.
pub fn error_document(
    model: &ServiceModel,
    error: &str,
    variant: Variant,
) -> Result<Value, GenerateError> {
    let release = model.release.version();
    let s = model.structure(error).expect("error shapes are structures");
    let trait_ = s
        .error
        .as_ref()
        .expect("error shapes carry the error trait");
    reject_unsupported_output_locations(s, error)?;
    let mut roots = Vec::new();
    let mut properties = Map::new();
    properties.insert("status".into(), json!({ "const": trait_.http_status_code }));
    let (headers, _) = located_part(s, Location::Header, true, &mut roots)
        .unwrap_or_else(|| (json!({ "type": "object" }), false));
    properties.insert("headers".into(), headers);
    properties.insert("body".into(), shape_ref(error));
    roots.push(error.to_string());
    let mut doc = header(
        &error_path(release, variant, error),
        error,
        &format!(
            "Wire form of the modeled error {error} (HTTP {}), {} variant, botocore {release}. \
             Its name travels in the x-amzn-ErrorType header (or __type/code in the body).",
            trait_.http_status_code,
            variant.dir()
        ),
    );
    doc.insert(
        "x-aws-error".into(),
        json!({
            "shape": error,
            "httpStatusCode": trait_.http_status_code,
            "senderFault": trait_.sender_fault,
            "fault": s.fault,
        }),
    );
    let required = vec![Value::from("status"), Value::from("body")];
    finish(model, doc, properties, required, false, &roots, variant)
}

fn header(path: &str, title: &str, description: &str) -> Map<String, Value> {
    let mut doc = Map::new();
    doc.insert("$schema".into(), DRAFT.into());
    doc.insert("$id".into(), format!("{ID_BASE}/{path}").into());
    doc.insert("title".into(), title.into());
    doc.insert("description".into(), description.into());
    doc
}

fn operation_annotation(op: &Operation) -> Value {
    json!({
        "name": op.name,
        "method": op.http.method,
        "requestUri": op.http.request_uri,
        "responseCode": op.http.response_code,
    })
}

/// The envelope part (`uri`, `query` or `headers`) for members bound to `location`, and
/// whether any of them is required. `None` when no member is bound there.
fn located_part(
    s: &StructureShape,
    location: Location,
    open: bool,
    roots: &mut Vec<String>,
) -> Option<(Value, bool)> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (member_name, wire, member) in s.located_members(location) {
        let key = if location == Location::Header {
            wire.to_ascii_lowercase()
        } else {
            wire.to_string()
        };
        properties.insert(key.clone(), shape_ref(&member.shape));
        if s.is_required(member_name) {
            required.push(Value::from(key));
        }
        roots.push(member.shape.clone());
    }
    if properties.is_empty() {
        return None;
    }
    let any_required = !required.is_empty();
    let mut part = Map::new();
    part.insert("type".into(), "object".into());
    part.insert("properties".into(), Value::Object(properties));
    if any_required {
        part.insert("required".into(), Value::Array(required));
    }
    if !open {
        part.insert("additionalProperties".into(), false.into());
    }
    Some((Value::Object(part), any_required))
}

fn reject_unsupported_output_locations(
    s: &StructureShape,
    name: &str,
) -> Result<(), GenerateError> {
    if s.located_members(Location::Uri).next().is_some()
        || s.located_members(Location::Querystring).next().is_some()
    {
        return Err(GenerateError(format!(
            "{name} binds response members to the URI or query string"
        )));
    }
    Ok(())
}

fn finish(
    model: &ServiceModel,
    mut doc: Map<String, Value>,
    properties: Map<String, Value>,
    required: Vec<Value>,
    closed: bool,
    roots: &[String],
    variant: Variant,
) -> Result<Value, GenerateError> {
    doc.insert("type".into(), "object".into());
    doc.insert("properties".into(), Value::Object(properties));
    doc.insert("required".into(), Value::Array(required));
    if closed {
        doc.insert("additionalProperties".into(), false.into());
    }
    let reachable = reachable_shapes(model, roots)?;
    let defs: Map<String, Value> = reachable
        .iter()
        .map(|name| (name.clone(), shape_def(model, name, variant)))
        .collect();
    doc.insert("$defs".into(), Value::Object(defs));
    Ok(Value::Object(doc))
}

/// Every shape reachable from `roots`, sorted by name. A structure with HTTP-bound members may
/// only be a root: nested in a body, its located members would have nowhere to go.
fn reachable_shapes(
    model: &ServiceModel,
    roots: &[String],
) -> Result<BTreeSet<String>, GenerateError> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<(String, bool)> = roots.iter().map(|r| (r.clone(), true)).collect();
    while let Some((name, is_root)) = stack.pop() {
        let shape = model.shape(&name);
        if let Shape::Structure(s) = shape
            && !is_root
            && has_located_members(s)
        {
            return Err(GenerateError(format!(
                "{name} has HTTP-bound members but is nested inside a body"
            )));
        }
        if !seen.insert(name.clone()) {
            continue;
        }
        let children: Vec<&str> = match shape {
            Shape::Structure(s) => s.body_members().map(|(_, _, m)| m.shape.as_str()).collect(),
            other => other.references(),
        };
        stack.extend(children.into_iter().map(|c| (c.to_string(), false)));
    }
    Ok(seen)
}
