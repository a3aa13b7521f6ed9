//! Operations of a botocore service model and their HTTP bindings.

use serde::Deserialize;

/// One API operation: its HTTP binding, input and output shapes and modeled errors.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// The operation's name, e.g. `CreateRelatedItem`.
    pub name: String,
    /// Method, URI template and success status code.
    pub http: HttpBinding,
    /// The input structure, if the operation takes one.
    pub input: Option<ShapeName>,
    /// The output structure, if the operation returns one.
    pub output: Option<ShapeName>,
    /// Modeled errors the operation may answer with.
    #[serde(default)]
    pub errors: Vec<ShapeName>,
    /// Repeating the same request has no further effect.
    #[serde(default)]
    pub idempotent: bool,
    /// The operation does not change state (later releases).
    #[serde(default)]
    pub readonly: bool,
    /// Human documentation (HTML).
    pub documentation: Option<String>,
}

/// A reference to a shape by name (operation input, output and errors).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShapeName {
    /// The referenced shape's name.
    pub shape: String,
}

/// The rest-json HTTP binding of an operation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HttpBinding {
    /// The HTTP method, e.g. `POST`.
    pub method: String,
    /// The URI template, e.g. `/domains/{domainId}/cases/{caseId}/related-items/`.
    pub request_uri: String,
    /// The status code of a successful response.
    #[serde(default = "default_response_code")]
    pub response_code: u16,
}

fn default_response_code() -> u16 {
    200
}

/// One piece of a URI template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriSegment {
    /// Literal text, sent as is.
    Literal(String),
    /// A `{label}` (or greedy `{label+}`) filled from a `location: uri` member.
    Label {
        /// The label name (the member's `locationName`).
        name: String,
        /// A greedy label keeps `/` unencoded.
        greedy: bool,
    },
}

impl HttpBinding {
    /// The URI template split into literal text and labels.
    ///
    /// Fails on templates the harness does not bind (a static query string, an unclosed
    /// label), so such a model is rejected at load time rather than mis-sent.
    pub fn segments(&self) -> Result<Vec<UriSegment>, String> {
        let uri = &self.request_uri;
        if uri.contains('?') {
            return Err(format!(
                "static query strings in requestUri are not supported: {uri}"
            ));
        }
        let mut segments = Vec::new();
        let mut rest = uri.as_str();
        while let Some(open) = rest.find('{') {
            if open > 0 {
                segments.push(UriSegment::Literal(rest[..open].to_string()));
            }
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| format!("unclosed label in requestUri {uri}"))?
                + open;
            let label = &rest[open + 1..close];
            let (name, greedy) = match label.strip_suffix('+') {
                Some(name) => (name, true),
                None => (label, false),
            };
            if name.is_empty() {
                return Err(format!("empty label in requestUri {uri}"));
            }
            segments.push(UriSegment::Label {
                name: name.to_string(),
                greedy,
            });
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            segments.push(UriSegment::Literal(rest.to_string()));
        }
        Ok(segments)
    }

    /// The label names of the URI template, in order.
    pub fn labels(&self) -> Vec<String> {
        self.segments()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|s| match s {
                UriSegment::Label { name, .. } => Some(name),
                UriSegment::Literal(_) => None,
            })
            .collect()
    }
}

/// A paginator from `paginators-1.json`: how a list operation pages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paginator {
    /// The request member carrying the token.
    pub input_token: String,
    /// The response member carrying the next token.
    pub output_token: String,
    /// The request member bounding the page size.
    pub limit_key: Option<String>,
    /// The response member holding the page's items.
    pub result_key: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binding(uri: &str) -> HttpBinding {
        HttpBinding {
            method: "POST".into(),
            request_uri: uri.into(),
            response_code: 200,
        }
    }

    #[test]
    fn splits_labels_and_keeps_trailing_slash() {
        let segments = binding("/domains/{domainId}/cases/{caseId}/related-items/")
            .segments()
            .unwrap();
        assert_eq!(
            segments,
            vec![
                UriSegment::Literal("/domains/".into()),
                UriSegment::Label {
                    name: "domainId".into(),
                    greedy: false
                },
                UriSegment::Literal("/cases/".into()),
                UriSegment::Label {
                    name: "caseId".into(),
                    greedy: false
                },
                UriSegment::Literal("/related-items/".into()),
            ]
        );
    }

    #[test]
    fn greedy_labels_and_bad_templates() {
        assert_eq!(binding("/tags/{arn+}").labels(), vec!["arn".to_string()]);
        assert!(binding("/x?list").segments().is_err());
        assert!(binding("/x/{y").segments().is_err());
        assert!(binding("/x/{}").segments().is_err());
    }
}
