//! An OpenAPI 3.1 document of the core operations, derived from the same model and schemas,
//! so tools that read OpenAPI (Schemathesis and its peers) can be pointed at the same target
//! and compared with this harness on the same work.

use serde_json::{Map, Value, json};

use crate::model::{Location, ServiceModel};
use crate::schema::{self, GenerateError, Variant};

/// Rewrites `#/$defs/X` references to `#/components/schemas/X`.
fn rebase_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref")
                && let Some(name) = r.strip_prefix("#/$defs/")
            {
                *r = format!("#/components/schemas/{name}");
            }
            for child in map.values_mut() {
                rebase_refs(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rebase_refs),
        _ => {}
    }
}

/// The OpenAPI 3.1 document of `operations` (strict schemas: what a conforming client sends).
pub fn document(model: &ServiceModel, operations: &[&str]) -> Result<Value, GenerateError> {
    let mut components = Map::new();
    let mut paths: Map<String, Value> = Map::new();
    for name in operations {
        let op = model
            .operation(name)
            .ok_or_else(|| GenerateError(format!("no operation {name}")))?;
        let mut docs = vec![
            schema::request_document(model, op, Variant::Strict)?,
            schema::response_document(model, op, Variant::Strict)?,
        ];
        for error in &op.errors {
            docs.push(schema::error_document(
                model,
                &error.shape,
                Variant::Strict,
            )?);
        }
        for doc in &mut docs {
            rebase_refs(doc);
            if let Some(defs) = doc.get("$defs").and_then(Value::as_object) {
                for (k, v) in defs {
                    components.insert(k.clone(), v.clone());
                }
            }
        }
        let input = op.input.as_ref().and_then(|i| model.structure(&i.shape));
        let mut parameters = Vec::new();
        if let Some(input) = input {
            for (location, place) in [
                (Location::Uri, "path"),
                (Location::Querystring, "query"),
                (Location::Header, "header"),
            ] {
                for (member, wire, m) in input.located_members(location) {
                    parameters.push(json!({
                        "name": wire,
                        "in": place,
                        "required": input.is_required(member),
                        "schema": { "$ref": format!("#/components/schemas/{}", m.shape) },
                    }));
                }
            }
        }
        let mut responses = Map::new();
        responses.insert(
            op.http.response_code.to_string(),
            json!({
                "description": format!("{} succeeded", op.name),
                "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{}", op.output.as_ref().map_or("", |o| &o.shape)) } } }
            }),
        );
        let mut by_status: std::collections::BTreeMap<u16, Vec<&str>> = Default::default();
        for error in &op.errors {
            if let Some(status) = model.error_status(&error.shape) {
                by_status.entry(status).or_default().push(&error.shape);
            }
        }
        for (status, errors) in by_status {
            let refs: Vec<Value> = errors
                .iter()
                .map(|e| json!({ "$ref": format!("#/components/schemas/{e}") }))
                .collect();
            let schema = if refs.len() == 1 {
                refs[0].clone()
            } else {
                json!({ "oneOf": refs })
            };
            responses.insert(
                status.to_string(),
                json!({ "description": errors.join(" or "), "content": { "application/json": { "schema": schema } } }),
            );
        }
        let mut operation = json!({
            "operationId": op.name,
            "summary": op.name,
            "parameters": parameters,
            "responses": responses,
        });
        if let Some(input) = &op.input
            && input_has_body(model, &input.shape)
        {
            operation["requestBody"] = json!({
                "required": true,
                "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{}", input.shape) } } }
            });
        }
        let entry = paths
            .entry(op.http.request_uri.clone())
            .or_insert_with(|| json!({}));
        entry[op.http.method.to_ascii_lowercase()] = operation;
    }
    Ok(json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Amazon Connect Cases (core operations)",
            "version": model.metadata.api_version,
            "description": format!(
                "Derived from the botocore {} service model by the conformance harness. Requests are signed with SigV4 (service `{}`) on AWS; the reference mock accepts unsigned requests.",
                model.release, model.metadata.signing_name
            ),
        },
        "paths": paths,
        "components": { "schemas": components },
    }))
}

fn input_has_body(model: &ServiceModel, shape: &str) -> bool {
    model
        .structure(shape)
        .is_some_and(|s| s.body_members().next().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Release;

    #[test]
    fn core_operations_have_paths_bodies_and_errors() {
        let model = ServiceModel::load(Release::CONTRACT).unwrap();
        let doc = document(
            &model,
            &[
                "CreateRelatedItem",
                "SearchRelatedItems",
                "GetCaseAuditEvents",
            ],
        )
        .unwrap();
        let create = &doc["paths"]["/domains/{domainId}/cases/{caseId}/related-items/"]["post"];
        assert_eq!(create["operationId"], "CreateRelatedItem");
        assert_eq!(create["parameters"].as_array().unwrap().len(), 2);
        assert_eq!(
            create["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/CreateRelatedItemRequest"
        );
        assert_eq!(
            create["responses"]["400"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ValidationException"
        );
        assert_eq!(
            doc["components"]["schemas"]["RelatedItemType"]["enum"],
            json!(["Contact", "Comment", "File"])
        );
        assert!(!doc.to_string().contains("#/$defs/"));
    }
}
