//! The model's `UserUnion` as each release has it: `userArn` only up to 1.34.98, and
//! `userArn` or `customEntity` from 1.44.5. At an older release `customEntity` is an
//! unknown union member, which (as every unknown member) counts as absent, so
//! `{"customEntity": "x"}` there is a union with no member set: a 400.

use serde::Deserialize;

use super::json::Obj;
use super::validate::{Violations, join};
use crate::config::MockRelease;

/// The `CustomEntity` pattern of the 1.44.5 model, quoted in violations.
pub const CUSTOM_ENTITY_PATTERN: &str = "[a-zA-Z0-9_\\-\\.@:/ ]*[a-zA-Z0-9_\\-\\.@:/]";

/// Who performed an action, as a request's `performedBy` names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Performer {
    /// `userArn`: a Connect user.
    UserArn(String),
    /// `customEntity` (1.44.5): any entity the caller names.
    CustomEntity(String),
}

impl Performer {
    /// The user ARN, for the records that only know users (related items).
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

/// The raw members of `UserUnion` in its newest form.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PerformerRaw {
    user_arn: Option<String>,
    custom_entity: Option<String>,
}

/// Whether `value` matches [`CUSTOM_ENTITY_PATTERN`] (the whole value, as AWS anchors
/// member patterns): allowed characters throughout, the last one not a space.
pub fn custom_entity_matches(value: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_-.@:/".contains(c);
    value.chars().last().is_some_and(allowed) && value.chars().all(|c| c == ' ' || allowed(c))
}

/// Validates an optional `UserUnion` at `path` for `release`.
pub fn performer(
    v: &mut Violations,
    path: &str,
    raw: Option<Obj<PerformerRaw>>,
    release: MockRelease,
) -> Option<Performer> {
    let Obj(raw) = raw?;
    let knows_custom = release >= MockRelease::V1_44_5;
    let custom = raw.custom_entity.filter(|_| knows_custom);
    let mut present = Vec::new();
    if raw.user_arn.is_some() {
        present.push("userArn");
    }
    if custom.is_some() {
        present.push("customEntity");
    }
    let members: &[&str] = if knows_custom {
        &["userArn", "customEntity"]
    } else {
        &["userArn"]
    };
    if !v.union_one(path, &present, members) {
        return None;
    }
    if let Some(arn) = raw.user_arn {
        v.length(&join(path, "userArn"), &arn, 1, 500);
        return Some(Performer::UserArn(arn));
    }
    let entity = custom?;
    let at = join(path, "customEntity");
    if v.length(&at, &entity, 1, 500) {
        v.pattern(
            &at,
            &entity,
            custom_entity_matches(&entity),
            CUSTOM_ENTITY_PATTERN,
        );
    }
    Some(Performer::CustomEntity(entity))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Option<Obj<PerformerRaw>> {
        Some(Obj(serde_json::from_str(json).expect("json")))
    }

    #[test]
    fn custom_entity_is_a_member_from_1_44_5_only() {
        let mut v = Violations::new();
        let got = performer(
            &mut v,
            "performedBy",
            parse(r#"{"customEntity":"bot 7"}"#),
            MockRelease::V1_44_5,
        );
        assert_eq!(got, Some(Performer::CustomEntity("bot 7".into())));
        assert!(v.is_empty());
        let got = performer(
            &mut v,
            "performedBy",
            parse(r#"{"customEntity":"bot"}"#),
            MockRelease::V1_34_98,
        );
        assert_eq!(got, None);
        let err = v.finish().expect_err("unknown member");
        assert!(err.message.contains("found: none"), "{}", err.message);
    }

    #[test]
    fn custom_entity_follows_its_pattern() {
        assert!(custom_entity_matches("a b@c.d/e:f_g-h"));
        assert!(!custom_entity_matches("trailing "));
        assert!(!custom_entity_matches("semi;colon"));
        let mut v = Violations::new();
        performer(
            &mut v,
            "performedBy",
            parse(r#"{"customEntity":"x!"}"#),
            MockRelease::V1_44_5,
        );
        let err = v.finish().expect_err("pattern");
        assert!(err.message.contains("'performedBy.customEntity'"));
        let mut v = Violations::new();
        performer(
            &mut v,
            "performedBy",
            parse(r#"{"customEntity":"x","userArn":"u"}"#),
            MockRelease::V1_44_5,
        );
        assert!(v.finish().is_err(), "two members");
    }
}
