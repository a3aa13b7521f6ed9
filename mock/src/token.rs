//! Opaque pagination tokens bound to the query that produced them.
//!
//! A token carries only a position; an HMAC over the position and the query's scope
//! (operation, domain, case, canonical filters) under a per-instance secret makes it
//! tamper-evident. A token presented with another query, case or operation, or to
//! another mock instance, fails the check and is a 400.

use crate::error::ApiError;
use crate::sigv4::mac16;

/// What a token is bound to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenScope<'a> {
    /// Operation name, e.g. `SearchRelatedItems`.
    pub operation: &'a str,
    /// Domain id (empty for ListDomains).
    pub domain_id: &'a str,
    /// Case id (empty when the operation has none).
    pub case_id: &'a str,
    /// Canonical text of the query's filters (empty when none).
    pub query: String,
}

/// Issues and checks tokens with one instance's secret.
#[derive(Clone, Debug)]
pub struct Tokens {
    secret: [u8; 32],
}

impl Tokens {
    /// Tokens signed with `secret`.
    pub fn new(secret: [u8; 32]) -> Self {
        Self { secret }
    }

    /// A token resuming `scope` at `position`.
    pub fn issue(&self, scope: &TokenScope<'_>, position: u64) -> String {
        let mac = mac16(&self.secret, &message(scope, position));
        format!(
            "{}{}",
            hex::encode(position.to_be_bytes()),
            hex::encode(mac)
        )
    }

    /// The position `token` resumes at, if it was issued for `scope`.
    pub fn open(&self, scope: &TokenScope<'_>, token: &str) -> Result<u64, ApiError> {
        let invalid = || {
            ApiError::validation(format!(
                "1 validation error detected: Value at 'nextToken' failed to satisfy constraint: \
                 Member must be a token returned by a previous {} call with the same parameters",
                scope.operation
            ))
        };
        let bytes = hex::decode(token).map_err(|_| invalid())?;
        let Ok::<[u8; 24], _>(bytes) = bytes.try_into() else {
            return Err(invalid());
        };
        let mut position = [0u8; 8];
        position.copy_from_slice(&bytes[..8]);
        let position = u64::from_be_bytes(position);
        let expected = mac16(&self.secret, &message(scope, position));
        if !constant_time_eq(&expected, &bytes[8..]) {
            return Err(invalid());
        }
        Ok(position)
    }
}

fn message(scope: &TokenScope<'_>, position: u64) -> Vec<u8> {
    format!(
        "v1\0{}\0{}\0{}\0{}\0{position}",
        scope.operation, scope.domain_id, scope.case_id, scope.query
    )
    .into_bytes()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(query: &str) -> TokenScope<'static> {
        TokenScope {
            operation: "SearchRelatedItems",
            domain_id: "d",
            case_id: "c",
            query: query.to_owned(),
        }
    }

    #[test]
    fn round_trips() {
        let tokens = Tokens::new([7; 32]);
        let token = tokens.issue(&scope("q"), 25);
        assert_eq!(tokens.open(&scope("q"), &token).expect("valid"), 25);
    }

    #[test]
    fn is_bound_to_query_case_operation_and_instance() {
        let tokens = Tokens::new([7; 32]);
        let token = tokens.issue(&scope("q"), 25);
        assert!(tokens.open(&scope("other"), &token).is_err());
        let other_case = TokenScope {
            case_id: "c2",
            ..scope("q")
        };
        assert!(tokens.open(&other_case, &token).is_err());
        let other_op = TokenScope {
            operation: "GetCaseAuditEvents",
            ..scope("q")
        };
        assert!(tokens.open(&other_op, &token).is_err());
        assert!(Tokens::new([8; 32]).open(&scope("q"), &token).is_err());
    }

    #[test]
    fn rejects_garbage_and_tampering() {
        let tokens = Tokens::new([7; 32]);
        for bad in ["", "zz", "abc", &"0".repeat(48)] {
            let err = tokens.open(&scope("q"), bad).expect_err(bad);
            assert!(err.message.contains("nextToken"));
        }
        let token = tokens.issue(&scope("q"), 1);
        let tampered = format!("{}2{}", &token[..15], &token[16..]);
        assert!(tokens.open(&scope("q"), &tampered).is_err());
    }
}
