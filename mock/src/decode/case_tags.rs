//! CreateCase's `tags` (1.44.5): the model's `MutableTags` map, at most 50 entries,
//! keys `MutableTagKey` (1..=128, no `aws:` prefix in any case) and values
//! `TagValueString` (0..=256), both from a small character set. Before 1.44.5 the
//! member does not exist and, as every unknown member, is ignored.

use std::collections::BTreeMap;

use super::validate::{Violations, join};
use crate::config::MockRelease;

/// The `MutableTagKey` pattern, quoted in violations.
pub const MUTABLE_TAG_KEY_PATTERN: &str = "(?![aA][wW][sS]:)[a-zA-Z0-9 _.:/=+\\-@]+";

/// The `TagValueString` pattern, quoted in violations.
pub const TAG_VALUE_PATTERN: &str = "([a-zA-Z0-9 _.:/=+\\-@]*)";

/// Whether `c` is in the character class the tag patterns share
/// (`[a-zA-Z0-9 _.:/=+\-@]`).
pub fn tag_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || " _.:/=+-@".contains(c)
}

/// Whether `key` matches [`MUTABLE_TAG_KEY_PATTERN`].
pub fn mutable_tag_key_matches(key: &str) -> bool {
    let prefix: String = key.chars().take(4).collect();
    !key.is_empty() && !prefix.eq_ignore_ascii_case("aws:") && key.chars().all(tag_char)
}

/// Validates `tags` at `release` (`None` before 1.44.5, where the member is unknown).
pub fn case_tags(
    v: &mut Violations,
    raw: Option<BTreeMap<String, String>>,
    release: MockRelease,
) -> BTreeMap<String, String> {
    if release < MockRelease::V1_44_5 {
        return BTreeMap::new();
    }
    let Some(tags) = raw else {
        return BTreeMap::new();
    };
    v.size("tags", tags.len(), 0, 50);
    for (key, value) in &tags {
        let at = join("tags", key);
        if v.length(&at, key, 1, 128) {
            v.pattern(
                &at,
                key,
                mutable_tag_key_matches(key),
                MUTABLE_TAG_KEY_PATTERN,
            );
        }
        if v.length(&at, value, 0, 256) {
            v.pattern(&at, value, value.chars().all(tag_char), TAG_VALUE_PATTERN);
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> Option<BTreeMap<String, String>> {
        Some(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn tags_are_read_at_1_44_5_and_ignored_before() {
        let mut v = Violations::new();
        let got = case_tags(&mut v, tags(&[("team", "a b")]), MockRelease::V1_44_5);
        assert_eq!(got.len(), 1);
        let got = case_tags(&mut v, tags(&[("AWS:x", "!")]), MockRelease::V1_34_98);
        assert!(got.is_empty());
        assert!(v.is_empty());
    }

    #[test]
    fn keys_and_values_follow_their_patterns() {
        assert!(mutable_tag_key_matches("team-1@x"));
        assert!(!mutable_tag_key_matches("Aws:team"));
        assert!(!mutable_tag_key_matches("a!"));
        let mut v = Violations::new();
        case_tags(
            &mut v,
            tags(&[("aws:k", "v"), ("k", "v!")]),
            MockRelease::V1_44_5,
        );
        let err = v.finish().expect_err("patterns");
        assert!(
            err.message.starts_with("2 validation errors"),
            "{}",
            err.message
        );
    }
}
