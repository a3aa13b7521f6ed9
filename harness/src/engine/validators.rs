//! Validators compiled once per run from the generated schemas, and the mapping from a JSON
//! Schema keyword failure to the named check it breaks.

use std::collections::HashMap;

use jsonschema::Validator;
use serde_json::Value;

use crate::model::{ServiceModel, Shape};
use crate::schema::{self, Variant};

/// One schema violation found in a response, already named by its check.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaViolation {
    /// The check the violated keyword belongs to.
    pub check: &'static str,
    /// The JSON Schema keyword that failed.
    pub keyword: String,
    /// JSON pointer into the validated envelope (`/body/relatedItems/0/type`).
    pub instance_path: String,
    /// The shape whose `$defs` entry holds the keyword, when known.
    pub shape: Option<String>,
    /// The validator's message.
    pub message: String,
}

struct OperationValidators {
    request_strict: Validator,
    response_lenient: Validator,
    response_strict: Validator,
}

/// Every validator a run needs, compiled once (compiling per case would dominate run time).
pub struct Validators {
    operations: HashMap<String, OperationValidators>,
    errors: HashMap<String, Validator>,
    unions: Vec<String>,
}

impl std::fmt::Debug for Validators {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Validators")
            .field("operations", &self.operations.len())
            .field("errors", &self.errors.len())
            .finish()
    }
}

impl Validators {
    /// Compiles request, response and error validators for every operation of `model`.
    pub fn compile(model: &ServiceModel) -> anyhow::Result<Self> {
        let compile = |doc: Value| {
            schema::compile(&doc).map_err(|e| anyhow::anyhow!("schema does not compile: {e}"))
        };
        let mut operations = HashMap::new();
        for op in model.operations.values() {
            operations.insert(
                op.name.clone(),
                OperationValidators {
                    request_strict: compile(schema::request_document(model, op, Variant::Strict)?)?,
                    response_lenient: compile(schema::response_document(
                        model,
                        op,
                        Variant::Lenient,
                    )?)?,
                    response_strict: compile(schema::response_document(
                        model,
                        op,
                        Variant::Strict,
                    )?)?,
                },
            );
        }
        let mut errors = HashMap::new();
        for (name, _, _) in model.error_shapes() {
            errors.insert(
                name.to_string(),
                compile(schema::error_document(model, name, Variant::Lenient)?)?,
            );
        }
        let unions = model
            .shapes
            .iter()
            .filter(|(_, s)| matches!(s, Shape::Structure(st) if st.union))
            .map(|(n, _)| n.clone())
            .collect();
        Ok(Validators {
            operations,
            errors,
            unions,
        })
    }

    /// Whether a generated request envelope satisfies the strict request schema.
    pub fn request_is_valid(&self, operation: &str, envelope: &Value) -> bool {
        self.operations
            .get(operation)
            .is_some_and(|v| v.request_strict.is_valid(envelope))
    }

    /// Violations of the lenient response schema (the `MUST` response checks) and, separately,
    /// of the strict one that the lenient one allows (unknown members, `SHOULD`).
    pub fn check_response(&self, operation: &str, envelope: &Value) -> Vec<SchemaViolation> {
        let Some(v) = self.operations.get(operation) else {
            return Vec::new();
        };
        // Strict validity implies lenient validity: the common, conforming case needs one
        // cheap yes/no pass and no error collection.
        if v.response_strict.is_valid(envelope) {
            return Vec::new();
        }
        let mut found: Vec<SchemaViolation> = v
            .response_lenient
            .iter_errors(envelope)
            .map(|e| self.name(&e))
            .filter(|v| !v.instance_path.starts_with("/status"))
            .collect();
        found.extend(
            v.response_strict
                .iter_errors(envelope)
                .filter(|e| e.kind().keyword() == "additionalProperties")
                .map(|e| self.name(&e)),
        );
        found
    }

    /// Violations of a modeled error's lenient schema by an error envelope.
    pub fn check_error(&self, error: &str, envelope: &Value) -> Option<Vec<SchemaViolation>> {
        let validator = self.errors.get(error)?;
        Some(
            validator
                .iter_errors(envelope)
                .map(|e| self.name(&e))
                .filter(|v| !v.instance_path.starts_with("/status"))
                .collect(),
        )
    }

    fn name(&self, error: &jsonschema::ValidationError<'_>) -> SchemaViolation {
        let keyword = error.kind().keyword().to_string();
        let location = error
            .absolute_keyword_location()
            .map(|u| u.as_str().to_string())
            .unwrap_or_else(|| error.schema_path().to_string());
        let shape = location
            .split("/$defs/")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .map(str::to_string);
        let is_union = shape.as_ref().is_some_and(|s| self.unions.contains(s));
        let check = match keyword.as_str() {
            "required" => "response.required-members",
            "enum" => "response.enum-values",
            "minProperties" | "maxProperties" if is_union => "response.union-one-member",
            "minLength" | "maxLength" | "minItems" | "maxItems" | "minimum" | "maximum"
            | "minProperties" | "maxProperties" => "response.bounds",
            "format" => "response.date-time",
            "additionalProperties" => "response.unknown-members",
            _ => "response.types",
        };
        SchemaViolation {
            check,
            keyword,
            instance_path: error.instance_path().to_string(),
            shape,
            message: error.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Release;
    use serde_json::json;

    fn validators() -> Validators {
        Validators::compile(&ServiceModel::load(Release::CONTRACT).unwrap()).unwrap()
    }

    fn item() -> Value {
        json!({
            "associationTime": "2024-05-03T17:04:11Z",
            "content": {"file": {"fileArn": "arn:f"}},
            "relatedItemId": "r1",
            "type": "File"
        })
    }

    fn search(items: Vec<Value>) -> Value {
        json!({"status": 200, "headers": {}, "body": {"relatedItems": items}})
    }

    fn checks_of(v: &[SchemaViolation]) -> Vec<&'static str> {
        v.iter().map(|v| v.check).collect()
    }

    #[test]
    fn a_valid_file_item_passes() {
        assert!(
            validators()
                .check_response("SearchRelatedItems", &search(vec![item()]))
                .is_empty()
        );
    }

    #[test]
    fn keywords_map_to_named_checks() {
        let v = validators();
        type Mutation = fn(&mut Value);
        let cases: Vec<(Mutation, &str)> = vec![
            (
                |i| {
                    i.as_object_mut().unwrap().remove("type");
                },
                "response.required-members",
            ),
            (|i| i["type"] = "Files".into(), "response.enum-values"),
            (
                |i| i["content"]["comment"] = json!({"body": "b", "contentType": "Text/Plain"}),
                "response.union-one-member",
            ),
            (|i| i["content"] = json!({}), "response.union-one-member"),
            (
                |i| i["content"]["file"]["fileArn"] = "".into(),
                "response.bounds",
            ),
            (
                |i| i["associationTime"] = 1714755851.into(),
                "response.types",
            ),
            (
                |i| i["associationTime"] = "yesterday".into(),
                "response.date-time",
            ),
            (|i| i["extra"] = true.into(), "response.unknown-members"),
        ];
        for (mutate, expected) in cases {
            let mut i = item();
            mutate(&mut i);
            let found = v.check_response("SearchRelatedItems", &search(vec![i.clone()]));
            assert_eq!(checks_of(&found), [expected], "{i}");
        }
        let too_many = search(vec![item(); 26]);
        assert_eq!(
            checks_of(&v.check_response("SearchRelatedItems", &too_many)),
            ["response.bounds"]
        );
    }

    #[test]
    fn error_bodies_are_checked_against_their_shape() {
        let v = validators();
        let ok = json!({"status": 404, "headers": {}, "body": {"message": "m", "resourceId": "c", "resourceType": "Case"}});
        assert_eq!(
            v.check_error("ResourceNotFoundException", &ok),
            Some(vec![])
        );
        let bad = json!({"status": 404, "headers": {}, "body": {"message": "m"}});
        assert_eq!(
            v.check_error("ResourceNotFoundException", &bad)
                .unwrap()
                .len(),
            2
        );
        assert!(v.check_error("NoSuchError", &ok).is_none());
    }
}
