//! Typed inputs of TagResource, UntagResource and ListTagsForResource.
//!
//! The `{arn}` label is the whole ARN, percent-decoded by the router (clients quote its
//! `:` and `/`); which resource it names is the service's business. Constraints, as the
//! model has them: `Arn` 1..=500; TagResource's `tags` (`Tags`, a map of `String` to
//! `String`, no size bound) is required, its keys and values unconstrained;
//! UntagResource's `tagKeys` (`TagKeyList`, 0..=50 `TagKey`s, a repeated query key) is
//! required, each key 1..=128 matching `^(?!aws:)[a-zA-Z+-=._:/]+$`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::common::{label, path_only};
use super::json::parse_body;
use super::validate::{Violations, index, proven};
use crate::error::ApiError;
use crate::wire::query::Query;
use crate::wire::route::Route;

/// The model's `TagKey` pattern, quoted in violations.
pub const TAG_KEY_PATTERN: &str = "^(?!aws:)[a-zA-Z+-=._:/]+$";

/// Whether `key` matches [`TAG_KEY_PATTERN`], read as a regex engine reads it: the
/// class's `+-=` is the range U+002B..=U+003D (`+ , - . /`, the digits, `: ; < =`), so
/// the class is ASCII letters, `_` and that range; the look-ahead refuses a leading
/// `aws:` (case-sensitive, as the pattern is).
pub fn tag_key_matches(key: &str) -> bool {
    !key.is_empty()
        && !key.starts_with("aws:")
        && key
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '_' || ('+'..='=').contains(&c))
}

/// A validated TagResource request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagResourceInput {
    /// The ARN of the resource to tag (decoded from the path).
    pub arn: String,
    /// Tags to add or overwrite.
    pub tags: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct TagResourceBody {
    tags: Option<BTreeMap<String, String>>,
}

/// Decodes TagResource.
pub fn tag_resource(route: &Route, body: &[u8]) -> Result<TagResourceInput, ApiError> {
    let raw: TagResourceBody = parse_body(body)?;
    let mut v = Violations::new();
    let arn = label(&mut v, route, "arn");
    let tags = v.required("tags", raw.tags);
    v.finish()?;
    Ok(TagResourceInput {
        arn,
        tags: proven(tags, "tags")?,
    })
}

/// A validated UntagResource request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UntagResourceInput {
    /// The ARN of the resource to untag.
    pub arn: String,
    /// Keys to remove (absent keys are no error).
    pub tag_keys: Vec<String>,
}

/// Decodes UntagResource (query string: `tagKeys`, repeated).
pub fn untag_resource(
    route: &Route,
    query: &Query,
    body: &[u8],
) -> Result<UntagResourceInput, ApiError> {
    let _: serde::de::IgnoredAny = parse_body(body)?;
    let mut v = Violations::new();
    let arn = label(&mut v, route, "arn");
    let given = query.all("tagKeys");
    // An absent list and an empty one look the same in a query string; the member is
    // required, so no `tagKeys` at all is the missing member.
    let given = v.required("tagKeys", (!given.is_empty()).then_some(given));
    let mut tag_keys = Vec::new();
    if let Some(keys) = given {
        v.size("tagKeys", keys.len(), 0, 50);
        for (i, key) in keys.into_iter().enumerate() {
            let path = index("tagKeys", i);
            if v.length(&path, key, 1, 128) {
                v.pattern(&path, key, tag_key_matches(key), TAG_KEY_PATTERN);
            }
            tag_keys.push(key.to_owned());
        }
    }
    v.finish()?;
    Ok(UntagResourceInput { arn, tag_keys })
}

/// A validated ListTagsForResource request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListTagsForResourceInput {
    /// The ARN of the resource whose tags are listed.
    pub arn: String,
}

/// Decodes ListTagsForResource (path only; an empty body or any JSON object is accepted).
pub fn list_tags_for_resource(
    route: &Route,
    body: &[u8],
) -> Result<ListTagsForResourceInput, ApiError> {
    let [arn] = path_only(route, body, ["arn"])?;
    Ok(ListTagsForResourceInput { arn })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::route::resolve_newest as resolve;

    const ARN_PATH: &str = "/tags/arn%3Aaws%3Acases%3Aus-east-1%3A123456789012%3Adomain%2Fd";
    const ARN: &str = "arn:aws:cases:us-east-1:123456789012:domain/d";

    #[test]
    fn tag_key_pattern_is_read_literally() {
        for ok in [
            "a",
            "Team",
            "cost-center",
            "a.b_c:d/e",
            "k+1",
            "x=y",
            "a,b;c<d",
            "AWS:upper",
            "aws",
            "aws-x",
            "2024",
        ] {
            assert!(tag_key_matches(ok), "{ok}");
        }
        for bad in [
            "",
            "aws:x",
            "aws:",
            "with space",
            "a@b",
            "a>b",
            "a?b",
            "a\u{e9}",
            "a\nb",
            "a*b",
            "a[b]",
        ] {
            assert!(!tag_key_matches(bad), "{bad}");
        }
    }

    #[test]
    fn tag_resource_needs_tags_and_takes_any_strings() {
        let route = resolve("POST", ARN_PATH).expect("route");
        let input = tag_resource(&route, br#"{"tags":{"Team":"a","aws:x":"","":"v"}}"#)
            .expect("valid: Tags keys and values are plain strings");
        assert_eq!(input.arn, ARN);
        assert_eq!(input.tags.len(), 3);
        assert!(tag_resource(&route, br#"{"tags":{}}"#).is_ok());
        let err = tag_resource(&route, b"{}").expect_err("missing");
        assert!(
            err.message.contains("Value null at 'tags'"),
            "{}",
            err.message
        );
        let err = tag_resource(&route, br#"{"tags":{"a":1}}"#).expect_err("number");
        assert!(err.message.contains("'tags.a'"), "{}", err.message);
        let err = tag_resource(&route, br#"{"tags":["a"]}"#).expect_err("array");
        assert!(err.message.contains("'tags'"), "{}", err.message);
    }

    #[test]
    fn untag_resource_checks_every_key() {
        let route = resolve("DELETE", ARN_PATH).expect("route");
        let q = Query::parse(Some("tagKeys=a&tagKeys=b%2Fc")).expect("query");
        let input = untag_resource(&route, &q, b"").expect("valid");
        assert_eq!(input.tag_keys, ["a", "b/c"]);
        assert_eq!(input.arn, ARN);

        let err = untag_resource(&route, &Query::default(), b"").expect_err("missing");
        assert!(
            err.message.contains("Value null at 'tagKeys'"),
            "{}",
            err.message
        );
        let q =
            Query::parse(Some("tagKeys=ok&tagKeys=aws%3Ax&tagKeys=&tagKeys=a%20b")).expect("query");
        let err = untag_resource(&route, &q, b"").expect_err("bad keys");
        assert!(
            err.message.starts_with("3 validation errors"),
            "{}",
            err.message
        );
        assert!(err.message.contains("Value 'aws:x' at 'tagKeys[1]'"));
        assert!(err.message.contains("'tagKeys[2]' failed to satisfy constraint: Member must have length greater than or equal to 1"));
        assert!(err.message.contains("Value 'a b' at 'tagKeys[3]'"));
        let long = format!("tagKeys={}", "k".repeat(129));
        let err =
            untag_resource(&route, &Query::parse(Some(&long)).expect("q"), b"").expect_err("long");
        assert!(err.message.contains("'tagKeys[0]'"));
        let many: Vec<String> = (0..51).map(|i| format!("tagKeys=k{i}")).collect();
        let q = Query::parse(Some(&many.join("&"))).expect("query");
        let err = untag_resource(&route, &q, b"").expect_err("too many");
        assert!(
            err.message
                .contains("'tagKeys' failed to satisfy constraint: Member must have length less than or equal to 50"),
            "{}",
            err.message
        );
        let fifty: Vec<String> = (0..50).map(|i| format!("tagKeys=k{i}")).collect();
        let q = Query::parse(Some(&fifty.join("&"))).expect("query");
        assert_eq!(
            untag_resource(&route, &q, b"").expect("50").tag_keys.len(),
            50
        );
    }

    #[test]
    fn list_tags_for_resource_reads_the_arn() {
        let route = resolve("GET", ARN_PATH).expect("route");
        assert_eq!(list_tags_for_resource(&route, b"").expect("valid").arn, ARN);
        let long = format!("/tags/{}", "a".repeat(501));
        let route = resolve("GET", &long).expect("route");
        let err = list_tags_for_resource(&route, b"").expect_err("too long");
        assert!(err.message.contains("'arn'"), "{}", err.message);
    }
}
