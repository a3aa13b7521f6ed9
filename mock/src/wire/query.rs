//! Query-string parsing for the operations with `location: querystring` members.

use super::percent;
use crate::error::ApiError;

/// The decoded `key=value` pairs of a query string, in order (a list member such as
/// ListTemplates' `status` repeats its key).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Parses a raw query (without `?`). A malformed escape is a `ValidationException`.
    pub fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        let mut pairs = Vec::new();
        for part in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            let key = percent::decode(key)
                .ok_or_else(|| ApiError::validation("Malformed percent-encoding in query"))?;
            let value = percent::decode(value).ok_or_else(|| {
                ApiError::validation(format!(
                    "Malformed percent-encoding in query parameter '{key}'"
                ))
            })?;
            pairs.push((key, value));
        }
        Ok(Self { pairs })
    }

    /// Every value given for `key`, in order.
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The first value given for `key`.
    pub fn first(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_repeated_and_encoded_values() {
        let q = Query::parse(Some("status=Active&status=Inactive&nextToken=a%2Bb&flag"))
            .expect("valid query");
        assert_eq!(q.all("status"), ["Active", "Inactive"]);
        assert_eq!(q.first("nextToken"), Some("a+b"));
        assert_eq!(q.first("flag"), Some(""));
        assert_eq!(q.first("missing"), None);
    }

    #[test]
    fn malformed_escape_is_a_validation_error() {
        let err = Query::parse(Some("maxResults=%G1")).expect_err("bad escape");
        assert!(err.message.contains("maxResults"));
    }
}
