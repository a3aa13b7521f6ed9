//! What 1.44.5 changed in the members the older related-item operations already had:
//! `performedBy` became a two-member union (`userArn` or `customEntity`; decoded by
//! [`super::performer`], which the case operations share), a comment body
//! may hold 15,000 characters instead of 3,000, and `CaseId` gained a pattern. Each
//! function takes the configured release, so the older releases keep their model's
//! rules: an unknown union member is ignored (the mock's unknown-member convention), so
//! `performedBy: {customEntity}` before 1.44.5 is a union with no member set.

use super::validate::Violations;
use crate::config::{MockConfig, MockRelease};
use crate::wire::route::Route;

/// Whether `config` emulates 1.44.5 (the release of every delta here).
pub fn has_1_44_5(config: &MockConfig) -> bool {
    config.release >= MockRelease::V1_44_5
}

/// The largest comment body the release takes (`CommentBody`: 3000 before 1.44.5,
/// 15000 in it).
pub fn comment_body_max(config: &MockConfig) -> usize {
    if has_1_44_5(config) { 15_000 } else { 3_000 }
}

/// The model's `CaseId` pattern from 1.44.5 on.
pub const CASE_ID_PATTERN: &str = "[A-Za-z0-9\\-._/:#=+-]*";

/// Whether `id` matches [`CASE_ID_PATTERN`].
pub fn case_id_fits(id: &str) -> bool {
    id.chars().all(|c| {
        c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '/' | ':' | '#' | '=' | '+')
    })
}

/// Checks a `CaseId` value at `path`: 1..=500 characters and, from 1.44.5, the pattern.
pub fn check_case_id(v: &mut Violations, path: &str, id: &str, config: &MockConfig) {
    if v.length(path, id, 1, 500) && has_1_44_5(config) {
        v.pattern(path, id, case_id_fits(id), CASE_ID_PATTERN);
    }
}

/// The `caseId` path label, checked as [`check_case_id`] checks it.
pub fn case_id_label(v: &mut Violations, route: &Route, config: &MockConfig) -> String {
    let id = route.label("caseId").to_owned();
    check_case_id(v, "caseId", &id, config);
    id
}

#[cfg(test)]
mod tests {
    use super::super::json::Obj;
    use super::super::performer::{Performer, PerformerRaw};
    use super::*;

    fn at(release: MockRelease) -> MockConfig {
        MockConfig {
            release,
            ..MockConfig::default()
        }
    }

    fn raw(json: &str) -> Option<Obj<PerformerRaw>> {
        Some(serde_json::from_str(json).expect("json"))
    }

    /// The shared `UserUnion` decoder, at `config`'s release.
    fn performer(
        v: &mut Violations,
        path: &str,
        raw: Option<Obj<PerformerRaw>>,
        config: &MockConfig,
    ) -> Option<Performer> {
        super::super::performer::performer(v, path, raw, config.release)
    }

    #[test]
    fn custom_entity_exists_only_in_1_44_5() {
        let new = at(MockRelease::V1_44_5);
        let mut v = Violations::new();
        assert_eq!(
            performer(
                &mut v,
                "performedBy",
                raw(r#"{"customEntity":"bot 7"}"#),
                &new
            ),
            Some(Performer::CustomEntity("bot 7".into()))
        );
        assert!(v.is_empty());
        let old = at(MockRelease::V1_34_98);
        let mut v = Violations::new();
        assert_eq!(
            performer(
                &mut v,
                "performedBy",
                raw(r#"{"customEntity":"bot"}"#),
                &old
            ),
            None
        );
        let err = v.finish().expect_err("no member at 1.34.98");
        assert!(
            err.message.contains("[userArn] (found: none)"),
            "{}",
            err.message
        );
        let mut v = Violations::new();
        performer(
            &mut v,
            "performedBy",
            raw(r#"{"customEntity":"bot "}"#),
            &new,
        );
        performer(
            &mut v,
            "p",
            raw(r#"{"customEntity":"a","userArn":"u"}"#),
            &new,
        );
        let err = v.finish().expect_err("trailing space, two members");
        assert!(
            err.message.starts_with("2 validation errors"),
            "{}",
            err.message
        );
    }

    #[test]
    fn comment_bound_and_case_id_pattern_follow_the_release() {
        assert_eq!(comment_body_max(&at(MockRelease::V1_34_98)), 3000);
        assert_eq!(comment_body_max(&at(MockRelease::V1_44_5)), 15000);
        assert!(case_id_fits("a-B.c_/:#=+9"));
        assert!(!case_id_fits("a b"));
        let mut v = Violations::new();
        check_case_id(&mut v, "caseId", "a b", &at(MockRelease::V1_34_98));
        assert!(v.is_empty());
        check_case_id(&mut v, "caseId", "a b", &at(MockRelease::V1_44_5));
        assert!(!v.is_empty());
    }
}
