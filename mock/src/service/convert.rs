//! Conversions from stored values to response shapes shared by several operations.

use crate::decode::common::FieldValue;
use crate::output::{EmptyValue, FieldValueUnion};

/// A stored field value as `FieldValueUnion`.
pub fn field_value(value: &FieldValue) -> FieldValueUnion {
    match value {
        FieldValue::String(s) => FieldValueUnion::String(s.clone()),
        FieldValue::Double(d) => FieldValueUnion::Double(*d),
        FieldValue::Boolean(b) => FieldValueUnion::Boolean(*b),
        FieldValue::Empty => FieldValueUnion::Empty(EmptyValue {}),
        FieldValue::UserArn(s) => FieldValueUnion::UserArn(s.clone()),
    }
}

/// A stored field value as `AuditEventFieldValueUnion`, whose `stringValue` is capped
/// at `max` characters: 500 in the 1.34 models (case fields allow 1500), so longer text
/// is cut; 4100 from 1.44.5, the same as case fields, so nothing is cut there.
pub fn audit_value_within(value: &FieldValue, max: usize) -> FieldValueUnion {
    match value {
        FieldValue::String(s) => FieldValueUnion::String(cut(s, max)),
        other => field_value(other),
    }
}

fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_strings_fit_the_model() {
        let long = FieldValue::String("x".repeat(1500));
        match audit_value_within(&long, 500) {
            FieldValueUnion::String(s) => assert_eq!(s.chars().count(), 500),
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(
            audit_value_within(&FieldValue::Boolean(true), 500),
            FieldValueUnion::Boolean(true)
        );
    }
}
