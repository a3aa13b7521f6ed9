//! The typed botocore model of Amazon Connect Cases: the project's single source of truth.
//!
//! [`ServiceModel::load`] parses a vendored release (see [`Release`]) and then checks that the
//! model is internally consistent and uses only features the harness understands: every shape
//! reference resolves, every URI label is bound by exactly one `location: uri` member, errors
//! carry status codes, paginators name real members. Anything else is a [`ModelError`], never
//! a silently narrower contract.

mod operation;
mod release;
mod shape;

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::Deserialize;

pub use operation::{HttpBinding, Operation, Paginator, ShapeName, UriSegment};
pub use release::{Release, UnknownRelease};
pub use shape::{
    BooleanShape, ErrorTrait, ListShape, Location, MapShape, Member, NumberShape, Retryable, Shape,
    ShapeRef, StringShape, StructureShape, TimestampFormat, TimestampShape,
};

/// Service-wide metadata of the model.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Metadata {
    /// API version, `2022-10-03`.
    pub api_version: String,
    /// Endpoint host prefix, `cases`.
    pub endpoint_prefix: String,
    /// JSON protocol version (older releases only).
    pub json_version: Option<String>,
    /// Wire protocol; the harness speaks `rest-json` only.
    pub protocol: String,
    /// Protocols supported, newest releases only.
    #[serde(default)]
    pub protocols: Vec<String>,
    /// Auth schemes, newest releases only.
    #[serde(default)]
    pub auth: Vec<String>,
    /// Short service name.
    pub service_abbreviation: Option<String>,
    /// Full service name.
    pub service_full_name: String,
    /// Service id, `ConnectCases`.
    pub service_id: String,
    /// Signature version, `v4`.
    pub signature_version: String,
    /// SigV4 signing name, `cases`.
    pub signing_name: String,
    /// Unique id of this API version.
    pub uid: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceFile {
    #[allow(dead_code)]
    version: String,
    metadata: Metadata,
    operations: IndexMap<String, Operation>,
    shapes: IndexMap<String, Shape>,
    #[allow(dead_code)]
    documentation: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PaginatorsFile {
    pagination: BTreeMap<String, Paginator>,
}

/// Why a model could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The JSON does not parse into the known model structure (unknown keys included).
    #[error("model {file} does not parse: {source}")]
    Parse {
        /// Which file failed.
        file: &'static str,
        /// The parser's reason, naming the offending key or value.
        source: serde_json::Error,
    },
    /// The model parses but uses something the harness cannot bind or check faithfully.
    #[error("model feature not supported: {0}")]
    Unsupported(String),
    /// The model contradicts itself (dangling reference, unbound label, ...).
    #[error("model is inconsistent: {0}")]
    Inconsistent(String),
}

/// A loaded, checked service model of one release.
#[derive(Debug, Clone)]
pub struct ServiceModel {
    /// Which vendored release this is.
    pub release: Release,
    /// Service-wide metadata.
    pub metadata: Metadata,
    /// Operations by name, sorted.
    pub operations: BTreeMap<String, Operation>,
    /// Shapes by name, sorted.
    pub shapes: BTreeMap<String, Shape>,
    /// Paginators by operation name.
    pub paginators: BTreeMap<String, Paginator>,
}

impl ServiceModel {
    /// Loads and checks a vendored release.
    pub fn load(release: Release) -> Result<Self, ModelError> {
        Self::from_json(release, release.service_json(), release.paginators_json())
    }

    /// Parses and checks model text (the vendored files, or a test's variation of them).
    pub fn from_json(
        release: Release,
        service_json: &str,
        paginators_json: &str,
    ) -> Result<Self, ModelError> {
        let service: ServiceFile =
            serde_json::from_str(service_json).map_err(|source| ModelError::Parse {
                file: "service-2.json",
                source,
            })?;
        let paginators: PaginatorsFile =
            serde_json::from_str(paginators_json).map_err(|source| ModelError::Parse {
                file: "paginators-1.json",
                source,
            })?;
        let model = ServiceModel {
            release,
            metadata: service.metadata,
            operations: service.operations.into_iter().collect(),
            shapes: service.shapes.into_iter().collect(),
            paginators: paginators.pagination,
        };
        model.check()?;
        Ok(model)
    }

    /// A shape by name; loading guarantees every referenced name resolves.
    pub fn shape(&self, name: &str) -> &Shape {
        self.shapes
            .get(name)
            .unwrap_or_else(|| panic!("shape {name} is referenced but not in the model"))
    }

    /// A structure shape by name, or `None` if the shape is not a structure.
    pub fn structure(&self, name: &str) -> Option<&StructureShape> {
        self.shapes.get(name).and_then(Shape::as_structure)
    }

    /// The HTTP status a modeled error travels with (its `error` trait), or `None` for a name
    /// that is not an error shape.
    pub fn error_status(&self, error: &str) -> Option<u16> {
        self.structure(error)?
            .error
            .as_ref()
            .map(|t| t.http_status_code)
    }

    /// An operation by name.
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.get(name)
    }

    /// Whether `name` is an operation or a shape of this release: what a check names as
    /// needed (`DeleteCase`, `SlaFilter`) exists only from the release that brought it.
    pub fn has_operation_or_shape(&self, name: &str) -> bool {
        self.operations.contains_key(name) || self.shapes.contains_key(name)
    }

    /// The top-level member `name` of `operation`'s input that travels in the JSON body (no
    /// `location`), if it has one: whether a request can carry it, as releases differ
    /// (CreateCase's `tags` came in 1.44.5).
    pub fn body_member(&self, operation: &str, name: &str) -> Option<&Member> {
        let input = self.operation(operation)?.input.as_ref()?;
        self.structure(&input.shape)?
            .members
            .get(name)
            .filter(|m| m.location.is_none())
    }

    /// Modeled error shapes (structures with the `error` trait), by name.
    pub fn error_shapes(&self) -> impl Iterator<Item = (&str, &StructureShape, &ErrorTrait)> {
        self.shapes.iter().filter_map(|(name, shape)| {
            let s = shape.as_structure()?;
            s.error.as_ref().map(|e| (name.as_str(), s, e))
        })
    }

    fn check(&self) -> Result<(), ModelError> {
        if self.metadata.protocol != "rest-json" {
            return Err(ModelError::Unsupported(format!(
                "protocol {} (only rest-json)",
                self.metadata.protocol
            )));
        }
        for (name, shape) in &self.shapes {
            self.check_shape(name, shape)?;
        }
        for (name, op) in &self.operations {
            self.check_operation(name, op)?;
        }
        for (op_name, paginator) in &self.paginators {
            self.check_paginator(op_name, paginator)?;
        }
        Ok(())
    }

    fn check_shape(&self, name: &str, shape: &Shape) -> Result<(), ModelError> {
        for reference in shape.references() {
            if !self.shapes.contains_key(reference) {
                return Err(ModelError::Inconsistent(format!(
                    "shape {name} refers to unknown shape {reference}"
                )));
            }
        }
        match shape {
            Shape::Structure(s) => {
                for required in &s.required {
                    if !s.members.contains_key(required) {
                        return Err(ModelError::Inconsistent(format!(
                            "shape {name} requires missing member {required}"
                        )));
                    }
                }
                if s.exception != s.error.is_some() {
                    return Err(ModelError::Inconsistent(format!(
                        "shape {name} has `exception` without `error` or the reverse"
                    )));
                }
                if s.union && !s.required.is_empty() {
                    return Err(ModelError::Inconsistent(format!(
                        "union {name} has required members"
                    )));
                }
                for (member_name, member) in &s.members {
                    let target = self.shape(&member.shape);
                    let scalar = |shape: &Shape| {
                        matches!(
                            shape,
                            Shape::String(_)
                                | Shape::Integer(_)
                                | Shape::Long(_)
                                | Shape::Double(_)
                                | Shape::Boolean(_)
                        )
                    };
                    // A query string or header may repeat a list of scalars; a URI label may not.
                    let bindable = match (member.location, target) {
                        (None, _) => true,
                        (Some(Location::Uri), shape) => scalar(shape),
                        (Some(_), Shape::List(l)) => scalar(self.shape(&l.member.shape)),
                        (Some(_), shape) => scalar(shape),
                    };
                    if !bindable {
                        return Err(ModelError::Unsupported(format!(
                            "{name}.{member_name} binds a {} to an HTTP location",
                            target.type_name()
                        )));
                    }
                }
            }
            Shape::Map(m) => {
                if !matches!(self.shape(&m.key.shape), Shape::String(_)) {
                    return Err(ModelError::Unsupported(format!(
                        "map {name} has non-string keys"
                    )));
                }
            }
            Shape::Timestamp(_)
            | Shape::List(_)
            | Shape::String(_)
            | Shape::Integer(_)
            | Shape::Long(_)
            | Shape::Double(_)
            | Shape::Boolean(_) => {}
        }
        Ok(())
    }

    fn check_operation(&self, name: &str, op: &Operation) -> Result<(), ModelError> {
        if op.name != name {
            return Err(ModelError::Inconsistent(format!(
                "operation {name} calls itself {}",
                op.name
            )));
        }
        let segments = op
            .http
            .segments()
            .map_err(|e| ModelError::Unsupported(format!("{name}: {e}")))?;
        let labels: Vec<&str> = segments
            .iter()
            .filter_map(|s| match s {
                UriSegment::Label { name, .. } => Some(name.as_str()),
                UriSegment::Literal(_) => None,
            })
            .collect();
        let input = match &op.input {
            Some(input) => Some(self.structure(&input.shape).ok_or_else(|| {
                ModelError::Inconsistent(format!("{name} input {} is not a structure", input.shape))
            })?),
            None => None,
        };
        let uri_members: Vec<(&str, &str, &Member)> = input
            .map(|s| s.located_members(Location::Uri).collect())
            .unwrap_or_default();
        for label in &labels {
            let bound: Vec<_> = uri_members.iter().filter(|(_, w, _)| w == label).collect();
            if bound.len() != 1 {
                return Err(ModelError::Inconsistent(format!(
                    "{name}: URI label {{{label}}} is bound by {} members",
                    bound.len()
                )));
            }
            let (member_name, _, _) = bound[0];
            if !input.is_some_and(|s| s.is_required(member_name)) {
                return Err(ModelError::Inconsistent(format!(
                    "{name}: URI member {member_name} is not required"
                )));
            }
        }
        for (member_name, wire, _) in &uri_members {
            if !labels.contains(wire) {
                return Err(ModelError::Inconsistent(format!(
                    "{name}: member {member_name} is bound to a URI label the template lacks"
                )));
            }
        }
        if let Some(output) = &op.output {
            self.structure(&output.shape).ok_or_else(|| {
                ModelError::Inconsistent(format!(
                    "{name} output {} is not a structure",
                    output.shape
                ))
            })?;
        }
        for error in &op.errors {
            if self
                .structure(&error.shape)
                .is_none_or(|s| s.error.is_none())
            {
                return Err(ModelError::Inconsistent(format!(
                    "{name} lists {} as an error, but it has no error trait",
                    error.shape
                )));
            }
        }
        Ok(())
    }

    fn check_paginator(&self, op_name: &str, p: &Paginator) -> Result<(), ModelError> {
        let op = self.operation(op_name).ok_or_else(|| {
            ModelError::Inconsistent(format!("paginator for unknown operation {op_name}"))
        })?;
        let input = op.input.as_ref().and_then(|i| self.structure(&i.shape));
        let output = op.output.as_ref().and_then(|o| self.structure(&o.shape));
        let has =
            |s: Option<&StructureShape>, m: &str| s.is_some_and(|s| s.members.contains_key(m));
        let inputs_ok =
            has(input, &p.input_token) && p.limit_key.as_deref().is_none_or(|k| has(input, k));
        let outputs_ok = has(output, &p.output_token) && has(output, &p.result_key);
        if inputs_ok && outputs_ok {
            Ok(())
        } else {
            Err(ModelError::Inconsistent(format!(
                "paginator of {op_name} names members its operation lacks"
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vendored_release_loads() {
        for release in Release::ALL {
            let model = ServiceModel::load(release).unwrap_or_else(|e| panic!("{release}: {e}"));
            assert_eq!(model.metadata.signing_name, "cases");
            assert_eq!(model.metadata.protocol, "rest-json");
        }
    }

    #[test]
    fn the_contract_has_34_operations_and_file() {
        let model = ServiceModel::load(Release::V1_34_98).unwrap();
        assert_eq!(model.operations.len(), 34);
        assert_eq!(
            model.shape("RelatedItemType").enum_values().unwrap(),
            ["Contact", "Comment", "File"]
        );
        let op = model.operation("CreateRelatedItem").unwrap();
        assert_eq!(op.http.method, "POST");
        assert_eq!(
            op.http.request_uri,
            "/domains/{domainId}/cases/{caseId}/related-items/"
        );
        assert_eq!(op.http.labels(), ["domainId", "caseId"]);
        let errors: Vec<_> = op.errors.iter().map(|e| e.shape.as_str()).collect();
        assert!(errors.contains(&"ValidationException"));
        let (_, _, validation) = model
            .error_shapes()
            .find(|(n, _, _)| *n == "ValidationException")
            .unwrap();
        assert_eq!(validation.http_status_code, 400);
        assert_eq!(
            model.paginators["SearchRelatedItems"].result_key,
            "relatedItems"
        );
    }

    #[test]
    fn the_release_before_file_lacks_it() {
        let model = ServiceModel::load(Release::V1_34_97).unwrap();
        assert_eq!(
            model.shape("RelatedItemType").enum_values().unwrap(),
            ["Contact", "Comment"]
        );
        assert!(!model.shapes.contains_key("FileContent"));
    }

    fn contract_with(
        edit: impl FnOnce(&mut serde_json::Value),
    ) -> Result<ServiceModel, ModelError> {
        let mut json: serde_json::Value =
            serde_json::from_str(Release::V1_34_98.service_json()).unwrap();
        edit(&mut json);
        ServiceModel::from_json(
            Release::V1_34_98,
            &json.to_string(),
            Release::V1_34_98.paginators_json(),
        )
    }

    #[test]
    fn unknown_features_are_load_errors() {
        let err = contract_with(|m| {
            m["shapes"]["FileArn"]["flavour"] = "x".into();
        })
        .unwrap_err();
        assert!(matches!(err, ModelError::Parse { .. }), "{err}");
        assert!(err.to_string().contains("flavour"), "{err}");

        let err = contract_with(|m| {
            m["operations"]["GetCase"]["endpoint"] = serde_json::json!({"hostPrefix": "x"});
        })
        .unwrap_err();
        assert!(err.to_string().contains("endpoint"), "{err}");

        let err = contract_with(|m| {
            m["metadata"]["protocol"] = "json".into();
        })
        .unwrap_err();
        assert!(matches!(err, ModelError::Unsupported(_)), "{err}");
    }

    #[test]
    fn inconsistencies_are_load_errors() {
        let err = contract_with(|m| {
            m["shapes"]["FileContent"]["members"]["fileArn"]["shape"] = "Nope".into();
        })
        .unwrap_err();
        assert!(err.to_string().contains("Nope"), "{err}");

        let err = contract_with(|m| {
            m["operations"]["CreateRelatedItem"]["http"]["requestUri"] =
                "/domains/{domainId}/cases/related-items/".into();
        })
        .unwrap_err();
        assert!(err.to_string().contains("caseId"), "{err}");
    }
}
