//! Typed inputs of CreateDomain, GetDomain and ListDomains.

use serde::Deserialize;

use super::common::{path_only, query_page};
use super::json::parse_body;
use super::validate::{Violations, proven};
use crate::config::MockConfig;
use crate::error::ApiError;
use crate::wire::query::Query;
use crate::wire::route::Route;

/// A validated CreateDomain request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateDomainInput {
    /// Domain name (1..=100, pattern `^.*[\S]$`).
    pub name: String,
}

#[derive(Deserialize)]
struct CreateDomainBody {
    name: Option<String>,
}

/// Decodes CreateDomain.
pub fn create_domain(body: &[u8]) -> Result<CreateDomainInput, ApiError> {
    let raw: CreateDomainBody = parse_body(body)?;
    let mut v = Violations::new();
    let name = v.required("name", raw.name);
    if let Some(name) = &name
        && v.length("name", name, 1, 100)
    {
        v.name_pattern("name", name);
    }
    v.finish()?;
    Ok(CreateDomainInput {
        name: proven(name, "name")?,
    })
}

/// A validated GetDomain request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GetDomainInput {
    /// The domain to read.
    pub domain_id: String,
}

/// Decodes GetDomain (path only; any JSON object body is accepted and ignored).
pub fn get_domain(route: &Route, body: &[u8]) -> Result<GetDomainInput, ApiError> {
    let [domain_id] = path_only(route, body, ["domainId"])?;
    Ok(GetDomainInput { domain_id })
}

/// A validated ListDomains request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListDomainsInput {
    /// Page size, 1..=10 (default 10).
    pub max_results: usize,
    /// Continuation token from a previous page.
    pub next_token: Option<String>,
}

/// Decodes ListDomains (query string `maxResults`, `nextToken`).
pub fn list_domains(
    query: &Query,
    body: &[u8],
    config: &MockConfig,
) -> Result<ListDomainsInput, ApiError> {
    let _: serde::de::IgnoredAny = parse_body(body)?;
    let mut v = Violations::new();
    let (max_results, next_token) = query_page(&mut v, query, 10, config);
    v.finish()?;
    Ok(ListDomainsInput {
        max_results,
        next_token,
    })
}

/// A validated DeleteDomain request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteDomainInput {
    /// The domain to delete.
    pub domain_id: String,
}

/// Decodes DeleteDomain (path only; an empty body or any JSON object is accepted).
pub fn delete_domain(route: &Route, body: &[u8]) -> Result<DeleteDomainInput, ApiError> {
    let [domain_id] = path_only(route, body, ["domainId"])?;
    Ok(DeleteDomainInput { domain_id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_domain_checks_the_name() {
        assert_eq!(create_domain(br#"{"name":"d"}"#).expect("valid").name, "d");
        let err = create_domain(b"{}").expect_err("missing");
        assert!(err.message.contains("'name'"));
        let long = format!(r#"{{"name":"{}"}}"#, "n".repeat(101));
        assert!(create_domain(long.as_bytes()).is_err());
        assert!(create_domain(br#"{"name":"x "}"#).is_err());
    }

    #[test]
    fn delete_domain_reads_the_label() {
        let route = crate::wire::route::resolve_newest("DELETE", "/domains/d-1").expect("route");
        assert_eq!(delete_domain(&route, b"").expect("valid").domain_id, "d-1");
        let long = format!("/domains/{}", "d".repeat(501));
        let route = crate::wire::route::resolve_newest("DELETE", &long).expect("route");
        let err = delete_domain(&route, b"").expect_err("too long");
        assert!(err.message.contains("'domainId'"), "{}", err.message);
        let route = crate::wire::route::resolve_newest("DELETE", "/domains/d").expect("route");
        assert!(delete_domain(&route, b"[1]").is_err());
    }

    #[test]
    fn list_domains_reads_the_query() {
        let q = Query::parse(Some("maxResults=3&nextToken=abc")).expect("query");
        let input = list_domains(&q, b"", &MockConfig::default()).expect("valid");
        assert_eq!(input.max_results, 3);
        assert_eq!(input.next_token.as_deref(), Some("abc"));
        let q = Query::parse(Some("maxResults=11")).expect("query");
        assert!(list_domains(&q, b"", &MockConfig::default()).is_err());
        let q = Query::parse(Some("maxResults=ten")).expect("query");
        let err = list_domains(&q, b"", &MockConfig::default()).expect_err("not an integer");
        assert!(err.message.contains("maxResults"));
    }
}
