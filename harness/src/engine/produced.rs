//! What a producer's success answer names (`caseId`, `caseArn`), for clean-up and provenance,
//! which note every create of a run: read in place ([`Tape`]), not parsed into a tree, since a
//! bench sends tens of thousands of creates.

use std::cell::OnceCell;

use serde_json::{Map, Value};

use crate::client::{CapturedResponse, Exchange};
use crate::tape::Tape;

/// Largest success answer read for the ids it names (a create answer is a few hundred bytes).
pub const ANSWER_READ: usize = 16 * 1024;

/// A producer's answer body, read for its top-level string members.
pub enum Named<'a> {
    /// Read in place: the common case.
    InPlace(Tape<'a>),
    /// A body the tape does not hold member for member (a repeated name): read as a `Value`
    /// would read it, so both readings name the same ids.
    Tree(Map<String, Value>),
}

impl<'a> Named<'a> {
    /// The body of `response`; `None` when it is larger than [`ANSWER_READ`] or not one JSON
    /// object.
    pub fn read(response: &'a CapturedResponse) -> Option<Self> {
        if response.body.len() > ANSWER_READ {
            return None;
        }
        if let Some(tape) = Tape::of_response(response) {
            return Some(Named::InPlace(tape));
        }
        serde_json::from_slice(&response.body).ok().map(Named::Tree)
    }

    /// The string value of the top-level member `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        match self {
            Named::InPlace(tape) => tape.body_str(name),
            Named::Tree(body) => body.get(name).and_then(Value::as_str),
        }
    }
}

/// An exchange as clean-up and provenance note it: its answer read for what it names once,
/// when first asked, however many of them ask.
pub struct Answer<'a> {
    /// The exchange.
    pub exchange: &'a Exchange,
    /// The operation's success status.
    success: u16,
    named: OnceCell<Option<Named<'a>>>,
}

impl<'a> Answer<'a> {
    /// `exchange` of an operation whose success status is `success`.
    pub fn new(exchange: &'a Exchange, success: u16) -> Self {
        Answer {
            exchange,
            success,
            named: OnceCell::new(),
        }
    }

    /// The response, if it has the operation's success status.
    pub fn success(&self) -> Option<&'a CapturedResponse> {
        self.exchange
            .response()
            .filter(|response| response.status == self.success)
    }

    /// The success answer's body, read for its members ([`Named::read`]).
    pub fn named(&self) -> Option<&Named<'a>> {
        self.named
            .get_or_init(|| self.success().and_then(Named::read))
            .as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &str) -> CapturedResponse {
        CapturedResponse {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn names_top_level_strings_only() {
        let response = answer(
            r#"{"nested":{"caseId":"inner"},"caseId":"c-1","caseArn":"arn:c","n":3,"s":"x\"y"}"#,
        );
        let named = Named::read(&response).unwrap();
        assert!(matches!(named, Named::InPlace(_)));
        assert_eq!(named.get("caseId"), Some("c-1"));
        assert_eq!(named.get("caseArn"), Some("arn:c"));
        assert_eq!(named.get("s"), Some("x\"y"));
        assert_eq!(named.get("n"), None);
        assert_eq!(named.get("nested"), None);
        assert_eq!(named.get("missing"), None);
    }

    #[test]
    fn reads_as_a_value_would() {
        // A repeated name: the tape gives up, the last value wins as in a `Value`.
        let response = answer(r#"{"caseId":"first","caseId":"last"}"#);
        let named = Named::read(&response).unwrap();
        assert!(matches!(named, Named::Tree(_)));
        assert_eq!(named.get("caseId"), Some("last"));
        for body in ["[1]", "{", "\"caseId\""] {
            assert!(Named::read(&answer(body)).is_none(), "{body}");
        }
        let large = format!(r#"{{"caseId":"c","pad":"{}"}}"#, "p".repeat(ANSWER_READ));
        assert!(Named::read(&answer(&large)).is_none());
    }
}
