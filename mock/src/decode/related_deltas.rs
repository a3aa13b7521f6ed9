//! What 1.44.5 changed in the members the older related-item operations already had:
//! `performedBy` became a two-member union (`userArn` or `customEntity`), a comment body
//! may hold 15,000 characters instead of 3,000, and `CaseId` gained a pattern. Each
//! function takes the configured release, so the older releases keep their model's
//! rules: an unknown union member is ignored (the mock's unknown-member convention), so
//! `performedBy: {customEntity}` before 1.44.5 is a union with no member set.

use serde::Deserialize;

use super::json::Obj;
use super::validate::{Violations, join};
use crate::config::{MockConfig, MockRelease};
use crate::wire::route::Route;

/// Who performed a related-item action: one member of the model's `UserUnion`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Performer {
    /// `userArn` (1..=500): a Connect user.
    UserArn(String),
    /// `customEntity` (1..=500, pattern, `sensitive`): any other actor (1.44.5).
    CustomEntity(String),
}

impl Performer {
    /// The user ARN, when the performer is a user.
    pub fn user_arn(&self) -> Option<&str> {
        match self {
            Self::UserArn(arn) => Some(arn),
            Self::CustomEntity(_) => None,
        }
    }

    /// The custom entity, when the performer is one.
    pub fn custom_entity(&self) -> Option<&str> {
        match self {
            Self::CustomEntity(entity) => Some(entity),
            Self::UserArn(_) => None,
        }
    }
}

/// The raw members of `UserUnion` in the 1.44.5 model.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PerformerRaw {
    user_arn: Option<String>,
    custom_entity: Option<String>,
}

/// Whether `config` emulates 1.44.5 (the release of every delta here).
pub fn has_1_44_5(config: &MockConfig) -> bool {
    config.release >= MockRelease::V1_44_5
}

/// The model's `CustomEntity` pattern, `[a-zA-Z0-9_\-\.@:/ ]*[a-zA-Z0-9_\-\.@:/]`.
pub const CUSTOM_ENTITY_PATTERN: &str = "[a-zA-Z0-9_\\-\\.@:/ ]*[a-zA-Z0-9_\\-\\.@:/]";

fn custom_entity_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '@' | ':' | '/')
}

/// Validates an optional `UserUnion` at `path` under the release's members (`userArn`;
/// from 1.44.5 also `customEntity`).
pub fn performer(
    v: &mut Violations,
    path: &str,
    raw: Option<Obj<PerformerRaw>>,
    config: &MockConfig,
) -> Option<Performer> {
    let Obj(raw) = raw?;
    let custom_entity = raw.custom_entity.filter(|_| has_1_44_5(config));
    let members: &[&str] = if has_1_44_5(config) {
        &["userArn", "customEntity"]
    } else {
        &["userArn"]
    };
    let present: Vec<&str> = [
        ("userArn", raw.user_arn.is_some()),
        ("customEntity", custom_entity.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, here)| here.then_some(name))
    .collect();
    if !v.union_one(path, &present, members) {
        return None;
    }
    if let Some(arn) = raw.user_arn {
        v.length(&join(path, "userArn"), &arn, 1, 500);
        return Some(Performer::UserArn(arn));
    }
    let entity = custom_entity?;
    let at = join(path, "customEntity");
    if v.length(&at, &entity, 1, 500) {
        let fits = entity.chars().all(|c| c == ' ' || custom_entity_char(c))
            && entity.chars().last().is_some_and(custom_entity_char);
        v.pattern(&at, &entity, fits, CUSTOM_ENTITY_PATTERN);
    }
    Some(Performer::CustomEntity(entity))
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
