//! One JSON Schema `$defs` entry per model shape, carrying every constraint of the shape.
//!
//! The mapping (documented for users in `schemas/README.md`):
//!
//! | model | JSON Schema |
//! | --- | --- |
//! | structure | `type: object`, `properties` (one `$ref` per member, keyed by wire name), `required` |
//! | union structure | as a structure, plus `minProperties: 1`, `maxProperties: 1` |
//! | list `min`/`max` | `minItems`/`maxItems`; `sparse` lists allow `null` items |
//! | map `min`/`max` | `minProperties`/`maxProperties`; keys via `propertyNames` |
//! | string `min`/`max`/`enum`/`pattern` | `minLength`/`maxLength`/`enum`/`pattern` |
//! | integer, long / double `min`/`max` | `type: integer` / `number` with `minimum`/`maximum` |
//! | timestamp `iso8601` | `type: string`, `format: date-time` |
//! | timestamp default or `unixTimestamp` | `type: number` (epoch seconds, the rest-json default) |
//! | `box`, `sensitive` | annotations `x-aws-box`, `x-aws-sensitive` |
//!
//! The strict variant adds `additionalProperties: false` to every structure; the lenient one
//! leaves it out so members a later release adds are accepted. Everything else is identical.

use serde_json::{Map, Value, json};

use crate::model::{Location, ServiceModel, Shape, StructureShape, TimestampFormat};

use super::Variant;

/// The `$ref` pointing at a shape's `$defs` entry.
pub fn shape_ref(shape: &str) -> Value {
    json!({ "$ref": format!("#/$defs/{shape}") })
}

/// Members that protocol layers add to every error body, beyond the error's own members:
/// botocore reads the error name from `__type` or `code` when the header is missing.
const ERROR_PROTOCOL_MEMBERS: [&str; 2] = ["__type", "code"];

/// The `$defs` entry for one shape.
///
/// Structures list only their body members: members bound to the URI, query string or headers
/// are described by the envelope that holds them (see [`super::envelope`]).
pub fn shape_def(model: &ServiceModel, name: &str, variant: Variant) -> Value {
    let mut def = Map::new();
    match model.shape(name) {
        Shape::Structure(s) => structure_def(&mut def, s, variant),
        Shape::List(l) => {
            def.insert("type".into(), "array".into());
            let item = shape_ref(&l.member.shape);
            let item = if l.sparse {
                json!({ "anyOf": [item, { "type": "null" }] })
            } else {
                item
            };
            def.insert("items".into(), item);
            insert_bound(&mut def, "minItems", l.min);
            insert_bound(&mut def, "maxItems", l.max);
        }
        Shape::Map(m) => {
            def.insert("type".into(), "object".into());
            def.insert("propertyNames".into(), shape_ref(&m.key.shape));
            let value = shape_ref(&m.value.shape);
            let value = if m.sparse {
                json!({ "anyOf": [value, { "type": "null" }] })
            } else {
                value
            };
            def.insert("additionalProperties".into(), value);
            insert_bound(&mut def, "minProperties", m.min);
            insert_bound(&mut def, "maxProperties", m.max);
        }
        Shape::String(s) => {
            def.insert("type".into(), "string".into());
            insert_bound(&mut def, "minLength", s.min);
            insert_bound(&mut def, "maxLength", s.max);
            if let Some(values) = &s.enum_values {
                def.insert("enum".into(), json!(values));
            }
            if let Some(pattern) = &s.pattern {
                def.insert("pattern".into(), pattern.clone().into());
            }
            if s.sensitive {
                def.insert("x-aws-sensitive".into(), true.into());
            }
        }
        Shape::Integer(n) | Shape::Long(n) | Shape::Double(n) => {
            let is_double = matches!(model.shape(name), Shape::Double(_));
            def.insert(
                "type".into(),
                if is_double { "number" } else { "integer" }.into(),
            );
            if let Some(min) = n.min {
                def.insert("minimum".into(), min.into());
            }
            if let Some(max) = n.max {
                def.insert("maximum".into(), max.into());
            }
            if n.boxed {
                def.insert("x-aws-box".into(), true.into());
            }
        }
        Shape::Boolean(b) => {
            def.insert("type".into(), "boolean".into());
            if b.boxed {
                def.insert("x-aws-box".into(), true.into());
            }
        }
        Shape::Timestamp(t) => match t.timestamp_format {
            Some(TimestampFormat::Iso8601) => {
                def.insert("type".into(), "string".into());
                def.insert("format".into(), "date-time".into());
                def.insert("x-aws-timestampFormat".into(), "iso8601".into());
            }
            Some(TimestampFormat::Rfc822) => {
                def.insert("type".into(), "string".into());
                def.insert("x-aws-timestampFormat".into(), "rfc822".into());
            }
            Some(TimestampFormat::UnixTimestamp) | None => {
                def.insert("type".into(), "number".into());
                def.insert("x-aws-timestampFormat".into(), "unixTimestamp".into());
            }
        },
    }
    Value::Object(def)
}

fn structure_def(def: &mut Map<String, Value>, s: &StructureShape, variant: Variant) {
    def.insert("type".into(), "object".into());
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (member_name, wire, member) in s.body_members() {
        properties.insert(wire.to_string(), shape_ref(&member.shape));
        if s.is_required(member_name) {
            required.push(Value::from(wire));
        }
    }
    if s.error.is_some() {
        for protocol_member in ERROR_PROTOCOL_MEMBERS {
            properties
                .entry(protocol_member)
                .or_insert_with(|| json!({ "type": "string", "x-aws-protocol": true }));
        }
    }
    def.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        def.insert("required".into(), Value::Array(required));
    }
    if s.union {
        def.insert("minProperties".into(), 1.into());
        def.insert("maxProperties".into(), 1.into());
    }
    if variant == Variant::Strict {
        def.insert("additionalProperties".into(), false.into());
    }
    if s.sensitive {
        def.insert("x-aws-sensitive".into(), true.into());
    }
}

fn insert_bound(def: &mut Map<String, Value>, keyword: &str, bound: Option<u64>) {
    if let Some(bound) = bound {
        def.insert(keyword.into(), bound.into());
    }
}

/// Whether a structure has members bound to HTTP locations: such a structure only makes sense
/// as the top-level input or output of an operation, never nested inside a body.
pub fn has_located_members(s: &StructureShape) -> bool {
    [Location::Uri, Location::Querystring, Location::Header]
        .into_iter()
        .any(|l| s.located_members(l).next().is_some())
}
