//! BatchPutFieldOptions, ListFieldOptions.

use super::Service;
use crate::decode::field_options::{
    BatchPutFieldOptionsInput, ListFieldOptionsInput, documented_value_form,
};
use crate::error::ApiError;
use crate::output::{
    BatchPutFieldOptionsOutput, FieldOptionError, FieldOptionOut, ListFieldOptionsOutput,
};
use crate::token::TokenScope;

impl Service {
    /// Creates and updates options of a SingleSelect field, keyed by `value`: a new value
    /// is appended, a known one gets the request's `name` and `active`. Unknown field: 404;
    /// deleted or not SingleSelect: 400 naming `fieldId`. An option whose value is not
    /// alphanumeric with hyphens and underscores, or repeats an earlier value of the same
    /// request, is not applied and is reported in `errors`.
    pub(super) fn batch_put_field_options(
        &self,
        input: BatchPutFieldOptionsInput,
    ) -> Result<BatchPutFieldOptionsOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain_mut(&input.domain_id)?;
            let field = domain.existing_field(&input.field_id)?;
            let reason = if field.deleted {
                Some("the field is deleted".to_owned())
            } else if field.field_type != "SingleSelect" {
                Some(format!("'{}' is a {} field", field.id, field.field_type))
            } else {
                None
            };
            if let Some(reason) = reason {
                return Err(ApiError::validation(format!(
                    "1 validation error detected: Value '{}' at 'fieldId' failed to satisfy \
                     constraint: Member must name a SingleSelect field that is not deleted ({reason})",
                    input.field_id
                )));
            }
            let mut errors = Vec::new();
            let mut seen: Vec<&str> = Vec::new();
            let mut accepted = Vec::new();
            for option in &input.options {
                if !documented_value_form(&option.value) {
                    errors.push(FieldOptionError {
                        error_code: "InvalidValue".to_owned(),
                        message: format!(
                            "Option value '{}' must be alphanumeric with hyphens and underscores",
                            option.value
                        ),
                        value: option.value.clone(),
                    });
                } else if seen.contains(&option.value.as_str()) {
                    errors.push(FieldOptionError {
                        error_code: "DuplicateValue".to_owned(),
                        message: format!(
                            "Option value '{}' appears more than once in the request; the first was applied",
                            option.value
                        ),
                        value: option.value.clone(),
                    });
                } else {
                    seen.push(&option.value);
                    accepted.push(option.clone());
                }
            }
            if let Some(field) = domain.field_mut(&input.field_id) {
                for option in accepted {
                    match field.options.iter_mut().find(|o| o.value == option.value) {
                        Some(existing) => *existing = option,
                        None => field.options.push(option),
                    }
                }
            }
            Ok(BatchPutFieldOptionsOutput { errors })
        })
    }

    /// A field's options in the order their values were first put, optionally only the
    /// one whose value is in `values`. Unknown field: 404 (a deleted field still lists
    /// its options; a field of another type has none).
    pub(super) fn list_field_options(
        &self,
        input: &ListFieldOptionsInput,
    ) -> Result<ListFieldOptionsOutput, ApiError> {
        let scope = TokenScope {
            operation: "ListFieldOptions",
            domain_id: &input.domain_id,
            case_id: "",
            query: format!(
                "fieldId={}\0values={}",
                input.field_id,
                input.values.join("\0")
            ),
        };
        self.store.read(|s| {
            let field = s
                .domain(&input.domain_id)?
                .existing_field(&input.field_id)?;
            let keep = |o: &crate::decode::field_options::FieldOption| {
                input.values.is_empty() || input.values.contains(&o.value)
            };
            let (items, next_token) = self.listing(
                &scope,
                input.next_token.as_deref(),
                field.options.len(),
                |i| field.options.get(i),
                input.max_results,
                keep,
            )?;
            Ok(ListFieldOptionsOutput {
                next_token,
                options: items
                    .iter()
                    .map(|o| FieldOptionOut {
                        active: o.active,
                        name: o.name.clone(),
                        value: o.value.clone(),
                    })
                    .collect(),
            })
        })
    }
}
