//! The case-shape bounds that moved in 1.44.5, per release: one place decides them so
//! CreateCase, UpdateCase, BatchUpdateCase and the audit history agree. A release's
//! bound is its model's: a value within the 1.44.5 bound but over the older one is a 400
//! at the older release.

use super::common::{FieldValue, FieldValueUnionRaw, field_value_within};
use super::json::Obj;
use super::validate::{Violations, index, join};
use crate::config::MockRelease;
use crate::wire::route::Route;

/// The `CaseId` pattern of the 1.44.5 model (older models have none).
pub const CASE_ID_PATTERN: &str = "[A-Za-z0-9\\-._/:#=+-]*";

/// Bounds of one release's case shapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseLimits {
    /// `CreateCaseRequestFieldsList`, `UpdateCaseRequestFieldsList`: 100, then 220.
    pub max_fields: usize,
    /// `FieldValueUnionStringValueString`: 1500, then 4100.
    pub max_string: usize,
    /// `AuditEventFieldValueUnionStringValueString`: 500, then 4100.
    pub max_audit_string: usize,
    /// Whether `CaseId` has its pattern (1.44.5).
    pub case_id_pattern: bool,
}

impl CaseLimits {
    /// The bounds of `release`.
    pub fn of(release: MockRelease) -> Self {
        if release >= MockRelease::V1_44_5 {
            Self {
                max_fields: 220,
                max_string: 4100,
                max_audit_string: 4100,
                case_id_pattern: true,
            }
        } else {
            Self {
                max_fields: 100,
                max_string: 1500,
                max_audit_string: 500,
                case_id_pattern: false,
            }
        }
    }

    /// Checks a case id (a path label or a body member) at `path` against the pattern
    /// when the release has it.
    pub fn check_case_id(self, v: &mut Violations, path: &str, value: &str) {
        if self.case_id_pattern {
            v.pattern(path, value, case_id_matches(value), CASE_ID_PATTERN);
        }
    }

    /// Checks the `caseId` label of `route`, if it has one.
    pub fn check_case_id_label(self, v: &mut Violations, route: &Route) {
        if route.labels.iter().any(|(n, _)| *n == "caseId") {
            self.check_case_id(v, "caseId", route.label("caseId"));
        }
    }

    /// Validates the `fields` list of CreateCase or UpdateCase (`FieldValue` entries)
    /// and returns its `(id, value)` pairs in request order.
    pub fn case_fields(
        self,
        v: &mut Violations,
        raw: Option<Vec<Obj<FieldValueRaw>>>,
    ) -> Vec<(String, FieldValue)> {
        let mut fields = Vec::new();
        let Some(list) = v.required("fields", raw) else {
            return fields;
        };
        v.size("fields", list.len(), 0, self.max_fields);
        for (i, Obj(item)) in list.into_iter().enumerate() {
            let path = index("fields", i);
            let id = v.required(&join(&path, "id"), item.id);
            if let Some(id) = &id {
                v.length(&join(&path, "id"), id, 1, 500);
            }
            let value_path = join(&path, "value");
            let value = v
                .required(&value_path, item.value)
                .and_then(|Obj(raw)| field_value_within(v, &value_path, raw, self.max_string));
            if let (Some(id), Some(value)) = (id, value) {
                fields.push((id, value));
            }
        }
        fields
    }
}

/// The model's `FieldValue` (`{"id": ..., "value": {...}}`).
#[derive(Debug, serde::Deserialize)]
pub struct FieldValueRaw {
    id: Option<String>,
    value: Option<Obj<FieldValueUnionRaw>>,
}

/// Whether `value` is made of the `CaseId` pattern's characters only.
pub fn case_id_matches(value: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._/:#=+".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_grow_at_1_44_5() {
        let old = CaseLimits::of(MockRelease::V1_34_98);
        let new = CaseLimits::of(MockRelease::V1_44_5);
        assert_eq!((old.max_fields, new.max_fields), (100, 220));
        assert_eq!((old.max_string, new.max_string), (1500, 4100));
        assert_eq!((old.max_audit_string, new.max_audit_string), (500, 4100));
    }

    #[test]
    fn case_ids_follow_the_pattern_at_1_44_5_only() {
        assert!(case_id_matches("0f3e-aa_b.c/d:e#f=g+h"));
        assert!(!case_id_matches("a b"));
        let mut v = Violations::new();
        CaseLimits::of(MockRelease::V1_34_98).check_case_id(&mut v, "caseId", "a b");
        assert!(v.is_empty());
        CaseLimits::of(MockRelease::V1_44_5).check_case_id(&mut v, "caseId", "a b");
        let err = v.finish().expect_err("pattern");
        assert!(err.message.contains("'caseId'"), "{}", err.message);
    }
}
