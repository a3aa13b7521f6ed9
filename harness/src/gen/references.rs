//! Requests that name existing resources: once a run has made a resource of each kind, every
//! request the generator builds names those (see [`crate::contract::references`]) wherever
//! a member refers to one, instead of a made-up id the target would not know.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use crate::contract::references;
use crate::model::ServiceModel;

/// The resources generated requests name, and how to name them.
#[derive(Debug, Clone)]
pub struct References {
    model: Arc<ServiceModel>,
    id_shapes: references::IdShapes,
    /// Resource label → the id body members name (`fieldId` → the run's field).
    known: BTreeMap<String, String>,
    /// Resource label → the value-union member that fits it (`fieldId` → `stringValue`).
    value_kinds: BTreeMap<String, String>,
}

impl References {
    /// Names `known` (label → id) in every request, values beside a reference of the kind
    /// `value_kinds` gives for it.
    pub fn new(
        model: Arc<ServiceModel>,
        known: BTreeMap<String, String>,
        value_kinds: BTreeMap<String, String>,
    ) -> Self {
        let id_shapes = references::IdShapes::of(&model);
        References {
            model,
            id_shapes,
            known,
            value_kinds,
        }
    }

    /// Pins the references of `operation`'s `envelope`, leaving alone the member at `except`
    /// (the path a mutation broke).
    pub(crate) fn pin_envelope(&self, operation: &str, envelope: &mut Value, except: Option<&str>) {
        references::pin_body(
            &self.model,
            operation,
            envelope,
            &self.id_shapes,
            &self.known,
            &self.value_kinds,
            except,
        );
    }

    /// Pins the references of a body of `operation`.
    pub(crate) fn pin_body(&self, operation: &str, body: Value) -> Value {
        let mut envelope = serde_json::json!({ "body": body });
        self.pin_envelope(operation, &mut envelope, None);
        envelope["body"].take()
    }
}
