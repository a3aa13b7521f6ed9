//! JSON Schemas (draft 2020-12) derived from the service model.
//!
//! For each release, each operation gets a request and a response document, each modeled error
//! one document, in two variants (see [`Variant`]), plus an `index.json` tying operations to
//! their files, status codes, errors and paginators. [`generate`] produces them in memory;
//! [`files`] writes them under `schemas/` and compares the committed tree with the generator.

mod defs;
mod envelope;
pub mod files;

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::model::ServiceModel;

pub use defs::shape_def;
pub use envelope::{
    error_document, error_path, operation_path, request_document, response_document,
};

/// How a schema treats members the model does not know.
///
/// Checks need both: a response must carry every modeled member correctly (lenient, so a
/// target that already speaks a later release is not failed for it), and separately unknown
/// members are reported (strict). Requests the harness generates are validated strictly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Variant {
    /// Every structure has `additionalProperties: false`: unknown members are errors.
    Strict,
    /// Structures accept unknown members (forward compatibility); all other constraints hold,
    /// including unions (still exactly one member, known or not) and enums.
    Lenient,
}

impl Variant {
    /// Both variants, strict first.
    pub const ALL: [Variant; 2] = [Variant::Strict, Variant::Lenient];

    /// The folder name of the variant under `schemas/<release>/`.
    pub fn dir(self) -> &'static str {
        match self {
            Variant::Strict => "strict",
            Variant::Lenient => "lenient",
        }
    }
}

/// The model uses a binding the generator cannot describe faithfully.
#[derive(Debug, thiserror::Error)]
#[error("cannot derive a schema: {0}")]
pub struct GenerateError(pub String);

/// Every schema document of a model, keyed by its path relative to `schemas/`.
pub fn generate(model: &ServiceModel) -> Result<BTreeMap<String, Value>, GenerateError> {
    let release = model.release.version();
    let mut files = BTreeMap::new();
    for variant in Variant::ALL {
        for op in model.operations.values() {
            files.insert(
                operation_path(release, variant, &op.name, "request"),
                request_document(model, op, variant)?,
            );
            files.insert(
                operation_path(release, variant, &op.name, "response"),
                response_document(model, op, variant)?,
            );
        }
        for (name, _, _) in model.error_shapes() {
            files.insert(
                error_path(release, variant, name),
                error_document(model, name, variant)?,
            );
        }
    }
    files.insert(format!("{release}/index.json"), index(model));
    Ok(files)
}

/// The release's index: where each operation's documents are and what the operation binds.
/// Paths are relative to a variant folder, so one index serves both variants.
pub fn index(model: &ServiceModel) -> Value {
    let mut operations = Map::new();
    for op in model.operations.values() {
        let errors: Map<String, Value> = op
            .errors
            .iter()
            .map(|e| {
                let status = model.error_status(&e.shape);
                (
                    e.shape.clone(),
                    json!({ "httpStatusCode": status, "schema": format!("errors/{}.json", e.shape) }),
                )
            })
            .collect();
        let mut entry = json!({
            "method": op.http.method,
            "requestUri": op.http.request_uri,
            "responseCode": op.http.response_code,
            "input": op.input.as_ref().map(|s| s.shape.clone()),
            "output": op.output.as_ref().map(|s| s.shape.clone()),
            "request": format!("{}.request.json", op.name),
            "response": format!("{}.response.json", op.name),
            "errors": errors,
        });
        if let Some(p) = model.paginators.get(&op.name) {
            entry["paginator"] = json!({
                "inputToken": p.input_token,
                "outputToken": p.output_token,
                "limitKey": p.limit_key,
                "resultKey": p.result_key,
            });
        }
        operations.insert(op.name.clone(), entry);
    }
    json!({
        "release": model.release.version(),
        "model": {
            "source": format!("botocore {}", model.release.version()),
            "serviceId": model.metadata.service_id,
            "apiVersion": model.metadata.api_version,
            "protocol": model.metadata.protocol,
            "signingName": model.metadata.signing_name,
        },
        "variants": Variant::ALL.iter().map(|v| v.dir()).collect::<Vec<_>>(),
        "operations": operations,
    })
}

/// The committed text form of a document: pretty JSON with a trailing newline.
pub fn render(document: &Value) -> String {
    let mut text = serde_json::to_string_pretty(document).expect("JSON values always serialise");
    text.push('\n');
    text
}

/// Compiles a generated document into a reusable validator, with `format` asserted (the
/// crate only annotates formats by default, and `date-time` is part of the contract).
pub fn compile(
    document: &Value,
) -> Result<jsonschema::Validator, jsonschema::ValidationError<'static>> {
    compile_for(document)
}

/// [`compile`] for instances in the JSON representation `F` (such as a response read in place,
/// [`crate::tape::TapeJson`]), with the same options.
pub fn compile_for<F: jsonschema::json::Json>(
    document: &Value,
) -> Result<jsonschema::Validator<F>, jsonschema::ValidationError<'static>> {
    jsonschema::options_for::<F>()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(document)
}
