//! Turning a request body into a typed raw structure, with JSON syntax errors and JSON
//! type errors reported as `ValidationException`s that name the member.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, MapAccess, Visitor, value::MapAccessDeserializer};
use serde::{Deserialize, Deserializer};
use serde_json::error::Category;

use crate::error::ApiError;

/// A structure that may only come from a JSON object. serde's derived structs also
/// accept JSON arrays (positional fields); AWS does not, so every structure in a raw
/// request is wrapped in this.
#[derive(Debug, Clone, PartialEq)]
pub struct Obj<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }
        deserializer
            .deserialize_map(ObjectVisitor(PhantomData))
            .map(Obj)
    }
}

/// Parses `body` (empty means `{}`) into `T`. Malformed JSON and trailing bytes are
/// reported as such; a value of the wrong JSON type names its member path, e.g.
/// `filters[0].contact.channel[1]`.
pub fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, Obj<T>>(&mut de) {
        Ok(Obj(value)) => {
            de.end().map_err(|e| malformed(&e))?;
            Ok(value)
        }
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            match inner.classify() {
                Category::Data => Err(type_error(&path, &inner)),
                Category::Syntax | Category::Eof | Category::Io => Err(malformed(&inner)),
            }
        }
    }
}

fn malformed(err: &serde_json::Error) -> ApiError {
    ApiError::validation(format!(
        "1 validation error detected: Request body is not valid JSON: {err}"
    ))
}

fn type_error(path: &str, err: &serde_json::Error) -> ApiError {
    let detail = truncate(&strip_position(&err.to_string()), 200);
    if path == "." {
        return ApiError::validation(format!(
            "1 validation error detected: Request body must be a JSON object ({detail})"
        ));
    }
    ApiError::validation(format!(
        "1 validation error detected: Value at '{path}' failed to satisfy constraint: \
         Member must be of the type the model declares ({detail})"
    ))
}

/// Drops serde_json's ` at line L column C` suffix.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// At most `max` characters of `text`, marking the cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Inner {
        file_arn: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Outer {
        max_results: Option<i64>,
        content: Option<Obj<Inner>>,
        list: Option<Vec<Obj<Inner>>>,
    }

    #[test]
    fn parses_objects_and_empty_bodies() {
        let outer: Outer =
            parse_body(br#"{"maxResults":5,"content":{"fileArn":"a"},"x":1}"#).expect("valid");
        assert_eq!(outer.max_results, Some(5));
        assert!(outer.list.is_none());
        let content = outer.content.expect("content").0;
        assert_eq!(content.file_arn.as_deref(), Some("a"));
        let empty: Outer = parse_body(b"  ").expect("empty body");
        assert!(empty.max_results.is_none());
    }

    #[test]
    fn type_errors_name_the_member() {
        let err = parse_body::<Outer>(br#"{"maxResults":"5"}"#).expect_err("string");
        assert!(err.message.contains("'maxResults'"), "{}", err.message);
        let err = parse_body::<Outer>(br#"{"content":{"fileArn":7}}"#).expect_err("number");
        assert!(err.message.contains("'content.fileArn'"), "{}", err.message);
        let err = parse_body::<Outer>(br#"{"list":[{},{"fileArn":[]}]}"#).expect_err("array");
        assert!(err.message.contains("'list[1].fileArn'"), "{}", err.message);
    }

    #[test]
    fn arrays_are_not_structures() {
        let err = parse_body::<Outer>(br#"{"content":["a"]}"#).expect_err("array");
        assert!(err.message.contains("'content'"), "{}", err.message);
        let err = parse_body::<Outer>(b"[]").expect_err("top-level array");
        assert!(err.message.contains("JSON object"), "{}", err.message);
    }

    #[test]
    fn malformed_json_is_reported() {
        for body in [&b"{"[..], b"{\"a\":}", b"{} x", b"nul"] {
            let err = parse_body::<Outer>(body).expect_err("malformed");
            assert!(err.message.contains("not valid JSON"), "{}", err.message);
        }
    }

    #[test]
    fn truncates_long_text() {
        assert_eq!(truncate("abcdef", 3), "abc…");
        assert_eq!(truncate("abc", 3), "abc");
    }
}
